/** The access control compiler and resolver: pure functions of resolved config and core's template. */
import assert from 'node:assert/strict';
import { applyFragment } from '../../../../src/cloudformation/merge';
import { standaloneNaming } from '../../../../src/cloudformation/naming';
import type { CfnTemplate } from '../../../../src/cloudformation/template';
import { compileRestApiStack } from '../../../../src/pipeline/compile';
import { compileAccessControl } from '../../../../src/features/access-control/compile';
import { AccessControlCompileError } from '../../../../src/pipeline/compile-errors';
import { coreLambdaLogicalId } from '../../../../src/cloudformation/naming';
import { parseHttpEvent as httpEndpoint } from '../../../../src/common/http-endpoint';
import { throttleKey } from '../../../../src/features/access-control/usage-plans';
import { methodFinder } from '../../../../src/common/method-finder';
import {
  policyStatements,
  resolveAccessControl,
} from '../../../../src/features/access-control/resolve';
import { resolveConfig, type ResolvedConfig } from '../../../../src/pipeline/resolve';
import type { ApiGatewayConfig } from '../../../../src/config/types.generated';
import { assertValidTemplate } from '../../../helpers/cfn-check';
import { coreSettings, httpEvents } from '../../../helpers/config-builders';

const naming = standaloneNaming('orders', 'prod');
const POOL = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc';
const API = { Ref: 'ApiGatewayRestApi' };

function method(resource: unknown, httpMethod: string) {
  return {
    Type: 'AWS::ApiGateway::Method',
    Properties: {
      HttpMethod: httpMethod,
      ResourceId: resource,
      RestApiId: API,
      AuthorizationType: 'NONE',
      ApiKeyRequired: false,
      Integration: { Type: 'MOCK' },
    },
  };
}

/** What core compiles for GET /users/{id}, POST /users (+ CORS OPTIONS) and GET / (trimmed). */
function coreTemplate(): CfnTemplate {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      AuthorizeLambdaFunction: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          FunctionName: 'orders-prod-authorize',
          Handler: 'handler.authorize',
          Runtime: 'nodejs20.x',
          Role: 'arn:aws:iam::123456789012:role/lambda',
          Code: { ZipFile: 'exports.authorize = () => {}' },
        },
      },
      ApiGatewayRestApi: {
        Type: 'AWS::ApiGateway::RestApi',
        Properties: { Name: 'prod-orders', EndpointConfiguration: { Types: ['EDGE'] }, Policy: '' },
      },
      ApiGatewayResourceUsers: {
        Type: 'AWS::ApiGateway::Resource',
        Properties: {
          ParentId: { 'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceId'] },
          PathPart: 'users',
          RestApiId: API,
        },
      },
      ApiGatewayResourceUsersIdVar: {
        Type: 'AWS::ApiGateway::Resource',
        Properties: {
          ParentId: { Ref: 'ApiGatewayResourceUsers' },
          PathPart: '{id}',
          RestApiId: API,
        },
      },
      ApiGatewayMethodUsersIdVarGet: method({ Ref: 'ApiGatewayResourceUsersIdVar' }, 'GET'),
      ApiGatewayMethodUsersIdVarOptions: method({ Ref: 'ApiGatewayResourceUsersIdVar' }, 'OPTIONS'),
      ApiGatewayMethodUsersPost: method({ Ref: 'ApiGatewayResourceUsers' }, 'POST'),
      ApiGatewayMethodGet: method({ 'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceId'] }, 'GET'),
      ApiGatewayDeployment1700000000000: {
        Type: 'AWS::ApiGateway::Deployment',
        Properties: { RestApiId: API, StageName: 'prod' },
        DependsOn: [
          'ApiGatewayMethodUsersIdVarGet',
          'ApiGatewayMethodUsersIdVarOptions',
          'ApiGatewayMethodUsersPost',
          'ApiGatewayMethodGet',
        ],
      },
    },
    Outputs: {},
  };
}

const EVENTS = httpEvents([
  {
    functionName: 'getUser',
    eventIndex: 0,
    settings: { scopes: ['users/read'] },
    event: { method: 'get', path: '/users/{id}/', cors: true },
  },
  {
    functionName: 'createUser',
    eventIndex: 0,
    settings: { authorizer: 'partner', apiKeyRequired: true },
    event: { method: 'post', path: 'users' },
  },
  { functionName: 'health', eventIndex: 0, settings: { authorizer: 'none' }, event: 'GET /' },
]);

const CONFIG: ApiGatewayConfig = {
  authorizers: {
    users: { type: 'cognito', userPoolArn: POOL, scopes: ['users/all'] },
    partner: { type: 'token', functionName: 'authorize', resultTtlInSeconds: 60 },
    signed: { type: 'iam' },
  },
  defaultAuthorizer: 'users',
  usagePlans: {
    free: {
      description: 'Free tier',
      quota: { limit: 1000, period: 'MONTH', offset: 1 },
      throttle: { rateLimit: 5, burstLimit: 10 },
      methodThrottles: { 'POST /users': { rateLimit: 1, burstLimit: 2 } },
      apiKeys: [
        { name: 'partner-a', value: 'a'.repeat(24) },
        { name: 'partner-b', enabled: false },
      ],
    },
    internal: { stages: ['dev'], apiKeys: [{ name: 'ops' }] },
  },
  restApi: { policy: { allowIps: ['203.0.113.0/24'], denyIps: ['203.0.113.7/32'] } },
};

function resolved(config: ApiGatewayConfig = CONFIG, stageName = 'prod'): ResolvedConfig {
  return resolveConfig(config, coreSettings({ stageName }), EVENTS);
}

function compiled(config: ResolvedConfig = resolved(), template = coreTemplate()): CfnTemplate {
  const result = compileRestApiStack(config, template, naming);
  for (const fragment of result.fragments) applyFragment(template, fragment);
  return template;
}

describe('compileAccessControl', () => {
  it('emits one Authorizer per named authorizer (none for iam) and a scoped Lambda permission', () => {
    const template = compiled();
    assert.deepEqual(template.Resources.ApiGatewayAuthorizerUsers, {
      Type: 'AWS::ApiGateway::Authorizer',
      Properties: {
        Name: 'users',
        RestApiId: API,
        Type: 'COGNITO_USER_POOLS',
        IdentitySource: 'method.request.header.Authorization',
        ProviderARNs: [POOL],
      },
    });
    const partner = template.Resources.ApiGatewayAuthorizerPartner;
    assert.deepEqual(partner.Properties, {
      Name: 'partner',
      RestApiId: API,
      Type: 'TOKEN',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: 60,
      AuthorizerUri: {
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':apigateway:',
            { Ref: 'AWS::Region' },
            ':lambda:path/2015-03-31/functions/',
            { 'Fn::GetAtt': ['AuthorizeLambdaFunction', 'Arn'] },
            '/invocations',
          ],
        ],
      },
    });
    assert.equal(template.Resources.ApiGatewayAuthorizerSigned, undefined);
    assert.deepEqual(template.Resources.ApiGatewayAuthorizerPartnerPermission, {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        FunctionName: { 'Fn::GetAtt': ['AuthorizeLambdaFunction', 'Arn'] },
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
        SourceArn: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':execute-api:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':',
              API,
              '/authorizers/',
              { Ref: 'ApiGatewayAuthorizerPartner' },
            ],
          ],
        },
      },
    });
  });

  it("patches core's Methods: default authorizer with scopes, named one with API key, public one", () => {
    const { Resources } = compiled();
    const props = (id: string) => Resources[id].Properties ?? {};
    assert.equal(props('ApiGatewayMethodUsersIdVarGet').AuthorizationType, 'COGNITO_USER_POOLS');
    assert.deepEqual(props('ApiGatewayMethodUsersIdVarGet').AuthorizerId, {
      Ref: 'ApiGatewayAuthorizerUsers',
    });
    assert.deepEqual(props('ApiGatewayMethodUsersIdVarGet').AuthorizationScopes, ['users/read']);
    assert.equal(props('ApiGatewayMethodUsersIdVarGet').ApiKeyRequired, false);
    assert.equal(props('ApiGatewayMethodUsersPost').AuthorizationType, 'CUSTOM');
    assert.deepEqual(props('ApiGatewayMethodUsersPost').AuthorizerId, {
      Ref: 'ApiGatewayAuthorizerPartner',
    });
    assert.equal(props('ApiGatewayMethodUsersPost').AuthorizationScopes, undefined);
    assert.equal(props('ApiGatewayMethodUsersPost').ApiKeyRequired, true);
    assert.equal(props('ApiGatewayMethodGet').AuthorizationType, 'NONE');
    assert.equal(props('ApiGatewayMethodGet').AuthorizerId, undefined);
    // CORS preflights stay public: browsers send no token with them.
    assert.equal(props('ApiGatewayMethodUsersIdVarOptions').AuthorizationType, 'NONE');
  });

  it('uses the authorizer default scopes, the iam type, and leaves endpoints with core authorizers alone', () => {
    const events = httpEvents([
      { functionName: 'getUser', eventIndex: 0, settings: {}, event: 'get users/{id}' },
      {
        functionName: 'createUser',
        eventIndex: 0,
        settings: { authorizer: 'signed' },
        event: { method: 'post', path: 'users' },
      },
      {
        functionName: 'health',
        eventIndex: 0,
        settings: undefined,
        event: { method: 'get', path: '/', authorizer: 'aws_iam', private: true },
      },
    ]);
    const config = resolveConfig(
      { ...CONFIG, usagePlans: undefined, apiKeyRequired: true },
      coreSettings(),
      events,
    );
    const template = coreTemplate();
    template.Resources.ApiGatewayMethodGet.Properties = {
      ...template.Resources.ApiGatewayMethodGet.Properties,
      AuthorizationType: 'AWS_IAM',
      ApiKeyRequired: true,
    };
    const { Resources } = compiled(config, template);
    const props = (id: string) => Resources[id].Properties ?? {};
    assert.deepEqual(props('ApiGatewayMethodUsersIdVarGet').AuthorizationScopes, ['users/all']);
    assert.equal(props('ApiGatewayMethodUsersIdVarGet').ApiKeyRequired, true);
    assert.equal(props('ApiGatewayMethodUsersPost').AuthorizationType, 'AWS_IAM');
    assert.equal(props('ApiGatewayMethodUsersPost').AuthorizerId, undefined);
    assert.equal(props('ApiGatewayMethodGet').AuthorizationType, 'AWS_IAM');
    assert.equal(props('ApiGatewayMethodGet').ApiKeyRequired, true);
  });

  it('emits the usage plans of the deployed stage, waiting for the Stage, with keys attached', () => {
    const { Resources } = compiled();
    assert.deepEqual(Resources.ApiGatewayKitUsagePlanFree, {
      Type: 'AWS::ApiGateway::UsagePlan',
      Properties: {
        UsagePlanName: 'orders-prod-free',
        ApiStages: [
          {
            ApiId: API,
            Stage: 'prod',
            Throttle: { '/users/POST': { BurstLimit: 2, RateLimit: 1 } },
          },
        ],
        Description: 'Free tier',
        Quota: { Limit: 1000, Period: 'MONTH', Offset: 1 },
        Throttle: { BurstLimit: 10, RateLimit: 5 },
      },
      DependsOn: ['ApiGatewayStage'],
    });
    assert.ok(Resources.ApiGatewayStage, 'the Stage the plan depends on exists');
    assert.equal(Resources.ApiGatewayKitUsagePlanInternal, undefined, 'dev-only plan not in prod');
    assert.equal(Resources.ApiGatewayKitApiKeyInternalOps, undefined);
    assert.deepEqual(Resources.ApiGatewayKitApiKeyFreePartnera, {
      Type: 'AWS::ApiGateway::ApiKey',
      Properties: { Name: 'partner-a', Enabled: true, Value: 'a'.repeat(24) },
    });
    assert.deepEqual(Resources.ApiGatewayKitApiKeyFreePartnerb.Properties, {
      Name: 'partner-b',
      Enabled: false,
    });
    assert.deepEqual(Resources.ApiGatewayKitUsagePlanKeyFreePartnerb, {
      Type: 'AWS::ApiGateway::UsagePlanKey',
      Properties: {
        KeyId: { Ref: 'ApiGatewayKitApiKeyFreePartnerb' },
        KeyType: 'API_KEY',
        UsagePlanId: { Ref: 'ApiGatewayKitUsagePlanFree' },
      },
    });
    const dev = compiled(resolved(CONFIG, 'dev'));
    assert.ok(dev.Resources.ApiGatewayKitUsagePlanInternal);
  });

  it('sets the resource policy on the RestApi', () => {
    assert.deepEqual(compiled().Resources.ApiGatewayRestApi.Properties?.Policy, {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'execute-api:/*',
          Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } },
        },
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'execute-api:/*',
          Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.7/32'] } },
        },
      ],
    });
  });

  it('produces a template valid against the CloudFormation schemas, references resolving', () => {
    assertValidTemplate(compiled());
    assertValidTemplate(compiled(resolved(CONFIG, 'dev')));
  });

  it('is deterministic and never mutates its inputs', () => {
    const template = coreTemplate();
    const before = JSON.stringify(template);
    const config = resolved();
    const first = compileAccessControl(config, { template, naming });
    const second = compileAccessControl(config, { template, naming });
    assert.equal(JSON.stringify(first), JSON.stringify(second));
    assert.equal(JSON.stringify(template), before);
  });

  it('emits nothing for a service without access control', () => {
    assert.deepEqual(
      compileAccessControl(
        resolveConfig(
          { stages: { prod: { tracing: true } } },
          coreSettings(),
          httpEvents([{ functionName: 'a', eventIndex: 0, settings: undefined }]),
        ),
        {
          template: coreTemplate(),
          naming,
        },
      ),
      [],
    );
  });

  it('shared REST API: authorizers on the shared id, plans without a Stage dependency, no policy', () => {
    const config = resolveConfig(
      { authorizers: CONFIG.authorizers, usagePlans: { free: {} } },
      coreSettings({ sharedRestApiId: 'abc123' }),
      EVENTS,
    );
    const template = coreTemplate();
    for (const resource of Object.values(template.Resources)) {
      if (resource.Properties?.RestApiId) resource.Properties.RestApiId = 'abc123';
    }
    const fragments = compileAccessControl(config, { template, naming });
    const resources = Object.assign({}, ...fragments.map((fragment) => fragment.Resources ?? {}));
    assert.equal(resources.ApiGatewayAuthorizerUsers.Properties.RestApiId, 'abc123');
    assert.equal(resources.ApiGatewayKitUsagePlanFree.DependsOn, undefined);
    assert.ok(
      fragments.every(
        (fragment) => !fragment.patches?.some((p) => p.logicalId === 'ApiGatewayRestApi'),
      ),
    );
  });

  it("refuses to put our API keys beside core's (core's sls info would print their values)", () => {
    const template = coreTemplate();
    template.Resources.ApiGatewayApiKey1 = {
      Type: 'AWS::ApiGateway::ApiKey',
      Properties: { Enabled: true },
    };
    assert.throws(
      () => compileAccessControl(resolved(), { template, naming }),
      (error: unknown) =>
        error instanceof AccessControlCompileError && /ApiGatewayApiKey1/.test(error.message),
    );
  });
});

describe('access control resolver', () => {
  it('normalises http events like core', () => {
    assert.deepEqual(httpEndpoint({ method: 'any', path: '/a/{proxy+}/' }), {
      method: 'ANY',
      path: 'a/{proxy+}',
    });
    assert.deepEqual(httpEndpoint('GET /'), { method: 'GET', path: '' });
    assert.equal(throttleKey({ method: 'GET', path: 'users/{id}' }), '/users/{id}/GET');
    assert.equal(throttleKey({ method: 'GET', path: '' }), '//GET');
  });

  it("reproduces core's function logical id rule", () => {
    assert.equal(coreLambdaLogicalId('auth-fn_v2'), 'AuthDashfnUnderscorev2LambdaFunction');
  });

  it('finds Methods by walking the template, a partial path on a shared API', () => {
    const template = coreTemplate();
    const findMethod = methodFinder(template, API);
    assert.equal(
      findMethod({ method: 'GET', path: 'users/{id}' }),
      'ApiGatewayMethodUsersIdVarGet',
    );
    assert.equal(findMethod({ method: 'GET', path: '' }), 'ApiGatewayMethodGet');
    assert.equal(findMethod({ method: 'DELETE', path: 'users' }), undefined);
    template.Resources.ApiGatewayResourceUsers.Properties = {
      ...template.Resources.ApiGatewayResourceUsers.Properties,
      ParentId: 'existing-v1-id',
    };
    assert.equal(
      methodFinder(template, API)({ method: 'GET', path: 'v1/users/{id}' }),
      'ApiGatewayMethodUsersIdVarGet',
    );
  });

  it('expands policy presets in a fixed order, with defaults on raw statements', () => {
    assert.deepEqual(
      policyStatements({
        statements: [{ Effect: 'Deny', Resource: 'execute-api:/*/DELETE/*' }],
        allowAccounts: ['123456789012'],
        allowVpcEndpoints: ['vpce-0123456789abcdef0'],
      }),
      [
        {
          Effect: 'Deny',
          Resource: 'execute-api:/*/DELETE/*',
          Principal: '*',
          Action: 'execute-api:Invoke',
        },
        {
          Effect: 'Allow',
          Principal: { AWS: ['123456789012'] },
          Action: 'execute-api:Invoke',
          Resource: 'execute-api:/*',
        },
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'execute-api:/*',
          Condition: { StringEquals: { 'aws:SourceVpce': ['vpce-0123456789abcdef0'] } },
        },
      ],
    );
    // denyIps alone lets everyone else in (a policy of Deny statements only denies everyone).
    assert.deepEqual(
      policyStatements({ denyIps: ['198.51.100.0/24'] }).map((statement) => statement.Effect),
      ['Allow', 'Deny'],
    );
  });

  it('resolves endpoint access: core authorizer wins over the default, private over apiKeyRequired', () => {
    const events = httpEvents([
      {
        functionName: 'a',
        eventIndex: 0,
        settings: undefined,
        event: { method: 'get', path: 'a', authorizer: 'aws_iam', private: true },
      },
    ]);
    const access = resolveAccessControl({ ...CONFIG, apiKeyRequired: true }, events, 'prod');
    assert.equal(access.endpoints[0].authorizer, undefined);
    assert.equal(access.endpoints[0].apiKeyRequired, undefined);
  });
});
