import type { Naming } from '../cloudformation/naming';
import type { V2Naming } from '../cloudformation/naming';
import type { CfnTemplate } from '../cloudformation/template';
import { ref } from '../cloudformation/template';
import type { ResolvedConfig } from './resolve';

/** What a compiler may read besides the resolved config. Compilers never see `serverless`. */
export interface CompileContext {
  /** The template as core (and earlier compilers) left it; read only. */
  readonly template: Readonly<CfnTemplate>;
  readonly naming: Naming;
  /** Core's naming of HTTP and WebSocket API resources; core 3.40's rules when absent. */
  readonly v2Naming?: V2Naming;
}

/** The value every resource of this API uses as its `RestApiId`. */
export function restApiIdValue(config: ResolvedConfig, naming: Naming): unknown {
  return config.restApi.sharedRestApiId ?? ref(naming.restApi());
}

export function toTagList(
  tags: Readonly<Record<string, string>>,
): Array<{ Key: string; Value: string }> {
  return Object.keys(tags)
    .sort()
    .map((key) => ({ Key: key, Value: tags[key] }));
}
