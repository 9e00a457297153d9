/**
 * Validates config against the bundled JSON Schemas with ajv and turns ajv's errors into
 * `ConfigIssue`s that name the config path, what was found and what is allowed.
 *
 * ajv runs strict (the schemas must be clean for core's strict compiler too), reports all errors,
 * and never coerces or fills defaults: the user's config is read, not rewritten.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { didYouMean } from './did-you-mean';
import { type ConfigIssue, joinPath, pointerToPath } from './issues';
import { type JsonSchema, loadBundledSchema } from './schemas';

const ajv = new Ajv({
  allErrors: true,
  strict: true,
  verbose: true,
  coerceTypes: false,
  useDefaults: false,
});
const validators = new Map<string, ValidateFunction>();

function validatorFor(file: string): ValidateFunction {
  let validate = validators.get(file);
  if (!validate) {
    validate = ajv.compile(loadBundledSchema(file));
    validators.set(file, validate);
  }
  return validate;
}

/** Validates `value` against the schema in `schemas/<file>`, reporting paths below `root`. */
export function validateAgainstSchema(file: string, value: unknown, root: string): ConfigIssue[] {
  const validate = validatorFor(file);
  if (validate(value)) return [];
  return explainErrors(validate.errors ?? [], root);
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
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

function messageFor(error: ErrorObject, root: string): ConfigIssue | undefined {
  const path = pointerToPath(root, error.instancePath);
  const title = schemaText(error.parentSchema, 'title');
  const description = schemaText(error.parentSchema, 'description');
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
        ? ` Allowed keys: ${allowed.join(', ')}.`
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
        message: `${describeValue(error.data)} is too short: at least ${String(params.limit)} characters${explain}`,
      };
    case 'maxLength':
      return {
        path,
        message: `a value of ${String((error.data as string).length)} characters is too long: at most ${String(params.limit)}${explain}`,
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
    case 'oneOf':
      return {
        path,
        message: `${describeValue(error.data)} is not ${title ? article(title) : 'an allowed value'}${explain}`,
      };
    default:
      return { path, message: error.message ?? `is invalid (${error.keyword})` };
  }
}

function isBelow(schemaPath: string, parentSchemaPath: string): boolean {
  return schemaPath.startsWith(`${parentSchemaPath}/`);
}

/**
 * ajv reports every branch of an `anyOf` and every nested check of a `propertyNames`. A user wants
 * one message per mistake: keep the most specific one.
 */
export function explainErrors(errors: readonly ErrorObject[], root: string): ConfigIssue[] {
  const dropped = new Set<ErrorObject>();
  const alternatives = errors
    .filter((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf')
    .sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const alternative of alternatives) {
    if (dropped.has(alternative)) continue;
    const branchErrors = errors.filter((error) =>
      isBelow(error.schemaPath, alternative.schemaPath),
    );
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
  const seen = new Set<string>();
  const issues: ConfigIssue[] = [];
  for (const error of errors) {
    if (dropped.has(error)) continue;
    const issue = messageFor(error, root);
    if (!issue) continue;
    const key = `${issue.path}\u0000${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}
