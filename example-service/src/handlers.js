'use strict';

// Handlers of the example. Each echoes the stage variable `flavour`, so a canary request (10% of
// prod traffic) is visible: it answers "canary" where the rest answer "stable". CORS headers come
// from the plugin's runtime helper (the package serverless-apigateway-kit-cors, a dependency of the
// functions: a few KB in the zip), given the same origins as the preflight.

const { withCors } = require('serverless-apigateway-kit-cors');

const corsOptions = {
  origins: [
    'https://app.example.com',
    'https://admin.example.com',
    'https://*.preview.example.com',
  ],
  allowCredentials: true,
  exposeHeaders: ['X-Request-Id'],
};
const cors = (handler) => withCors(handler, corsOptions);

const json = (statusCode, body) => ({
  statusCode,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

const flavour = (event) => (event.stageVariables && event.stageVariables.flavour) || 'unknown';

exports.health = async () => json(200, { ok: true });

exports.listOrders = cors(async (event) =>
  json(200, { flavour: flavour(event), orders: [{ id: '1001', total: 42 }] }),
);

exports.getOrder = cors(async (event) =>
  json(200, { flavour: flavour(event), order: { id: event.pathParameters.id, total: 42 } }),
);

exports.createOrder = cors(async (event) => {
  let order;
  try {
    order = JSON.parse(event.body || '{}');
  } catch {
    return json(400, { message: 'The body must be JSON' });
  }
  return json(201, { flavour: flavour(event), order: { id: '1002', ...order } });
});

// Lambda TOKEN authorizer for partners: the token is the partner's id (a real one verifies a signature).
exports.authorize = async (event) => {
  const token = event.authorizationToken || '';
  const allowed = /^partner-[a-z0-9-]+$/.test(token);
  return {
    principalId: allowed ? token : 'anonymous',
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Action: 'execute-api:Invoke',
          Effect: allowed ? 'Allow' : 'Deny',
          Resource: event.methodArn,
        },
      ],
    },
    context: { partner: token },
  };
};
