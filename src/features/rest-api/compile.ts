/**
 * The RestApi: adjusts the one core compiled from `http` events, or creates it when the service
 * has `custom.apiGateway` but no `http` event. A shared API (`provider.apiGateway.restApiId`) is
 * left alone: it belongs to the stack that created it.
 */
import type { CfnObject, TemplateFragment } from '../../cloudformation/template';
import { getAtt } from '../../cloudformation/template';
import type { ResolvedConfig } from '../../pipeline/resolve';
import { type CompileContext, restApiIdValue, toTagList } from '../../pipeline/compile-context';

function restApiProperties(config: ResolvedConfig, ctx: CompileContext): CfnObject {
  const api = config.restApi;
  const properties: CfnObject = {
    Name: api.name ?? ctx.naming.defaultApiName(),
    EndpointConfiguration: {
      Types: [api.endpointType],
      ...(api.vpcEndpointIds ? { VpcEndpointIds: [...api.vpcEndpointIds] } : {}),
    },
  };
  if (api.description !== undefined) properties.Description = api.description;
  if (api.binaryMediaTypes) properties.BinaryMediaTypes = [...api.binaryMediaTypes];
  if (api.minimumCompressionSize !== undefined)
    properties.MinimumCompressionSize = api.minimumCompressionSize;
  if (api.apiKeySource !== undefined) properties.ApiKeySourceType = api.apiKeySource;
  if (api.disableExecuteApiEndpoint !== undefined)
    properties.DisableExecuteApiEndpoint = api.disableExecuteApiEndpoint;
  if (Object.keys(api.tags).length > 0) properties.Tags = toTagList(api.tags);
  return properties;
}

export function compileRestApi(config: ResolvedConfig, ctx: CompileContext): TemplateFragment {
  const { naming } = ctx;
  const outputs: TemplateFragment['Outputs'] = {
    [naming.restApiIdOutput()]: {
      Description: 'Id of the REST API',
      Value: restApiIdValue(config, naming),
    },
  };
  if (config.restApi.sharedRestApiId !== undefined) return { Outputs: outputs };

  const logicalId = naming.restApi();
  outputs[naming.restApiRootResourceIdOutput()] = {
    Description: 'Id of the root resource (/) of the REST API',
    Value: getAtt(logicalId, 'RootResourceId'),
  };
  const properties = restApiProperties(config, ctx);
  if (ctx.template.Resources[logicalId]) {
    return { patches: [{ logicalId, setProperties: properties }], Outputs: outputs };
  }
  return {
    Resources: { [logicalId]: { Type: 'AWS::ApiGateway::RestApi', Properties: properties } },
    Outputs: outputs,
  };
}
