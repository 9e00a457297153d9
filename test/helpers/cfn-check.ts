/**
 * Checks a CloudFormation template the way CloudFormation (and cfn-lint) would, without deploying:
 * every integration test runs its synthesized template through `assertValidTemplate`.
 *
 * What is checked:
 * - resource `Properties` against the official resource provider schemas vendored in
 *   `test/cfn-schemas` (refreshed with `npm run refresh-cfn-schemas`; a type without a schema there
 *   is a problem, not skipped)
 *   (types, enums, patterns, required and unknown properties), intrinsic functions accepted
 *   wherever a value goes; both branches of every `Fn::If` are checked, `Ref: AWS::NoValue`
 *   removes the value it stands for;
 * - read-only properties (attributes CloudFormation returns) are never set;
 * - every `Ref`, `Fn::GetAtt` (and its attribute), `Fn::Sub` variable, `DependsOn` and
 *   condition name points at something that exists; no resource depends on itself or on a cycle;
 * - logical ids, resource attributes, template sections, outputs and CloudFormation's limits;
 * - API Gateway: a stage is created once per REST API, a stage's deployment and a method's
 *   authorizer belong to the same REST API, a method's authorization type fits its authorizer
 *   (cfn-lint's extra rules), plus the allowed values the schemas leave out (see SUPPLEMENTS).
 *
 * Schemas are compiled once per resource type and cached for the life of the process.
 */
import { AssertionError } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ErrorObject, type SchemaValidateFunction, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export interface TemplateProblem {
  logicalId?: string;
  path: string;
  message: string;
}

export interface CloudFormationTemplate {
  AWSTemplateFormatVersion?: string;
  Description?: string;
  Resources: Record<
    string,
    {
      Type: string;
      Properties?: Record<string, unknown>;
      DependsOn?: string | string[];
      [k: string]: unknown;
    }
  >;
  Outputs?: Record<string, unknown>;
  Conditions?: Record<string, unknown>;
  Parameters?: Record<string, unknown>;
  [k: string]: unknown;
}

/** All problems found; empty when the template is valid. */
export function checkTemplate(
  template: CloudFormationTemplate,
  options?: {
    schemaDir?: string;
    /** Resource types without a schema to accept anyway: exact names or prefixes ending in `*`. */
    allowUnknownTypes?: readonly string[];
  },
): TemplateProblem[] {
  const store = loadStore(options?.schemaDir ?? DEFAULT_SCHEMA_DIR);
  return new Checker(template, store, options?.allowUnknownTypes ?? []).run();
}

/** Throws an AssertionError listing every problem (for use in tests). */
export function assertValidTemplate(
  template: CloudFormationTemplate,
  options?: { schemaDir?: string; allowUnknownTypes?: readonly string[] },
): void {
  const problems = checkTemplate(template, options);
  if (problems.length === 0) return;
  const lines = problems.map((p) => `  - ${p.path}: ${p.message}`);
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  throw new AssertionError({
    message: `CloudFormation template has ${count}:\n${lines.join('\n')}`,
    stackStartFn: assertValidTemplate,
  });
}

// ---------------------------------------------------------------------------------------------
// Constants

/** The copies vendored in the repository (test/cfn-schemas, see its README). */
const DEFAULT_SCHEMA_DIR = path.resolve(__dirname, '..', 'cfn-schemas');

/** `words('a b')` is `['a', 'b']`: keeps the long lists below short. */
function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '');
}

/** Functions accepted wherever a property value goes (single-key objects). */
const INTRINSIC_FUNCTIONS = words(`
  Ref Fn::GetAtt Fn::Join Fn::Sub Fn::If Fn::Select Fn::Split Fn::ImportValue Fn::FindInMap
  Fn::Base64 Fn::GetAZs Fn::Cidr Fn::ToJsonString Fn::Length Fn::Transform Condition`);
const INTRINSICS = new Set(INTRINSIC_FUNCTIONS);
const CONDITION_FUNCTIONS = new Set(words('Fn::And Fn::Or Fn::Not Fn::Equals'));

const PSEUDO_PARAMETERS = new Set(
  words(`AWS::Region AWS::AccountId AWS::Partition AWS::StackName AWS::StackId AWS::URLSuffix
    AWS::NoValue AWS::NotificationARNs`),
);

const TEMPLATE_SECTIONS = new Set(
  words(`AWSTemplateFormatVersion Description Metadata Parameters Rules Mappings Conditions
    Transform Resources Outputs`),
);

const RESOURCE_ATTRIBUTES = new Set(
  words(`Type Properties DependsOn Condition Metadata DeletionPolicy UpdateReplacePolicy
    UpdatePolicy CreationPolicy`),
);
const DELETION_POLICIES = words('Delete Retain RetainExceptOnCreate Snapshot');
const UPDATE_REPLACE_POLICIES = words('Delete Retain Snapshot');

const OUTPUT_KEYS = new Set(words('Description Value Export Condition'));

const MAX_RESOURCES = 500;
const MAX_OUTPUTS = 200;
const MAX_PARAMETERS = 200;
const LOGICAL_ID = /^[A-Za-z0-9]{1,255}$/;
const CUSTOM_TYPE = /^Custom::[A-Za-z0-9_@-]{1,60}$/;
const CUSTOM_RESOURCE = 'AWS::CloudFormation::CustomResource';

/**
 * Allowed values the provider schemas leave open (they type these as plain strings), from the
 * API Gateway developer guide and the CloudFormation docs.
 * Each entry adds keywords to the schema node at a JSON pointer; a pointer the schema lacks is
 * ignored.
 */
const LOGGING_LEVELS = { enum: ['OFF', 'ERROR', 'INFO'] };
const CACHE_CLUSTER_SIZES = { enum: ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'] };
const CACHE_TTL = { minimum: 0, maximum: 3600 };
const STAGE_NAME = { pattern: '^[A-Za-z0-9_-]+$', maxLength: 128 };
const STAGE_VARIABLE_NAMES = { propertyNames: { pattern: '^[A-Za-z0-9_]+$' } };
const ENDPOINT_TYPES = { enum: ['EDGE', 'REGIONAL', 'PRIVATE'] };
const SUPPLEMENTS: Record<string, Array<[pointer: string, keywords: JsonObject]>> = {
  'AWS::ApiGateway::Stage': [
    ['/properties/StageName', STAGE_NAME],
    ['/properties/CacheClusterSize', CACHE_CLUSTER_SIZES],
    ['/properties/Variables', STAGE_VARIABLE_NAMES],
    ['/definitions/MethodSetting/properties/LoggingLevel', LOGGING_LEVELS],
    ['/definitions/MethodSetting/properties/CacheTtlInSeconds', CACHE_TTL],
  ],
  'AWS::ApiGateway::Deployment': [
    ['/properties/StageName', STAGE_NAME],
    ['/definitions/StageDescription/properties/CacheClusterSize', CACHE_CLUSTER_SIZES],
    ['/definitions/StageDescription/properties/LoggingLevel', LOGGING_LEVELS],
    ['/definitions/StageDescription/properties/CacheTtlInSeconds', CACHE_TTL],
    ['/definitions/StageDescription/properties/Variables', STAGE_VARIABLE_NAMES],
    ['/definitions/MethodSetting/properties/LoggingLevel', LOGGING_LEVELS],
    ['/definitions/MethodSetting/properties/CacheTtlInSeconds', CACHE_TTL],
  ],
  'AWS::ApiGateway::RestApi': [
    ['/definitions/EndpointConfiguration/properties/Types/items', ENDPOINT_TYPES],
  ],
  'AWS::ApiGateway::DomainName': [
    ['/definitions/EndpointConfiguration/properties/Types/items', ENDPOINT_TYPES],
  ],
  'AWS::ApiGateway::Method': [
    [
      '/properties/AuthorizationType',
      { enum: ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'] },
    ],
  ],
  'AWS::ApiGateway::Authorizer': [
    ['/properties/Type', { enum: ['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS'] }],
  ],
  'AWS::ApiGateway::GatewayResponse': [
    [
      '/properties/ResponseType',
      {
        enum: words(`
          ACCESS_DENIED API_CONFIGURATION_ERROR AUTHORIZER_CONFIGURATION_ERROR AUTHORIZER_FAILURE
          BAD_REQUEST_BODY BAD_REQUEST_PARAMETERS DEFAULT_4XX DEFAULT_5XX EXPIRED_TOKEN
          INTEGRATION_FAILURE INTEGRATION_TIMEOUT INVALID_API_KEY INVALID_SIGNATURE
          MISSING_AUTHENTICATION_TOKEN QUOTA_EXCEEDED REQUEST_TOO_LARGE RESOURCE_NOT_FOUND THROTTLED
          UNAUTHORIZED UNSUPPORTED_MEDIA_TYPE WAF_FILTERED`),
      },
    ],
  ],
};

// ---------------------------------------------------------------------------------------------
// Small helpers

type JsonObject = { [key: string]: unknown };
type Segment = string | number;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasOwn(object: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

function mapValues(value: unknown, fn: (v: unknown) => unknown): unknown {
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fn(v)]));
}

/** The function name when `value` is an intrinsic-function node (an object with one `Ref`/`Fn::` key). */
function intrinsicName(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const [key] = keys;
  return key === 'Ref' || key.startsWith('Fn::') ? key : undefined;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `root.A[0]["application/json"]` */
function formatPath(root: string, segments: readonly Segment[]): string {
  let out = root;
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function pointerSegments(pointer: string): Segment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : unescapePointer(s)));
}

/** A short description of a value for "(got …)". */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}…"` : text;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value))
    return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
  if (isObject(value)) {
    const keys = Object.keys(value);
    return keys.length === 1 ? `an object with key ${JSON.stringify(keys[0])}` : 'an object';
  }
  return typeof value;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

/** Edit distance counting a swap of two neighbouring letters as one edit (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...Array<number>(b.length).fill(0),
  ]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

function closest(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.min(Math.max(1, Math.floor(name.length / 3)), name.length - 1) + 1;
  for (const candidate of candidates) {
    const distance =
      candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Schema loading and preparation

interface TypeInfo {
  validate: ValidateFunction;
  /** `readOnlyProperties` as segments below `Properties` (`*` = every item). */
  readOnly: string[][];
  /** Names read-only pointers expose to Fn::GetAtt (`A.B` for `/properties/A/B`). */
  attributes: string[];
  /** Top-level property names. */
  properties: string[];
}

interface SchemaStore {
  dir: string;
  index: Record<string, string>;
  /** Plain JSON-Schema rules from `extensions/`, by resource type. */
  extensions: Map<string, JsonObject[]>;
  ajv: Ajv;
  types: Map<string, TypeInfo>;
}

const stores = new Map<string, SchemaStore>();

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
}

function loadStore(schemaDir: string): SchemaStore {
  const dir = path.resolve(schemaDir);
  const cached = stores.get(dir);
  if (cached) return cached;
  const indexFile = path.join(dir, 'index.json');
  if (!fs.existsSync(indexFile)) {
    throw new Error(
      `cfn-check: CloudFormation resource schemas not found: looked for ${indexFile}. ` +
        'Restore test/cfn-schemas (npm run refresh-cfn-schemas -- <schema-dir>) or pass options.schemaDir.',
    );
  }
  const index = readJson(indexFile);
  if (!isObject(index)) throw new Error(`cfn-check: ${indexFile} is not a type -> file map`);
  const store: SchemaStore = {
    dir,
    index: Object.fromEntries(
      Object.entries(index).filter((e): e is [string, string] => typeof e[1] === 'string'),
    ),
    extensions: loadExtensions(dir, Object.keys(index)),
    ajv: createAjv(),
    types: new Map(),
  };
  stores.set(dir, store);
  return store;
}

/**
 * cfn-lint's extra rules are named `<aws_service_type>--<rule>.json`. The plain JSON-Schema ones
 * are added to the type's schema; the `cfnGather` ones relate several resources and are coded by
 * hand in `checkApiGatewayRules`.
 */
function loadExtensions(dir: string, types: readonly string[]): Map<string, JsonObject[]> {
  const extensions = new Map<string, JsonObject[]>();
  const extensionDir = path.join(dir, 'extensions');
  if (!fs.existsSync(extensionDir)) return extensions;
  const byFilePrefix = new Map(types.map((t) => [t.toLowerCase().replace(/::/g, '_'), t]));
  for (const file of fs.readdirSync(extensionDir).sort()) {
    if (!file.endsWith('.json')) continue;
    const type = byFilePrefix.get(file.split('--')[0]);
    const rule = readJson(path.join(extensionDir, file));
    if (!type || !isObject(rule) || hasOwn(rule, 'cfnGather')) continue;
    extensions.set(type, [...(extensions.get(type) ?? []), rule]);
  }
  return extensions;
}

function keywordValidator(
  keyword: string,
  check: (schema: unknown, data: unknown) => string[],
): SchemaValidateFunction {
  const validate: SchemaValidateFunction = (schema: unknown, data: unknown) => {
    const messages = check(schema, data);
    validate.errors = messages.map((message) => ({ keyword, message, params: {} }));
    return messages.length === 0;
  };
  return validate;
}

function createAjv(): Ajv {
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    verbose: true,
    // The provider schemas are not valid draft-07 meta-schema instances (Python patterns,
    // custom keywords): they are prepared by hand instead.
    validateSchema: false,
    logger: false,
  });
  addFormats(ajv);
  // cfn-lint's `json` format: an object, or a string holding JSON.
  ajv.addFormat('json', {
    type: 'string',
    validate: (text: string) => {
      try {
        JSON.parse(text);
        return true;
      } catch {
        return false;
      }
    },
  });
  // cfn-lint keywords the schemas use.
  ajv.addKeyword({
    keyword: 'requiredXor',
    type: 'object',
    errors: true,
    validate: keywordValidator('requiredXor', (schema, data) => {
      const names = Array.isArray(schema) ? schema.map(String) : [];
      const set = names.filter((n) => isObject(data) && hasOwn(data, n));
      return set.length === 1
        ? []
        : [`exactly one of ${names.join(', ')} must be set (found ${set.length})`];
    }),
  });
  ajv.addKeyword({
    keyword: 'dependentExcluded',
    type: 'object',
    errors: true,
    validate: keywordValidator('dependentExcluded', (schema, data) => {
      if (!isObject(schema) || !isObject(data)) return [];
      const messages: string[] = [];
      for (const [name, excluded] of Object.entries(schema)) {
        if (!hasOwn(data, name) || !Array.isArray(excluded)) continue;
        for (const other of excluded.map(String)) {
          if (hasOwn(data, other)) messages.push(`${other} must not be set together with ${name}`);
        }
      }
      return messages;
    }),
  });
  ajv.addKeyword({
    keyword: 'uniqueKeys',
    type: 'array',
    errors: true,
    validate: keywordValidator('uniqueKeys', (schema, data) => {
      if (!Array.isArray(schema) || !Array.isArray(data)) return [];
      const keys = schema.map(String);
      const seen = new Map<string, number>();
      const messages: string[] = [];
      data.forEach((item, i) => {
        if (!isObject(item)) return;
        const key = JSON.stringify(keys.map((k) => item[k]));
        const first = seen.get(key);
        if (first === undefined) seen.set(key, i);
        else messages.push(`items ${first} and ${i} have the same ${keys.join(', ')}`);
      });
      return messages;
    }),
  });
  return ajv;
}

/** Accepts an intrinsic-function node instead of the value a schema describes. */
const INTRINSIC_SCHEMA = {
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  propertyNames: { enum: INTRINSIC_FUNCTIONS },
};

const REGEX_SYNTAX = new Set('^$\\.*+?()[]{}|/');

/**
 * A Python `re` pattern as a JavaScript (unicode) one: `\A`/`\Z` become `^`/`$`, named groups
 * lose their `P`, escaped punctuation JS does not allow escaping is unescaped. A pattern that
 * still does not compile becomes `''`, which matches anything.
 */
function toJsPattern(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) {
      const next = pattern[++i];
      if (next === 'A' && !inClass) out += '^';
      else if (next === 'Z' && !inClass) out += '$';
      else if (/[A-Za-z0-9]/.test(next) || REGEX_SYNTAX.has(next) || (next === '-' && inClass))
        out += `\\${next}`;
      else out += next;
      continue;
    }
    if (c === '[' && !inClass) inClass = true;
    else if (c === ']' && inClass) inClass = false;
    out += c;
  }
  out = out.replace(/\(\?P</g, '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
  try {
    new RegExp(out, 'u');
    return out;
  } catch {
    return '';
  }
}

/** Adds keywords to the schema node at `pointer`, if there is one. */
function supplement(schema: JsonObject, pointer: string, keywords: JsonObject): void {
  let node: unknown = schema;
  for (const segment of pointerSegments(pointer)) {
    node = isObject(node) ? node[String(segment)] : undefined;
  }
  if (isObject(node)) Object.assign(node, structuredClone(keywords));
}

/**
 * Replaces `$ref: #/definitions/X` by the definition itself (siblings kept, the definition
 * joined with `allOf`), so every ajv error's schema path runs from the root and errors inside an
 * `anyOf`/`oneOf` branch can be told apart. Recursive references are left as `$ref`s.
 */
function inlineRefs(node: unknown, definitions: JsonObject, stack: readonly string[]): unknown {
  if (Array.isArray(node)) return node.map((item) => inlineRefs(item, definitions, stack));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  let inlined: unknown;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/definitions/')) {
      const name = unescapePointer(value.slice('#/definitions/'.length));
      if (!stack.includes(name) && hasOwn(definitions, name)) {
        inlined = inlineRefs(definitions[name], definitions, [...stack, name]);
        continue;
      }
    }
    out[key] = key === 'definitions' ? value : inlineRefs(value, definitions, stack);
  }
  if (inlined === undefined) return out;
  if (Object.keys(out).length === 0) return inlined;
  out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), inlined];
  return out;
}

/** Lets a value position accept an intrinsic function instead of what the schema describes. */
function acceptIntrinsic(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  return { if: INTRINSIC_SCHEMA, then: true, else: prepare(schema) };
}

/**
 * Rewrites a provider schema for ajv: every value position (properties, pattern properties,
 * additional properties, items) also accepts an intrinsic function; Python patterns become
 * JavaScript ones; draft-2019/2020 keywords become their draft-07 forms.
 */
function prepare(node: unknown): unknown {
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  const prefixItems = Array.isArray(node.prefixItems) ? node.prefixItems : undefined;
  for (const [key, value] of Object.entries(node)) {
    switch (key) {
      case '$schema':
      case '$id':
      case 'prefixItems':
        break;
      case 'properties':
        out.properties = mapValues(value, acceptIntrinsic);
        break;
      case 'patternProperties':
        out.patternProperties = isObject(value)
          ? Object.fromEntries(
              Object.entries(value).map(([p, s]) => [toJsPattern(p), acceptIntrinsic(s)]),
            )
          : value;
        break;
      case 'additionalProperties':
      case 'additionalItems':
        out[key] = acceptIntrinsic(value);
        break;
      case 'items':
        if (prefixItems) out.additionalItems = acceptIntrinsic(value);
        else out.items = Array.isArray(value) ? value.map(acceptIntrinsic) : acceptIntrinsic(value);
        break;
      case 'definitions':
        out.definitions = mapValues(value, prepare);
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        out[key] = Array.isArray(value) ? value.map(prepare) : value;
        break;
      case 'not':
      case 'if':
      case 'then':
      case 'else':
      case 'propertyNames':
      case 'contains':
        out[key] = prepare(value);
        break;
      case 'dependencies':
      case 'dependentRequired':
        out.dependencies = {
          ...(isObject(out.dependencies) ? out.dependencies : {}),
          ...(mapValues(value, prepare) as JsonObject),
        };
        break;
      case 'pattern':
        out.pattern = typeof value === 'string' ? toJsPattern(value) : value;
        break;
      default:
        out[key] = value;
    }
  }
  if (prefixItems) out.items = prefixItems.map(acceptIntrinsic);
  return out;
}

function typeInfo(store: SchemaStore, type: string): TypeInfo | undefined {
  const cached = store.types.get(type);
  if (cached) return cached;
  const file = store.index[type];
  if (file === undefined) return undefined;
  const raw = readJson(path.join(store.dir, file));
  if (!isObject(raw)) throw new Error(`cfn-check: ${file} is not a JSON schema`);
  for (const [pointer, keywords] of SUPPLEMENTS[type] ?? []) supplement(raw, pointer, keywords);
  const definitions = isObject(raw.definitions) ? raw.definitions : {};
  const inlined = inlineRefs(raw, definitions, []) as JsonObject;
  const schema = prepare(inlined) as JsonObject;
  const extra = (store.extensions.get(type) ?? []).map((rule) =>
    prepare(inlineRefs(rule, definitions, [])),
  );
  if (extra.length > 0)
    schema.allOf = [...(Array.isArray(schema.allOf) ? schema.allOf : []), ...extra];
  registerFormats(store.ajv, schema);

  const readOnly = (Array.isArray(raw.readOnlyProperties) ? raw.readOnlyProperties : [])
    .filter((p): p is string => typeof p === 'string' && p.startsWith('/properties/'))
    .map((p) => p.slice('/properties/'.length).split('/').map(unescapePointer));
  const info: TypeInfo = {
    validate: store.ajv.compile(schema),
    readOnly,
    attributes: readOnly
      .filter((segments) => !segments.includes('*'))
      .map((segments) => segments.join('.')),
    properties: isObject(raw.properties) ? Object.keys(raw.properties) : [],
  };
  store.types.set(type, info);
  return info;
}

/**
 * cfn-lint's own formats (`AWS::IAM::Role.Arn`, …) are not checked here: they accept anything,
 * so ajv knows them and does not complain.
 */
function registerFormats(ajv: Ajv, schema: unknown): void {
  if (Array.isArray(schema)) {
    for (const item of schema) registerFormats(ajv, item);
    return;
  }
  if (!isObject(schema)) return;
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'format' && typeof value === 'string' && !ajv.formats[value])
      ajv.addFormat(value, true);
    else registerFormats(ajv, value);
  }
}

// ---------------------------------------------------------------------------------------------
// Fn::If and AWS::NoValue

const REMOVED = Symbol('removed');

function containsFnIf(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(containsFnIf);
  if (!isObject(value)) return false;
  return hasOwn(value, 'Fn::If') || Object.values(value).some(containsFnIf);
}

/**
 * The value as CloudFormation sees it when every `Fn::If` takes branch `branch` (0 = true,
 * 1 = false) and `Ref: AWS::NoValue` removes what it stands for. `paths` maps each JSON pointer in
 * the result to the path of the same value in the original.
 */
function resolveConditions(
  value: unknown,
  branch: 0 | 1,
  original: Segment[],
  pointer: string,
  paths: Map<string, Segment[]>,
): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    value.forEach((item, i) => {
      const resolved = resolveConditions(
        item,
        branch,
        [...original, i],
        `${pointer}/${out.length}`,
        paths,
      );
      if (resolved !== REMOVED) out.push(resolved);
    });
    paths.set(pointer, original);
    return out;
  }
  if (isObject(value)) {
    const fn = intrinsicName(value);
    if (fn === 'Fn::If') {
      const args = value['Fn::If'];
      if (Array.isArray(args) && args.length === 3) {
        return resolveConditions(
          args[branch + 1],
          branch,
          [...original, 'Fn::If', branch + 1],
          pointer,
          paths,
        );
      }
    }
    if (fn === 'Ref' && value.Ref === 'AWS::NoValue') return REMOVED;
    if (fn !== undefined) {
      paths.set(pointer, original);
      return value;
    }
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      const resolved = resolveConditions(
        item,
        branch,
        [...original, key],
        `${pointer}/${escapePointer(key)}`,
        paths,
      );
      if (resolved !== REMOVED) out[key] = resolved;
    }
    paths.set(pointer, original);
    return out;
  }
  paths.set(pointer, original);
  return value;
}

/** The original path of the value at `pointer` in a resolved value. */
function originalPath(paths: Map<string, Segment[]>, pointer: string): Segment[] {
  const known = paths.get(pointer);
  if (known) return known;
  const segments = pointerSegments(pointer);
  for (let n = segments.length - 1; n >= 0; n--) {
    const prefix = segments
      .slice(0, n)
      .map((s) => `/${escapePointer(String(s))}`)
      .join('');
    const base = paths.get(prefix);
    if (base) return [...base, ...segments.slice(n)];
  }
  return segments;
}

// ---------------------------------------------------------------------------------------------
// ajv errors -> messages

interface Finding {
  /** JSON pointer of the value the message is about. */
  pointer: string;
  schemaPath: string;
  keyword: string;
  message: string;
}

function childPointer(pointer: string, key: unknown): string {
  return `${pointer}/${escapePointer(String(key))}`;
}

function explainError(error: ErrorObject): Finding | undefined {
  const { keyword, instancePath, schemaPath } = error;
  const params = error.params as Record<string, unknown>;
  const got = ` (got ${describe(error.data)})`;
  const finding = (message: string, pointer = instancePath): Finding => ({
    pointer,
    schemaPath,
    keyword,
    message,
  });
  switch (keyword) {
    case 'if':
      return undefined; // the failing then/else branch reports the details
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const parent = error.parentSchema ?? {};
      const known = isObject(parent.properties) ? Object.keys(parent.properties) : [];
      const patterns = isObject(parent.patternProperties)
        ? Object.keys(parent.patternProperties)
        : [];
      let message: string;
      if (known.length > 0) {
        const suggestion = closest(name, known);
        message = suggestion
          ? `unknown property; did you mean ${suggestion}?`
          : `unknown property; valid properties are ${known.join(', ')}`;
      } else if (patterns.length > 0) {
        message = `property name must match ${patterns.map((p) => `/${p}/`).join(' or ')}`;
      } else {
        message = 'unknown property; no properties are allowed here';
      }
      return finding(message, childPointer(instancePath, name));
    }
    case 'required':
      return finding('is required', childPointer(instancePath, params.missingProperty));
    case 'type': {
      const types = Array.isArray(error.schema)
        ? error.schema.map(String)
        : String(error.schema).split(',');
      return finding(`must be ${types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')}${got}`);
    }
    case 'enum': {
      const allowed = Array.isArray(error.schema) ? error.schema : [];
      return finding(`must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}${got}`);
    }
    case 'const':
      return finding(`must be ${JSON.stringify(params.allowedValue)}${got}`);
    case 'pattern':
      return finding(`must match /${String(params.pattern)}/${got}`);
    case 'format':
      return finding(
        params.format === 'json'
          ? `must be an object or a JSON string${got}`
          : `must be a ${String(params.format)}${got}`,
      );
    case 'propertyNames':
      return undefined; // reported with the name that failed, by the nested keyword
    case 'anyOf':
    case 'oneOf':
      return finding(error.message ?? 'must match a schema');
    default: {
      const numeric = [
        'minimum',
        'maximum',
        'exclusiveMinimum',
        'exclusiveMaximum',
        'minLength',
        'maxLength',
        'minItems',
        'maxItems',
      ];
      const message = error.message ?? `must satisfy ${keyword}`;
      return finding(numeric.includes(keyword) ? `${message}${got}` : message);
    }
  }
}

/** The findings, with the errors of `anyOf`/`oneOf` branches folded into one message each. */
function explainErrors(errors: readonly ErrorObject[]): Finding[] {
  const out: Finding[] = [];
  for (const error of errors) {
    // ajv reports a bad property *name* as a propertyNames failure plus the nested keyword's error
    // at the object; point the nested error at the name instead.
    if (error.propertyName !== undefined && error.keyword !== 'propertyNames') {
      const inner = explainError(error);
      if (inner) {
        out.push({
          ...inner,
          pointer: childPointer(error.instancePath, error.propertyName),
          message: `property name ${inner.message.replace(/ \(got .*\)$/, '')}`,
        });
      }
      continue;
    }
    const finding = explainError(error);
    if (!finding) continue;
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf') {
      const prefix = `${error.schemaPath}/`;
      const branches = new Map<string, Finding[]>();
      for (let i = out.length - 1; i >= 0; i--) {
        const f = out[i];
        const below =
          f.pointer === error.instancePath || f.pointer.startsWith(`${error.instancePath}/`);
        if (!f.schemaPath.startsWith(prefix) || !below) continue;
        out.splice(i, 1);
        const branch = f.schemaPath.slice(prefix.length).split('/')[0];
        branches.set(branch, [f, ...(branches.get(branch) ?? [])]);
      }
      if (branches.size > 0) {
        const ordered = [...branches.entries()]
          .sort(([a], [b]) => Number(a) - Number(b))
          .map(([, findings]) => findings);
        finding.message = foldBranches(error.instancePath, ordered);
      }
    }
    out.push(finding);
  }
  return out;
}

function foldBranches(pointer: string, branches: Finding[][]): string {
  const relative = (f: Finding): string =>
    formatPath('', pointerSegments(f.pointer.slice(pointer.length)));
  const allRequired = branches.every((b) => b.length === 1 && b[0].keyword === 'required');
  if (allRequired) return `one of ${branches.map((b) => relative(b[0])).join(', ')} is required`;
  const forms = branches.map((findings, i) => {
    const text = findings
      .map((f) => (relative(f) ? `${relative(f)}: ${f.message}` : f.message))
      .join('; ');
    return `(${i + 1}) ${text}`;
  });
  return `matches none of the allowed forms: ${forms.join(' | ')}`;
}

// ---------------------------------------------------------------------------------------------
// The checker

type ResourceLike = CloudFormationTemplate['Resources'][string];

interface WalkContext {
  section: 'Resources' | 'Outputs' | 'Conditions';
  /** Display path of the walked value's root, e.g. `Api.Properties`. */
  root: string;
  logicalId?: string;
}

class Checker {
  private readonly problems: TemplateProblem[] = [];
  private readonly resources: Record<string, ResourceLike>;
  private readonly parameters: Set<string>;
  private readonly conditions: Set<string>;
  /** Resource -> resources it depends on -> path of the first reference. */
  private readonly edges = new Map<string, Map<string, string>>();

  constructor(
    private readonly template: CloudFormationTemplate,
    private readonly store: SchemaStore,
    private readonly allowUnknownTypes: readonly string[],
  ) {
    this.resources = isObject(template.Resources) ? template.Resources : {};
    this.parameters = new Set(
      isObject(template.Parameters) ? Object.keys(template.Parameters) : [],
    );
    this.conditions = new Set(
      isObject(template.Conditions) ? Object.keys(template.Conditions) : [],
    );
  }

  run(): TemplateProblem[] {
    this.checkSections();
    this.checkParameters();
    this.checkConditions();
    for (const [logicalId, resource] of Object.entries(this.resources))
      this.checkResource(logicalId, resource);
    this.checkCycles();
    this.checkApiGatewayRules();
    this.checkOutputs();
    return this.problems;
  }

  private add(path: string, message: string, logicalId?: string): void {
    const duplicate = this.problems.some((p) => p.path === path && p.message === message);
    if (!duplicate)
      this.problems.push(
        logicalId === undefined ? { path, message } : { logicalId, path, message },
      );
  }

  private isResource(name: string): boolean {
    return hasOwn(this.resources, name);
  }

  private typeOf(logicalId: string): string | undefined {
    const resource = this.resources[logicalId];
    return isObject(resource) && typeof resource.Type === 'string' ? resource.Type : undefined;
  }

  // --- template sections --------------------------------------------------------------------

  private checkSections(): void {
    const template = this.template as JsonObject;
    for (const key of Object.keys(template)) {
      if (!TEMPLATE_SECTIONS.has(key)) this.add(key, 'unknown template section');
    }
    const version = template.AWSTemplateFormatVersion;
    if (version !== undefined && version !== '2010-09-09') {
      this.add('AWSTemplateFormatVersion', `must be "2010-09-09" (got ${describe(version)})`);
    }
    const description = template.Description;
    if (description !== undefined && typeof description !== 'string') {
      this.add('Description', `must be a string (got ${describe(description)})`);
    } else if (typeof description === 'string' && Buffer.byteLength(description) > 1024) {
      this.add('Description', 'must be at most 1024 bytes');
    }
    if (!isObject(template.Resources)) {
      this.add('Resources', 'is required: a template needs at least one resource');
      return;
    }
    const count = Object.keys(template.Resources).length;
    if (count === 0) this.add('Resources', 'must declare at least one resource');
    if (count > MAX_RESOURCES)
      this.add(
        'Resources',
        `has ${count} resources; CloudFormation allows at most ${MAX_RESOURCES}`,
      );
  }

  private checkParameters(): void {
    const parameters = this.template.Parameters;
    if (parameters === undefined) return;
    if (!isObject(parameters)) {
      this.add('Parameters', 'must be an object');
      return;
    }
    const names = Object.keys(parameters);
    if (names.length > MAX_PARAMETERS)
      this.add('Parameters', `has ${names.length} parameters; at most ${MAX_PARAMETERS} allowed`);
    for (const name of names) {
      this.checkLogicalId(`Parameters.${name}`, name, 'parameter');
      const parameter = parameters[name];
      if (!isObject(parameter) || typeof parameter.Type !== 'string')
        this.add(`Parameters.${name}.Type`, 'is required');
    }
  }

  private checkConditions(): void {
    const conditions = this.template.Conditions;
    if (conditions === undefined) return;
    if (!isObject(conditions)) {
      this.add('Conditions', 'must be an object');
      return;
    }
    for (const [name, condition] of Object.entries(conditions)) {
      this.walk(condition, { section: 'Conditions', root: `Conditions.${name}` }, []);
    }
  }

  private checkLogicalId(path: string, id: string, what: string, logicalId?: string): void {
    if (!LOGICAL_ID.test(id)) {
      const reason =
        id.length > 255
          ? `is ${id.length} characters long`
          : 'contains characters other than A-Z, a-z and 0-9';
      this.add(
        path,
        `invalid ${what} logical id: ${reason} (logical ids are alphanumeric, at most 255 characters)`,
        logicalId,
      );
    }
  }

  // --- resources ----------------------------------------------------------------------------

  private checkResource(logicalId: string, resource: unknown): void {
    this.checkLogicalId(logicalId, logicalId, 'resource', logicalId);
    if (!isObject(resource)) {
      this.add(logicalId, `must be an object with a Type (got ${describe(resource)})`, logicalId);
      return;
    }
    const custom =
      typeof resource.Type === 'string' &&
      (resource.Type.startsWith('Custom::') || resource.Type === CUSTOM_RESOURCE);
    for (const key of Object.keys(resource)) {
      // Custom resources may carry the legacy `Version` attribute (Serverless core sets "1.0").
      if (RESOURCE_ATTRIBUTES.has(key) || (custom && key === 'Version')) continue;
      this.add(`${logicalId}.${key}`, 'unknown resource attribute', logicalId);
    }
    this.checkResourceAttributes(logicalId, resource);

    const type = resource.Type;
    if (typeof type !== 'string' || type === '') {
      this.add(
        `${logicalId}.Type`,
        'is required (a resource type such as AWS::ApiGateway::RestApi)',
        logicalId,
      );
    } else {
      this.checkProperties(logicalId, type, resource.Properties);
    }
    if (resource.Properties !== undefined) {
      this.walk(
        resource.Properties,
        { section: 'Resources', root: `${logicalId}.Properties`, logicalId },
        [],
      );
    }
  }

  private checkResourceAttributes(logicalId: string, resource: JsonObject): void {
    const { DependsOn: dependsOn, Condition: condition } = resource;
    if (dependsOn !== undefined) {
      const list = Array.isArray(dependsOn) ? dependsOn : [dependsOn];
      list.forEach((target, i) => {
        const where = Array.isArray(dependsOn)
          ? `${logicalId}.DependsOn[${i}]`
          : `${logicalId}.DependsOn`;
        if (typeof target !== 'string')
          this.add(where, `must be a logical id (got ${describe(target)})`, logicalId);
        else if (!this.isResource(target))
          this.add(where, `DependsOn "${target}" is not a resource in the template`, logicalId);
        else this.addEdge(logicalId, target, where, 'DependsOn');
      });
    }
    if (condition !== undefined) {
      if (typeof condition !== 'string')
        this.add(`${logicalId}.Condition`, 'must be a condition name', logicalId);
      else if (!this.conditions.has(condition)) {
        this.add(
          `${logicalId}.Condition`,
          `condition "${condition}" is not defined in Conditions`,
          logicalId,
        );
      }
    }
    const policies: Array<[string, readonly string[]]> = [
      ['DeletionPolicy', DELETION_POLICIES],
      ['UpdateReplacePolicy', UPDATE_REPLACE_POLICIES],
    ];
    for (const [attribute, allowed] of policies) {
      const value = resource[attribute];
      if (value === undefined || intrinsicName(value) !== undefined) continue;
      if (typeof value !== 'string' || !allowed.includes(value)) {
        this.add(
          `${logicalId}.${attribute}`,
          `must be one of ${allowed.join(', ')} (got ${describe(value)})`,
          logicalId,
        );
      }
    }
  }

  private typeAllowedWithoutSchema(type: string): boolean {
    return this.allowUnknownTypes.some((pattern) =>
      pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern,
    );
  }

  private checkProperties(logicalId: string, type: string, properties: unknown): void {
    const root = `${logicalId}.Properties`;
    if (properties !== undefined && !isObject(properties)) {
      this.add(root, `must be an object (got ${describe(properties)})`, logicalId);
      return;
    }
    const info = typeInfo(this.store, type);
    if (!info) {
      if (type.startsWith('Custom::')) {
        if (!CUSTOM_TYPE.test(type)) {
          this.add(
            `${logicalId}.Type`,
            'invalid custom resource type: Custom:: then up to 60 of A-Z a-z 0-9 _ @ -',
            logicalId,
          );
        }
        if (!properties || !hasOwn(properties, 'ServiceToken')) {
          this.add(
            `${root}.ServiceToken`,
            'is required: a custom resource needs a ServiceToken (the Lambda or SNS topic ARN that handles it)',
            logicalId,
          );
        }
      } else if (!this.typeAllowedWithoutSchema(type)) {
        this.add(
          `${logicalId}.Type`,
          `no schema for type ${type}: misspelt, or not vendored yet (add it with \`npm run refresh-cfn-schemas -- <schema-dir> ${type}\`, or list it in allowUnknownTypes)`,
          logicalId,
        );
      }
      return;
    }
    const data = properties ?? {};
    const branches: Array<0 | 1> = containsFnIf(data) ? [0, 1] : [0];
    for (const branch of branches) {
      const paths = new Map<string, Segment[]>();
      const resolved = resolveConditions(data, branch, [], '', paths);
      const value = isObject(resolved) ? resolved : {};
      const readOnlyReported = new Set<string>();
      for (const pointer of readOnlyPointers(info.readOnly, value)) {
        readOnlyReported.add(pointer);
        this.add(
          formatPath(root, originalPath(paths, pointer)),
          'is read-only (CloudFormation returns it as an attribute; read it with Fn::GetAtt) and must not be set',
          logicalId,
        );
      }
      if (info.validate(value)) continue;
      for (const finding of explainErrors(info.validate.errors ?? [])) {
        if (readOnlyReported.has(finding.pointer)) continue;
        this.add(
          formatPath(root, originalPath(paths, finding.pointer)),
          finding.message,
          logicalId,
        );
      }
    }
  }

  // --- references ---------------------------------------------------------------------------

  private addEdge(from: string, to: string, where: string, how: string): void {
    if (from === to) {
      this.add(
        where,
        `${how} refers to the resource itself: a resource cannot depend on itself`,
        from,
      );
      return;
    }
    const targets = this.edges.get(from) ?? new Map<string, string>();
    if (!targets.has(to)) targets.set(to, where);
    this.edges.set(from, targets);
  }

  /** Checks a `Ref`-style name (a `Ref` or a `${Name}` in Fn::Sub). */
  private checkRefName(name: string, ctx: WalkContext, where: string, how: string): void {
    if (PSEUDO_PARAMETERS.has(name) || this.parameters.has(name)) return;
    if (this.isResource(name)) {
      if (ctx.section === 'Conditions')
        this.add(
          where,
          `${how}: conditions can only refer to parameters and pseudo parameters`,
          ctx.logicalId,
        );
      else if (ctx.section === 'Resources' && ctx.logicalId !== undefined)
        this.addEdge(ctx.logicalId, name, where, how);
      return;
    }
    const what =
      ctx.section === 'Conditions'
        ? 'a parameter or pseudo parameter'
        : 'a resource, parameter or pseudo parameter';
    const suggestion = closest(name, [...Object.keys(this.resources), ...this.parameters]);
    this.add(
      where,
      `${how} is not ${what}${suggestion ? ` (did you mean ${suggestion}?)` : ''}`,
      ctx.logicalId,
    );
  }

  /** Checks a Fn::GetAtt-style target and attribute. */
  private checkGetAtt(
    target: string,
    attribute: unknown,
    ctx: WalkContext,
    where: string,
    how: string,
  ): void {
    if (!this.isResource(target)) {
      const suggestion = closest(target, Object.keys(this.resources));
      this.add(
        where,
        `${how} refers to "${target}", which is not a resource in the template${suggestion ? ` (did you mean ${suggestion}?)` : ''}`,
        ctx.logicalId,
      );
      return;
    }
    if (ctx.section === 'Conditions') {
      this.add(where, `${how}: conditions cannot use Fn::GetAtt`, ctx.logicalId);
      return;
    }
    if (ctx.section === 'Resources' && ctx.logicalId !== undefined)
      this.addEdge(ctx.logicalId, target, where, how);
    if (typeof attribute !== 'string') return;
    const type = this.typeOf(target);
    if (type === undefined || type === CUSTOM_RESOURCE || type.startsWith('Custom::')) return;
    const info = typeInfo(this.store, type);
    if (!info) return;
    // The schemas' read-only lists miss some documented attributes (SQS QueueName, SNS TopicName,
    // EventBridge Name, …), which are ordinary properties: accept property names too.
    if (info.attributes.includes(attribute) || info.properties.includes(attribute)) return;
    const known =
      info.attributes.length > 0
        ? `attributes: ${info.attributes.join(', ')}`
        : 'it has no read-only attributes';
    this.add(where, `${how}: ${type} has no attribute "${attribute}" (${known})`, ctx.logicalId);
  }

  private walk(node: unknown, ctx: WalkContext, segments: Segment[]): void {
    if (Array.isArray(node)) {
      node.forEach((item, i) => this.walk(item, ctx, [...segments, i]));
      return;
    }
    if (!isObject(node)) return;
    const fn = intrinsicName(node);
    if (fn === undefined) {
      if (
        ctx.section === 'Conditions' &&
        Object.keys(node).length === 1 &&
        typeof node.Condition === 'string'
      ) {
        const name = node.Condition;
        if (!this.conditions.has(name)) {
          this.add(
            formatPath(ctx.root, [...segments, 'Condition']),
            `condition "${name}" is not defined in Conditions`,
          );
        }
        return;
      }
      for (const [key, value] of Object.entries(node)) this.walk(value, ctx, [...segments, key]);
      return;
    }
    const args = node[fn];
    const here = [...segments, fn];
    const where = formatPath(ctx.root, here);
    switch (fn) {
      case 'Ref':
        if (typeof args !== 'string')
          this.add(
            where,
            `must be a logical id or parameter name (got ${describe(args)})`,
            ctx.logicalId,
          );
        else this.checkRefName(args, ctx, where, `Ref "${args}"`);
        return;
      case 'Fn::GetAtt':
        this.walkGetAtt(args, ctx, here);
        return;
      case 'Fn::Sub':
        this.walkSub(args, ctx, here);
        return;
      case 'Fn::If':
        if (!Array.isArray(args) || args.length !== 3 || typeof args[0] !== 'string') {
          this.add(where, 'must be [conditionName, valueIfTrue, valueIfFalse]', ctx.logicalId);
        } else if (!this.conditions.has(args[0])) {
          this.add(
            `${where}[0]`,
            `condition "${args[0]}" is not defined in Conditions`,
            ctx.logicalId,
          );
        }
        break;
      default:
        if (!INTRINSICS.has(fn)) {
          if (!CONDITION_FUNCTIONS.has(fn))
            this.add(where, `unknown intrinsic function ${fn}`, ctx.logicalId);
          else if (ctx.section !== 'Conditions')
            this.add(where, `${fn} can only be used in Conditions`, ctx.logicalId);
        }
    }
    this.walk(args, ctx, here);
  }

  private walkGetAtt(args: unknown, ctx: WalkContext, here: Segment[]): void {
    const where = formatPath(ctx.root, here);
    if (typeof args === 'string') {
      const dot = args.indexOf('.');
      if (dot <= 0 || dot === args.length - 1) {
        this.add(
          where,
          `must be "logicalId.attribute" or [logicalId, attribute] (got ${describe(args)})`,
          ctx.logicalId,
        );
        return;
      }
      this.checkGetAtt(args.slice(0, dot), args.slice(dot + 1), ctx, where, `Fn::GetAtt "${args}"`);
      return;
    }
    if (!Array.isArray(args) || args.length !== 2 || typeof args[0] !== 'string') {
      this.add(
        where,
        `must be [logicalId, attribute] or "logicalId.attribute" (got ${describe(args)})`,
        ctx.logicalId,
      );
      return;
    }
    const [target, attribute] = args as [string, unknown];
    const label = typeof attribute === 'string' ? `${target}.${attribute}` : target;
    this.checkGetAtt(target, attribute, ctx, where, `Fn::GetAtt "${label}"`);
    if (typeof attribute !== 'string') this.walk(attribute, ctx, [...here, 1]);
  }

  private walkSub(args: unknown, ctx: WalkContext, here: Segment[]): void {
    const where = formatPath(ctx.root, here);
    let text: unknown = args;
    let locals: JsonObject = {};
    if (Array.isArray(args)) {
      if (args.length !== 2 || typeof args[0] !== 'string' || !isObject(args[1])) {
        this.add(where, 'must be a string or [string, { variable: value }]', ctx.logicalId);
        return;
      }
      [text, locals] = args as [string, JsonObject];
      for (const [name, value] of Object.entries(locals)) this.walk(value, ctx, [...here, 1, name]);
    }
    if (typeof text !== 'string') {
      this.add(
        where,
        `must be a string or [string, { variable: value }] (got ${describe(text)})`,
        ctx.logicalId,
      );
      return;
    }
    for (const match of text.matchAll(/\$\{([^}]*)\}/g)) {
      const inner = match[1];
      if (inner.startsWith('!')) continue; // ${!Literal}
      const name = inner.trim();
      if (name === '' || hasOwn(locals, name)) continue;
      const dot = name.indexOf('.');
      if (dot === -1) this.checkRefName(name, ctx, where, `Fn::Sub variable \${${name}}`);
      else
        this.checkGetAtt(
          name.slice(0, dot),
          name.slice(dot + 1),
          ctx,
          where,
          `Fn::Sub variable \${${name}}`,
        );
    }
  }

  /** Circular dependencies over DependsOn, Ref, Fn::GetAtt and Fn::Sub (Tarjan's SCCs). */
  private checkCycles(): void {
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const onStack = new Set<string>();
    const stack: string[] = [];
    const components: string[][] = [];
    let counter = 0;
    const visit = (node: string): void => {
      index.set(node, counter);
      low.set(node, counter);
      counter++;
      stack.push(node);
      onStack.add(node);
      for (const next of this.edges.get(node)?.keys() ?? []) {
        if (!index.has(next)) {
          visit(next);
          low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
        } else if (onStack.has(next)) {
          low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
        }
      }
      if (low.get(node) === index.get(node)) {
        const component: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop();
          if (member === undefined) break;
          onStack.delete(member);
          component.push(member);
        } while (member !== node);
        if (component.length > 1) components.push(component);
      }
    };
    for (const node of Object.keys(this.resources)) if (!index.has(node)) visit(node);

    for (const component of components) {
      const cycle = this.cycleThrough(component);
      const where = this.edges.get(cycle[0])?.get(cycle[1]) ?? cycle[0];
      this.add(
        where,
        `circular dependency: ${cycle.join(' -> ')} (through DependsOn, Ref, Fn::GetAtt or Fn::Sub)`,
        cycle[0],
      );
    }
  }

  /** One cycle inside a strongly connected component, starting and ending at its first resource. */
  private cycleThrough(component: string[]): string[] {
    const members = new Set(component);
    const start = [...component].sort()[0];
    const parent = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0) {
      const node = queue.shift() as string;
      for (const next of this.edges.get(node)?.keys() ?? []) {
        if (!members.has(next)) continue;
        if (next === start) {
          const cycle = [start];
          for (
            let at: string | undefined = node;
            at !== undefined && at !== start;
            at = parent.get(at)
          )
            cycle.splice(1, 0, at);
          cycle.push(start);
          return cycle;
        }
        if (!parent.has(next)) {
          parent.set(next, node);
          queue.push(next);
        }
      }
    }
    return [...component, component[0]];
  }

  // --- API Gateway rules --------------------------------------------------------------------

  /** The logical id a `Ref`/`Fn::GetAtt` value points at, and the attribute (undefined for Ref). */
  private target(value: unknown): { id: string; attribute?: string } | undefined {
    if (!isObject(value)) return undefined;
    const fn = intrinsicName(value);
    const args = fn === undefined ? undefined : value[fn];
    if (fn === 'Ref' && typeof args === 'string') return { id: args };
    if (fn === 'Fn::GetAtt') {
      if (Array.isArray(args) && typeof args[0] === 'string' && typeof args[1] === 'string')
        return { id: args[0], attribute: args[1] };
      if (typeof args === 'string' && args.includes('.'))
        return {
          id: args.slice(0, args.indexOf('.')),
          attribute: args.slice(args.indexOf('.') + 1),
        };
    }
    return undefined;
  }

  /** A RestApiId value in a form that compares equal for `Ref: Api` and `GetAtt Api.RestApiId`. */
  private apiKey(value: unknown): { key: string; label: string } {
    const target = this.target(value);
    if (
      target &&
      this.typeOf(target.id) === 'AWS::ApiGateway::RestApi' &&
      (target.attribute ?? 'RestApiId') === 'RestApiId'
    ) {
      return { key: `ref:${target.id}`, label: target.id };
    }
    return { key: JSON.stringify(value), label: JSON.stringify(value) };
  }

  /** The resource of `type` a property value refers to (via Ref or Fn::GetAtt). */
  private referenced(
    value: unknown,
    type: string,
  ): { id: string; properties: JsonObject } | undefined {
    const target = this.target(value);
    if (!target || this.typeOf(target.id) !== type) return undefined;
    const properties = this.resources[target.id].Properties;
    return { id: target.id, properties: isObject(properties) ? properties : {} };
  }

  private checkApiGatewayRules(): void {
    const ofType = (type: string): Array<[string, JsonObject]> =>
      Object.entries(this.resources)
        .filter(([id]) => this.typeOf(id) === type)
        .map(([id, resource]) => [id, isObject(resource.Properties) ? resource.Properties : {}]);
    const deployments = ofType('AWS::ApiGateway::Deployment');
    const stages = ofType('AWS::ApiGateway::Stage');

    // A stage is created either by a Deployment's StageName or by a Stage, once per REST API.
    const created = new Map<string, string>();
    const creators: Array<[string, JsonObject, string]> = [
      ...deployments.map(([id, p]): [string, JsonObject, string] => [
        id,
        p,
        `Deployment ${id} (its StageName)`,
      ]),
      ...stages.map(([id, p]): [string, JsonObject, string] => [id, p, `Stage ${id}`]),
    ];
    for (const [id, properties, label] of creators) {
      if (properties.StageName === undefined || properties.RestApiId === undefined) continue;
      const api = this.apiKey(properties.RestApiId);
      const key = `${api.key}\n${JSON.stringify(properties.StageName)}`;
      const first = created.get(key);
      if (first === undefined) {
        created.set(key, label);
        continue;
      }
      this.add(
        `${id}.Properties.StageName`,
        `stage ${JSON.stringify(properties.StageName)} of REST API ${api.label} is created twice: by ${first} and by ${label}`,
        id,
      );
    }

    // cfn-lint stage_deployment_rest_api: a stage's deployment belongs to the stage's REST API.
    for (const [id, properties] of stages) {
      const deployment = this.referenced(properties.DeploymentId, 'AWS::ApiGateway::Deployment');
      if (
        !deployment ||
        deployment.properties.RestApiId === undefined ||
        properties.RestApiId === undefined
      )
        continue;
      const mine = this.apiKey(properties.RestApiId);
      const theirs = this.apiKey(deployment.properties.RestApiId);
      if (mine.key !== theirs.key) {
        this.add(
          `${id}.Properties.DeploymentId`,
          `Deployment ${deployment.id} belongs to REST API ${theirs.label}, not to this stage's ${mine.label}`,
          id,
        );
      }
    }

    // cfn-lint method_authorizer_rest_api and method_authorizer_type.
    for (const [id, properties] of ofType('AWS::ApiGateway::Method')) {
      const authorizer = this.referenced(properties.AuthorizerId, 'AWS::ApiGateway::Authorizer');
      if (!authorizer) continue;
      const where = `${id}.Properties.AuthorizerId`;
      if (authorizer.properties.RestApiId !== undefined && properties.RestApiId !== undefined) {
        const mine = this.apiKey(properties.RestApiId);
        const theirs = this.apiKey(authorizer.properties.RestApiId);
        if (mine.key !== theirs.key) {
          this.add(
            where,
            `Authorizer ${authorizer.id} belongs to REST API ${theirs.label}, not to this method's ${mine.label}`,
            id,
          );
        }
      }
      const authorizationType = properties.AuthorizationType;
      const authorizerType = authorizer.properties.Type;
      if (typeof authorizationType !== 'string' || typeof authorizerType !== 'string') continue;
      if (authorizationType === 'CUSTOM' && !['TOKEN', 'REQUEST'].includes(authorizerType)) {
        this.add(
          where,
          `AuthorizationType CUSTOM needs a TOKEN or REQUEST authorizer, but ${authorizer.id} has Type ${authorizerType}`,
          id,
        );
      }
      if (authorizationType === 'COGNITO_USER_POOLS' && authorizerType !== 'COGNITO_USER_POOLS') {
        this.add(
          where,
          `AuthorizationType COGNITO_USER_POOLS needs a COGNITO_USER_POOLS authorizer, but ${authorizer.id} has Type ${authorizerType}`,
          id,
        );
      }
    }
  }

  // --- outputs ------------------------------------------------------------------------------

  private checkOutputs(): void {
    const outputs = this.template.Outputs;
    if (outputs === undefined) return;
    if (!isObject(outputs)) {
      this.add('Outputs', 'must be an object');
      return;
    }
    const names = Object.keys(outputs);
    if (names.length > MAX_OUTPUTS)
      this.add(
        'Outputs',
        `has ${names.length} outputs; CloudFormation allows at most ${MAX_OUTPUTS}`,
      );
    const exports = new Map<string, string>();
    for (const name of names) {
      const root = `Outputs.${name}`;
      this.checkLogicalId(root, name, 'output');
      const output = outputs[name];
      if (!isObject(output)) {
        this.add(root, `must be an object with a Value (got ${describe(output)})`);
        continue;
      }
      for (const key of Object.keys(output))
        if (!OUTPUT_KEYS.has(key)) this.add(`${root}.${key}`, 'unknown output key');
      if (output.Value === undefined || output.Value === null)
        this.add(`${root}.Value`, 'is required');
      if (output.Description !== undefined && typeof output.Description !== 'string')
        this.add(`${root}.Description`, 'must be a string');
      if (
        output.Condition !== undefined &&
        (typeof output.Condition !== 'string' || !this.conditions.has(output.Condition))
      ) {
        this.add(
          `${root}.Condition`,
          `condition ${describe(output.Condition)} is not defined in Conditions`,
        );
      }
      if (output.Export !== undefined) {
        if (!isObject(output.Export) || output.Export.Name === undefined)
          this.add(`${root}.Export.Name`, 'is required');
        else {
          const key = JSON.stringify(output.Export.Name);
          const other = exports.get(key);
          if (other !== undefined)
            this.add(
              `${root}.Export.Name`,
              `the same export name as Outputs.${other}: export names must be unique`,
            );
          else exports.set(key, name);
        }
      }
      this.walk(output, { section: 'Outputs', root }, []);
    }
  }
}

/** JSON pointers of read-only properties set in `data` (one per property, outermost first). */
function readOnlyPointers(readOnly: readonly string[][], data: unknown): string[] {
  const found: string[] = [];
  const visit = (value: unknown, segments: readonly string[], pointer: string): void => {
    if (segments.length === 0) {
      found.push(pointer);
      return;
    }
    const [head, ...rest] = segments;
    if (head === '*') {
      if (Array.isArray(value)) value.forEach((item, i) => visit(item, rest, `${pointer}/${i}`));
      return;
    }
    if (isObject(value) && hasOwn(value, head))
      visit(value[head], rest, childPointer(pointer, head));
  };
  for (const segments of readOnly) visit(data, segments, '');
  return found.filter((p) => !found.some((q) => q !== p && p.startsWith(`${q}/`)));
}
