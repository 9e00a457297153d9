/** APIGW-CACHE-001: cached responses stored unencrypted at rest. */
import type { LintRule, RuleHit } from '../types';
import { isOn, restApis, stageNameOf } from './helpers';

/** MethodSettings' ResourcePath: `/~1orders~1{id}` is `/orders/{id}`. */
function decodeResourcePath(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value === '/*') return value;
  return value.replace(/^\//, '').replace(/~1/g, '/').replace(/~0/g, '~') || '/';
}

export const cacheEncryptionRule: LintRule = {
  id: 'APIGW-CACHE-001',
  severity: 'medium',
  title: 'Cache not encrypted',
  why: 'Cached responses (often personal or authorized data) are stored unencrypted at rest in the stage cache.',
  source: 'Security Hub APIGateway.5; checkov CKV_AWS_308; cfn-nag W87',
  fix: "Set caching.encrypted: true on the stage, and caching.dataEncrypted: true on each cached endpoint's apiGateway.caching.",
  check(context) {
    const hits: RuleHit[] = [];
    for (const api of restApis(context)) {
      for (const stage of api.stages) {
        if (!isOn(stage.cacheClusterEnabled)) continue;
        const name = stageNameOf(stage, context.stageName);
        for (const setting of stage.methodSettings) {
          if (!isOn(setting.cachingEnabled) || isOn(setting.cacheDataEncrypted)) continue;
          const path = decodeResourcePath(setting.resourcePath);
          const verb = typeof setting.httpMethod === 'string' ? setting.httpMethod : '*';
          if (path === undefined || path === '/*') {
            hits.push({
              path: context.locate.stageSetting('rest', ['caching', 'encrypted']),
              message: `the stage ${name} caches responses of every method unencrypted`,
              resource: stage.logicalId,
            });
            continue;
          }
          const location = context.locate.restMethod(path, verb);
          hits.push({
            // A method no event or route declares: the stage's setting is the one to change.
            path: location
              ? `${location.settingsPath}.caching.dataEncrypted`
              : context.locate.stageSetting('rest', ['caching', 'encrypted']),
            message: `${verb} ${path} is cached unencrypted in the stage ${name}`,
            endpoint: location?.endpoint ?? `${verb} ${path}`,
            resource: stage.logicalId,
          });
        }
      }
    }
    return hits;
  },
};
