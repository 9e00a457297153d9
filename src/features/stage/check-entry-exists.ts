/**
 * A deployed stage without an entry of its own: `--stage prd` where `prod` was meant gets only the
 * `'*'` defaults, and a production deploy quietly loses its caching and throttling. Said for every
 * stage map (REST, HTTP API, WebSocket) that names other stages; `missingStage` makes it an error
 * or silences it. A map of `'*'` alone configures every stage alike: nothing is missing there.
 */
import { didYouMeanHint } from '../../common/did-you-mean';
import type { FeatureCheck } from '../../pipeline/feature-check';
import { type ConfigIssue, joinPath, type SemanticResult } from '../../pipeline/issues';

const ROOT_PATH = 'custom.apiGateway';
const POLICY_PATH = joinPath(ROOT_PATH, 'missingStage');

/** The stage maps of the config, with their paths. */
function stageMaps(
  config: Parameters<FeatureCheck>[0],
  sharedRestApi: boolean,
): Array<{ path: string; stages: Readonly<Record<string, unknown>> | undefined }> {
  return [
    // A shared REST API's stage is not this service's (features/stage/check.ts says so).
    ...(sharedRestApi ? [] : [{ path: joinPath(ROOT_PATH, 'stages'), stages: config.stages }]),
    { path: joinPath(joinPath(ROOT_PATH, 'httpApi'), 'stages'), stages: config.httpApi?.stages },
    {
      path: joinPath(joinPath(ROOT_PATH, 'websocket'), 'stages'),
      stages: config.websocket?.stages,
    },
  ];
}

function missingEntry(
  path: string,
  stageName: string,
  configured: readonly string[],
  policy: 'warn' | 'error',
): ConfigIssue {
  const list = configured.map((name) => `"${name}"`).join(', ');
  const switchHint =
    policy === 'warn'
      ? `set ${POLICY_PATH}: error to stop the command instead, or ignore to silence this`
      : `set ${POLICY_PATH}: warn (or ignore) to deploy it with the defaults`;
  return {
    path,
    message: `the deployed stage "${stageName}" (from --stage or provider.stage) has no entry here, so it gets only the '*' defaults; the configured stages: ${list}${didYouMeanHint(stageName, configured)}. Add an entry for "${stageName}" or deploy one of those stages; ${switchHint}`,
  };
}

export const checkStageEntryExists: FeatureCheck = (config, _events, core) => {
  const result: SemanticResult = { errors: [], warnings: [] };
  const policy = config.missingStage ?? 'warn';
  if (policy === 'ignore') return result;
  for (const { path, stages } of stageMaps(config, core.sharedRestApiId !== undefined)) {
    const configured = Object.keys(stages ?? {}).filter((name) => name !== '*');
    if (configured.length === 0 || configured.includes(core.stageName)) continue;
    const issue = missingEntry(path, core.stageName, configured, policy);
    (policy === 'error' ? result.errors : result.warnings).push(issue);
  }
  return result;
};
