/**
 * Access control validation: every error path of issue 3 pinned with its exact path and wording
 * (schema and semantic checks), and configs that look suspicious but are fine.
 */
import assert from 'node:assert/strict';
import type { CoreSettings } from '../../../../src/pipeline/core-settings';
import type { AccessCoreSettings } from '../../../../src/features/access-control/resolve';
import type { ConfigIssue } from '../../../../src/pipeline/issues';
import { validateConfig } from '../../../../src/pipeline/validate';
import { coreSettings, httpEvents } from '../../../helpers/config-builders';

type EventRow = { functionName: string; eventIndex: number; settings: unknown; event?: unknown };

function core(
  extras: AccessCoreSettings = {},
  overrides: Partial<CoreSettings> = {},
): CoreSettings {
  return { ...coreSettings(overrides), functionNames: ['authorize', 'getUser'], ...extras };
}

function validate(config: unknown, events: EventRow[] = [], settings: CoreSettings = core()) {
  return validateConfig(config, httpEvents(events), settings);
}

function errors(config: unknown, events: EventRow[] = [], settings?: CoreSettings): ConfigIssue[] {
  return validate(config, events, settings).errors;
}

const POOL = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc';
const A = 'custom.apiGateway';
const EVENT = 'functions.getUser.events[0].http';
const SETTINGS = `${EVENT}.apiGateway`;

function getUser(settings: unknown, extra: Record<string, unknown> = {}): EventRow {
  return {
    functionName: 'getUser',
    eventIndex: 0,
    settings,
    event: { method: 'get', path: 'users/{id}', ...extra, apiGateway: settings },
  };
}

describe('access control validation: error paths', () => {
  it('unknown authorizer name on an endpoint, with did-you-mean', () => {
    assert.deepEqual(
      errors({ authorizers: { users: { type: 'cognito', userPoolArn: POOL } } }, [
        getUser({ authorizer: 'user' }),
      ]),
      [
        {
          path: `${SETTINGS}.authorizer`,
          message:
            '"user" is not an authorizer of custom.apiGateway.authorizers (did you mean "users"?); use one of users, or none for a public endpoint',
        },
      ],
    );
  });

  it('unknown defaultAuthorizer, with did-you-mean; and with no authorizers at all', () => {
    assert.deepEqual(
      errors({
        authorizers: { partner: { type: 'token', functionName: 'authorize' } },
        defaultAuthorizer: 'partners',
      }),
      [
        {
          path: `${A}.defaultAuthorizer`,
          message:
            '"partners" is not an authorizer of custom.apiGateway.authorizers (did you mean "partner"?); use one of partner',
        },
      ],
    );
    assert.deepEqual(errors({}, [getUser({ authorizer: 'users' })]), [
      {
        path: `${SETTINGS}.authorizer`,
        message:
          '"users" is not an authorizer: custom.apiGateway.authorizers defines none; add it there, or use none for a public endpoint',
      },
    ]);
  });

  it('cognito authorizer without a user pool', () => {
    assert.deepEqual(errors({ authorizers: { users: { type: 'cognito' } } }), [
      {
        path: `${A}.authorizers.users`,
        message:
          'a cognito authorizer needs the user pool whose tokens it accepts; add userPoolArn (one pool) or userPoolArns (several), e.g. userPoolArn: ${param:userPoolArn} or { Fn::GetAtt: [UserPool, Arn] }',
      },
    ]);
  });

  it('authorizer result TTL out of range (schema, citing the API Gateway limit)', () => {
    assert.deepEqual(
      errors({
        authorizers: {
          partner: { type: 'token', functionName: 'authorize', resultTtlInSeconds: 3601 },
        },
      }),
      [
        {
          path: `${A}.authorizers.partner.resultTtlInSeconds`,
          message:
            "3601 is above the maximum 3600: Seconds API Gateway caches the authorizer's result, 0-3600 (API Gateway limit; default 300, 0 turns caching off).",
        },
      ],
    );
  });

  it('token authorizer naming a function that is not in the service, with did-you-mean', () => {
    assert.deepEqual(
      errors({ authorizers: { partner: { type: 'token', functionName: 'authorise' } } }),
      [
        {
          path: `${A}.authorizers.partner.functionName`,
          message:
            '"authorise" is not a function of this service (did you mean "authorize"?); use one of authorize, getUser, or functionArn for a function outside the service',
        },
      ],
    );
  });

  it('REQUEST authorizer with caching but no identity source', () => {
    assert.deepEqual(
      errors({ authorizers: { ctx: { type: 'request', functionName: 'authorize' } } }),
      [
        {
          path: `${A}.authorizers.ctx`,
          message:
            'a request authorizer caches its result (resultTtlInSeconds 300, the default) by its identity sources, so API Gateway needs at least one; add identitySource (e.g. [method.request.header.Authorization]) or set resultTtlInSeconds: 0',
        },
      ],
    );
  });

  it('API key value shorter than 20 characters, without showing the value', () => {
    const found = errors({
      usagePlans: { free: { apiKeys: [{ name: 'partner-a', value: 'tooShortSecret' }] } },
    });
    assert.deepEqual(found, [
      {
        path: `${A}.usagePlans.free.apiKeys[0].value`,
        message:
          'the value of API key "partner-a" has 14 characters (not shown); API Gateway requires 20-128. Use a longer value, or leave value out and AWS generates one',
      },
    ]);
    assert.ok(!JSON.stringify(found).includes('tooShortSecret'));
  });

  it('API key value that is not a string, without showing it', () => {
    const found = errors({
      usagePlans: { free: { apiKeys: [{ name: 'partner-a', value: 1234567890 }] } },
    });
    assert.deepEqual(found, [
      {
        path: `${A}.usagePlans.free.apiKeys[0].value`,
        message:
          'the value of API key "partner-a" must be a string of 20-128 characters, found a number (not shown); quote it, or take it from ${ssm:...} / ${env:...}',
      },
    ]);
  });

  it('usage plan method throttle for a path that names no endpoint, with did-you-mean', () => {
    assert.deepEqual(
      errors(
        { usagePlans: { free: { methodThrottles: { 'GET /user/{id}': { rateLimit: 5 } } } } },
        [getUser({})],
      ),
      [
        {
          path: `${A}.usagePlans.free.methodThrottles['GET /user/{id}']`,
          message:
            '"GET /user/{id}" names no http endpoint of this service (did you mean "GET /users/{id}"?); use one of GET /users/{id} (method and path as in the http event)',
        },
      ],
    );
  });

  it('PRIVATE API without a policy that lets anything in', () => {
    const message = (what: string) =>
      `a PRIVATE API needs a resource policy that lets callers in, or every call gets 403; ${what}. Add custom.apiGateway.restApi.policy, e.g. policy: { allowVpcEndpoints: [vpce-0123456789abcdef0] } (only those VPC endpoints) or policy: { statements: [{ Effect: Allow }] } (any VPC endpoint)`;
    assert.deepEqual(errors({ restApi: { endpointType: 'PRIVATE' } }), [
      { path: `${A}.restApi.endpointType`, message: message('there is none') },
    ]);
    assert.deepEqual(
      errors(
        { restApi: { policy: { statements: [{ Effect: 'Deny', Condition: { Bool: {} } }] } } },
        [],
        core({}, { endpointType: 'private' }),
      ),
      [
        {
          path: 'provider.endpointType',
          message: message('restApi.policy has no Allow statement'),
        },
      ],
    );
  });

  it("both core's and our authorizer (and private/apiKeyRequired) on one endpoint", () => {
    const coreAuthorizer = { name: 'legacy', arn: POOL };
    assert.deepEqual(
      errors({ authorizers: { users: { type: 'cognito', userPoolArn: POOL } } }, [
        getUser(
          { authorizer: 'users', scopes: ['users/read'], apiKeyRequired: true },
          { authorizer: coreAuthorizer, private: true },
        ),
      ]),
      [
        {
          path: `${SETTINGS}.authorizer`,
          message: `this endpoint also sets core's ${EVENT}.authorizer; keep one: remove ${EVENT}.authorizer to use the named authorizer "users", or remove ${SETTINGS}.authorizer to keep core's`,
        },
        {
          path: `${SETTINGS}.scopes`,
          message: `this endpoint uses core's ${EVENT}.authorizer, which takes its scopes as ${EVENT}.authorizer.scopes; move them there, or replace core's authorizer with apiGateway.authorizer`,
        },
        {
          path: `${SETTINGS}.apiKeyRequired`,
          message: `this endpoint also sets core's ${EVENT}.private, which says the same thing; keep one: remove ${EVENT}.private (apiKeyRequired replaces it), or remove ${SETTINGS}.apiKeyRequired`,
        },
      ],
    );
  });

  it('keys that do not apply to the authorizer type, both pools, function name and ARN', () => {
    assert.deepEqual(
      errors({
        authorizers: {
          users: {
            type: 'cognito',
            userPoolArn: POOL,
            userPoolArns: [POOL],
            functionName: 'authorize',
          },
          signed: { type: 'iam', scopes: ['a/b'] },
          partner: { type: 'token', functionName: 'authorize', functionArn: 'arn:x' },
        },
      }),
      [
        {
          path: `${A}.authorizers.users.functionName`,
          message:
            'functionName does not apply to a cognito authorizer; it takes userPoolArn, userPoolArns, identitySource, resultTtlInSeconds, scopes',
        },
        {
          path: `${A}.authorizers.users.userPoolArns`,
          message:
            'set either userPoolArn or userPoolArns, not both (put every pool in userPoolArns)',
        },
        {
          path: `${A}.authorizers.signed.scopes`,
          message: 'scopes does not apply to a iam authorizer; it takes no other key',
        },
        {
          path: `${A}.authorizers.partner`,
          message:
            'set either functionName (a function of this service) or functionArn (a function elsewhere), not both',
        },
      ],
    );
  });

  it('identity sources: one header for token, valid sources for request', () => {
    assert.deepEqual(
      errors({
        authorizers: {
          partner: {
            type: 'token',
            functionName: 'authorize',
            identitySource: ['Authorization', 'X-Other'],
          },
          ctx: {
            type: 'request',
            functionName: 'authorize',
            identitySource: ['method.request.header.Auth', 'header.Tenant'],
          },
        },
      }),
      [
        {
          path: `${A}.authorizers.partner.identitySource`,
          message:
            'a token authorizer reads exactly one header; give one header name (e.g. Authorization), or use a request authorizer for several sources',
        },
        {
          path: `${A}.authorizers.ctx.identitySource[1]`,
          message:
            '"header.Tenant" is not an identity source; use method.request.header.<Name>, method.request.querystring.<name>, stageVariables.<name> or context.<name>',
        },
      ],
    );
  });

  it('scopes on an endpoint without a cognito authorizer', () => {
    assert.deepEqual(
      errors({ authorizers: { signed: { type: 'iam' } } }, [
        getUser({ authorizer: 'signed', scopes: ['users/read'] }),
        { ...getUser({ scopes: ['users/read'] }), eventIndex: 1 },
      ]),
      [
        {
          path: `${SETTINGS}.scopes`,
          message:
            'OAuth scopes apply only to cognito authorizers, but this endpoint uses "signed" (iam); remove scopes, or use a cognito authorizer',
        },
        {
          path: 'functions.getUser.events[1].http.apiGateway.scopes',
          message:
            'OAuth scopes need a cognito authorizer, but this endpoint has none; set apiGateway.authorizer (or custom.apiGateway.defaultAuthorizer) to a cognito authorizer, or remove scopes',
        },
      ],
    );
  });

  it('quota offset beyond the period, duplicate key names, names that share a logical id', () => {
    assert.deepEqual(
      errors({
        usagePlans: {
          free: {
            quota: { limit: 10, period: 'WEEK', offset: 7 },
            apiKeys: [{ name: 'partner-a' }, { name: 'partner_a' }],
          },
          pro: { apiKeys: [{ name: 'partner-a' }] },
        },
      }),
      [
        {
          path: `${A}.usagePlans.free.quota.offset`,
          message: 'offset 7 does not fit period WEEK: API Gateway allows 0-6 for WEEK',
        },
        {
          path: `${A}.usagePlans.free.apiKeys[1].name`,
          message:
            'API keys "partner_a" and "partner-a" both become the CloudFormation logical id ApiGatewayKitApiKeyFreePartnera (only letters and digits count, first letter upper case); rename one',
        },
        {
          path: `${A}.usagePlans.pro.apiKeys[0].name`,
          message:
            'API key "partner-a" is already declared in custom.apiGateway.usagePlans.free.apiKeys; key names must be unique across usage plans (AWS lets a key belong to only one plan of a stage)',
        },
      ],
    );
  });

  it("usage plans mixed with core's apiKeys/usagePlan", () => {
    assert.deepEqual(errors({ usagePlans: { free: {} } }, [], core({ apiKeys: ['legacy'] })), [
      {
        path: `${A}.usagePlans`,
        message:
          "core's provider.apiGateway.apiKeys/usagePlan also create usage plans and keys for this stage, and core's `sls info` prints the value of every API key in the stack (ours included); declare plans and keys in one place: move them into custom.apiGateway.usagePlans (remove provider.apiGateway.apiKeys and usagePlan), or remove custom.apiGateway.usagePlans",
      },
    ]);
  });

  it("our policy mixed with core's resourcePolicy", () => {
    assert.deepEqual(
      errors(
        { restApi: { policy: { allowIps: ['203.0.113.0/24'] } } },
        [],
        core({ resourcePolicy: [{ Effect: 'Allow', Principal: '*' }] }),
      ),
      [
        {
          path: `${A}.restApi.policy`,
          message:
            'provider.apiGateway.resourcePolicy also sets the resource policy of this REST API; set it in one place: move its statements into custom.apiGateway.restApi.policy.statements and remove provider.apiGateway.resourcePolicy, or remove restApi.policy',
        },
      ],
    );
  });

  it('schema errors: reserved name none, bad CIDR, bad VPC endpoint id, bad effect, bad plan key', () => {
    assert.deepEqual(
      errors({
        authorizers: { none: { type: 'iam' } },
        restApi: {
          policy: {
            allowIps: ['10.0.0.0/33'],
            allowVpcEndpoints: ['vpce-1'],
            statements: [{ Effect: 'allow' }],
          },
        },
        usagePlans: { free: { methodThrottles: { 'get /users': {} } } },
      }),
      [
        {
          path: `${A}.authorizers.none`,
          message:
            "\"none\" is not a valid authorizer name: a letter, then letters, digits, '-' or '_', up to 64 characters; 'none' is reserved (it makes an endpoint public)",
        },
        {
          path: `${A}.restApi.policy.statements[0].Effect`,
          message:
            '"allow" is not a statement effect; use one of Allow, Deny (did you mean "Allow"?)',
        },
        {
          path: `${A}.restApi.policy.allowIps[0]`,
          message:
            '"10.0.0.0/33" is not a valid IP range: an IPv4 or IPv6 address or CIDR range, such as 203.0.113.0/24 or 2001:db8::/32',
        },
        {
          path: `${A}.restApi.policy.allowVpcEndpoints[0]`,
          message:
            '"vpce-1" is not a valid VPC endpoint id: vpce- followed by 8 or 17 hexadecimal characters',
        },
        {
          path: `${A}.usagePlans.free.methodThrottles['get /users']`,
          message:
            "\"get /users\" is not a valid endpoint key: an HTTP method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY), a space and the path starting with '/', e.g. 'GET /users/{id}'",
        },
      ],
    );
  });

  it('warns when endpoints require an API key but no usage plan applies to the stage', () => {
    assert.deepEqual(
      validate({ apiKeyRequired: true, usagePlans: { paid: { stages: ['dev'] } } }, [getUser({})]),
      {
        errors: [],
        warnings: [
          {
            path: `${A}.apiKeyRequired`,
            message:
              '1 endpoint(s) require an API key, but no usage plan of this service applies to stage "prod"; every call gets 403 until a key of a usage plan for this stage is sent (add custom.apiGateway.usagePlans, or attach keys managed elsewhere)',
          },
        ],
      },
    );
  });
});

describe('access control validation: accepted configs', () => {
  const accepted: Array<{
    name: string;
    config: unknown;
    events?: EventRow[];
    core?: CoreSettings;
  }> = [
    {
      name: 'every authorizer kind, a default, a public endpoint and scopes',
      config: {
        authorizers: {
          users: { type: 'cognito', userPoolArns: [POOL, { 'Fn::GetAtt': ['Pool', 'Arn'] }] },
          partner: {
            type: 'token',
            functionName: 'authorize',
            identitySource: 'X-Partner-Token',
            identityValidationExpression: '^Bearer .+$',
            resultTtlInSeconds: 0,
          },
          ctx: {
            type: 'request',
            functionArn: { 'Fn::ImportValue': 'authorizer-arn' },
            identitySource: ['method.request.header.Auth', 'context.sourceIp', 'stageVariables.x'],
          },
          nocache: { type: 'request', functionName: 'authorize', resultTtlInSeconds: 0 },
          signed: { type: 'iam' },
        },
        defaultAuthorizer: 'users',
      },
      events: [
        getUser({ scopes: ['users/read'] }),
        { ...getUser({ authorizer: 'none' }), eventIndex: 1 },
      ],
    },
    {
      name: "core's authorizer and private keep working beside a default authorizer and apiKeyRequired",
      config: {
        authorizers: { users: { type: 'cognito', userPoolArn: POOL } },
        defaultAuthorizer: 'users',
        apiKeyRequired: true,
        usagePlans: { free: {} },
      },
      events: [getUser({}, { authorizer: { name: 'legacy', arn: POOL }, private: false })],
    },
    {
      name: 'PRIVATE with an allowVpcEndpoints policy, or with an Allow from core',
      config: {
        restApi: {
          endpointType: 'PRIVATE',
          policy: { allowVpcEndpoints: ['vpce-0123456789abcdef0'] },
        },
      },
    },
    {
      name: "PRIVATE with core's resourcePolicy only",
      config: { restApi: { endpointType: 'PRIVATE' } },
      core: core({ resourcePolicy: [{ Effect: 'Allow', Principal: '*' }] }),
    },
    {
      name: 'API key values of 20 and 128 characters, and as an intrinsic',
      config: {
        usagePlans: {
          free: {
            apiKeys: [
              { name: 'a', value: 'x'.repeat(20) },
              { name: 'b', value: 'x'.repeat(128) },
              { name: 'c', value: { Ref: 'KeyValue' } },
            ],
          },
        },
      },
    },
  ];
  for (const row of accepted) {
    it(row.name, () => {
      assert.deepEqual(validate(row.config, row.events ?? [], row.core ?? core()), {
        errors: [],
        warnings: [],
      });
    });
  }
});
