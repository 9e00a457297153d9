/**
 * After deploy: lists the API keys the plugin's usage plans created in the stack (name, id,
 * enabled, plan). Values are secrets: they are asked from API Gateway and printed only when the
 * user passes `--show-api-key-values`.
 */
import { GetApiKeyCommand } from '@aws-sdk/client-api-gateway';
import { paginateListStackResources } from '@aws-sdk/client-cloudformation';
import type { AwsClients } from '../aws/clients';
import { awsFailureWarning } from '../aws/errors';

/** Our ApiKey logical ids (src/features/access-control/resolve.ts `accessIds.apiKey`). */
const OUR_API_KEY = /^ApiGatewayKitApiKey/;

export interface ApiKeyLog {
  notice(message: string): void;
  warning(message: string): void;
}

export interface ApiKeyReport {
  logicalId: string;
  id: string;
  name?: string;
  enabled?: boolean;
  /** Present only with `showValues`. */
  value?: string;
}

export interface ReportApiKeysOptions {
  showValues?: boolean;
}

/**
 * Reads the stack's API keys and logs one line per key. Never throws for AWS errors: the deploy has
 * succeeded by then, so a failure to list keys is a warning naming the permission needed.
 */
export async function reportApiKeys(
  clients: Pick<AwsClients, 'apiGateway' | 'cloudFormation'>,
  stackName: string,
  log: ApiKeyLog,
  options: ReportApiKeysOptions = {},
): Promise<ApiKeyReport[]> {
  const showValues = options.showValues === true;
  const keys: Array<{ logicalId: string; id: string }> = [];
  try {
    const pages = paginateListStackResources(
      { client: clients.cloudFormation },
      { StackName: stackName },
    );
    for await (const page of pages) {
      for (const resource of page.StackResourceSummaries ?? []) {
        if (
          resource.ResourceType === 'AWS::ApiGateway::ApiKey' &&
          resource.LogicalResourceId !== undefined &&
          OUR_API_KEY.test(resource.LogicalResourceId) &&
          resource.PhysicalResourceId
        ) {
          keys.push({ logicalId: resource.LogicalResourceId, id: resource.PhysicalResourceId });
        }
      }
    }
  } catch (error) {
    log.warning(
      `serverless-apigateway-kit: ${awsFailureWarning(error, {
        attempted: `list the API keys of stack ${stackName}`,
        permission: 'cloudformation:ListStackResources',
      })}`,
    );
    return [];
  }
  if (keys.length === 0) return [];
  keys.sort((a, b) => a.logicalId.localeCompare(b.logicalId));

  const reports: ApiKeyReport[] = [];
  for (const key of keys) {
    try {
      const found = await clients.apiGateway.send(
        new GetApiKeyCommand({ apiKey: key.id, includeValue: showValues }),
      );
      reports.push({
        logicalId: key.logicalId,
        id: key.id,
        ...(found.name !== undefined ? { name: found.name } : {}),
        ...(found.enabled !== undefined ? { enabled: found.enabled } : {}),
        ...(showValues && found.value !== undefined ? { value: found.value } : {}),
      });
    } catch (error) {
      log.warning(
        `serverless-apigateway-kit: ${awsFailureWarning(error, {
          attempted: `read API key ${key.id}`,
          permission: `apigateway:GET on /apikeys/${key.id}`,
        })}`,
      );
      reports.push({ logicalId: key.logicalId, id: key.id });
    }
  }
  log.notice(`serverless-apigateway-kit: API keys (${reports.length}):`);
  for (const report of reports) {
    const state = report.enabled === false ? ', disabled' : '';
    const value = showValues ? `: ${report.value ?? '(value not readable)'}` : '';
    log.notice(`  ${report.name ?? report.logicalId} (id ${report.id}${state})${value}`);
  }
  if (!showValues) {
    log.notice(
      '  values are not shown; run `sls deploy --show-api-key-values`, or `aws apigateway get-api-key --api-key <id> --include-value`',
    );
  }
  return reports;
}
