/**
 * Validates config against the bundled JSON Schemas with ajv and turns ajv's errors into
 * `ConfigIssue`s that name the config path, what was found and what is allowed.
 *
 * ajv runs strict (the schemas must be clean for core's strict compiler too), reports all errors,
 * and never coerces or fills defaults: the user's config is read, not rewritten.
 */
import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { load } from '../../lazy';
import { didYouMean } from '../../common/did-you-mean';
import { type ConfigIssue, joinPath, pointerToPath } from '../issues';
import { precompiledValidator } from './precompiled-validators';
import { serviceConfigHints } from './hints';
import { type JsonSchema, loadBundledSchema, SCHEMA_FILES } from './schemas';

let explainingAjv: Ajv | undefined;
const explainingValidators = new Map<string, ValidateFunction>();

/**
 * The validator that says why a config is not valid: every error at once, with the schema of each
 * (titles, descriptions and allowed values go into the messages). Compiled at run time from the
 * bundled schema, only once a config has failed the precompiled check (or when there is none).
 */
function explainingValidatorFor(file: string): ValidateFunction {
  let validate = explainingValidators.get(file);
  if (!validate) {
    if (!explainingAjv) {
      const { default: AjvClass } = load<typeof import('ajv')>('ajv');
      explainingAjv = new AjvClass({
        allErrors: true,
        strict: true,
        verbose: true,
        coerceTypes: false,
        useDefaults: false,
        // Compiled once per failing command: compiling fast matters more than validating fast
        // (measured: 263 ms → 115 ms for the full schema).
        code: { optimize: false },
      });
    }
    validate = explainingAjv.compile(loadBundledSchema(file));
    explainingValidators.set(file, validate);
  }
  return validate;
}

/** Validates `value` against the schema in `schemas/<file>`, reporting paths below `root`. */
export function validateAgainstSchema(file: string, value: unknown, root: string): ConfigIssue[] {
  const check = precompiledValidator(file);
  if (check?.(value)) return [];
  const validate = explainingValidatorFor(file);
  if (validate(value)) return [];
  if (file !== SCHEMA_FILES.apiGateway) return explainErrors(validate.errors ?? [], root, value);
  const { issues, rest } = serviceConfigHints(validate.errors ?? [], value, root);
  return [...issues, ...explainErrors(rest, root, value)];
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    return value.length > MAX_SHOWN
      ? `${JSON.stringify(value.slice(0, MAX_SHOWN))}… (${value.length} characters)`
      : JSON.stringify(value);
  }
  return String(value);
}

/** Long values are cut in messages: the user knows their value, the message says what is wrong. */
const MAX_SHOWN = 60;

function plural(count: unknown, noun: string): string {
  return `${String(count)} ${noun}${count === 1 ? '' : 's'}`;
}

function describeFound(value: unknown): string {
  if (value === null || Array.isArray(value) || typeof value === 'object')
    return describeValue(value);
  return `${typeof value} ${describeValue(value)}`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

function article(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function schemaText(schema: unknown, key: 'title' | 'description'): string | undefined {
  if (schema && typeof schema === 'object' && typeof (schema as JsonSchema)[key] === 'string') {
    return (schema as JsonSchema)[key] as string;
  }
  return undefined;
}

function uniqueDisplay(values: readonly unknown[]): string[] {
  return [
    ...new Set(values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value)))),
  ];
}

function messageFor(
  error: ErrorObject,
  root: string,
  data: unknown,
  fallback?: unknown,
): ConfigIssue | undefined {
  const path = pointerToPath(root, error.instancePath, data);
  const title = schemaText(error.parentSchema, 'title') ?? schemaText(fallback, 'title');
  const description =
    schemaText(error.parentSchema, 'description') ?? schemaText(fallback, 'description');
  const explain = description ? `: ${description}` : '';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const properties = (error.parentSchema as JsonSchema | undefined)?.properties;
      const allowed = properties && typeof properties === 'object' ? Object.keys(properties) : [];
      const suggestion = didYouMean(key, allowed);
      const hint = suggestion ? `; did you mean "${suggestion}"?` : '';
      const list = allowed.length
        ? `${suggestion ? ' Allowed keys' : '; allowed keys'}: ${allowed.join(', ')}.`
        : '; no keys are allowed here.';
      return { path: joinPath(path, key), message: `unknown key "${key}"${hint}${list}` };
    }
    case 'propertyNames': {
      // The nested error (pattern, enum…) about the name itself is folded into this one.
      const name = String(params.propertyName);
      const nameSchema = (error.parentSchema as JsonSchema | undefined)?.propertyNames;
      const nameTitle = schemaText(nameSchema, 'title') ?? 'key';
      const nameDescription = schemaText(nameSchema, 'description');
      const enumValues = (nameSchema as JsonSchema | undefined)?.enum;
      let allowed = nameDescription ? `: ${nameDescription}` : '';
      if (Array.isArray(enumValues)) {
        const suggestion = didYouMean(name, enumValues.map(String));
        allowed = `; use one of ${enumValues.join(', ')}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`;
      }
      return {
        path: joinPath(path, name),
        message: `"${name}" is not ${article(`valid ${nameTitle}`)}${allowed}`,
      };
    }
    case 'enum': {
      const values = uniqueDisplay((params.allowedValues as unknown[]) ?? []);
      const suggestion =
        typeof error.data === 'string' ? didYouMean(error.data, values) : undefined;
      const noun = title ? article(title) : 'an allowed value';
      const allowed = (params.allowedValues as unknown[]) ?? [];
      if (
        typeof error.data === 'string' &&
        error.data.trim() !== '' &&
        allowed.includes(Number(error.data)) &&
        !allowed.includes(error.data)
      ) {
        return {
          path,
          message: `expected a number, found string ${describeValue(error.data)}; write ${error.data} without quotes`,
        };
      }
      return {
        path,
        message: `${describeValue(error.data)} is not ${noun}; use one of ${values.join(', ')}${
          suggestion ? ` (did you mean "${suggestion}"?)` : ''
        }`,
      };
    }
    case 'const':
      return {
        path,
        message: `${describeValue(error.data)} is not allowed; use ${JSON.stringify(params.allowedValue)}`,
      };
    case 'type': {
      const types = String(params.type)
        .split(',')
        .map((type) => TYPE_NAMES[type] ?? type);
      const what = title ? ` (${title})` : '';
      return {
        path,
        message: `expected ${types.join(' or ')}${what}, found ${describeFound(error.data)}`,
      };
    }
    case 'required':
      return {
        path,
        message: `missing required key "${String(params.missingProperty)}"${title ? ` in the ${title}` : ''}`,
      };
    case 'minimum':
    case 'exclusiveMinimum':
      return {
        path,
        message: `${describeValue(error.data)} is below the ${error.keyword === 'minimum' ? 'minimum' : 'exclusive minimum'} ${String(params.limit)}${explain}`,
      };
    case 'maximum':
    case 'exclusiveMaximum':
      return {
        path,
        message: `${describeValue(error.data)} is above the ${error.keyword === 'maximum' ? 'maximum' : 'exclusive maximum'} ${String(params.limit)}${explain}`,
      };
    case 'minLength':
      return {
        path,
        message: `${describeValue(error.data)} is too short: at least ${plural(params.limit, 'character')}${explain}`,
      };
    case 'maxLength':
      return {
        path,
        message: `a value of ${plural((error.data as string).length, 'character')} is too long: at most ${String(params.limit)}${explain}`,
      };
    case 'minItems':
      return { path, message: `the list needs at least ${String(params.limit)} item(s)${explain}` };
    case 'maxItems':
      return { path, message: `the list allows at most ${String(params.limit)} item(s)${explain}` };
    case 'minProperties':
    case 'maxProperties':
      return {
        path,
        message: `${describeValue(error.data)} is not ${title ? article(title) : 'allowed here'}${explain}`,
      };
    case 'pattern':
      return {
        path,
        message: `${describeValue(error.data)} is not ${article(`valid ${title ?? 'value'}`)}${
          description ? `: ${description}` : ` (must match ${String(params.pattern)})`
        }`,
      };
    case 'anyOf':
    case 'oneOf': {
      const choices = typeof error.data === 'string' ? enumValues(error.schema).map(String) : [];
      const suggestion =
        typeof error.data === 'string' ? didYouMean(error.data, choices) : undefined;
      return {
        path,
        message: `${describeValue(error.data)} is not ${title ? article(title) : 'an allowed value'}${explain}${
          suggestion ? ` (did you mean "${suggestion}"?)` : ''
        }`,
      };
    }
    default:
      return { path, message: error.message ?? `is invalid (${error.keyword})` };
  }
}

function isBelow(schemaPath: string, parentSchemaPath: string): boolean {
  return schemaPath.startsWith(`${parentSchemaPath}/`);
}

type JsonType = 'null' | 'array' | 'object' | 'string' | 'number' | 'integer' | 'boolean';

function typeOfValue(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as JsonType;
}

/** The JSON types a schema can accept, or undefined when it does not say (accepts any). */
function acceptedTypes(schema: unknown): Set<string> | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  const node = schema as JsonSchema;
  if (node.type !== undefined)
    return new Set(Array.isArray(node.type) ? (node.type as string[]) : [String(node.type)]);
  if ('const' in node) return new Set([typeOfValue(node.const)]);
  if (Array.isArray(node.enum)) return new Set(node.enum.map(typeOfValue));
  const branches = (node.anyOf ?? node.oneOf) as unknown[] | undefined;
  if (Array.isArray(branches)) {
    const union = new Set<string>();
    for (const branch of branches) {
      const types = acceptedTypes(branch);
      if (!types) return undefined;
      types.forEach((type) => union.add(type));
    }
    return union;
  }
  return undefined;
}

function accepts(schema: unknown, value: unknown): boolean {
  const types = acceptedTypes(schema);
  if (!types) return true;
  const type = typeOfValue(value);
  return types.has(type) || (type === 'integer' && types.has('number'));
}

/** Enum values anywhere in a list of alternatives (for did-you-mean on an anyOf). */
function enumValues(branches: unknown): unknown[] {
  if (!Array.isArray(branches)) return [];
  return branches.flatMap((branch: unknown) => {
    if (!branch || typeof branch !== 'object') return [];
    const node = branch as JsonSchema;
    return [
      ...(Array.isArray(node.enum) ? node.enum : []),
      ...enumValues(node.anyOf ?? node.oneOf),
    ];
  });
}

/**
 * ajv reports every branch of an `anyOf` and every nested check of a `propertyNames`. A user wants
 * one message per mistake: keep the most specific one. When exactly one alternative accepts the
 * value's type (an object where "a string or an object" is allowed), its errors are the ones that
 * explain the mistake; otherwise one message for the whole set of alternatives.
 */
export function explainErrors(
  errors: readonly ErrorObject[],
  root: string,
  data?: unknown,
): ConfigIssue[] {
  const dropped = new Set<ErrorObject>();
  // Errors of a chosen branch about the value itself borrow the alternatives' title and description.
  const fallbackText = new Map<ErrorObject, unknown>();
  const alternatives = errors
    .filter((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf')
    .sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const alternative of alternatives) {
    if (dropped.has(alternative)) continue;
    const branchErrors = errors.filter((error) =>
      isBelow(error.schemaPath, alternative.schemaPath),
    );
    const branches = Array.isArray(alternative.schema) ? (alternative.schema as unknown[]) : [];
    const matching = branches
      .map((branch, index) => (accepts(branch, alternative.data) ? index : -1))
      .filter((index) => index >= 0);
    const single = matching.length === 1 ? (branches[matching[0]] as JsonSchema) : undefined;
    // A branch that is a single value (`const: false`) explains nothing the alternatives' own
    // description does not: only branches with a shape of their own are worth descending into.
    if (single && !('const' in single) && !('enum' in single)) {
      const chosen = `${alternative.schemaPath}/${matching[0]}`;
      dropped.add(alternative);
      for (const error of branchErrors) {
        if (!isBelow(error.schemaPath, chosen)) dropped.add(error);
        else if (error.instancePath === alternative.instancePath) {
          fallbackText.set(error, alternative.parentSchema);
        }
      }
      continue;
    }
    const deeper = branchErrors.filter(
      (error) => error.instancePath.length > alternative.instancePath.length && !dropped.has(error),
    );
    if (deeper.length > 0) {
      // The value had the right shape for a branch and something inside it is wrong: report that.
      dropped.add(alternative);
      branchErrors
        .filter((error) => error.instancePath === alternative.instancePath)
        .forEach((error) => dropped.add(error));
    } else {
      branchErrors.forEach((error) => dropped.add(error));
    }
  }
  for (const error of errors) {
    if (error.keyword === 'propertyNames') {
      errors
        .filter(
          (nested) =>
            isBelow(nested.schemaPath, error.schemaPath) &&
            nested.instancePath === error.instancePath,
        )
        .forEach((nested) => dropped.add(nested));
    }
  }
  // A misspelt required key is one mistake, not two: the unknown-key message names the fix.
  for (const error of errors) {
    if (error.keyword !== 'required') continue;
    const missing = String((error.params as { missingProperty?: unknown }).missingProperty);
    const misspelt = errors.some((other) => {
      if (other.keyword !== 'additionalProperties' || other.instancePath !== error.instancePath)
        return false;
      const properties = (other.parentSchema as JsonSchema | undefined)?.properties;
      const allowed = properties && typeof properties === 'object' ? Object.keys(properties) : [];
      return (
        didYouMean(
          String((other.params as { additionalProperty?: unknown }).additionalProperty),
          allowed,
        ) === missing
      );
    });
    if (misspelt) dropped.add(error);
  }
  const seen = new Set<string>();
  const issues: ConfigIssue[] = [];
  for (const error of errors) {
    if (dropped.has(error)) continue;
    const issue = messageFor(error, root, data, fallbackText.get(error));
    if (!issue) continue;
    const key = `${issue.path}\u0000${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}
