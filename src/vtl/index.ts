/**
 * API Gateway (REST) mapping templates: `lintTemplate` checks one as API Gateway would run it
 * (package time), `renderTemplate` renders one locally with API Gateway's semantics. Published as
 * `serverless-apigateway-kit/vtl` so users can unit-test their templates.
 */
export { lintTemplate, formatProblems } from './lint';
export type { LintOptions, TemplateKind, VtlProblem } from './lint';
export {
  compileTemplate,
  renderTemplate,
  renderTemplateDetailed,
  VtlRenderError,
  DEFAULT_CONTEXT,
} from './render';
export type {
  ApiGatewayContext,
  ContextIdentity,
  CompiledTemplate,
  ContextInput,
  RenderOverrides,
  RenderRequest,
  RenderResult,
} from './render';
export { escapeJavaScript, urlEncode, urlDecode, base64Encode, base64Decode } from './util';
