import assert from 'node:assert/strict';
import { GetStageCommand } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, GetApiCommand } from '@aws-sdk/client-apigatewayv2';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import sinon from 'sinon';
import {
  MAX_ATTEMPTS,
  createAwsClients,
  type ServerlessAwsProvider,
} from '../../../src/aws/clients';

const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example' };

function providerWith(credentials: unknown, extra: Partial<ServerlessAwsProvider> = {}) {
  return {
    getRegion: () => 'eu-west-1',
    getCredentials: () => ({ credentials }),
    ...extra,
  } satisfies ServerlessAwsProvider;
}

describe('createAwsClients', () => {
  it("configures both clients with the provider's region, credentials and retries", async () => {
    const clients = createAwsClients(providerWith(KEYS));
    for (const client of [clients.apiGateway, clients.cloudFormation]) {
      assert.equal(await client.config.region(), 'eu-west-1');
      assert.equal(await client.config.maxAttempts(), MAX_ATTEMPTS);
      const identity = await client.config.credentials();
      assert.equal(identity.accessKeyId, KEYS.accessKeyId);
      assert.equal(identity.secretAccessKey, KEYS.secretAccessKey);
    }
    assert.ok(MAX_ATTEMPTS > 1, 'throttling must be retried');
  });
});

describe('createAwsClients: one set of clients per provider, each built when first used', () => {
  it('builds the HTTP API client with the same region, credentials and retries', async () => {
    const client = createAwsClients(providerWith(KEYS)).apiGatewayV2;
    assert.ok(client instanceof ApiGatewayV2Client);
    assert.equal(await client.config.region(), 'eu-west-1');
    assert.equal(await client.config.maxAttempts(), MAX_ATTEMPTS);
    assert.equal((await client.config.credentials()).accessKeyId, KEYS.accessKeyId);
  });

  it('reads neither region nor credentials until a client is used', () => {
    const getRegion = sinon.stub().returns('eu-west-1');
    const getCredentials = sinon.stub().returns({ credentials: KEYS });
    const clients = createAwsClients({ getRegion, getCredentials });
    sinon.assert.notCalled(getRegion);
    sinon.assert.notCalled(getCredentials);
    assert.ok(clients.cloudFormation instanceof CloudFormationClient);
    sinon.assert.calledOnce(getRegion);
    sinon.assert.calledOnce(getCredentials);
  });

  it('builds each client once, and loads the credentials once for all of them', () => {
    const getCredentials = sinon.stub().returns({ credentials: KEYS });
    const provider = { getRegion: () => 'eu-west-1', getCredentials };
    const clients = createAwsClients(provider);
    assert.equal(clients.apiGateway, clients.apiGateway);
    assert.equal(clients.apiGatewayV2, clients.apiGatewayV2);
    assert.equal(clients.cloudFormation, clients.cloudFormation);
    assert.notEqual(clients.apiGateway as unknown, clients.cloudFormation);
    sinon.assert.calledOnce(getCredentials);
  });

  it('hands every caller of the same provider the same clients, and another provider its own', () => {
    const provider = providerWith(KEYS);
    assert.equal(createAwsClients(provider), createAwsClients(provider));
    assert.equal(createAwsClients(provider).apiGateway, createAwsClients(provider).apiGateway);
    assert.notEqual(
      createAwsClients(providerWith(KEYS)).apiGateway,
      createAwsClients(provider).apiGateway,
    );
  });

  it('sends API Gateway (v1 and v2) commands through the clients it built', async () => {
    const clients = createAwsClients(providerWith(KEYS));
    const apiGateway = mockClient(clients.apiGateway);
    const apiGatewayV2 = mockClient(clients.apiGatewayV2);
    apiGateway.on(GetStageCommand).resolves({ stageName: 'dev', deploymentId: 'd1' });
    apiGatewayV2.on(GetApiCommand).resolves({ ApiId: 'h1', Name: 'orders' });
    const stage = await clients.apiGateway.send(
      new GetStageCommand({ restApiId: 'abc', stageName: 'dev' }),
    );
    const api = await clients.apiGatewayV2.send(new GetApiCommand({ ApiId: 'h1' }));
    assert.equal(stage.deploymentId, 'd1');
    assert.equal(api.Name, 'orders');
    assert.deepEqual(apiGateway.commandCalls(GetStageCommand)[0].args[0].input, {
      restApiId: 'abc',
      stageName: 'dev',
    });
  });
});
