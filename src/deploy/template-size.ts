/**
 * CloudFormation's limits on a stack's template, checked on the packaged template: 500 resources,
 * and a template body of 51,200 bytes when passed inline or 1 MB (1,048,576 bytes) from S3.
 * Serverless uploads the template to its deployment bucket as compact JSON (JSON.stringify without
 * indentation; the file in .serverless/ is indented), so the S3 limit and the compact size are what
 * count. Pure: the plugin logs the figures after packaging and the warnings before deploying.
 */
import type { CfnTemplate } from '../cloudformation/template';

export const INLINE_TEMPLATE_LIMIT = 51_200;
export const S3_TEMPLATE_LIMIT = 1_048_576;
export const RESOURCE_LIMIT = 500;

export interface TemplateSize {
  /** Bytes of the template as Serverless uploads it (compact JSON, UTF-8). */
  bytes: number;
  resources: number;
  /** Bytes of the REST API's OpenAPI body (body mode), when there is one. */
  bodyBytes?: number;
}

export function measureTemplate(template: CfnTemplate): TemplateSize {
  const bodies = Object.values(template.Resources)
    .filter((resource) => resource.Type === 'AWS::ApiGateway::RestApi')
    .map((resource) => resource.Properties?.Body)
    .filter((body) => body !== undefined);
  return {
    bytes: Buffer.byteLength(JSON.stringify(template), 'utf8'),
    resources: Object.keys(template.Resources).length,
    ...(bodies.length > 0
      ? {
          bodyBytes: bodies.reduce<number>(
            (sum, body) => sum + Buffer.byteLength(JSON.stringify(body), 'utf8'),
            0,
          ),
        }
      : {}),
  };
}

function kilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function percent(part: number, whole: number): string {
  return `${Math.round((part / whole) * 100)} %`;
}

/** One line for the package report. */
export function formatTemplateSize(size: TemplateSize): string {
  return (
    `template ${size.bytes.toLocaleString('en-US')} bytes (${kilobytes(size.bytes)}, ${percent(size.bytes, S3_TEMPLATE_LIMIT)} of CloudFormation's 1 MB limit)` +
    (size.bodyBytes !== undefined
      ? `, of which the OpenAPI body ${size.bodyBytes.toLocaleString('en-US')} bytes`
      : '') +
    `; ${size.resources} resources (${percent(size.resources, RESOURCE_LIMIT)} of 500)`
  );
}

/** What CloudFormation would refuse, with the figures; empty when the stack fits. */
export function templateSizeWarnings(size: TemplateSize): string[] {
  const warnings: string[] = [];
  if (size.bytes > S3_TEMPLATE_LIMIT) {
    warnings.push(
      `the template is ${size.bytes.toLocaleString('en-US')} bytes, over CloudFormation's limit of 1,048,576 bytes (1 MB) for a template uploaded to S3, so the deploy would fail` +
        (size.bodyBytes !== undefined
          ? `; the OpenAPI body of the REST API is ${size.bodyBytes.toLocaleString('en-US')} bytes of it: move some endpoints to another service (stack)`
          : '; split the service into several stacks, or set restApi.compile: openapi to describe the REST API in one OpenAPI body'),
    );
  }
  if (size.resources > RESOURCE_LIMIT) {
    warnings.push(
      `the template has ${size.resources} resources, over CloudFormation's limit of 500 per stack, so the deploy would fail` +
        (size.bodyBytes === undefined
          ? '; set custom.apiGateway.restApi.compile: openapi to replace the per-endpoint Resource and Method resources with one OpenAPI body'
          : '; move some functions to another service (stack)'),
    );
  }
  return warnings;
}
