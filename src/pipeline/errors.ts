/**
 * The one error type for what a user can cause: an invalid config, a conflict between the config
 * and the template (a logical id core already took, a resource to patch that is not there), a bad
 * command option, a refused stage migration. Each carries a stable code; the plugin turns it into a
 * Serverless error (message and code, no stack trace). Anything else thrown is a bug and keeps its
 * stack trace.
 */
export const ERROR_CODES = {
  invalidConfig: 'APIGATEWAY_KIT_INVALID_CONFIG',
  templateConflict: 'APIGATEWAY_KIT_TEMPLATE_CONFLICT',
  invalidOption: 'APIGATEWAY_KIT_INVALID_OPTION',
  renderTemplate: 'APIGATEWAY_KIT_RENDER_TEMPLATE',
  stageMigration: 'APIGATEWAY_KIT_STAGE_MIGRATION',
  openApiExport: 'APIGATEWAY_KIT_OPENAPI_EXPORT',
  /** `sls apigateway diff --fail-on`: the changes it was told to fail on were found. */
  apiDiff: 'APIGATEWAY_KIT_API_DIFF',
  openApiBody: 'APIGATEWAY_KIT_OPENAPI_BODY',
  /** `custom.apiGateway.lint: error` (or `sls apigateway lint --fail-on`): security findings. */
  securityLint: 'APIGATEWAY_KIT_SECURITY_LINT',
} as const;

export type KitErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export const PLUGIN_NAME = 'serverless-apigateway-kit';

export class KitError extends Error {
  constructor(
    message: string,
    readonly code: KitErrorCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }

  /** The message as users see it. */
  get userMessage(): string {
    return this.message;
  }
}

/** The config conflicts with what is already in the template; the user's to fix. */
export class TemplateConflictError extends KitError {
  constructor(message: string) {
    super(message, ERROR_CODES.templateConflict);
  }

  /** Raised deep in a compiler: say whose message it is. */
  override get userMessage(): string {
    return this.message.startsWith(`${PLUGIN_NAME}: `)
      ? this.message
      : `${PLUGIN_NAME}: ${this.message}`;
  }
}
