// The only place AWS SDK clients are constructed, so every call the plugin makes (stage migration,
// cache invalidation, API-key listing, OpenAPI export) uses the credentials, region and retry
// policy the Serverless Framework resolved for the command.
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { credentialsFromProvider, type ServerlessAwsProvider } from './credentials';

export type { ServerlessAwsProvider } from './credentials';

/**
 * Attempts per request, first one included. The SDK's standard retry mode backs off exponentially
 * with jitter between attempts, which rides out short bursts of throttling: API Gateway's and
 * CloudFormation's control planes are rate limited per account, shared with everything else there.
 */
export const MAX_ATTEMPTS = 6;

/** Every SDK client the plugin uses. Callers take the slice they need (`Pick<AwsClients, …>`). */
export interface AwsClients {
  readonly apiGateway: APIGatewayClient;
  readonly apiGatewayV2: ApiGatewayV2Client;
  readonly cloudFormation: CloudFormationClient;
}

// One set per provider: the deploy hooks (stage migration, API keys, cache invalidation, export
// after deploy) share the clients, their connections and one credentials provider.
const clientsByProvider = new WeakMap<ServerlessAwsProvider, AwsClients>();

/**
 * The clients for the provider's region and credentials. Each client is built when first used
 * (most commands need one or two of them), and once: asking again returns the same instances.
 */
export function createAwsClients(provider: ServerlessAwsProvider): AwsClients {
  const known = clientsByProvider.get(provider);
  if (known) return known;

  // Read when the first client is built, so a command that calls no AWS API never loads them
  // (and never asks for an MFA code); then shared, so they are loaded once.
  let config: ClientConfig | undefined;
  const sharedConfig = (): ClientConfig => (config ??= clientConfig(provider));
  const built: Partial<{ -readonly [Name in keyof AwsClients]: AwsClients[Name] }> = {};

  const clients: AwsClients = {
    get apiGateway() {
      return (built.apiGateway ??= new APIGatewayClient(sharedConfig()));
    },
    get apiGatewayV2() {
      return (built.apiGatewayV2 ??= new ApiGatewayV2Client(sharedConfig()));
    },
    get cloudFormation() {
      return (built.cloudFormation ??= new CloudFormationClient(sharedConfig()));
    },
  };
  clientsByProvider.set(provider, clients);
  return clients;
}

/**
 * S3, for the OpenAPI body's upload to the deployment bucket (src/deploy/openapi-body-upload.ts):
 * apart from AwsClients, since only a deploy in body mode with the body out of the template needs it.
 */
export function createS3Client(provider: ServerlessAwsProvider): S3Client {
  return new S3Client(clientConfig(provider));
}

interface ClientConfig {
  region: string;
  maxAttempts: number;
  retryMode: 'standard';
  credentials?: AwsCredentialIdentityProvider;
}

function clientConfig(provider: ServerlessAwsProvider): ClientConfig {
  const credentials = credentialsFromProvider(provider);
  return {
    region: provider.getRegion(),
    maxAttempts: MAX_ATTEMPTS,
    retryMode: 'standard',
    ...(credentials ? { credentials } : {}),
  };
}
