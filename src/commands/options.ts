/**
 * The plugin's command options and the output interface commands write to. Kept apart from the
 * commands themselves so that registering the commands loads nothing heavy (the AWS SDK,
 * swagger-parser): those load when a command runs.
 */
export interface CommandIo {
  log: {
    notice(message: string): void;
    warning(message: string): void;
    info(message: string): void;
  };
  /** Writes the document to stdout when no --output is given. */
  writeText(text: string): void;
}

export const EXPORT_OPENAPI_OPTIONS = {
  type: {
    usage:
      'Document type: "oas30" (OpenAPI 3.0, default) or "swagger" (Swagger 2.0, REST APIs only)',
    type: 'string',
  },
  format: {
    usage: 'Output format: "json" or "yaml" (default: from the --output extension, else json)',
    type: 'string',
  },
  output: {
    usage: 'File to write the document to, written atomically (default: stdout)',
    type: 'string',
  },
  extensions: {
    usage:
      'Add extensions: "integrations" or "apigateway" (x-amazon-apigateway-*), "authorizers" (authorizer extensions only), "postman" (after deploy only)',
    type: 'string',
  },
  api: {
    usage: 'Which API to export: "rest" or "http" (needed only when the service has both)',
    type: 'string',
  },
  offline: {
    usage:
      'Build the document from the packaged CloudFormation template, without AWS (packages the service first)',
    type: 'boolean',
  },
  template: {
    usage:
      'With --offline: read this packaged template (e.g. .serverless/cloudformation-template-update-stack.json) instead of packaging',
    type: 'string',
  },
} as const;

/** Options of `sls render-template` / `sls apigateway render` (declared without loading the VTL engine). */
export const RENDER_TEMPLATE_OPTIONS = {
  template: {
    usage:
      'Path of the VTL mapping template to render (e.g. templates/enqueue.vtl); or use --route',
    type: 'string',
  },
  route: {
    usage:
      "A route of custom.apiGateway.routes ('POST /orders/queue') whose mapping template to render, with the stage's variables",
    type: 'string',
  },
  'content-type': {
    usage: 'With --route: the content type of the template (default application/json)',
    type: 'string',
  },
  request: {
    usage:
      'Path of a JSON file describing the request: { body, headers, queryString, path, stageVariables, context }',
    type: 'string',
  },
  kind: {
    usage:
      '"request" (default) or "response": a response template renders an integration response body and may set $context.responseOverride',
    type: 'string',
  },
  status: {
    usage:
      'With --route --kind response: the status code of the integration response whose template to render (default: the default response)',
    type: 'string',
  },
} as const;

/** Options of `sls apigateway serve` (declared without loading the local gateway). */
export const SERVE_OPTIONS = {
  stage: { usage: 'Stage to serve (default: the provider stage, dev)', type: 'string' },
  host: { usage: 'Address to listen on (default 127.0.0.1)', type: 'string' },
  port: { usage: 'Port of the REST API (default 4000; 0: any free port)', type: 'string' },
  'http-port': { usage: 'Port of the HTTP API (default 4001; 0: any free port)', type: 'string' },
  'websocket-port': {
    usage: 'Port of the WebSocket API and its @connections API (default 4002; 0: any free port)',
    type: 'string',
  },
  watch: {
    usage:
      'Reload when the service changes (default true): handlers get fresh workers, a changed config is packaged again; --no-watch to turn it off',
    type: 'string',
  },
  'aws-endpoint': {
    usage:
      'Local AWS endpoint that AWS service integrations are sent to, signed (e.g. http://127.0.0.1:4566 for LocalStack, or moto_server); default custom.apiGateway.local.awsEndpoint',
    type: 'string',
  },
} as const;

/** Options of `sls apigateway diff` (declared without loading the model or the AWS SDK). */
export const DIFF_OPTIONS = {
  'against-stage': {
    usage:
      "Compare with this deployed stage (e.g. prod): API Gateway's export of it with extensions, its method settings and usage plans (needs AWS credentials)",
    type: 'string',
  },
  'against-stack': {
    usage:
      'With --against-stage: the stack that deployed it (default: the stack name of this service for that stage)',
    type: 'string',
  },
  against: {
    usage: 'Compare with this OpenAPI 2.0 or 3.x document (JSON or YAML file)',
    type: 'string',
  },
  'against-package': {
    usage:
      'Compare with a previous package: its directory (e.g. .serverless of an earlier sls package) or its cloudformation-template-update-stack.json',
    type: 'string',
  },
  api: {
    usage:
      'Which API to compare: rest or http (default: the REST API when the package has one, else the HTTP API)',
    type: 'string',
  },
  json: { usage: 'Print the changes as one JSON document instead of a list', type: 'boolean' },
  'fail-on': {
    usage:
      'Exit non-zero when changes are found: "breaking" (breaking changes only) or "any" (default: never)',
    type: 'string',
  },
} as const;

/** Options of `sls apigateway lint` (declared without loading the model or the rules). */
export const LINT_OPTIONS = {
  stage: { usage: 'Stage to lint (default: the provider stage, dev)', type: 'string' },
  json: { usage: 'Print the report as one JSON document instead of a list', type: 'boolean' },
  'fail-on': {
    usage:
      'Exit non-zero when a finding of this severity or above is found: "high", "medium", "low" or "none" (default: any finding when custom.apiGateway.lint is error, else never)',
    type: 'string',
  },
} as const;

const RENDER_USAGE = "Render a VTL mapping template locally with API Gateway's semantics";

/** The commands the plugin adds, and the options it adds to `deploy`. */
export const PLUGIN_COMMANDS = {
  'export-openapi': {
    usage:
      'Export the OpenAPI document of the REST or HTTP API (after deploy, or --offline from the template)',
    lifecycleEvents: ['export'],
    options: EXPORT_OPENAPI_OPTIONS,
  },
  // `sls apigateway render` is the same command under the plugin's own namespace.
  apigateway: {
    usage: 'serverless-apigateway-kit commands',
    // `sls apigateway` alone lists the sub-commands (without a lifecycle it printed nothing).
    lifecycleEvents: ['help'],
    commands: {
      render: {
        usage: RENDER_USAGE,
        lifecycleEvents: ['render'],
        options: RENDER_TEMPLATE_OPTIONS,
      },
      serve: {
        usage: "Serve the packaged REST and HTTP APIs locally with API Gateway's semantics",
        lifecycleEvents: ['serve'],
        options: SERVE_OPTIONS,
      },
      diff: {
        usage:
          'List the changes between the API about to be deployed (packaged now) and a deployed stage, an OpenAPI document or a previous package; breaking ones first',
        lifecycleEvents: ['diff'],
        options: DIFF_OPTIONS,
      },
      lint: {
        usage:
          'Security lint of the API about to be deployed (packaged now): each finding at the serverless.yml key to change, with why and the fix',
        lifecycleEvents: ['lint'],
        options: LINT_OPTIONS,
      },
    },
  },
  'render-template': {
    usage: RENDER_USAGE,
    lifecycleEvents: ['render'],
    options: RENDER_TEMPLATE_OPTIONS,
  },
  deploy: {
    options: {
      'show-api-key-values': {
        usage: 'Also print the values of the API keys serverless-apigateway-kit created (secrets!)',
        type: 'boolean',
      },
      'stage-migration': {
        usage:
          'What to do with a stage created before serverless-apigateway-kit managed it: "fail" (default) or "recreate"',
        type: 'string',
      },
    },
  },
} as const;

/** What `sls apigateway` alone prints: its sub-commands with their usage and options. */
export function apigatewayCommandsHelp(): string {
  const lines = ['serverless-apigateway-kit commands:'];
  for (const [name, command] of Object.entries(PLUGIN_COMMANDS.apigateway.commands)) {
    lines.push(`  sls apigateway ${name}  ${command.usage}`);
    for (const option of Object.keys(command.options)) lines.push(`      --${option}`);
  }
  lines.push(
    'Run `sls apigateway <command> --help` for what each option does. Also: sls export-openapi, sls render-template.',
  );
  return lines.join('\n');
}
