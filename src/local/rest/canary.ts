/**
 * Canary releases on the served stage ("Set up an API Gateway canary release deployment",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/canary-release.html): when the
 * stage's `CanarySetting` says so, `PercentTraffic` percent of requests are served as canary
 * requests, with the stage's variables overridden by `StageVariableOverrides`; the rest with the
 * stage's own. Each side's integration environment (stage variables, gateway responses) is built
 * once, when the model is loaded; a request only picks one.
 *
 * The `x-apigateway-kit-canary: true|false` request header forces a side (tests, curl); it is a
 * local-only header, so it is removed before the request reaches an integration, a template or a
 * function. The random source is injectable so tests can count outcomes deterministically.
 *
 * A canary's `DeploymentId` may name another deployment than the stage's (a canary deployed with
 * `aws apigateway create-deployment --canary-settings` or edited in the console): in AWS the canary
 * then serves that deployment's routes and integrations. The local gateway has one template, hence
 * one deployment: both sides serve its routes and differ only by stage variables (which is what
 * the plugin itself writes: the canary's `DeploymentId` is the stage's deployment). `UseStageCache`
 * changes nothing locally, as the local gateway has no stage cache.
 */
import type { RestApiModel, RestStage } from '../../model';
import { renderValue } from '../../openapi/intrinsics';
import { GatewayResponses } from './gateway-responses';
import type { IntegrationEnvironment } from './mock';
import type { GatewayRequest } from './request';
import type { TemplateCache } from './templates';

/** The local-only header that forces a request to the canary (`true`) or the stage (`false`). */
export const CANARY_HEADER = 'x-apigateway-kit-canary';

/** The side one request is served by. */
export interface StageSelection {
  /** True for a canary request (`$context.isCanaryRequest`, the ` canary` of the log line). */
  canary: boolean;
  environment: IntegrationEnvironment;
  /** The request without the local-only canary header. */
  request: GatewayRequest;
}

export interface CanarySetting {
  /** 0–100. */
  percentTraffic: number;
  variableOverrides: Record<string, string>;
}

function stageOf(api: RestApiModel, stage: string): RestStage | undefined {
  return api.stages.find((candidate) => renderValue(candidate.stageName) === stage);
}

function stringsOf(values: unknown): Record<string, string> {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) return {};
  return Object.fromEntries(
    Object.entries(values as Record<string, unknown>).map(([name, value]) => [
      name,
      renderValue(value),
    ]),
  );
}

/** A stage's variables as strings (values CloudFormation would resolve keep their Fn::Sub text). */
export function stageVariablesOf(api: RestApiModel, stage: string): Record<string, string> {
  return stringsOf(stageOf(api, stage)?.variables);
}

/** The served stage's canary; undefined when it has none (no CanarySetting). */
export function canaryOf(api: RestApiModel, stage: string): CanarySetting | undefined {
  const setting = stageOf(api, stage)?.canarySetting;
  if (!setting) return undefined;
  const percent = Number(renderValue(setting.PercentTraffic ?? 0));
  return {
    // API Gateway takes 0.0–100.0; anything unreadable serves no canary traffic.
    percentTraffic: Number.isFinite(percent) ? Math.min(100, Math.max(0, percent)) : 0,
    variableOverrides: stringsOf(setting.StageVariableOverrides),
  };
}

/** `true`/`false` from the canary header (any case); undefined when absent or anything else. */
function forcedSide(request: GatewayRequest): boolean | undefined {
  let forced: boolean | undefined;
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.toLowerCase() !== CANARY_HEADER) continue;
    const text = value.trim().toLowerCase();
    forced = text === 'true' ? true : text === 'false' ? false : undefined;
  }
  return forced;
}

function withoutCanaryHeader(request: GatewayRequest): GatewayRequest {
  const keep = ([name]: [string, unknown]) => name.toLowerCase() !== CANARY_HEADER;
  return {
    ...request,
    headers: Object.fromEntries(Object.entries(request.headers).filter(keep)),
    multiValueHeaders: Object.fromEntries(Object.entries(request.multiValueHeaders).filter(keep)),
  };
}

/** The stage's side and, when the stage has a canary, the canary's: chosen per request. */
export class StageSides {
  private readonly stageSide: IntegrationEnvironment;
  private readonly canarySide: IntegrationEnvironment | undefined;
  private readonly percentTraffic: number;

  constructor(
    api: RestApiModel,
    stage: string,
    templates: TemplateCache,
    /** [0, 1), as Math.random. */
    private readonly random: () => number = Math.random,
  ) {
    const environment = (stageVariables: Record<string, string>): IntegrationEnvironment => ({
      templates,
      stageVariables,
      gatewayResponses: new GatewayResponses(api.gatewayResponses, templates, stageVariables),
    });
    const variables = stageVariablesOf(api, stage);
    this.stageSide = environment(variables);
    const canary = canaryOf(api, stage);
    this.canarySide = canary
      ? environment({ ...variables, ...canary.variableOverrides })
      : undefined;
    this.percentTraffic = canary?.percentTraffic ?? 0;
  }

  /** The stage's own side (what a request without a canary sees). */
  get stage(): IntegrationEnvironment {
    return this.stageSide;
  }

  select(request: GatewayRequest): StageSelection {
    const forced = forcedSide(request);
    const stripped =
      forced === undefined && !hasCanaryHeader(request) ? request : withoutCanaryHeader(request);
    if (!this.canarySide) return { canary: false, environment: this.stageSide, request: stripped };
    // "isCanaryRequest … Present only when you enabled a canary" (the $context reference).
    const canary = forced ?? this.random() * 100 < this.percentTraffic;
    return {
      canary,
      environment: canary ? this.canarySide : this.stageSide,
      request: { ...stripped, isCanaryRequest: canary },
    };
  }
}

function hasCanaryHeader(request: GatewayRequest): boolean {
  return Object.keys(request.headers).some((name) => name.toLowerCase() === CANARY_HEADER);
}
