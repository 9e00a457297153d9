/** Builders shared by the custom-domain tests: configs, core settings, a template with stages. */
import { emptyEvents } from '../../../../src/common/events';
import { standaloneNaming } from '../../../../src/cloudformation/naming';
import type { CfnResource, CfnTemplate } from '../../../../src/cloudformation/template';
import { compileDomains, type CompiledDomains } from '../../../../src/features/domains/compile';
import type { ApiGatewayConfig, DomainConfig } from '../../../../src/config/types.generated';
import type { CoreSettings } from '../../../../src/pipeline/core-settings';
import { resolveConfig } from '../../../../src/pipeline/resolve';
import { validateConfig } from '../../../../src/pipeline/validate';
import type { ConfigIssue } from '../../../../src/pipeline/issues';
import { coreSettings } from '../../../helpers/config-builders';

export const CERT_EU = 'arn:aws:acm:eu-west-1:123456789012:certificate/eu';
export const CERT_US = 'arn:aws:acm:us-east-1:123456789012:certificate/us';

/** `custom.apiGateway` with `domains` in the `prod` entry of the REST stages. */
export function restDomains(domains: Record<string, DomainConfig | false>): ApiGatewayConfig {
  return { stages: { prod: { domains } } };
}

/** Core's stages and APIs as the compilers before the domains left them. */
export function stagesTemplate(): CfnTemplate {
  const resource = (Type: string, StageName?: string): CfnResource => ({
    Type,
    ...(StageName ? { Properties: { StageName } } : {}),
  });
  return {
    Resources: {
      ApiGatewayRestApi: resource('AWS::ApiGateway::RestApi'),
      ApiGatewayStage: resource('AWS::ApiGateway::Stage', 'prod'),
      HttpApi: resource('AWS::ApiGatewayV2::Api'),
      HttpApiStage: resource('AWS::ApiGatewayV2::Stage', '$default'),
      WebsocketsApi: resource('AWS::ApiGatewayV2::Api'),
      WebsocketsDeploymentStage: resource('AWS::ApiGatewayV2::Stage', 'prod'),
    },
  };
}

export function issuesOf(
  config: ApiGatewayConfig,
  core: Partial<CoreSettings> = {},
): { errors: ConfigIssue[]; warnings: ConfigIssue[] } {
  return validateConfig(config, emptyEvents(), coreSettings(core));
}

/** Validates (no error expected), resolves and compiles the domains of `config`. */
export function compiled(
  config: ApiGatewayConfig,
  core: Partial<CoreSettings> = {},
  template: CfnTemplate = stagesTemplate(),
): CompiledDomains & { resources: Record<string, CfnResource> } {
  const settings = coreSettings(core);
  const { errors } = validateConfig(config, emptyEvents(), settings);
  if (errors.length > 0) throw new Error(`unexpected errors: ${JSON.stringify(errors)}`);
  const result = compileDomains(resolveConfig(config, settings), {
    template,
    naming: standaloneNaming(settings.service, settings.stageName),
  });
  return { ...result, resources: result.fragments[0]?.Resources ?? {} };
}
