/**
 * Request validation as "Request validation for REST APIs in API Gateway"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html)
 * describes it: a method's request validator decides what is checked (a method without one is not
 * validated); required parameters are checked first, then the body against the model of its
 * Content-Type. Models are JSON Schema draft-04; they are compiled once when the API is loaded
 * (not per request), each model reachable by `$ref` from the others under API Gateway's model URL
 * (`https://apigateway.amazonaws.com/restapis/<api id>/models/<Name>`, which templates usually
 * build with Fn::Join or Fn::Sub around the RestApi's Ref: the name is what counts).
 */
import Ajv, { type ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { RestApiModel, RestMethod } from '../../model';
import { BUILT_IN_MODELS } from '../../model/built-in-models';
import { renderValue } from '../../openapi/intrinsics';
import type { GatewayError } from './gateway-responses';
import { headerOf, type GatewayRequest } from './request';
import { mediaType } from './templates';
import { validationErrorString, validationMessages } from './validation-messages';

/** Where models live for ajv: one URL per model name. */
const MODEL_BASE = 'https://apigateway.local/models/';
/** API Gateway's own model URL, whatever the API id (a literal id or `${RestApi}` from Fn::Sub). */
const MODEL_URL = /^https:\/\/apigateway\.amazonaws\.com\/restapis\/[^/]+\/models\/([^/#]+)(#.*)?$/;

/** A method whose model cannot be used (not found, not valid draft-04): the API is misconfigured. */
export class ModelConfigurationError extends Error {
  override name = 'ModelConfigurationError';
}

export function badRequestParameters(missing: readonly string[]): GatewayError {
  const message = `Missing required request parameters: [${missing.join(', ')}]`;
  return {
    responseType: 'BAD_REQUEST_PARAMETERS',
    message,
    errorType: 'BadRequestException',
    // Observed bodies have the space, as for API Gateway's other own errors.
    defaultBody: JSON.stringify({ message }).replace('":', '": '),
  };
}

export function badRequestBody(messages: readonly string[]): GatewayError {
  return {
    responseType: 'BAD_REQUEST_BODY',
    message: 'Invalid request body',
    errorType: 'BadRequestException',
    defaultBody: '{"message": "Invalid request body"}',
    validationErrorString: validationErrorString(messages),
  };
}

/**
 * A schema of an imported OpenAPI document (a body-mode or imported API) that names another of the
 * document's schemas: API Gateway makes each schema a model of that name, so the reference is to
 * the model (`#/components/schemas/Pet`, Swagger 2.0 `#/definitions/Pet`).
 */
const DOCUMENT_SCHEMA = /^#\/(?:components\/schemas|definitions)\/([^/#]+)()$/;

/** The ajv URL of a model (an inline body schema's name has spaces and slashes: encoded). */
function modelUrl(name: string): string {
  return `${MODEL_BASE}${encodeURIComponent(name)}`;
}

/** A model's schema with `$ref`s to other models pointed at their ajv URL. */
function withModelRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withModelRefs);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => {
      if (key !== '$ref') return [key, withModelRefs(value)];
      const text = typeof value === 'string' ? value : renderValue(value);
      const model = MODEL_URL.exec(text) ?? DOCUMENT_SCHEMA.exec(text);
      return [key, model ? `${modelUrl(model[1])}${model[2] ?? ''}` : text];
    }),
  );
}

/** A required method request parameter: `method.request.<location>.<name>` set to true. */
const PARAMETER =
  /^method\.request\.(path|querystring|multivaluequerystring|header|multivalueheader)\.(.+)$/;

/**
 * Whether a required parameter is there: present and not blank ("included and not blank", the
 * guide says; a value of spaces only counts as blank). Header names compare without case.
 */
function isPresent(
  location: string,
  name: string,
  request: GatewayRequest,
  pathParameters: Readonly<Record<string, string>>,
): boolean {
  const filled = (value: string | undefined) => value !== undefined && value.trim() !== '';
  switch (location) {
    case 'path':
      return filled(pathParameters[name]);
    case 'querystring':
      return filled(request.queryString[name]);
    case 'multivaluequerystring':
      return (request.multiValueQueryString[name] ?? []).some(filled);
    case 'header':
      return filled(headerOf(request.headers, name));
    default: {
      const lower = name.toLowerCase();
      return Object.entries(request.multiValueHeaders).some(
        ([key, values]) => key.toLowerCase() === lower && values.some(filled),
      );
    }
  }
}

/**
 * The names of the required parameters a request lacks, as API Gateway lists them: sorted by
 * their full `method.request.…` name (so headers, then path, then query string parameters, each
 * by name), names as configured. Observed answers list several sorted (`[di, pi]`); LocalStack,
 * which compares itself with AWS, sorts the same way.
 */
export function missingParameters(
  method: RestMethod,
  request: GatewayRequest,
  pathParameters: Readonly<Record<string, string>>,
): string[] {
  return Object.keys(method.requestParameters)
    .sort()
    .flatMap((key) => {
      const required = method.requestParameters[key];
      const match = PARAMETER.exec(key);
      if (!match || (required !== true && required !== 'true')) return [];
      return isPresent(match[1], match[2], request, pathParameters) ? [] : [match[2]];
    });
}

/** The model for a Content-Type: the one for that media type, else `$default`; none: no check. */
export function modelFor(method: RestMethod, contentType: string | undefined): string | undefined {
  // No Content-Type: application/json, as API Gateway assumes for mapping templates too.
  const wanted = mediaType(contentType) ?? 'application/json';
  const found = Object.entries(method.requestModels).find(([type]) => mediaType(type) === wanted);
  return found ? found[1] : method.requestModels.$default;
}

/** The parse failure's message: the local gateway's own wording (AWS's is Jackson's, not known). */
function parseFailure(error: unknown): string {
  return `Unable to parse the request body as JSON: ${error instanceof Error ? error.message : String(error)}`;
}

export class RequestValidation {
  private readonly validators: Map<string, { body: boolean; parameters: boolean }>;
  private readonly models = new Map<string, ValidateFunction | ModelConfigurationError>();

  constructor(api: RestApiModel) {
    this.validators = new Map(
      api.requestValidators.map((validator) => [
        validator.name,
        {
          body: validator.validateRequestBody,
          parameters: validator.validateRequestParameters,
        },
      ]),
    );
    // strict: false: API Gateway accepts keywords draft-04 does not define (and ignores them).
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, logger: false });
    addFormats(ajv, ['date-time', 'email', 'hostname', 'ipv4', 'ipv6', 'uri']);
    const schemas = new Map<string, unknown>(Object.entries(BUILT_IN_MODELS));
    for (const model of api.models) schemas.set(model.name, model.schema);
    for (const [name, schema] of schemas) {
      if (schema === null || typeof schema !== 'object') {
        this.models.set(name, new ModelConfigurationError(`model ${name}: the schema is not JSON`));
        continue;
      }
      // `$schema` and a top-level `id` would compete with the model's own URL.
      const {
        $schema: _schema,
        id: _id,
        ...rest
      } = withModelRefs(schema) as Record<string, unknown>;
      ajv.addSchema(rest, modelUrl(name));
    }
    for (const name of schemas.keys()) {
      if (this.models.has(name)) continue;
      try {
        const compiled = ajv.getSchema(modelUrl(name));
        if (compiled) this.models.set(name, compiled);
      } catch (error) {
        this.models.set(
          name,
          new ModelConfigurationError(
            `model ${name}: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
      }
    }
  }

  /**
   * The gateway's answer when the request fails the method's validator; undefined when it passes
   * or is not validated. Throws ModelConfigurationError when the model cannot be used.
   */
  check(
    method: RestMethod,
    request: GatewayRequest,
    pathParameters: Readonly<Record<string, string>>,
  ): GatewayError | undefined {
    const validator =
      method.requestValidator === undefined
        ? undefined
        : this.validators.get(method.requestValidator);
    if (!validator) return undefined;
    if (validator.parameters) {
      const missing = missingParameters(method, request, pathParameters);
      if (missing.length > 0) return badRequestParameters(missing);
    }
    if (!validator.body) return undefined;
    const modelName = modelFor(method, headerOf(request.headers, 'Content-Type'));
    if (modelName === undefined) return undefined;
    const validate = this.models.get(modelName);
    if (validate === undefined)
      throw new ModelConfigurationError(`model ${modelName} is not a model of the API`);
    if (validate instanceof ModelConfigurationError) throw validate;
    const text = request.body.toString('utf8');
    let body: unknown;
    try {
      // An empty body is validated as `{}` (as LocalStack, checked against AWS, does).
      body = text.trim() === '' ? {} : JSON.parse(text);
    } catch (error) {
      return badRequestBody([parseFailure(error)]);
    }
    if (validate(body)) return undefined;
    return badRequestBody(validationMessages(validate.errors ?? [], body));
  }
}
