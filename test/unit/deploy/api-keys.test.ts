/** Listing the plugin's API keys after deploy: names and ids always, values only when asked. */
import assert from 'node:assert/strict';
import { APIGatewayClient, GetApiKeyCommand } from '@aws-sdk/client-api-gateway';
import {
  CloudFormationClient,
  CloudFormationServiceException,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { reportApiKeys } from '../../../src/deploy/api-keys';

const config = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example' },
};
const SECRET = 'k'.repeat(30);

function recorder() {
  const lines: string[] = [];
  return {
    lines,
    log: {
      notice: (message: string) => lines.push(`notice ${message}`),
      warning: (message: string) => lines.push(`warning ${message}`),
    },
  };
}

describe('reportApiKeys', () => {
  const cloudFormation = mockClient(CloudFormationClient);
  const apiGateway = mockClient(APIGatewayClient);
  const clients = {
    cloudFormation: new CloudFormationClient(config),
    apiGateway: new APIGatewayClient(config),
  };

  beforeEach(() => {
    cloudFormation.reset();
    apiGateway.reset();
    cloudFormation
      .on(ListStackResourcesCommand, { StackName: 'orders-prod' })
      .resolvesOnce({
        StackResourceSummaries: [
          {
            LogicalResourceId: 'ApiGatewayKitApiKeyFreePartnerb',
            PhysicalResourceId: 'key-b',
            ResourceType: 'AWS::ApiGateway::ApiKey',
            ResourceStatus: 'CREATE_COMPLETE',
            LastUpdatedTimestamp: new Date(0),
          },
          {
            LogicalResourceId: 'ApiGatewayApiKey1',
            PhysicalResourceId: 'core-key',
            ResourceType: 'AWS::ApiGateway::ApiKey',
            ResourceStatus: 'CREATE_COMPLETE',
            LastUpdatedTimestamp: new Date(0),
          },
        ],
        NextToken: 'page2',
      })
      .resolvesOnce({
        StackResourceSummaries: [
          {
            LogicalResourceId: 'ApiGatewayKitApiKeyFreePartnera',
            PhysicalResourceId: 'key-a',
            ResourceType: 'AWS::ApiGateway::ApiKey',
            ResourceStatus: 'CREATE_COMPLETE',
            LastUpdatedTimestamp: new Date(0),
          },
        ],
      });
    apiGateway
      .on(GetApiKeyCommand, { apiKey: 'key-a' })
      .callsFake((input: { includeValue?: boolean }) => ({
        id: 'key-a',
        name: 'partner-a',
        enabled: true,
        ...(input.includeValue ? { value: SECRET } : {}),
      }))
      .on(GetApiKeyCommand, { apiKey: 'key-b' })
      .resolves({ id: 'key-b', name: 'partner-b', enabled: false });
  });

  it('lists names and ids of our keys (all pages), never asking for values by default', async () => {
    const { lines, log } = recorder();
    const reports = await reportApiKeys(clients, 'orders-prod', log);
    assert.deepEqual(reports, [
      {
        logicalId: 'ApiGatewayKitApiKeyFreePartnera',
        id: 'key-a',
        name: 'partner-a',
        enabled: true,
      },
      {
        logicalId: 'ApiGatewayKitApiKeyFreePartnerb',
        id: 'key-b',
        name: 'partner-b',
        enabled: false,
      },
    ]);
    assert.deepEqual(lines, [
      'notice serverless-apigateway-kit: API keys (2):',
      'notice   partner-a (id key-a)',
      'notice   partner-b (id key-b, disabled)',
      'notice   values are not shown; run `sls deploy --show-api-key-values`, or `aws apigateway get-api-key --api-key <id> --include-value`',
    ]);
    const calls = apiGateway.commandCalls(GetApiKeyCommand);
    assert.deepEqual(
      calls.map((call) => call.args[0].input),
      [
        { apiKey: 'key-a', includeValue: false },
        { apiKey: 'key-b', includeValue: false },
      ],
    );
    assert.ok(!lines.join('\n').includes(SECRET));
  });

  it('shows values only with showValues', async () => {
    const { lines, log } = recorder();
    await reportApiKeys(clients, 'orders-prod', log, { showValues: true });
    assert.deepEqual(lines, [
      'notice serverless-apigateway-kit: API keys (2):',
      `notice   partner-a (id key-a): ${SECRET}`,
      'notice   partner-b (id key-b, disabled): (value not readable)',
    ]);
  });

  it('warns instead of failing the finished deploy when AWS refuses', async () => {
    cloudFormation.reset();
    cloudFormation.on(ListStackResourcesCommand).rejects(
      new CloudFormationServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: {},
        message: 'not allowed',
      }),
    );
    const { lines, log } = recorder();
    assert.deepEqual(await reportApiKeys(clients, 'orders-prod', log), []);
    assert.deepEqual(lines, [
      'warning serverless-apigateway-kit: could not list the API keys of stack orders-prod (AccessDenied: not allowed); it needs cloudformation:ListStackResources',
    ]);
  });

  it('says nothing when the stack has none of our keys', async () => {
    cloudFormation.reset();
    cloudFormation.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [] });
    const { lines, log } = recorder();
    assert.deepEqual(await reportApiKeys(clients, 'orders-prod', log), []);
    assert.deepEqual(lines, []);
  });
});
