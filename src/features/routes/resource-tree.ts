/**
 * The Resource tree of the REST API as core (and earlier compilers) left it, extended with the
 * path segments routes need. Existing Resources are found by walking PathPart/ParentId, so a route
 * under `/orders` shares core's `/orders` Resource; missing ones get core's naming scheme
 * (`ApiGatewayResource<NormalizedPath>`), so ids never clash with what core would emit.
 */
import type { Naming } from '../../cloudformation/naming';
import type { CfnResource, CfnTemplate } from '../../cloudformation/template';
import { getAtt, ref, resourcesOnApi } from '../../cloudformation/template';
import { resourcePathOf } from '../../cloudformation/rest-paths';

export class ResourceTree {
  private readonly byPath = new Map<string, unknown>();
  readonly created: Record<string, CfnResource> = {};

  constructor(
    private readonly template: Readonly<CfnTemplate>,
    private readonly naming: Naming,
    private readonly restApiId: unknown,
  ) {
    this.byPath.set('', getAtt(naming.restApi(), 'RootResourceId'));
    for (const id of resourcesOnApi(
      template as CfnTemplate,
      'AWS::ApiGateway::Resource',
      restApiId,
    ).sort()) {
      const path = resourcePathOf(template, ref(id));
      if (!this.byPath.has(path)) this.byPath.set(path, ref(id));
    }
  }

  private taken(id: string): boolean {
    return id in this.template.Resources || id in this.created;
  }

  /** The ResourceId value of `path` ('' is the root), creating the Resources it lacks. */
  ensure(path: string): unknown {
    const existing = this.byPath.get(path);
    if (existing !== undefined) return existing;
    const cut = path.lastIndexOf('/');
    const parentPath = cut < 0 ? '' : path.slice(0, cut);
    const parentId = this.ensure(parentPath);
    const base = this.naming.resource(path);
    let id = base;
    // Core's scheme folds case ('Orders' and 'orders'): number a second path that folds the same.
    for (let n = 2; this.taken(id); n += 1) id = `${base}${n}`;
    this.created[id] = {
      Type: 'AWS::ApiGateway::Resource',
      Properties: { ParentId: parentId, PathPart: path.slice(cut + 1), RestApiId: this.restApiId },
    };
    const value = ref(id);
    this.byPath.set(path, value);
    return value;
  }
}
