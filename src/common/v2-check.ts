/**
 * Checks the HTTP API and WebSocket checks share: the stage entries' access logs and route entries,
 * and the wording of "no such name" issues. Same issue format as schema validation.
 */
import { hasRequestId, isPreset } from '../features/stage/access-log-formats';
import { didYouMeanHint } from './did-you-mean';
import { type ConfigIssue, joinPath } from '../pipeline/issues';
import type { V2AccessLogConfig, V2StageConfig } from './v2-stage';

export function quoteList(values: readonly string[]): string {
  return values.length > 0 ? values.map((value) => `"${value}"`).join(', ') : '(none)';
}

export function unknownName(
  kind: string,
  name: string,
  known: readonly string[],
  where: string,
): string {
  return `no ${kind} is named "${name}"${didYouMeanHint(name, known)}; ${where} define: ${quoteList(known)}`;
}

/** A Lambda authorizer names its function exactly once: `functionName` or `functionArn`. */
export function lambdaSourceIssue(
  label: string,
  authorizer: { readonly functionName?: unknown; readonly functionArn?: unknown },
  path: string,
): ConfigIssue | undefined {
  const both = authorizer.functionName !== undefined && authorizer.functionArn !== undefined;
  const neither = authorizer.functionName === undefined && authorizer.functionArn === undefined;
  if (!both && !neither) return undefined;
  return {
    path: neither ? path : joinPath(path, 'functionArn'),
    message: `${label} needs exactly one of functionName (a function of this service) or functionArn, ${neither ? 'found neither' : 'found both'}`,
  };
}

/**
 * A Lambda authorizer's `functionName` must be a function of this service: the compiler refers to
 * it by `Fn::GetAtt`, which would dangle (and fail the deploy) otherwise.
 */
export function unknownFunction(
  functionName: string | undefined,
  functionNames: readonly string[] | undefined,
  path: string,
): ConfigIssue | undefined {
  if (functionName === undefined || !functionNames || functionNames.includes(functionName))
    return undefined;
  return {
    path: joinPath(path, 'functionName'),
    message: `"${functionName}" is not a function of this service${didYouMeanHint(functionName, functionNames)}; use one of ${quoteList(functionNames)}, or functionArn for a function outside the service`,
  };
}

/** Checks every stage entry's access log (`stages.<name>.logging`). */
export function checkStageLogging(
  stages: Readonly<Record<string, V2StageConfig>> | undefined,
  stagesPath: string,
  errors: ConfigIssue[],
): void {
  for (const [stageName, stage] of Object.entries(stages ?? {})) {
    checkAccessLog(
      stage.logging?.accessLog,
      stage.logging?.retentionInDays,
      joinPath(joinPath(stagesPath, stageName), 'logging'),
      errors,
    );
  }
}

function checkAccessLog(
  accessLog: V2AccessLogConfig | undefined,
  retention: number | undefined,
  loggingPath: string,
  errors: ConfigIssue[],
): void {
  const format = typeof accessLog === 'object' && accessLog ? accessLog.format : accessLog;
  if (typeof format === 'string' && !isPreset(format) && !hasRequestId(format)) {
    errors.push({
      path: joinPath(loggingPath, 'accessLog') + (typeof accessLog === 'object' ? '.format' : ''),
      message:
        'a custom access-log format must include $context.requestId or $context.extendedRequestId (API Gateway rejects it otherwise); add one, or use a preset: clf, json, xml, csv',
    });
  }
  if (typeof accessLog === 'object' && accessLog.destinationArn !== undefined && retention) {
    errors.push({
      path: joinPath(loggingPath, 'retentionInDays'),
      message:
        'retention applies only to the log group the plugin creates, but accessLog.destinationArn names your own log group; set the retention on that log group instead (or remove retentionInDays)',
    });
  }
}

export function checkRouteEntries(
  stages: Record<string, { routes?: Record<string, unknown> }> | undefined,
  stagesPath: string,
  routeKeys: readonly string[],
  eventKind: string,
  errors: ConfigIssue[],
): void {
  for (const [stageName, stage] of Object.entries(stages ?? {})) {
    for (const key of Object.keys(stage.routes ?? {})) {
      if (routeKeys.includes(key)) continue;
      errors.push({
        path: joinPath(joinPath(joinPath(stagesPath, stageName), 'routes'), key),
        message: `no ${eventKind} event declares the route "${key}"${didYouMeanHint(key, routeKeys)}, and API Gateway refuses route settings for a route that does not exist; routes: ${quoteList(routeKeys)}`,
      });
    }
  }
}
