/**
 * Request validation: shared `AWS::ApiGateway::RequestValidator`s (body only, parameters only,
 * both: created only when an endpoint needs that kind), the named models of
 * `custom.apiGateway.models` (one each, shared by the endpoints that name them), one
 * `AWS::ApiGateway::Model` per body schema given inline or as a file, and the Method properties
 * that attach them. Routes get them on the Methods the
 * routes compiler creates; core's Methods of http events are patched.
 */
import type { CfnObject, CfnResource, ResourcePatch } from '../../cloudformation/template';
import { ref } from '../../cloudformation/template';
import type { Naming, RequestValidatorKind } from '../../cloudformation/naming';
import type { ResolvedConfig } from '../../pipeline/resolve';
import { RoutesCompileError } from '../../pipeline/compile-errors';
import { isModelName, modelSchema } from './models';
import type { JsonSchema, ResolvedRequestValidation, ValidateConfig } from './resolve';
import { DEFAULT_CONTENT_TYPE } from '../templates/resolve';
import { methodFinder } from '../../common/method-finder';
import type { CompileContext } from '../../pipeline/compile-context';

const VALIDATOR_FLAGS: Record<RequestValidatorKind, [boolean, boolean]> = {
  Body: [true, false],
  Parameters: [false, true],
  BodyAndParameters: [true, true],
};

const VALIDATOR_NAMES: Record<RequestValidatorKind, string> = {
  Body: 'body',
  Parameters: 'parameters',
  BodyAndParameters: 'body-and-parameters',
};

export interface MethodValidation {
  /** Properties to set on the Method. */
  readonly properties: CfnObject;
  /** `method.request.*` → required, to merge into the Method's RequestParameters. */
  readonly parameters: Readonly<Record<string, boolean>>;
  readonly resources: Readonly<Record<string, CfnResource>>;
}

/** Collects the validators the endpoints need, so each kind is made once. */
export class Validators {
  private readonly used = new Set<RequestValidatorKind>();
  private readonly models: ResolvedRequestValidation['models'];

  constructor(
    private readonly restApiId: unknown,
    private readonly namePrefix: string,
    private readonly naming: Naming,
    private readonly validation: ResolvedRequestValidation,
  ) {
    this.models = validation.models;
  }

  /** A schema given inline, or the parsed schema file it names. */
  private schemaOf(source: unknown, configPath: string): JsonSchema {
    if (typeof source !== 'string') return source as JsonSchema;
    const schema = this.validation.schemaFiles[source];
    if (!schema)
      throw new RoutesCompileError(
        `serverless-apigateway-kit: ${configPath}: schema file ${source} was not loaded or is not JSON`,
      );
    return schema;
  }

  /** `configPath`: where `validate` is written, for the message of a conflict. */
  forMethod(
    validate: ValidateConfig | undefined,
    methodLogicalId: string,
    configPath: string,
  ): MethodValidation {
    if (!validate) return { properties: {}, parameters: {}, resources: {} };
    const parameters: Record<string, boolean> = {};
    const declared = validate.parameters ?? {};
    const sources = [
      ['querystring', declared.querystring],
      ['header', declared.headers],
      ['path', declared.paths],
    ] as const;
    for (const [where, entries] of sources) {
      for (const name of Object.keys(entries ?? {}).sort()) {
        parameters[`method.request.${where}.${name}`] = entries?.[name].required ?? false;
      }
    }
    const body = validate.body !== undefined;
    const params = Object.values(parameters).some(Boolean);
    const properties: CfnObject = {};
    const resources: Record<string, CfnResource> = {};
    if (body || params) {
      const kind: RequestValidatorKind =
        body && params ? 'BodyAndParameters' : body ? 'Body' : 'Parameters';
      this.used.add(kind);
      properties.RequestValidatorId = ref(this.naming.requestValidator(kind));
    }
    if (isModelName(validate.body)) {
      const model = this.models[validate.body];
      if (!model) {
        throw new RoutesCompileError(
          `serverless-apigateway-kit: ${configPath}.body: no model ${validate.body} in custom.apiGateway.models`,
        );
      }
      properties.RequestModels = {
        [model.contentType ?? DEFAULT_CONTENT_TYPE]: ref(this.naming.namedModel(validate.body)),
      };
    } else if (validate.body !== undefined) {
      const modelId = this.naming.endpointModel(methodLogicalId);
      resources[modelId] = {
        Type: 'AWS::ApiGateway::Model',
        Properties: {
          RestApiId: this.restApiId,
          ContentType: DEFAULT_CONTENT_TYPE,
          Schema: modelSchema(this.schemaOf(validate.body, `${configPath}.body`)),
        },
      };
      properties.RequestModels = { [DEFAULT_CONTENT_TYPE]: ref(modelId) };
    }
    return { properties, parameters, resources };
  }

  /** The validators some endpoint uses, and every named model (used or not: it is the API's). */
  resources(): Record<string, CfnResource> {
    const resources: Record<string, CfnResource> = {};
    for (const name of Object.keys(this.models).sort()) {
      const model = this.models[name];
      resources[this.naming.namedModel(name)] = {
        Type: 'AWS::ApiGateway::Model',
        Properties: {
          RestApiId: this.restApiId,
          Name: name,
          ContentType: model.contentType ?? DEFAULT_CONTENT_TYPE,
          ...(model.description !== undefined ? { Description: model.description } : {}),
          Schema: modelSchema(
            this.schemaOf(model.schema, `custom.apiGateway.models.${name}.schema`),
          ),
        },
      };
    }
    for (const kind of Object.keys(VALIDATOR_FLAGS) as RequestValidatorKind[]) {
      if (!this.used.has(kind)) continue;
      const [body, parameters] = VALIDATOR_FLAGS[kind];
      resources[this.naming.requestValidator(kind)] = {
        Type: 'AWS::ApiGateway::RequestValidator',
        Properties: {
          RestApiId: this.restApiId,
          Name: `${this.namePrefix} | ${VALIDATOR_NAMES[kind]}`,
          ValidateRequestBody: body,
          ValidateRequestParameters: parameters,
        },
      };
    }
    return resources;
  }
}

/** Merges `added` into a Method's RequestParameters (what is there stays, validation's flags win). */
export function mergeParameters(
  existing: unknown,
  added: Readonly<Record<string, boolean>>,
): CfnObject | undefined {
  const merged: CfnObject = { ...((existing as CfnObject | undefined) ?? {}), ...added };
  if (Object.keys(merged).length === 0) return undefined;
  return Object.fromEntries(
    Object.keys(merged)
      .sort()
      .map((key) => [key, merged[key]]),
  );
}

/** Validation of http events: Models and patches of core's Methods. */
export function compileEventValidation(
  config: ResolvedConfig,
  ctx: CompileContext,
  restApiId: unknown,
  validators: Validators,
): { resources: Record<string, CfnResource>; patches: ResourcePatch[] } {
  const resources: Record<string, CfnResource> = {};
  const patches: ResourcePatch[] = [];
  const findMethod = methodFinder(ctx.template, restApiId);
  for (const endpoint of config.requestValidation.events) {
    const methodId = findMethod(endpoint);
    if (!methodId) continue;
    const validation = validators.forMethod(endpoint.validate, methodId, endpoint.configPath);
    Object.assign(resources, validation.resources);
    const method = ctx.template.Resources[methodId];
    patches.push({
      logicalId: methodId,
      setProperties: {
        ...validation.properties,
        RequestParameters: mergeParameters(
          method.Properties?.RequestParameters,
          validation.parameters,
        ),
      },
    });
  }
  return { resources, patches };
}
