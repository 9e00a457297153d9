/**
 * Semantic checks of request validation: named models and their schemas, `validate` on routes and
 * http events (model names, schema files, draft-04, path parameters), and core's own request
 * validation on the same event. Same issue format as schema validation.
 */
import { didYouMean, didYouMeanHint } from '../../common/did-you-mean';
import type { EventRef } from '../../common/events';
import { describeEndpoint, parseHttpEvent } from '../../common/http-endpoint';
import { braceParameters } from '../routes/resolve';
import type { ServiceFiles } from '../../common/service-files';
import { type ConfigIssue, joinPath } from '../../pipeline/issues';
import { checkDraft04, isModelName } from './models';
import { eventValidate, eventValidatePath, type ValidateConfig } from './resolve';
import type { ApiGatewayConfig } from '../../config/types.generated';

const MODELS_PATH = 'custom.apiGateway.models';

/** What a validation check reads and where it reports. */
export interface ValidationChecker {
  readonly config: ApiGatewayConfig;
  readonly files: ServiceFiles | undefined;
  readonly errors: ConfigIssue[];
}

const list = (items: readonly string[]): string => items.join(', ');
const suggestion = (word: string, candidates: readonly string[]): string => {
  const match = didYouMean(word, candidates);
  return match ? `; did you mean ${match}?` : '';
};

function error(checker: ValidationChecker, path: string, message: string): void {
  checker.errors.push({ path, message });
}

/** A JSON Schema given as a file (loaded at the edge) or inline: parse errors and draft-04 checks. */
function checkSchemaSource(checker: ValidationChecker, source: unknown, path: string): void {
  if (typeof source === 'string') {
    const loaded = checker.files?.[source];
    if (!loaded) {
      error(
        checker,
        path,
        `schema file ${source} was not loaded (the plugin reads schema files when it validates the service)`,
      );
    } else if ('error' in loaded) {
      error(
        checker,
        path,
        `schema file ${source} ${loaded.error}; the path is relative to the service directory`,
      );
    } else {
      let schema: unknown;
      try {
        schema = JSON.parse(loaded.content);
      } catch (problem) {
        error(checker, path, `schema file ${source} is not JSON: ${(problem as Error).message}`);
      }
      if (schema !== undefined)
        for (const issue of checkDraft04(schema, path))
          error(checker, issue.path, `${source}: ${issue.message}`);
    }
  } else if (source !== undefined) {
    checker.errors.push(...checkDraft04(source, path));
  }
}

/** `custom.apiGateway.models`: each model's schema. */
export function checkModels(checker: ValidationChecker): void {
  const models = checker.config.models ?? {};
  for (const name of Object.keys(models).sort()) {
    checkSchemaSource(
      checker,
      models[name].schema,
      joinPath(joinPath(MODELS_PATH, name), 'schema'),
    );
  }
}

export function checkValidate(
  checker: ValidationChecker,
  validate: ValidateConfig | undefined,
  path: string,
  pathParameters: readonly string[],
  endpoint: string,
): void {
  if (!validate) return;
  const body = validate.body;
  const bodyPath = joinPath(path, 'body');
  if (isModelName(body)) {
    const models = Object.keys(checker.config.models ?? {}).sort();
    if (!models.includes(body)) {
      error(
        checker,
        bodyPath,
        models.length === 0
          ? `"${body}" is not a model: custom.apiGateway.models defines none; define it there (models: { ${body}: { schema: … } }), or give a .json file or an inline schema`
          : `"${body}" is not a model of custom.apiGateway.models${didYouMeanHint(body, models)}; the models: ${list(models)}`,
      );
    }
  } else {
    checkSchemaSource(checker, body, bodyPath);
  }
  const paths = validate.parameters?.paths ?? {};
  for (const name of Object.keys(paths).sort()) {
    const namePath = joinPath(joinPath(joinPath(path, 'parameters'), 'paths'), name);
    if (!pathParameters.includes(name)) {
      error(
        checker,
        namePath,
        `${endpoint} has no path parameter {${name}}${suggestion(name, pathParameters)}; its path parameters: ${list(pathParameters) || 'none'}`,
      );
    } else if (!paths[name].required) {
      error(
        checker,
        joinPath(namePath, 'required'),
        'a path parameter is always present (API Gateway matches the path only with it); remove required: false',
      );
    }
  }
}

export function checkEventValidate(checker: ValidationChecker, ref: EventRef): void {
  const validate = eventValidate(ref);
  if (!validate) return;
  const endpoint = parseHttpEvent(ref.event);
  if (!endpoint) return;
  const event = ref.event as Record<string, unknown>;
  const request = (event.request ?? {}) as Record<string, unknown>;
  for (const key of ['schemas', 'parameters'] as const) {
    if (request[key] === undefined) continue;
    const ours = key === 'schemas' ? 'validate.body' : 'validate.parameters';
    error(
      checker,
      eventValidatePath(ref),
      `the event also sets core's request.${key}, which makes a validator of its own; set the validation in one place: move it to apiGateway.${ours} (or remove apiGateway.validate)`,
    );
  }
  checkValidate(
    checker,
    validate,
    eventValidatePath(ref),
    braceParameters(endpoint.path),
    describeEndpoint(endpoint),
  );
}
