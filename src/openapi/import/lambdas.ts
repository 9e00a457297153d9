/**
 * Lambda functions a definition's own integrations and authorizers call. A function of this
 * service is named in one of three ways, and gets API Gateway's invoke permission:
 * - the shorthand `uri: { function: listPets }` (`authorizerUri` likewise): the service's function
 *   `listPets`, written as its invocation URI;
 * - a `${…}` reference to its logical id in a string (`…/functions/${ListPetsLambdaFunction.Arn}/
 *   invocations`), which becomes an `Fn::Sub` (other `${…}`, such as `${stageVariables.fn}`, are
 *   API Gateway's and stay as written), or an intrinsic function (`Fn::Sub`, `Fn::GetAtt`) that
 *   names it;
 * - its deployed ARN written out (`arn:aws:lambda:…:function:<service>-<stage>-listPets`).
 * Any other ARN is a function elsewhere: left as written, with no permission. Pure.
 */
import { mentionedNames } from '../../cloudformation/mentions';
import type { OpenApiDocument } from '../types';
import { methodOfKey } from './definition';
import { type DocumentProblem, pointerSegment } from './leniency';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** A place in the document that names a Lambda: `uri` of an integration, `authorizerUri`. */
interface LambdaSlot {
  readonly owner: Json;
  readonly key: 'uri' | 'authorizerUri';
  readonly pointer: string;
}

const LAMBDA_TYPES = new Set(['aws', 'aws_proxy']);

function lambdaSlots(document: OpenApiDocument): LambdaSlot[] {
  const slots: LambdaSlot[] = [];
  const doc = document as Json;
  const paths = isObject(doc.paths) ? doc.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const [key, operation] of Object.entries(item)) {
      if (!methodOfKey(key) || !isObject(operation)) continue;
      const integration = operation['x-amazon-apigateway-integration'];
      if (!isObject(integration) || integration.uri === undefined) continue;
      if (!LAMBDA_TYPES.has(String(integration.type).toLowerCase())) continue;
      slots.push({
        owner: integration,
        key: 'uri',
        pointer: `/paths/${pointerSegment(path)}/${key}/x-amazon-apigateway-integration/uri`,
      });
    }
  }
  const components = isObject(doc.components) ? doc.components : {};
  const [base, schemes] = isObject(components.securitySchemes)
    ? ['/components/securitySchemes', components.securitySchemes]
    : ['/securityDefinitions', isObject(doc.securityDefinitions) ? doc.securityDefinitions : {}];
  for (const [name, scheme] of Object.entries(schemes)) {
    const authorizer = isObject(scheme) ? scheme['x-amazon-apigateway-authorizer'] : undefined;
    if (!isObject(authorizer) || authorizer.authorizerUri === undefined) continue;
    slots.push({
      owner: authorizer,
      key: 'authorizerUri',
      pointer: `${base}/${pointerSegment(name)}/x-amazon-apigateway-authorizer/authorizerUri`,
    });
  }
  return slots;
}

function shorthandName(value: unknown): string | undefined {
  if (!isObject(value) || Object.keys(value).length !== 1) return undefined;
  return typeof value.function === 'string' ? value.function : undefined;
}

/** Shorthands that name no function of the service: an error, with the names there are. */
export function checkDocumentLambdas(
  document: OpenApiDocument,
  functionNames: readonly string[],
): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  for (const slot of lambdaSlots(document)) {
    const name = shorthandName(slot.owner[slot.key]);
    if (name === undefined || functionNames.includes(name)) continue;
    problems.push({
      pointer: slot.pointer,
      message: `{ function: ${name} } names no function of this service (${functionNames.length > 0 ? `its functions: ${functionNames.join(', ')}` : 'it has none'})`,
    });
  }
  return problems;
}

export interface ServiceFunction {
  /** As in `functions:` of serverless.yml. */
  readonly name: string;
  /** Its AWS::Lambda::Function logical id. */
  readonly logicalId: string;
  /** Its FunctionName property, when a plain string (core writes `<service>-<stage>-<name>`). */
  readonly deployedName?: string;
}

export function invocationUri(logicalId: string): Json {
  return {
    'Fn::Sub': `arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${${logicalId}.Arn}/invocations`,
  };
}

const PLACEHOLDER = /\$\{([^}!]+)\}/g;

/**
 * A string with `${Id}`/`${Id.Attr}` of a template resource (or `${AWS::…}`) becomes an Fn::Sub,
 * the others of its `${…}` escaped (`${!stageVariables.fn}`) so CloudFormation leaves them to API
 * Gateway. Undefined when the string names nothing of the template.
 */
function substitution(text: string, resourceIds: ReadonlySet<string>): Json | undefined {
  const names = [...text.matchAll(PLACEHOLDER)].map((match) => match[1]);
  const ours = (name: string) => name.startsWith('AWS::') || resourceIds.has(name.split('.')[0]);
  if (!names.some((name) => ours(name) && !name.startsWith('AWS::'))) return undefined;
  return {
    'Fn::Sub': text.replace(PLACEHOLDER, (whole, name: string) =>
      ours(name) ? whole : `\${!${name}}`,
    ),
  };
}

function deployedArnNames(value: unknown): string[] {
  const text = typeof value === 'string' ? value : '';
  return [...text.matchAll(/:function:([A-Za-z0-9_-]+)/g)].map((match) => match[1]);
}

export interface DocumentLambdas {
  /** The body with shorthands and `${…}` references written as CloudFormation resolves them. */
  readonly document: OpenApiDocument;
  /** The service's functions the document calls, in the order of `functions`. */
  readonly called: readonly ServiceFunction[];
}

export function resolveDocumentLambdas(
  document: OpenApiDocument,
  functions: readonly ServiceFunction[],
  resourceIds: ReadonlySet<string>,
): DocumentLambdas {
  const body = structuredClone(document);
  const called = new Set<ServiceFunction>();
  for (const slot of lambdaSlots(body)) {
    const written = slot.owner[slot.key];
    const name = shorthandName(written);
    if (name !== undefined) {
      const fn = functions.find((candidate) => candidate.name === name);
      // Validation refused unknown names; one that slips through stays as written.
      if (!fn) continue;
      slot.owner[slot.key] = invocationUri(fn.logicalId);
      called.add(fn);
      continue;
    }
    const value =
      typeof written === 'string' ? (substitution(written, resourceIds) ?? written) : written;
    slot.owner[slot.key] = value;
    const arnNames = deployedArnNames(written);
    const names = mentionedNames(value);
    for (const fn of functions) {
      if (
        names.has(fn.logicalId) ||
        (fn.deployedName !== undefined && arnNames.includes(fn.deployedName))
      ) {
        called.add(fn);
      }
    }
  }
  return { document: body, called: functions.filter((fn) => called.has(fn)) };
}
