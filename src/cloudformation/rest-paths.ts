/**
 * The path of a REST API Resource, found by walking `ParentId` up to the root through the
 * template, the one way every compiler and report finds the path of a Method (never by re-deriving
 * core's logical ids).
 */
import { refId, type CfnTemplate } from './template';

function isRootAttribute(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || !('Fn::GetAtt' in value)) return false;
  const getAtt = (value as { 'Fn::GetAtt': unknown })['Fn::GetAtt'];
  return Array.isArray(getAtt) && getAtt[1] === 'RootResourceId';
}

export interface WalkedPath {
  /** Path parts from the root down: `['orders', '{id}']`. */
  segments: string[];
  /**
   * true when the walk reached the API's root (`Fn::GetAtt [RestApi, RootResourceId]`); false when
   * it stopped at a parent outside the template (a shared API's root or resources).
   */
  complete: boolean;
}

export function walkResourcePath(template: Readonly<CfnTemplate>, resourceId: unknown): WalkedPath {
  const segments: string[] = [];
  let current: unknown = resourceId;
  for (let guard = 0; guard < 128; guard += 1) {
    const id = refId(current);
    const resource = id === undefined ? undefined : template.Resources[id];
    if (!resource || resource.Type !== 'AWS::ApiGateway::Resource') {
      return { segments, complete: isRootAttribute(current) };
    }
    segments.unshift(String(resource.Properties?.PathPart));
    current = resource.Properties?.ParentId;
  }
  return { segments, complete: false };
}

/** `/orders/{id}` (`/` for the root) of the Resource a Method's `ResourceId` names. */
export function resourcePath(template: Readonly<CfnTemplate>, resourceId: unknown): string {
  return `/${walkResourcePath(template, resourceId).segments.join('/')}`;
}

/** The path of a method's resource without its leading `/` (`orders/{id}`, `''` for the root). */
export function resourcePathOf(template: Readonly<CfnTemplate>, resourceId: unknown): string {
  return walkResourcePath(template, resourceId)
    .segments.join('/')
    .replace(/^\/+|\/+$/g, '');
}

/** The key of a resource path in stage method settings: every `/` written `~1` (`/~1users~1{id}`). */
export function methodSettingsResourcePath(path: string): string {
  const normalized = path.replace(/^\/+|\/+$/g, '');
  return `/${`/${normalized}`.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}
