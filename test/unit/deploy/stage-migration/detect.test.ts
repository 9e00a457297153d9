/** Who owns the stage: the stack resources and GetStage, and every AWS error on the way. */
import assert from 'node:assert/strict';
import {
  GetStageCommand,
  NotFoundException,
  TooManyRequestsException,
} from '@aws-sdk/client-api-gateway';
import { ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { detectStageOwnership } from '../../../../src/deploy/stage-migration/detect';
import { INPUT, makeClients, resource, REST_API, cfnError, isStageMigrationError } from './helpers';

describe('detectStageOwnership', () => {
  it('skips a shared REST API without calling AWS', async () => {
    const { clients, cloudFormationMock, apiGatewayMock } = makeClients();
    const ownership = await detectStageOwnership(clients, {
      ...INPUT,
      externalRestApiId: 'shared1',
    });
    assert.deepEqual(ownership, { kind: 'external-api' });
    assert.equal(cloudFormationMock.calls().length + apiGatewayMock.calls().length, 0);
  });

  it('reports no-stack when CloudFormation says the stack does not exist', async () => {
    const { clients, cloudFormationMock } = makeClients();
    cloudFormationMock
      .on(ListStackResourcesCommand)
      .rejects(cfnError('ValidationError', 'Stack with id svc-prod does not exist'));
    assert.deepEqual(await detectStageOwnership(clients, INPUT), { kind: 'no-stack' });
    assert.equal(
      cloudFormationMock.commandCalls(ListStackResourcesCommand)[0].args[0].input.StackName,
      'svc-prod',
    );
  });

  it('reports no-rest-api when the stack has no REST API resource', async () => {
    const { clients, cloudFormationMock, apiGatewayMock } = makeClients();
    cloudFormationMock.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [resource('HelloLambdaFunction', 'AWS::Lambda::Function', 'fn')],
    });
    assert.deepEqual(await detectStageOwnership(clients, INPUT), { kind: 'no-rest-api' });
    assert.equal(apiGatewayMock.calls().length, 0);
  });

  it('reports declared when the stack already has the Stage resource', async () => {
    const { clients, cloudFormationMock, apiGatewayMock } = makeClients();
    cloudFormationMock.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [
        REST_API,
        resource('ApiGatewayStage', 'AWS::ApiGateway::Stage', 'prod'),
      ],
    });
    assert.deepEqual(await detectStageOwnership(clients, INPUT), {
      kind: 'declared',
      restApiId: 'abc123',
    });
    assert.equal(apiGatewayMock.calls().length, 0);
  });

  it('follows ListStackResources pages', async () => {
    const { clients, cloudFormationMock } = makeClients();
    cloudFormationMock
      .on(ListStackResourcesCommand, { StackName: 'svc-prod', NextToken: undefined })
      .resolves({ StackResourceSummaries: [REST_API], NextToken: 'page2' })
      .on(ListStackResourcesCommand, { StackName: 'svc-prod', NextToken: 'page2' })
      .resolves({
        StackResourceSummaries: [resource('ApiGatewayStage', 'AWS::ApiGateway::Stage', 'prod')],
      });
    assert.deepEqual(await detectStageOwnership(clients, INPUT), {
      kind: 'declared',
      restApiId: 'abc123',
    });
    assert.equal(cloudFormationMock.commandCalls(ListStackResourcesCommand).length, 2);
  });

  it('does not count a DELETE_COMPLETE stage resource as declared', async () => {
    const { clients, cloudFormationMock, apiGatewayMock } = makeClients();
    cloudFormationMock.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [
        REST_API,
        resource('ApiGatewayStage', 'AWS::ApiGateway::Stage', 'prod', 'DELETE_COMPLETE'),
      ],
    });
    apiGatewayMock
      .on(GetStageCommand)
      .rejects(
        new NotFoundException({ message: 'Invalid stage identifier specified', $metadata: {} }),
      );
    assert.deepEqual(await detectStageOwnership(clients, INPUT), {
      kind: 'absent',
      restApiId: 'abc123',
    });
  });

  it('reports absent when the API has no stage of that name', async () => {
    const { clients, cloudFormationMock, apiGatewayMock } = makeClients();
    cloudFormationMock
      .on(ListStackResourcesCommand)
      .resolves({ StackResourceSummaries: [REST_API] });
    apiGatewayMock
      .on(GetStageCommand)
      .rejects(
        new NotFoundException({ message: 'Invalid stage identifier specified', $metadata: {} }),
      );
    assert.deepEqual(await detectStageOwnership(clients, INPUT), {
      kind: 'absent',
      restApiId: 'abc123',
    });
    assert.deepEqual(apiGatewayMock.commandCalls(GetStageCommand)[0].args[0].input, {
      restApiId: 'abc123',
      stageName: 'prod',
    });
  });

  it('reports implicit with a snapshot of the existing stage', async () => {
    const { clients, cloudFormationMock, apiGatewayMock } = makeClients();
    cloudFormationMock.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [
        REST_API,
        resource('ApiGatewayDeployment1700000000000', 'AWS::ApiGateway::Deployment', 'dep456'),
      ],
    });
    apiGatewayMock.on(GetStageCommand).resolves({
      stageName: 'prod',
      deploymentId: 'dep456',
      description: 'old',
      variables: { TABLE: 'orders' },
      cacheClusterEnabled: true,
      cacheClusterSize: '1.6',
      cacheClusterStatus: 'AVAILABLE',
      tracingEnabled: false,
      clientCertificateId: 'cert1',
      accessLogSettings: {
        destinationArn: 'arn:aws:logs:us-east-1:1:log-group:g',
        format: '$context.requestId',
      },
      methodSettings: { '*/*': { loggingLevel: 'INFO', metricsEnabled: true } },
      tags: { team: 'payments', 'aws:cloudformation:stack-name': 'svc-prod' },
      webAclArn: 'arn:aws:wafv2:us-east-1:1:regional/webacl/w/1',
      createdDate: new Date(0),
    });
    const ownership = await detectStageOwnership(clients, INPUT);
    assert.deepEqual(ownership, {
      kind: 'implicit',
      restApiId: 'abc123',
      stage: {
        restApiId: 'abc123',
        stageName: 'prod',
        deploymentId: 'dep456',
        description: 'old',
        variables: { TABLE: 'orders' },
        cacheClusterEnabled: true,
        cacheClusterSize: '1.6',
        tracingEnabled: false,
        clientCertificateId: 'cert1',
        accessLogSettings: {
          destinationArn: 'arn:aws:logs:us-east-1:1:log-group:g',
          format: '$context.requestId',
        },
        methodSettings: { '*/*': { loggingLevel: 'INFO', metricsEnabled: true } },
        tags: { team: 'payments' },
        webAclArn: 'arn:aws:wafv2:us-east-1:1:regional/webacl/w/1',
      },
    });
  });

  describe('errors', () => {
    const withStack = () => {
      const setup = makeClients();
      setup.cloudFormationMock
        .on(ListStackResourcesCommand)
        .resolves({ StackResourceSummaries: [REST_API] });
      return setup;
    };

    it('explains missing credentials', async () => {
      const { clients, cloudFormationMock } = makeClients();
      const error = Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      });
      cloudFormationMock.on(ListStackResourcesCommand).rejects(error);
      await assert.rejects(
        detectStageOwnership(clients, INPUT),
        isStageMigrationError('credentials', /credentials/, /svc-prod/, /--aws-profile/),
      );
    });

    for (const name of ['UnrecognizedClientException', 'ExpiredTokenException']) {
      it(`explains invalid credentials (${name}) without echoing the key id`, async () => {
        const { clients, apiGatewayMock } = withStack();
        apiGatewayMock.on(GetStageCommand).rejects(
          Object.assign(new Error('The security token for AKIAABCDEFGHIJKLMNOP is invalid.'), {
            name,
          }),
        );
        await assert.rejects(detectStageOwnership(clients, INPUT), (error: unknown) => {
          isStageMigrationError(
            'credentials',
            new RegExp(name),
            /"prod" of REST API abc123/,
          )(error);
          assert.doesNotMatch((error as Error).message, /AKIAABCDEFGHIJKLMNOP/);
          return true;
        });
      });
    }

    it('names the CloudFormation permission when access is denied', async () => {
      const { clients, cloudFormationMock } = makeClients();
      cloudFormationMock
        .on(ListStackResourcesCommand)
        .rejects(cfnError('AccessDenied', 'User: arn:aws:iam::1:user/ci is not authorized'));
      await assert.rejects(
        detectStageOwnership(clients, INPUT),
        isStageMigrationError('access-denied', /cloudformation:ListStackResources/, /svc-prod/),
      );
    });

    it('names the API Gateway permission when access is denied', async () => {
      const { clients, apiGatewayMock } = withStack();
      apiGatewayMock
        .on(GetStageCommand)
        .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
      await assert.rejects(
        detectStageOwnership(clients, INPUT),
        isStageMigrationError(
          'access-denied',
          /apigateway:GET on \/restapis\/abc123\/stages\/prod/,
        ),
      );
    });

    it('explains throttling that outlasted the retries', async () => {
      const { clients, apiGatewayMock } = withStack();
      apiGatewayMock.on(GetStageCommand).rejects(
        new TooManyRequestsException({
          message: 'Too Many Requests',
          $metadata: { attempts: 6 },
        }),
      );
      await assert.rejects(
        detectStageOwnership(clients, INPUT),
        isStageMigrationError('throttled', /throttling/, /6 attempts/, /abc123/),
      );
    });

    it('recognises CloudFormation throttling too', async () => {
      const { clients, cloudFormationMock } = makeClients();
      cloudFormationMock
        .on(ListStackResourcesCommand)
        .rejects(cfnError('Throttling', 'Rate exceeded'));
      await assert.rejects(
        detectStageOwnership(clients, INPUT),
        isStageMigrationError('throttled'),
      );
    });

    it('reports anything else as an unexpected AWS error', async () => {
      const { clients, apiGatewayMock } = withStack();
      apiGatewayMock.on(GetStageCommand).rejects(
        Object.assign(new Error('We encountered an internal error'), {
          name: 'ServiceUnavailableException',
        }),
      );
      await assert.rejects(
        detectStageOwnership(clients, INPUT),
        isStageMigrationError(
          'aws',
          /unexpected AWS error while checking the stage "prod" of REST API abc123/i,
          /ServiceUnavailableException: We encountered an internal error/,
          /svc-prod/,
        ),
      );
    });

    it('does not mistake other validation errors for a missing stack', async () => {
      const { clients, cloudFormationMock } = makeClients();
      cloudFormationMock
        .on(ListStackResourcesCommand)
        .rejects(cfnError('ValidationError', '1 validation error detected'));
      await assert.rejects(detectStageOwnership(clients, INPUT), isStageMigrationError('aws'));
    });
  });
});
