/**
 * Every row is an invalid config and the EXACT list of issues it must produce: the path, the
 * wording, and that all problems are reported at once. Messages were read one by one as a user
 * would; the questionable ones are pinned as they are today and marked "QUESTIONABLE" (reported
 * to the lead), so a wording fix shows up here as a deliberate change.
 */
import assert from 'node:assert/strict';
import type { CoreSettings } from '../../../../src/pipeline/core-settings';
import type { ConfigIssue } from '../../../../src/pipeline/issues';
import { validateConfig } from '../../../../src/pipeline/validate';
import { coreSettings, validConfig, httpEvents } from '../../../helpers/config-builders';

interface Row {
  name: string;
  config: unknown;
  core?: CoreSettings;
  events?: Array<{ functionName: string; eventIndex: number; settings: unknown }>;
  expected: ConfigIssue[];
}

const REST_API_KEYS =
  'Allowed keys: name, description, endpointType, vpcEndpointIds, binaryMediaTypes, minimumCompressionSize, apiKeySource, disableExecuteApiEndpoint, cloudWatchRole, policy, tags, compile.';
const STAGE_KEYS =
  'Allowed keys: description, variables, throttling, logging, tracing, metrics, caching, canary, tags, clientCertificate, domains, waf.';
const LOGGING_KEYS = 'Allowed keys: level, dataTrace, accessLog, retentionInDays.';

const CACHE_SIZES = '0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237';
const CLOUD_WATCH_ROLE =
  "is not an account CloudWatch role setting: Execution and access logging need the account-level CloudWatch role of API Gateway (one per account and region, shared by every API there). 'ensure' (default) lets Serverless set it through its custom resource only when the account has none; 'external' means you manage it yourself; an IAM role ARN is set as the account's role.";
const ACCESS_LOG =
  'is not an access log setting: false (off), a preset (clf, json, xml, csv), a custom format string of $context variables that includes $context.requestId or $context.extendedRequestId, or { format, destinationArn } to log to a log group you own.';
const CLIENT_CERTIFICATE =
  'is not a client certificate setting: true creates an AWS::ApiGateway::ClientCertificate and attaches it to the stage, so HTTP backends can verify calls come from API Gateway; an object also sets its description.';
const STAGE_VARIABLE_NAME =
  'is not a valid stage variable name: letters, digits and underscore only ([A-Za-z0-9_]+)';
const STAGE_NAME =
  "is not a valid stage name: '*' or a stage name of letters, digits, '-' and '_', up to 128 characters (API Gateway rule)";
const TAG_KEY =
  "is not a valid tag key: 1-128 characters, not starting with 'aws:' (reserved by AWS).";
const NO_REQUEST_ID =
  'a custom access-log format must include $context.requestId or $context.extendedRequestId (API Gateway rejects it otherwise); add one, or use a preset: clf, json, xml, csv';
const CANARY_WITHOUT_VARIABLES =
  'a canary sends traffic to the same deployment as the stage, so without variables it changes nothing; add canary.variables (e.g. a Lambda alias or backend URL the integrations read from ${stageVariables.x})';
const SHARED_REST_API =
  'this service attaches to a shared REST API (provider.apiGateway.restApiId), whose settings belong to the stack that created it; remove custom.apiGateway.restApi here and set them in that service';
const SHARED_STAGES =
  'this service attaches to a shared REST API (provider.apiGateway.restApiId); its stage belongs to the stack that created the API, so configure stages in that service and remove them here';
const TTL_RANGE =
  'Default time to live of cached responses, 0-3600 s (API Gateway limit; default 300).';
const COMPRESSION_RANGE =
  'Smallest response body, in bytes, that API Gateway compresses; 0-10485760 (10 MB).';
const PERCENT_RANGE = 'Share of requests routed to the canary, 0.0-100.0.';
const LOG_ARN = 'arn:aws:logs:eu-west-1:123456789012:log-group:orders-access';

const P = 'custom.apiGateway';
const PROD = `${P}.stages.prod`;

/** `{ stages: { prod: stage } }` */
function prod(stage: Record<string, unknown>): Record<string, unknown> {
  return { stages: { prod: stage } };
}

/** 49 tags t00..t48. */
const TAGS_49 = Object.fromEntries(
  Array.from({ length: 49 }, (_, index) => [`t${String(index).padStart(2, '0')}`, 'v']),
);

const rows: Row[] = [
  // --- misspelt and unknown keys -----------------------------------------------------------
  {
    name: 'misspelt top-level key "stges"',
    config: { stges: { prod: {} } },
    expected: [
      {
        path: 'custom.apiGateway.stges',
        message:
          'unknown key "stges"; did you mean "stages"? Allowed keys: restApi, stages, authorizers, defaultAuthorizer, apiKeyRequired, usagePlans, cors, gatewayResponses, routes, models, openapi, httpApi, websocket, stageMigration, local, missingStage, lint.',
      },
    ],
  },
  {
    name: 'wrongly cased top-level key "restapi"',
    config: { restapi: { name: 'orders' } },
    expected: [
      {
        path: 'custom.apiGateway.restapi',
        message:
          'unknown key "restapi"; did you mean "restApi"? Allowed keys: restApi, stages, authorizers, defaultAuthorizer, apiKeyRequired, usagePlans, cors, gatewayResponses, routes, models, openapi, httpApi, websocket, stageMigration, local, missingStage, lint.',
      },
    ],
  },
  {
    name: 'misspelt restApi key "endpointTyp"',
    config: { restApi: { endpointTyp: 'REGIONAL' } },
    expected: [
      {
        path: `${P}.restApi.endpointTyp`,
        message: `unknown key "endpointTyp"; did you mean "endpointType"? ${REST_API_KEYS}`,
      },
    ],
  },
  {
    name: 'misspelt stage key "cachng"',
    config: prod({ cachng: { enabled: true } }),
    expected: [
      {
        path: `${PROD}.cachng`,
        message: `unknown key "cachng"; did you mean "caching"? ${STAGE_KEYS}`,
      },
    ],
  },
  {
    name: 'misspelt stage key "loging"',
    config: prod({ loging: { level: 'INFO' } }),
    expected: [
      {
        path: `${PROD}.loging`,
        message: `unknown key "loging"; did you mean "logging"? ${STAGE_KEYS}`,
      },
    ],
  },
  {
    name: 'misspelt logging key "acessLog"',
    config: prod({ logging: { acessLog: 'json' } }),
    expected: [
      {
        path: `${PROD}.logging.acessLog`,
        message: `unknown key "acessLog"; did you mean "accessLog"? ${LOGGING_KEYS}`,
      },
    ],
  },
  {
    name: 'misspelt throttling key "burstlimit" (case only)',
    config: prod({ throttling: { burstlimit: 5 } }),
    expected: [
      {
        path: `${PROD}.throttling.burstlimit`,
        message:
          'unknown key "burstlimit"; did you mean "burstLimit"? Allowed keys: rateLimit, burstLimit.',
      },
    ],
  },
  {
    name: 'misspelt canary key "percentTrafic" also misses the required key',
    config: prod({ canary: { percentTrafic: 5, variables: { alias: 'canary' } } }),
    expected: [
      {
        path: 'custom.apiGateway.stages.prod.canary.percentTrafic',
        message:
          'unknown key "percentTrafic"; did you mean "percentTraffic"? Allowed keys: percentTraffic, variables, useStageCache.',
      },
    ],
  },
  {
    name: 'unknown stage key with no close match: no suggestion',
    config: prod({ banana: true }),
    expected: [
      {
        path: 'custom.apiGateway.stages.prod.banana',
        message:
          'unknown key "banana"; allowed keys: description, variables, throttling, logging, tracing, metrics, caching, canary, tags, clientCertificate, domains, waf.',
      },
    ],
  },
  {
    name: 'unknown caching key "ttl": too far from ttlInSeconds to suggest',
    config: prod({ caching: { ttl: 5 } }),
    expected: [
      {
        path: 'custom.apiGateway.stages.prod.caching.ttl',
        message:
          'unknown key "ttl"; allowed keys: enabled, clusterSize, ttlInSeconds, encrypted, invalidation.',
      },
    ],
  },
  {
    name: 'unknown key in the clientCertificate object',
    config: prod({ clientCertificate: { descr: 'x' } }),
    expected: [
      {
        path: 'custom.apiGateway.stages.prod.clientCertificate.descr',
        message: 'unknown key "descr"; allowed keys: description.',
      },
    ],
  },

  // --- wrong types ---------------------------------------------------------------------------
  {
    name: 'string for a boolean',
    config: prod({ tracing: 'true' }),
    expected: [{ path: `${PROD}.tracing`, message: 'expected true or false, found string "true"' }],
  },
  {
    name: 'string for a number',
    config: prod({ caching: { ttlInSeconds: '300' } }),
    expected: [
      {
        path: 'custom.apiGateway.stages.prod.caching.ttlInSeconds',
        message: 'expected a whole number (cache TTL in seconds), found string "300"',
      },
    ],
  },
  {
    name: 'number for a string',
    config: { restApi: { name: 42 } },
    expected: [
      {
        path: `${P}.restApi.name`,
        message: 'expected a string (REST API name), found number 42',
      },
    ],
  },
  {
    name: 'list for an object',
    config: prod({ logging: [] }),
    expected: [
      {
        path: `${PROD}.logging`,
        message: 'expected an object (logging settings), found a list',
      },
    ],
  },
  {
    name: 'list for stages',
    config: { stages: [{ prod: {} }] },
    expected: [{ path: `${P}.stages`, message: 'expected an object (stages), found a list' }],
  },
  {
    name: 'null stage entry',
    config: { stages: { prod: null } },
    expected: [{ path: PROD, message: 'expected an object (stage settings), found null' }],
  },
  {
    name: 'string clientCertificate',
    config: prod({ clientCertificate: 'yes' }),
    expected: [{ path: `${PROD}.clientCertificate`, message: `"yes" ${CLIENT_CERTIFICATE}` }],
  },
  {
    name: 'number as a tag value',
    config: prod({ tags: { env: 1 } }),
    expected: [
      { path: `${PROD}.tags.env`, message: 'expected a string (tag value), found number 1' },
    ],
  },

  // --- enums ---------------------------------------------------------------------------------
  {
    name: 'endpointType in lower case: did you mean',
    config: { restApi: { endpointType: 'regional' } },
    expected: [
      {
        path: `${P}.restApi.endpointType`,
        message:
          '"regional" is not an endpoint type; use one of EDGE, REGIONAL, PRIVATE (did you mean "REGIONAL"?)',
      },
    ],
  },
  {
    name: 'endpointType with no close match',
    config: { restApi: { endpointType: 'CLOUDFRONT' } },
    expected: [
      {
        path: `${P}.restApi.endpointType`,
        message: '"CLOUDFRONT" is not an endpoint type; use one of EDGE, REGIONAL, PRIVATE',
      },
    ],
  },
  {
    name: 'apiKeySource',
    config: { restApi: { apiKeySource: 'header' } },
    expected: [
      {
        path: `${P}.restApi.apiKeySource`,
        message:
          '"header" is not an API key source; use one of HEADER, AUTHORIZER (did you mean "HEADER"?)',
      },
    ],
  },
  {
    name: 'logging.level',
    config: prod({ logging: { level: 'DEBUG' } }),
    expected: [
      {
        path: `${PROD}.logging.level`,
        message: '"DEBUG" is not an execution log level; use one of OFF, ERROR, INFO',
      },
    ],
  },
  {
    name: 'logging.retentionInDays not an allowed value',
    config: prod({ logging: { retentionInDays: 10 } }),
    expected: [
      {
        path: 'custom.apiGateway.stages.prod.logging.retentionInDays',
        message:
          '10 is not a log retention in days; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653',
      },
    ],
  },
  {
    name: 'logging.retentionInDays as a string',
    config: prod({ logging: { retentionInDays: '30' } }),
    expected: [
      {
        path: 'custom.apiGateway.stages.prod.logging.retentionInDays',
        message: 'expected a number, found string "30"; write 30 without quotes',
      },
    ],
  },
  {
    name: 'caching.clusterSize "3": no did-you-mean for numbers',
    config: prod({ caching: { clusterSize: '3' } }),
    expected: [
      {
        path: `${PROD}.caching.clusterSize`,
        message: `"3" is not a cache size; use one of ${CACHE_SIZES}`,
      },
    ],
  },
  {
    name: 'caching.clusterSize as a number',
    config: prod({ caching: { clusterSize: 3 } }),
    expected: [
      {
        path: `${PROD}.caching.clusterSize`,
        message: `3 is not a cache size; use one of ${CACHE_SIZES}`,
      },
    ],
  },
  {
    name: 'stageMigration',
    config: { stageMigration: 'delete' },
    expected: [
      {
        path: `${P}.stageMigration`,
        message: '"delete" is not a stage migration policy; use one of fail, recreate',
      },
    ],
  },
  {
    name: 'local.jwks: a file path per issuer URL',
    config: { local: { jwks: { 'eu-west-1_Abc': 'jwks.json', 'https://issuer.example': 3 } } },
    expected: [
      {
        path: `${P}.local.jwks.eu-west-1_Abc`,
        message:
          '"eu-west-1_Abc" is not a valid issuer: an issuer URL such as https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123',
      },
      {
        path: `${P}.local.jwks['https://issuer.example']`,
        message: 'expected a string (JWKS file), found number 3',
      },
    ],
  },
  {
    name: 'local.awsEndpoint: an http(s) URL',
    config: { local: { awsEndpoint: 'localhost:4566' } },
    expected: [
      {
        path: `${P}.local.awsEndpoint`,
        message:
          '"localhost:4566" is not a valid local AWS endpoint: the http(s) URL of a local AWS endpoint such as http://127.0.0.1:4566 (LocalStack, moto_server, any emulator) that the local gateway sends aws integrations to, SigV4-signed; --aws-endpoint overrides it',
      },
    ],
  },
  {
    name: 'local.credentials: each needs its key pair, an ARN is an IAM or STS ARN',
    config: {
      local: {
        credentials: [
          { accessKeyId: 'AKIALOCALTEST0000001' },
          { accessKeyId: 'AKIALOCALTEST0000002', secretAccessKey: 's', arn: 'local-user' },
        ],
      },
    },
    expected: [
      {
        path: `${P}.local.credentials[0]`,
        message: 'missing required key "secretAccessKey" in the local IAM credential',
      },
      {
        path: `${P}.local.credentials[1].arn`,
        message:
          '"local-user" is not a valid caller ARN: the caller\'s ARN ($context.identity.userArn; its account is $context.identity.accountId); default arn:aws:iam::123456789012:user/local',
      },
    ],
  },
  {
    name: 'cloudWatchRole misspelt',
    config: { restApi: { cloudWatchRole: 'ensur' } },
    expected: [
      {
        path: 'custom.apiGateway.restApi.cloudWatchRole',
        message:
          "\"ensur\" is not an account CloudWatch role setting: Execution and access logging need the account-level CloudWatch role of API Gateway (one per account and region, shared by every API there). 'ensure' (default) lets Serverless set it through its custom resource only when the account has none; 'external' means you manage it yourself; an IAM role ARN is set as the account's role. (did you mean \"ensure\"?)",
      },
    ],
  },
  {
    name: 'cloudWatchRole a role name, not an ARN',
    config: { restApi: { cloudWatchRole: 'my-apigw-role' } },
    expected: [
      { path: `${P}.restApi.cloudWatchRole`, message: `"my-apigw-role" ${CLOUD_WATCH_ROLE}` },
    ],
  },
  {
    // QUESTIONABLE: does not say why the ARN is rejected (the account id needs 12 digits).
    name: 'cloudWatchRole an ARN with a short account id',
    config: { restApi: { cloudWatchRole: 'arn:aws:iam::123:role/x' } },
    expected: [
      {
        path: `${P}.restApi.cloudWatchRole`,
        message: `"arn:aws:iam::123:role/x" ${CLOUD_WATCH_ROLE}`,
      },
    ],
  },

  // --- numeric ranges ----------------------------------------------------------------------
  {
    name: 'ttlInSeconds above 3600',
    config: prod({ caching: { ttlInSeconds: 5000 } }),
    expected: [
      {
        path: `${PROD}.caching.ttlInSeconds`,
        message: `5000 is above the maximum 3600: ${TTL_RANGE}`,
      },
    ],
  },
  {
    name: 'ttlInSeconds below 0',
    config: prod({ caching: { ttlInSeconds: -1 } }),
    expected: [
      {
        path: `${PROD}.caching.ttlInSeconds`,
        message: `-1 is below the minimum 0: ${TTL_RANGE}`,
      },
    ],
  },
  {
    name: 'minimumCompressionSize below 0',
    config: { restApi: { minimumCompressionSize: -1 } },
    expected: [
      {
        path: `${P}.restApi.minimumCompressionSize`,
        message: `-1 is below the minimum 0: ${COMPRESSION_RANGE}`,
      },
    ],
  },
  {
    name: 'minimumCompressionSize above 10 MB',
    config: { restApi: { minimumCompressionSize: 10485761 } },
    expected: [
      {
        path: `${P}.restApi.minimumCompressionSize`,
        message: `10485761 is above the maximum 10485760: ${COMPRESSION_RANGE}`,
      },
    ],
  },
  {
    name: 'canary percentTraffic 101',
    config: prod({ canary: { percentTraffic: 101, variables: { alias: 'canary' } } }),
    expected: [
      {
        path: `${PROD}.canary.percentTraffic`,
        message: `101 is above the maximum 100: ${PERCENT_RANGE}`,
      },
    ],
  },
  {
    name: 'burstLimit not a whole number',
    config: prod({ throttling: { burstLimit: 1.5 } }),
    expected: [
      {
        path: 'custom.apiGateway.stages.prod.throttling.burstLimit',
        message: 'expected a whole number (burst limit in requests), found number 1.5',
      },
    ],
  },
  {
    name: 'burstLimit below 0',
    config: prod({ throttling: { burstLimit: -1 } }),
    expected: [
      {
        path: `${PROD}.throttling.burstLimit`,
        message:
          '-1 is below the minimum 0: Largest burst of concurrent requests; a whole number >= 0 (API Gateway ThrottlingBurstLimit).',
      },
    ],
  },
  {
    name: 'rateLimit below 0',
    config: prod({ throttling: { rateLimit: -1 } }),
    expected: [
      {
        path: `${PROD}.throttling.rateLimit`,
        message:
          '-1 is below the minimum 0: Steady-state requests per second; must be >= 0 (API Gateway ThrottlingRateLimit).',
      },
    ],
  },

  // --- patterns and lengths --------------------------------------------------------------
  {
    name: "stage name 'bad stage!'",
    config: { stages: { 'bad stage!': { tracing: true } } },
    expected: [{ path: `${P}.stages['bad stage!']`, message: `"bad stage!" ${STAGE_NAME}` }],
  },
  {
    name: 'stage variable name with a dash',
    config: prod({ variables: { 'my-var': 'x' } }),
    expected: [{ path: `${PROD}.variables.my-var`, message: `"my-var" ${STAGE_VARIABLE_NAME}` }],
  },
  {
    name: 'stage variable name with a space',
    config: prod({ variables: { 'my var': 'x' } }),
    expected: [{ path: `${PROD}.variables['my var']`, message: `"my var" ${STAGE_VARIABLE_NAME}` }],
  },
  {
    name: 'canary variable name with a dash',
    config: prod({ canary: { percentTraffic: 5, variables: { 'my-var': 'x' } } }),
    expected: [
      { path: `${PROD}.canary.variables.my-var`, message: `"my-var" ${STAGE_VARIABLE_NAME}` },
    ],
  },
  {
    name: 'stage variable value with a space',
    config: prod({ variables: { greeting: 'hello world' } }),
    expected: [
      {
        path: 'custom.apiGateway.stages.prod.variables.greeting',
        message:
          '"hello world" is not a valid stage variable value: letters, digits and -._~:/?#&=, only, up to 2,048 characters (API Gateway rule), or a CloudFormation intrinsic function',
      },
    ],
  },
  {
    name: 'stage variable value over 2,048 characters',
    config: prod({ variables: { big: 'a'.repeat(2049) } }),
    expected: [
      {
        path: 'custom.apiGateway.stages.prod.variables.big',
        message:
          'a value of 2049 characters is too long: at most 2048: letters, digits and -._~:/?#&=, only, up to 2,048 characters (API Gateway rule), or a CloudFormation intrinsic function',
      },
    ],
  },
  {
    name: 'binary media type without a subtype',
    config: { restApi: { binaryMediaTypes: ['image/png', 'image'] } },
    expected: [
      {
        path: `${P}.restApi.binaryMediaTypes[1]`,
        message:
          '"image" is not a valid media type: written type/subtype, such as image/png or */*',
      },
    ],
  },
  {
    name: "stage tag key starting with 'aws:'",
    config: prod({ tags: { 'aws:owner': 'me' } }),
    expected: [{ path: `${PROD}.tags['aws:owner']`, message: `"aws:owner" ${TAG_KEY}` }],
  },
  {
    name: "restApi tag key starting with 'aws:'",
    config: { restApi: { tags: { 'aws:owner': 'me' } } },
    expected: [{ path: `${P}.restApi.tags['aws:owner']`, message: `"aws:owner" ${TAG_KEY}` }],
  },
  {
    name: 'tag value over 256 characters',
    config: prod({ tags: { k: 'v'.repeat(257) } }),
    expected: [
      { path: `${PROD}.tags.k`, message: 'a value of 257 characters is too long: at most 256' },
    ],
  },
  {
    name: 'empty REST API name',
    config: { restApi: { name: '' } },
    expected: [
      {
        path: 'custom.apiGateway.restApi.name',
        message:
          "\"\" is too short: at least 1 character: Name of the REST API. Default: core's naming, '<stage>-<service>' (or provider.apiName).",
      },
    ],
  },
  {
    name: 'empty vpcEndpointIds list',
    config: { restApi: { endpointType: 'PRIVATE', vpcEndpointIds: [] } },
    expected: [
      {
        path: `${P}.restApi.vpcEndpointIds`,
        message:
          'the list needs at least 1 item(s): Interface VPC endpoints (vpce-...) associated with a PRIVATE API; only allowed with endpointType PRIVATE.',
      },
    ],
  },

  // --- required keys and the access-log shapes ----------------------------------------------
  {
    name: 'canary without percentTraffic',
    config: prod({ canary: { variables: { alias: 'canary' } } }),
    expected: [
      {
        path: `${PROD}.canary`,
        message: 'missing required key "percentTraffic" in the canary settings',
      },
    ],
  },
  {
    name: 'accessLog object without format',
    config: prod({ logging: { accessLog: { destinationArn: LOG_ARN } } }),
    expected: [
      {
        path: 'custom.apiGateway.stages.prod.logging.accessLog',
        message: 'missing required key "format" in the access log setting',
      },
    ],
  },
  {
    name: 'accessLog object with an unknown key',
    config: prod({ logging: { accessLog: { format: 'json', destination: LOG_ARN } } }),
    expected: [
      {
        path: 'custom.apiGateway.stages.prod.logging.accessLog.destination',
        message:
          'unknown key "destination"; did you mean "destinationArn"? Allowed keys: format, destinationArn.',
      },
    ],
  },
  {
    name: 'accessLog: true',
    config: prod({ logging: { accessLog: true } }),
    expected: [{ path: `${PROD}.logging.accessLog`, message: `true ${ACCESS_LOG}` }],
  },
  {
    name: 'accessLog text with no $context variable',
    config: prod({ logging: { accessLog: 'requestId ip' } }),
    expected: [
      {
        path: 'custom.apiGateway.stages.prod.logging.accessLog',
        message:
          '"requestId ip" is not an access log format: a preset (clf, json, xml, csv) or a custom format string of $context variables that includes $context.requestId or $context.extendedRequestId',
      },
    ],
  },
  {
    name: 'accessLog.format with no $context variable',
    config: prod({ logging: { accessLog: { format: 'requestId ip' } } }),
    expected: [
      {
        path: `${PROD}.logging.accessLog.format`,
        message:
          '"requestId ip" is not an access log format: a preset (clf, json, xml, csv) or a custom format string of $context variables that includes $context.requestId or $context.extendedRequestId',
      },
    ],
  },
  {
    name: 'accessLog.destinationArn not an ARN',
    config: prod({ logging: { accessLog: { format: 'json', destinationArn: 'orders-access' } } }),
    expected: [
      {
        path: 'custom.apiGateway.stages.prod.logging.accessLog.destinationArn',
        message:
          '"orders-access" is not a valid log group or Kinesis Data Firehose ARN: an arn:aws:logs:… log group ARN or an arn:aws:firehose:… delivery stream ARN (stream name starting amazon-apigateway-), or a CloudFormation intrinsic function',
      },
    ],
  },

  // --- intrinsic functions ------------------------------------------------------------------
  {
    name: '{ Reff } as a stage variable value',
    config: prod({ variables: { alias: { Reff: 'ProdAlias' } } }),
    expected: [
      {
        path: 'custom.apiGateway.stages.prod.variables.alias.Reff',
        message:
          '"Reff" is not a valid intrinsic function name; use one of Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::ImportValue, Fn::If, Fn::Select, Fn::Split, Fn::FindInMap, Fn::Base64 (did you mean "Ref"?)',
      },
    ],
  },
  {
    name: '{ Reff } as a vpcEndpointIds item',
    config: { restApi: { endpointType: 'PRIVATE', vpcEndpointIds: [{ Reff: 'Vpce' }] } },
    expected: [
      {
        path: 'custom.apiGateway.restApi.vpcEndpointIds[0].Reff',
        message:
          '"Reff" is not a valid intrinsic function name; use one of Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::ImportValue, Fn::If, Fn::Select, Fn::Split, Fn::FindInMap, Fn::Base64 (did you mean "Ref"?)',
      },
    ],
  },
  {
    name: '{ Reff } as accessLog.destinationArn',
    config: prod({ logging: { accessLog: { format: 'json', destinationArn: { Reff: 'Logs' } } } }),
    expected: [
      {
        path: 'custom.apiGateway.stages.prod.logging.accessLog.destinationArn.Reff',
        message:
          '"Reff" is not a valid intrinsic function name; use one of Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::ImportValue, Fn::If, Fn::Select, Fn::Split, Fn::FindInMap, Fn::Base64 (did you mean "Ref"?)',
      },
    ],
  },
  {
    name: 'an intrinsic object with two functions',
    config: prod({ variables: { alias: { Ref: 'A', 'Fn::Sub': 'b' } } }),
    expected: [
      {
        path: 'custom.apiGateway.stages.prod.variables.alias',
        message:
          "an object is not a CloudFormation intrinsic function: A CloudFormation intrinsic function object such as { Ref: X }, { 'Fn::GetAtt': [X, Y] }, { 'Fn::Sub': '...' }, { 'Fn::Join': [...] }, { 'Fn::ImportValue': ... } or { 'Fn::If': [...] }.",
      },
    ],
  },

  // --- semantic checks -----------------------------------------------------------------------
  {
    name: 'custom access-log format without $context.requestId',
    config: prod({ logging: { accessLog: '$context.status $context.identity.sourceIp' } }),
    expected: [{ path: `${PROD}.logging.accessLog`, message: NO_REQUEST_ID }],
  },
  {
    name: "custom accessLog.format without $context.requestId in '*'",
    config: { stages: { '*': { logging: { accessLog: { format: '$context.status' } } } } },
    expected: [{ path: `${P}.stages['*'].logging.accessLog.format`, message: NO_REQUEST_ID }],
  },
  {
    name: 'retentionInDays together with destinationArn',
    config: prod({
      logging: { accessLog: { format: 'json', destinationArn: LOG_ARN }, retentionInDays: 30 },
    }),
    expected: [
      {
        path: 'custom.apiGateway.stages.prod.logging.retentionInDays',
        message:
          "retention applies only to the log group the plugin creates, but accessLog.destinationArn names your own destination; set the retention on that log group instead (or remove retentionInDays, which may come from '*')",
      },
    ],
  },
  {
    name: 'vpcEndpointIds without PRIVATE (default EDGE)',
    config: { restApi: { vpcEndpointIds: ['vpce-1'] } },
    expected: [
      {
        path: `${P}.restApi.vpcEndpointIds`,
        message:
          'VPC endpoint ids only apply to PRIVATE APIs, but the endpoint type is EDGE; set endpointType: PRIVATE or remove vpcEndpointIds',
      },
    ],
  },
  {
    name: 'vpcEndpointIds with REGIONAL',
    config: { restApi: { endpointType: 'REGIONAL', vpcEndpointIds: ['vpce-1'] } },
    expected: [
      {
        path: `${P}.restApi.vpcEndpointIds`,
        message:
          'VPC endpoint ids only apply to PRIVATE APIs, but the endpoint type is REGIONAL; set endpointType: PRIVATE or remove vpcEndpointIds',
      },
    ],
  },
  {
    name: 'core vpcEndpointIds with no endpoint type anywhere',
    config: {},
    core: coreSettings({ vpcEndpointIds: ['vpce-1'] }),
    expected: [
      {
        path: 'provider.vpcEndpointIds',
        message:
          'VPC endpoint ids only apply to PRIVATE APIs, but the endpoint type is EDGE; set endpointType: PRIVATE or remove vpcEndpointIds',
      },
    ],
  },
  {
    name: 'restApi.endpointType contradicts core endpointType',
    config: { restApi: { endpointType: 'REGIONAL' } },
    core: coreSettings({ endpointType: 'edge' }),
    expected: [
      {
        path: `${P}.restApi.endpointType`,
        message:
          '"REGIONAL" contradicts provider.endpointType "edge"; set it in one place (remove provider.endpointType, or make both equal)',
      },
    ],
  },
  {
    name: 'restApi.name contradicts provider.apiName',
    config: { restApi: { name: 'orders-api' } },
    core: coreSettings({ apiName: 'orders-v2' }),
    expected: [
      {
        path: `${P}.restApi.name`,
        message:
          '"orders-api" contradicts provider.apiName "orders-v2"; set it in one place (remove provider.apiName, or make both equal)',
      },
    ],
  },
  {
    name: 'restApi.binaryMediaTypes contradicts provider.apiGateway.binaryMediaTypes',
    config: { restApi: { binaryMediaTypes: ['image/png'] } },
    core: coreSettings({ binaryMediaTypes: ['image/jpeg'] }),
    expected: [
      {
        path: `${P}.restApi.binaryMediaTypes`,
        message:
          '["image/png"] contradicts provider.apiGateway.binaryMediaTypes ["image/jpeg"]; set it in one place (remove provider.apiGateway.binaryMediaTypes, or make both equal)',
      },
    ],
  },
  {
    name: 'shared restApiId with restApi settings',
    config: { restApi: { endpointType: 'REGIONAL' } },
    core: coreSettings({ sharedRestApiId: 'abc123' }),
    expected: [{ path: `${P}.restApi`, message: SHARED_REST_API }],
  },
  {
    name: 'shared restApiId with stages',
    config: { stages: { '*': { tracing: true } } },
    core: coreSettings({ sharedRestApiId: { 'Fn::ImportValue': 'orders-api-id' } }),
    expected: [{ path: `${P}.stages`, message: SHARED_STAGES }],
  },
  {
    name: 'shared restApiId with both',
    config: { restApi: { name: 'x' }, stages: { prod: {} } },
    core: coreSettings({ sharedRestApiId: 'abc123' }),
    expected: [
      { path: `${P}.restApi`, message: SHARED_REST_API },
      { path: `${P}.stages`, message: SHARED_STAGES },
    ],
  },
  {
    name: 'invalid stage name from --stage',
    config: {},
    core: coreSettings({ stageName: 'my stage' }),
    expected: [
      {
        path: 'provider.stage',
        message:
          "\"my stage\" (from --stage or provider.stage) is not a valid API Gateway stage name: letters, digits, '-' and '_' only, up to 128 characters",
      },
    ],
  },
  {
    name: 'more than 50 tags on the stage (provider + stage)',
    config: prod({ tags: { ...TAGS_49, env: 'prod' } }),
    core: coreSettings({ stackTags: { owner: 'platform' }, tags: { app: 'orders' } }),
    expected: [
      {
        path: `${PROD}.tags`,
        message:
          "the stage would carry 52 tags (provider.stackTags, provider.tags and the stage's own); AWS allows at most 50 per resource",
      },
    ],
  },
  {
    name: 'canary with percentTraffic but no variables',
    config: prod({ canary: { percentTraffic: 10 } }),
    expected: [{ path: `${PROD}.canary`, message: CANARY_WITHOUT_VARIABLES }],
  },

  // --- http events ---------------------------------------------------------------------------
  {
    name: 'unknown key under an http event apiGateway',
    config: {},
    events: [{ functionName: 'getOrder', eventIndex: 0, settings: { foo: 1 } }],
    expected: [
      {
        path: 'functions.getOrder.events[0].http.apiGateway.foo',
        message:
          'unknown key "foo"; allowed keys: authorizer, scopes, apiKeyRequired, caching, throttling, cors, validate, lintSuppress.',
      },
    ],
  },
  {
    name: 'http event apiGateway not an object',
    config: {},
    events: [{ functionName: 'get-order', eventIndex: 2, settings: 'yes' }],
    expected: [
      {
        path: 'functions.get-order.events[2].http.apiGateway',
        message: 'expected an object (http event apiGateway settings), found string "yes"',
      },
    ],
  },

  // --- a block in the wrong place or shape: one message that names the fix ---------------------
  {
    name: 'a WebSocket authorizer (route.request.*) in the REST authorizers',
    config: {
      authorizers: {
        connect: {
          type: 'request',
          functionName: 'authorize',
          identitySource: ['route.request.header.Auth', 'route.request.querystring.token'],
        },
      },
    },
    expected: [
      {
        path: `${P}.authorizers.connect.identitySource`,
        message:
          '"route.request.header.Auth" is a WebSocket identity source, but custom.apiGateway.authorizers holds REST API authorizers; a WebSocket authorizer (for the $connect route) goes under custom.apiGateway.websocket.authorizers.connect, with functionName or functionArn and identitySource: [route.request.header.Auth], and the $connect websocket event names it in apiGateway.authorizer',
      },
    ],
  },
  {
    name: 'a WebSocket identity source on a REST token authorizer',
    config: {
      authorizers: {
        connect: {
          type: 'token',
          functionName: 'authorize',
          identitySource: 'route.request.header.Auth',
        },
      },
    },
    expected: [
      {
        path: `${P}.authorizers.connect.identitySource`,
        message:
          '"route.request.header.Auth" is a WebSocket identity source, but custom.apiGateway.authorizers holds REST API authorizers; a WebSocket authorizer (for the $connect route) goes under custom.apiGateway.websocket.authorizers.connect, with functionName or functionArn and identitySource: [route.request.header.Auth], and the $connect websocket event names it in apiGateway.authorizer',
      },
    ],
  },
  {
    name: 'an HTTP API identity source ($request.*) in the REST authorizers',
    config: {
      authorizers: {
        partner: {
          type: 'request',
          functionName: 'authorize',
          identitySource: ['$request.header.X-Key'],
        },
      },
    },
    expected: [
      {
        path: `${P}.authorizers.partner.identitySource`,
        message:
          '"$request.header.X-Key" is an HTTP API identity source, but custom.apiGateway.authorizers holds REST API authorizers; an HTTP API authorizer goes under custom.apiGateway.httpApi.authorizers.partner (type jwt or lambda), and httpApi events name it in apiGateway.authorizer',
      },
    ],
  },
  {
    name: 'a model written as a bare JSON Schema',
    config: {
      models: {
        Order: {
          type: 'object',
          properties: { id: { type: 'string' } },
          required: ['id'],
        },
      },
    },
    expected: [
      {
        path: `${P}.models.Order`,
        message:
          'this is a JSON Schema (type, properties, required) written as the model itself, but a model is { schema, contentType, description }; move the JSON Schema under schema: (Order: { schema: { type: object, properties: … } }), or give a file (schema: schemas/Order.json)',
      },
    ],
  },
  {
    name: 'a bare JSON Schema model next to other errors, each reported once',
    config: {
      models: {
        Order: { $schema: 'http://json-schema.org/draft-04/schema#', type: 'object' },
        Item: { schema: { type: 'object' }, contentTyp: 'application/json' },
      },
      stages: { prod: { tracing: 'yes' } },
    },
    expected: [
      {
        path: `${P}.models.Order`,
        message:
          'this is a JSON Schema ($schema, type) written as the model itself, but a model is { schema, contentType, description }; move the JSON Schema under schema: (Order: { schema: { type: object, properties: … } }), or give a file (schema: schemas/Order.json)',
      },
      {
        path: `${P}.models.Item.contentTyp`,
        message:
          'unknown key "contentTyp"; did you mean "contentType"? Allowed keys: schema, contentType, description.',
      },
      { path: `${PROD}.tracing`, message: 'expected true or false, found string "yes"' },
    ],
  },

  // --- many at once, and not an object at all -------------------------------------------------
  {
    name: 'several errors in one config, and in an event, are reported together',
    config: {
      restApi: { endpointType: 'regional', minimumCompressionSize: -5 },
      stages: {
        '*': { tracing: 'yes' },
        prod: { cachng: {}, caching: { clusterSize: '3', ttlInSeconds: 5000 } },
      },
      stageMigration: 'never',
    },
    events: [{ functionName: 'getOrder', eventIndex: 1, settings: { colour: 'blue' } }],
    expected: [
      {
        path: `${P}.restApi.endpointType`,
        message:
          '"regional" is not an endpoint type; use one of EDGE, REGIONAL, PRIVATE (did you mean "REGIONAL"?)',
      },
      {
        path: `${P}.restApi.minimumCompressionSize`,
        message: `-5 is below the minimum 0: ${COMPRESSION_RANGE}`,
      },
      {
        path: `${P}.stageMigration`,
        message: '"never" is not a stage migration policy; use one of fail, recreate',
      },
      { path: `${P}.stages['*'].tracing`, message: 'expected true or false, found string "yes"' },
      {
        path: `${PROD}.cachng`,
        message: `unknown key "cachng"; did you mean "caching"? ${STAGE_KEYS}`,
      },
      {
        path: `${PROD}.caching.clusterSize`,
        message: `"3" is not a cache size; use one of ${CACHE_SIZES}`,
      },
      {
        path: `${PROD}.caching.ttlInSeconds`,
        message: `5000 is above the maximum 3600: ${TTL_RANGE}`,
      },
      {
        path: 'functions.getOrder.events[1].http.apiGateway.colour',
        message:
          'unknown key "colour"; allowed keys: authorizer, scopes, apiKeyRequired, caching, throttling, cors, validate, lintSuppress.',
      },
    ],
  },
  {
    name: 'custom.apiGateway: "yes"',
    config: 'yes',
    expected: [{ path: P, message: 'expected an object (custom.apiGateway), found string "yes"' }],
  },
  {
    name: 'custom.apiGateway: a list',
    config: [{ restApi: {} }],
    expected: [{ path: P, message: 'expected an object (custom.apiGateway), found a list' }],
  },
  {
    name: 'custom.apiGateway: true',
    config: true,
    expected: [{ path: P, message: 'expected an object (custom.apiGateway), found boolean true' }],
  },
  {
    name: 'numeric stage name in a path',
    config: { stages: { '123': { tracing: 'x' } } },
    expected: [
      {
        path: "custom.apiGateway.stages['123'].tracing",
        message: 'expected true or false, found string "x"',
      },
    ],
  },
];

/** Configs that look suspicious but are fine. */
const accepted: Array<Omit<Row, 'expected'>> = [
  { name: 'the full valid config (prod)', config: validConfig() },
  {
    name: 'the full valid config (dev)',
    config: validConfig(),
    core: coreSettings({ stageName: 'dev' }),
  },
  { name: 'custom.apiGateway absent (undefined)', config: undefined },
  { name: 'custom.apiGateway: null (an empty YAML key)', config: null },
  {
    name: '{ Ref } as a stage variable value, canary variable and vpcEndpointIds item',
    config: {
      restApi: {
        endpointType: 'PRIVATE',
        vpcEndpointIds: [{ Ref: 'Vpce' }, 'vpce-2'],
        policy: { statements: [{ Effect: 'Allow' }] },
      },
      stages: {
        prod: {
          variables: { alias: { Ref: 'ProdAlias' }, url: { 'Fn::Sub': 'https://${Host}/v1' } },
          canary: { percentTraffic: 5, variables: { alias: { 'Fn::GetAtt': ['Alias', 'Name'] } } },
          logging: {
            accessLog: { format: 'json', destinationArn: { 'Fn::GetAtt': ['Logs', 'Arn'] } },
          },
        },
      },
    },
  },
  {
    name: 'endpointType equal to core modulo case',
    config: { restApi: { endpointType: 'REGIONAL' } },
    core: coreSettings({ endpointType: 'regional' }),
  },
  {
    name: 'apiKeySource equal to core modulo case',
    config: { restApi: { apiKeySource: 'AUTHORIZER' } },
    core: coreSettings({ apiKeySourceType: 'authorizer' }),
  },
  {
    name: 'vpcEndpointIds from core with PRIVATE from core',
    config: { restApi: { policy: { statements: [{ Effect: 'Allow' }] } } },
    core: coreSettings({ vpcEndpointIds: ['vpce-1'], endpointType: 'private' }),
  },
  {
    name: 'exactly 50 tags',
    config: prod({ tags: TAGS_49 }),
    core: coreSettings({ stackTags: { owner: 'platform' } }),
  },
  { name: 'canary at 0% without variables', config: prod({ canary: { percentTraffic: 0 } }) },
  {
    name: 'accessLog with $context.extendedRequestId',
    config: prod({ logging: { accessLog: '$context.extendedRequestId $context.status' } }),
  },
  { name: 'accessLog: false', config: prod({ logging: { accessLog: false } }) },
  {
    name: 'clusterSize as a number',
    config: prod({ caching: { enabled: true, clusterSize: 0.5 } }),
  },
  {
    name: 'http event with empty apiGateway settings',
    config: {},
    events: [{ functionName: 'getOrder', eventIndex: 0, settings: {} }],
  },
];

describe('config validation table', () => {
  it(`has at least 40 invalid configs (${rows.length})`, () => {
    assert.ok(rows.length >= 40);
  });

  for (const row of rows) {
    it(row.name, () => {
      const result = validateConfig(row.config, httpEvents(row.events), row.core ?? coreSettings());
      assert.deepEqual(result.errors, row.expected);
      assert.deepEqual(result.warnings, []);
    });
  }
});

describe('config validation: accepted configs', () => {
  for (const row of accepted) {
    it(row.name, () => {
      assert.deepEqual(
        validateConfig(row.config, httpEvents(row.events), row.core ?? coreSettings()),
        {
          errors: [],
          warnings: [],
        },
      );
    });
  }
});
