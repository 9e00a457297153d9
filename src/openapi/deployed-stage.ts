/**
 * What `sls apigateway diff --against-stage` compares with: API Gateway's OpenAPI 3.0 export of
 * the deployed stage with its extensions (./export.ts), and what no export holds: the stage's
 * method settings and cache cluster (GetStage) and the usage plans of that stage (GetUsagePlans).
 */
import { GetStageCommand, GetUsagePlansCommand } from '@aws-sdk/client-api-gateway';
import { GetStageCommand as GetHttpStageCommand } from '@aws-sdk/client-apigatewayv2';
import type { AwsClients } from '../aws/clients';
import type { DeployedHttpStageSettings, DeployedStageSettings } from './diff/sides';
import { toOpenApiError } from './errors';
import { exportDeployedApi, HTTP_API_STAGE } from './export';
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

export interface DeployedHttpStage {
  apiId: string;
  document: OpenApiDocument;
  settings: DeployedHttpStageSettings;
}

/** The same for an HTTP API: ExportApi of its stage, and the route throttles (GetStage). */
export async function readDeployedHttpStage(
  clients: Pick<AwsClients, 'cloudFormation' | 'apiGateway' | 'apiGatewayV2'>,
  input: { stackName: string; stageName: string },
): Promise<DeployedHttpStage> {
  const exported = await exportDeployedApi(clients, {
    stackName: input.stackName,
    stageName: input.stageName,
    api: 'http',
    type: 'oas30',
    extensions: 'apigateway',
  });
  const apiId = exported.apiId;
  // Serverless deploys an HTTP API's one stage as $default (the service's stage is the stack's).
  const stage = await send(
    () =>
      clients.apiGatewayV2.send(
        new GetHttpStageCommand({ ApiId: apiId, StageName: HTTP_API_STAGE }),
      ),
    {
      doing: `reading the settings of the ${HTTP_API_STAGE} stage of HTTP API ${apiId}`,
      permission: `apigateway:GET on /apis/${apiId}/stages/${HTTP_API_STAGE}`,
    },
  );
  return {
    apiId,
    document: exported.document,
    settings: {
      stageName: input.stageName,
      ...(stage.DefaultRouteSettings ? { defaultRouteSettings: stage.DefaultRouteSettings } : {}),
      ...(stage.RouteSettings ? { routeSettings: stage.RouteSettings } : {}),
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
