// The AWS clients of the OpenAPI export, built like every other client of the plugin (see
// clients.ts): the credentials, region and retry policy the Serverless Framework resolved.
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { credentialsFromProvider, MAX_ATTEMPTS, type ServerlessAwsProvider } from './clients';

export interface OpenApiClients {
  apiGateway: APIGatewayClient;
  apiGatewayV2: ApiGatewayV2Client;
  cloudFormation: CloudFormationClient;
}

export function createOpenApiClients(provider: ServerlessAwsProvider): OpenApiClients {
  const credentials = credentialsFromProvider(provider);
  const config = {
    region: provider.getRegion(),
    maxAttempts: MAX_ATTEMPTS,
    retryMode: 'standard',
    ...(credentials ? { credentials } : {}),
  };
  return {
    apiGateway: new APIGatewayClient(config),
    apiGatewayV2: new ApiGatewayV2Client(config),
    cloudFormation: new CloudFormationClient(config),
  };
}
