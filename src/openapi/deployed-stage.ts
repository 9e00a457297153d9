/**
 * What `sls apigateway diff --against-stage` compares with: API Gateway's OpenAPI 3.0 export of
 * the deployed stage with its extensions (./export.ts), and what no export holds: the stage's
 * method settings and cache cluster (GetStage) and the usage plans of that stage (GetUsagePlans).
 */
import { GetStageCommand, GetUsagePlansCommand } from '@aws-sdk/client-api-gateway';
import type { AwsClients } from '../aws/clients';
import type { DeployedStageSettings } from './diff/sides';
import { toOpenApiError } from './errors';
import { exportDeployedApi } from './export';
import type { OpenApiDocument } from './types';

export interface DeployedStage {
  apiId: string;
  document: OpenApiDocument;
  settings: DeployedStageSettings;
}

export async function readDeployedStage(
  clients: Pick<AwsClients, 'cloudFormation' | 'apiGateway' | 'apiGatewayV2'>,
  input: { stackName: string; stageName: string },
): Promise<DeployedStage> {
  const exported = await exportDeployedApi(clients, {
    stackName: input.stackName,
    stageName: input.stageName,
    api: 'rest',
    type: 'oas30',
    extensions: 'apigateway',
  });
  const restApiId = exported.apiId;
  const stage = await send(
    () => clients.apiGateway.send(new GetStageCommand({ restApiId, stageName: input.stageName })),
    {
      doing: `reading the settings of stage "${input.stageName}" of REST API ${restApiId}`,
      permission: `apigateway:GET on /restapis/${restApiId}/stages/${input.stageName}`,
    },
  );
  const usagePlans: DeployedStageSettings['usagePlans'] = [];
  let position: string | undefined;
  do {
    const page = await send(
      () => clients.apiGateway.send(new GetUsagePlansCommand({ position, limit: 500 })),
      { doing: 'listing the usage plans', permission: 'apigateway:GET on /usageplans' },
    );
    for (const plan of page.items ?? []) {
      // Only this API's stage: a plan may also serve other APIs, whose limits are not compared.
      const apiStages = (plan.apiStages ?? []).filter(
        (item) => item.apiId === restApiId && item.stage === input.stageName,
      );
      if (apiStages.length === 0) continue;
      usagePlans.push({
        ...(plan.id !== undefined ? { id: plan.id } : {}),
        ...(plan.name !== undefined ? { name: plan.name } : {}),
        ...(plan.throttle ? { throttle: plan.throttle } : {}),
        ...(plan.quota ? { quota: plan.quota } : {}),
        apiStages,
      });
    }
    position = page.position;
  } while (position);
  return {
    apiId: restApiId,
    document: exported.document,
    settings: {
      stageName: input.stageName,
      ...(stage.cacheClusterEnabled !== undefined
        ? { cacheClusterEnabled: stage.cacheClusterEnabled }
        : {}),
      methodSettings: stage.methodSettings ?? {},
      usagePlans,
    },
  };
}

async function send<T>(
  call: () => Promise<T>,
  described: { doing: string; permission: string },
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toOpenApiError(error, described);
  }
}
