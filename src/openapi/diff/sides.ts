/**
 * The two sides of a diff, each read into the API model: a packaged template (readRestApi), an
 * OpenAPI 2/3 document (readRestBody, as API Gateway imports one), or API Gateway's export of a
 * deployed stage with its extensions, completed by the stage's method settings and usage plans
 * (which no export holds), given here as the plain data GetStage and GetUsagePlans answer.
 */
import type { CfnTemplate } from '../../cloudformation/template';
import { readHttpApi, readHttpBody, readRestApi, readRestBody } from '../../model';
import { httpApiAsRest } from './http-api';
import type { MethodSetting, RestApiModel, RestStage, Throttle, UsagePlan } from '../../model';
import type { OpenApiDocument } from '../types';
import type { ApiSide } from './types';

export function sideFromTemplate(template: CfnTemplate, label: string): ApiSide {
  return { label, api: readRestApi(template), knowsStage: true };
}

/** The template's HTTP API, projected for the comparisons; undefined when it has none. */
export function sideFromHttpTemplate(template: CfnTemplate, label: string): ApiSide | undefined {
  const http = readHttpApi(template);
  if (!http) return undefined;
  return {
    label,
    api: httpApiAsRest(http),
    knowsStage: true,
    http: { ...(http.cors ? { cors: http.cors } : {}) },
  };
}

function documentModel(document: OpenApiDocument): RestApiModel {
  const { settings, ...defined } = readRestBody(document);
  return { kind: 'rest', ...settings, ...defined, stages: [], usagePlans: [], apiKeys: [] };
}

export function sideFromDocument(document: OpenApiDocument, label: string): ApiSide {
  return { label, api: documentModel(document), knowsStage: false };
}

interface ThrottleSettings {
  rateLimit?: number;
  burstLimit?: number;
}

/** What GetStage and GetUsagePlans say about the deployed stage (the SDK's shapes, optional fields). */
export interface DeployedStageSettings {
  stageName: string;
  cacheClusterEnabled?: boolean;
  /** GetStage's `methodSettings`: `~1orders/GET` or `*\/*` → the settings of that method. */
  methodSettings?: Record<
    string,
    {
      throttlingRateLimit?: number;
      throttlingBurstLimit?: number;
      cachingEnabled?: boolean;
      cacheTtlInSeconds?: number;
    }
  >;
  /** The usage plans with this API's stage among their apiStages. */
  usagePlans: Array<{
    id?: string;
    name?: string;
    throttle?: ThrottleSettings;
    quota?: { limit?: number; offset?: number; period?: string };
    apiStages?: Array<{
      apiId?: string;
      stage?: string;
      throttle?: Record<string, ThrottleSettings>;
    }>;
  }>;
}

function throttleOf(value: ThrottleSettings | undefined): Throttle | undefined {
  if (!value) return undefined;
  return {
    ...(value.rateLimit !== undefined ? { rateLimit: value.rateLimit } : {}),
    ...(value.burstLimit !== undefined ? { burstLimit: value.burstLimit } : {}),
  };
}

function stageModel(settings: DeployedStageSettings): RestStage {
  const methodSettings = Object.entries(settings.methodSettings ?? {}).map(
    ([key, setting]): MethodSetting => {
      const slash = key.lastIndexOf('/');
      const resource = key.slice(0, slash);
      return {
        resourcePath: resource === '*' ? '/*' : `/${resource}`,
        httpMethod: key.slice(slash + 1),
        ...setting,
      };
    },
  );
  return {
    logicalId: `DeployedStage${settings.stageName}`,
    stageName: settings.stageName,
    ...(settings.cacheClusterEnabled !== undefined
      ? { cacheClusterEnabled: settings.cacheClusterEnabled }
      : {}),
    methodSettings,
  };
}

function usagePlanModel(plan: DeployedStageSettings['usagePlans'][number]): UsagePlan {
  const throttle = throttleOf(plan.throttle);
  return {
    logicalId: plan.id ?? plan.name ?? 'UsagePlan',
    ...(plan.name !== undefined ? { name: plan.name } : {}),
    apiStages: (plan.apiStages ?? []).map((stage) => ({
      ...(stage.apiId !== undefined ? { apiId: stage.apiId } : {}),
      ...(stage.stage !== undefined ? { stage: stage.stage } : {}),
      ...(stage.throttle
        ? {
            throttle: Object.fromEntries(
              Object.entries(stage.throttle).map(([key, value]) => [key, throttleOf(value) ?? {}]),
            ),
          }
        : {}),
    })),
    ...(plan.quota ? { quota: { ...plan.quota } } : {}),
    ...(throttle ? { throttle } : {}),
    apiKeys: [],
  };
}

export function sideFromDeployedStage(
  document: OpenApiDocument,
  settings: DeployedStageSettings,
  label: string,
): ApiSide {
  const api = documentModel(document);
  return {
    label,
    api: {
      ...api,
      stages: [stageModel(settings)],
      usagePlans: settings.usagePlans.map(usagePlanModel),
    },
    knowsStage: true,
  };
}

/** What GetStage says about a deployed HTTP API stage (the SDK's shapes). */
export interface DeployedHttpStageSettings {
  stageName: string;
  defaultRouteSettings?: { ThrottlingBurstLimit?: number; ThrottlingRateLimit?: number };
  routeSettings?: Record<string, { ThrottlingBurstLimit?: number; ThrottlingRateLimit?: number }>;
}

/** An HTTP API document (a file, or ExportApi's); with the deployed stage's throttles when given. */
export function sideFromHttpDocument(
  document: OpenApiDocument,
  label: string,
  stage?: DeployedHttpStageSettings,
): ApiSide {
  const http = readHttpBody(document as Record<string, unknown>);
  if (stage) {
    http.stages = [
      {
        logicalId: `DeployedStage${stage.stageName}`,
        stageName: stage.stageName,
        ...(stage.defaultRouteSettings ? { defaultRouteSettings: stage.defaultRouteSettings } : {}),
        ...(stage.routeSettings ? { routeSettings: stage.routeSettings } : {}),
      },
    ];
  }
  return {
    label,
    api: httpApiAsRest(http),
    knowsStage: stage !== undefined,
    http: { ...(http.cors ? { cors: http.cors } : {}) },
  };
}
