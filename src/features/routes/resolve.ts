/**
 * Routes without a function (`custom.apiGateway.routes`): their keys, integrations, mapping
 * templates and request validation, resolved into plain data the semantic checks and the
 * compiler share. Everything here is pure except `loadServiceFiles`, the one edge function that
 * reads the template and schema files a config names (see `ServiceFiles`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CoreSettings } from '../../pipeline/core-settings';
import type { EventsByKind, EventRef } from '../../shared/events';
import { eventSettingsPath } from '../../shared/events';
import { joinPath } from '../../pipeline/issues';
import type { ApiGatewayConfig, CloudFormationIntrinsic } from '../../config/types.generated';

export type RoutesConfig = NonNullable<ApiGatewayConfig['routes']>;
export type RouteConfig = RoutesConfig[string];
export type IntegrationSetting = RouteConfig['integration'];
export type IntegrationObject = Exclude<IntegrationSetting, 'mock'>;
export type IntegrationType = IntegrationObject['type'];
export type IntegrationRequestConfig = NonNullable<RouteConfig['request']>;
export type ResponseConfig = NonNullable<RouteConfig['response']>;
export type ResponseEntryConfig = NonNullable<RouteConfig['responses']>[string];
export type TemplateSetting = NonNullable<IntegrationRequestConfig['template']>;
export type ValidateConfig = NonNullable<RouteConfig['validate']>;
export type CfnString = string | CloudFormationIntrinsic;

export const ROUTES_PATH = 'custom.apiGateway.routes';
export const DEFAULT_CONTENT_TYPE = 'application/json';
export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'];

// ---------------------------------------------------------------------------------------------
// Route keys

export interface ParsedRouteKey {
  /** Upper case: GET … ANY. */
  readonly method: string;
  /** Core's normalised form: no leading or trailing '/', '' for the root. */
  readonly path: string;
  /** `{id}` → id, `{proxy+}` → proxy, in path order. */
  readonly pathParameters: readonly string[];
  /** Set when the last segment is greedy (`{proxy+}`). */
  readonly greedy?: string;
}

const LITERAL_SEGMENT = /^[A-Za-z0-9._~:@!$&'()*+,;=-]+$/;
const PARAMETER_SEGMENT = /^\{([A-Za-z0-9_.-]+)(\+?)\}$/;

/** Parses `'GET /orders/{id}'`; the problems, when any, say what is wrong with the path. */
export function parseRouteKey(key: string): { route?: ParsedRouteKey; problems: string[] } {
  const [method, rawPath = ''] = key.split(' ');
  const path = rawPath.replace(/^\/+|\/+$/g, '');
  const problems: string[] = [];
  const pathParameters: string[] = [];
  let greedy: string | undefined;
  const segments = path === '' ? [] : path.split('/');
  segments.forEach((segment, index) => {
    const parameter = PARAMETER_SEGMENT.exec(segment);
    if (parameter) {
      if (pathParameters.includes(parameter[1]))
        problems.push(
          `path parameter {${parameter[1]}} appears twice; API Gateway needs unique names in a path`,
        );
      pathParameters.push(parameter[1]);
      if (parameter[2] === '+') {
        if (index !== segments.length - 1)
          problems.push(
            `{${parameter[1]}+} is greedy and must be the last segment of the path (API Gateway rule), e.g. /files/{${parameter[1]}+}`,
          );
        else greedy = parameter[1];
      }
    } else if (segment === '') {
      problems.push("the path has an empty segment ('//'); remove the extra '/'");
    } else if (!LITERAL_SEGMENT.test(segment)) {
      problems.push(
        `path segment "${segment}" is neither literal text (letters, digits and ._~:@!$&'()*+,;=-) nor a parameter {name} or {name+}`,
      );
    }
  });
  if (problems.length > 0) return { problems };
  return {
    route: { method, path, pathParameters, ...(greedy !== undefined ? { greedy } : {}) },
    problems,
  };
}

export function routePath(key: string): string {
  return joinPath(ROUTES_PATH, key);
}

/** `GET /orders/{id}`, as messages show an endpoint. */
export function describeRoute(route: Pick<ParsedRouteKey, 'method' | 'path'>): string {
  return `${route.method} /${route.path}`;
}

export interface ResolvedRoute extends ParsedRouteKey {
  readonly key: string;
  readonly configPath: string;
  readonly config: RouteConfig;
  readonly integration: IntegrationObject;
}

/** Every route whose key parses, sorted by key (the semantic checks report the others). */
export function resolveRoutes(raw: ApiGatewayConfig): ResolvedRoute[] {
  const routes = raw.routes ?? {};
  return Object.keys(routes)
    .sort()
    .flatMap((key) => {
      const { route } = parseRouteKey(key);
      if (!route) return [];
      const config = routes[key];
      const integration: IntegrationObject =
        config.integration === 'mock' ? { type: 'mock' } : config.integration;
      return [{ ...route, key, configPath: routePath(key), config, integration }];
    });
}

// ---------------------------------------------------------------------------------------------
// AWS service actions

export type AwsTargetKey =
  | 'queueArn'
  | 'tableName'
  | 'bucket'
  | 'key'
  | 'streamArn'
  | 'stateMachineArn'
  | 'topicArn'
  | 'eventBus'
  | 'source'
  | 'detailType'
  | 'resource';

export interface AwsActionSpec {
  /** Keys the action needs. */
  readonly requires: readonly AwsTargetKey[];
  /** Keys the action may take besides those. */
  readonly optional?: readonly AwsTargetKey[];
}

/** The actions with a built-in target, URI, least-privilege policy and default template. */
export const AWS_ACTIONS: Readonly<Record<string, AwsActionSpec>> = {
  'sqs:SendMessage': { requires: ['queueArn'] },
  'dynamodb:PutItem': { requires: ['tableName'] },
  'dynamodb:GetItem': { requires: ['tableName'] },
  'dynamodb:Query': { requires: ['tableName'] },
  's3:GetObject': { requires: ['bucket', 'key'] },
  's3:PutObject': { requires: ['bucket', 'key'] },
  'kinesis:PutRecord': { requires: ['streamArn'] },
  'states:StartExecution': { requires: ['stateMachineArn'] },
  'events:PutEvents': { requires: ['source'], optional: ['eventBus', 'detailType'] },
  'sns:Publish': { requires: ['topicArn'] },
};

export const AWS_TARGET_KEYS: readonly AwsTargetKey[] = [
  'queueArn',
  'tableName',
  'bucket',
  'key',
  'streamArn',
  'stateMachineArn',
  'topicArn',
  'eventBus',
  'source',
  'detailType',
  'resource',
];

/** Keys of an integration object each type uses (besides `type`). */
export const INTEGRATION_KEYS: Readonly<Record<IntegrationType, readonly string[]>> = {
  mock: [],
  http: ['uri', 'method', 'timeoutInMillis', 'vpcLink'],
  http_proxy: ['uri', 'method', 'timeoutInMillis', 'vpcLink'],
  lambda: ['function', 'timeoutInMillis'],
  lambda_proxy: ['function', 'timeoutInMillis'],
  aws: ['action', 'service', 'path', 'method', 'timeoutInMillis', 'role', ...AWS_TARGET_KEYS],
};

export const PROXY_TYPES: readonly IntegrationType[] = ['http_proxy', 'lambda_proxy'];

// ---------------------------------------------------------------------------------------------
// Templates and service files

/** A template value naming a file (`templates/enqueue.vtl`) rather than holding the text. */
export function isTemplateFile(value: string): boolean {
  return /^[^\s#$]+\.vtl$/.test(value);
}

export interface TemplateRef {
  /** Config path of the template value. */
  readonly configPath: string;
  readonly kind: 'request' | 'response';
  readonly contentType: string;
  /** What the user wrote: a file path or the text. */
  readonly value: string;
  /** Set when `value` names a file. */
  readonly file?: string;
}

/** The content-type → template entries of a template setting. */
export function templateEntries(
  setting: TemplateSetting | undefined,
  configPath: string,
  kind: TemplateRef['kind'],
): TemplateRef[] {
  if (setting === undefined) return [];
  const entries: Array<[string, string, string]> =
    typeof setting === 'string'
      ? [[DEFAULT_CONTENT_TYPE, setting, configPath]]
      : Object.keys(setting)
          .sort()
          .map((contentType) => [
            contentType,
            setting[contentType],
            joinPath(configPath, contentType),
          ]);
  return entries.map(([contentType, value, entryPath]) => ({
    configPath: entryPath,
    kind,
    contentType,
    value,
    ...(isTemplateFile(value) ? { file: value } : {}),
  }));
}

/**
 * A route's responses with their config paths: `response` (the one default), else `responses` by
 * status code, sorted.
 */
export function routeResponseEntries(
  route: Pick<ResolvedRoute, 'config' | 'configPath'>,
): Array<[string, ResponseEntryConfig]> {
  const { config, configPath } = route;
  if (config.response) return [[joinPath(configPath, 'response'), config.response]];
  return Object.keys(config.responses ?? {})
    .sort()
    .map((status) => [
      joinPath(joinPath(configPath, 'responses'), status),
      (config.responses ?? {})[status],
    ]);
}

/** Every mapping template a route declares (request, `response`, `responses`), in config order. */
export function routeTemplates(route: Pick<ResolvedRoute, 'config' | 'configPath'>): TemplateRef[] {
  const { config, configPath } = route;
  const refs = templateEntries(
    config.request?.template,
    joinPath(joinPath(configPath, 'request'), 'template'),
    'request',
  );
  for (const [responsePath, response] of routeResponseEntries(route)) {
    refs.push(
      ...templateEntries(response.template, joinPath(responsePath, 'template'), 'response'),
    );
    if (typeof response.body === 'string') {
      refs.push(...templateEntries(response.body, joinPath(responsePath, 'body'), 'response'));
    }
  }
  return refs;
}

/** A `validate.body` that names a model of `custom.apiGateway.models` (not a file, not a schema). */
export function isModelName(body: unknown): body is string {
  return typeof body === 'string' && !body.endsWith('.json');
}

/** The schema files of `models` and of `validate.body` on routes and http events. */
function schemaFiles(config: ApiGatewayConfig, events: EventsByKind): string[] {
  const files: string[] = [];
  for (const model of Object.values(config.models ?? {})) {
    if (typeof model.schema === 'string') files.push(model.schema);
  }
  for (const route of Object.values(config.routes ?? {})) {
    const body = route.validate?.body;
    if (typeof body === 'string' && !isModelName(body)) files.push(body);
  }
  for (const ref of events.http) {
    const body = eventValidate(ref)?.body;
    if (typeof body === 'string' && !isModelName(body)) files.push(body);
  }
  return files;
}

/** The `validate` block of an http event's `apiGateway` settings. */
export function eventValidate(ref: EventRef): ValidateConfig | undefined {
  const settings = ref.settings as { validate?: ValidateConfig } | undefined;
  return settings?.validate;
}

export function eventValidatePath(ref: EventRef): string {
  return joinPath(eventSettingsPath(ref), 'validate');
}

/** Every file (relative to the service directory) the config names: templates and schemas. */
export function serviceFileReferences(config: ApiGatewayConfig, events: EventsByKind): string[] {
  const files = new Set<string>();
  for (const route of resolveRoutes(config)) {
    for (const ref of routeTemplates(route)) if (ref.file) files.add(ref.file);
  }
  for (const file of schemaFiles(config, events)) files.add(file);
  return [...files].sort();
}

/**
 * The contents of the files the config names, read at the edge (before validation) so that the
 * checks and the compilers stay pure: a path maps to its text, or to why it could not be read.
 */
export type ServiceFiles = Readonly<Record<string, { content: string } | { error: string }>>;

export function loadServiceFiles(
  config: ApiGatewayConfig | undefined,
  events: EventsByKind,
  serviceDir: string,
  read: (file: string) => string = (file) => readFileSync(file, 'utf8'),
): ServiceFiles {
  const files: Record<string, { content: string } | { error: string }> = {};
  for (const file of serviceFileReferences(config ?? {}, events)) {
    const absolute = path.resolve(serviceDir, file);
    const relative = path.relative(serviceDir, absolute);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      files[file] = { error: 'is outside the service directory' };
      continue;
    }
    try {
      files[file] = { content: read(absolute) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      files[file] = {
        error:
          code === 'ENOENT'
            ? 'does not exist'
            : code === 'EISDIR'
              ? 'is a directory'
              : `cannot be read (${(error as Error).message})`,
      };
    }
  }
  return files;
}

/**
 * The loaded files travel with core's settings (`core.serviceFiles`, set by the plugin when it
 * reads them): the semantic checks and the resolved config both carry `core`.
 */
export function serviceFilesOf(core: CoreSettings): ServiceFiles | undefined {
  return (core as CoreSettings & { serviceFiles?: ServiceFiles }).serviceFiles;
}

/** The text of a template value: the file's content, or the value itself. */
export function templateText(
  ref: TemplateRef,
  files: ServiceFiles | undefined,
): string | undefined {
  if (!ref.file) return ref.value;
  const loaded = files?.[ref.file];
  return loaded && 'content' in loaded ? loaded.content : undefined;
}

// ---------------------------------------------------------------------------------------------
// Parameters

/** A request parameter value that maps from the method request, stage variables or the context. */
export const REQUEST_MAPPING =
  /^(method\.request\.(path|querystring|header|multivalueheader|multivaluequerystring)\.[^\s]+|method\.request\.body(\.[^\s]*)?|stageVariables\.[A-Za-z0-9_]+|context\.[A-Za-z0-9_.]+)$/;

/** A response header value that maps from the integration response, stage variables or the context. */
export const RESPONSE_MAPPING =
  /^(integration\.response\.(header|multivalueheader)\.[^\s]+|integration\.response\.body(\.[^\s]*)?|method\.request\.(path|querystring|header|multivalueheader|multivaluequerystring)\.[^\s]+|stageVariables\.[A-Za-z0-9_]+|context\.[A-Za-z0-9_.]+)$/;

/** Static text in single quotes, mappings as written (`'value'` already quoted stays). */
export function parameterValue(value: string, mapping: RegExp): string {
  if (/^'.*'$/s.test(value) || mapping.test(value)) return value;
  return `'${value.replace(/'/g, "\\'")}'`;
}

/** Names of the stage variables any stage entry (or its canary) defines. */
export function definedStageVariables(config: ApiGatewayConfig): string[] {
  const names = new Set<string>();
  for (const entry of Object.values(config.stages ?? {})) {
    for (const name of Object.keys(entry.variables ?? {})) names.add(name);
    for (const name of Object.keys(entry.canary?.variables ?? {})) names.add(name);
  }
  return [...names].sort();
}

/** `{name}` references in a URI or key, with `${…}` (stage variables) left out. */
export function braceParameters(value: string): string[] {
  return [...value.matchAll(/(?<!\$)\{([A-Za-z0-9_.-]+)\+?\}/g)].map((match) => match[1]);
}

/**
 * Core's settings with the files the config names loaded (the plugin's `readCore` calls this at
 * the edge, with the service directory).
 */
export function withServiceFiles(
  core: CoreSettings,
  config: unknown,
  events: EventsByKind,
  serviceDir: string,
  read?: (file: string) => string,
): CoreSettings & { serviceFiles: ServiceFiles } {
  const valid = config && typeof config === 'object' ? (config as ApiGatewayConfig) : {};
  let serviceFiles: ServiceFiles = {};
  try {
    serviceFiles = loadServiceFiles(valid, events, serviceDir, read);
  } catch {
    // Config the schema will reject (a route that is not an object…): validation reports it.
  }
  return { ...core, serviceFiles };
}
