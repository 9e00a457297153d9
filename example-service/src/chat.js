'use strict';

// WebSocket handlers of the example. `message` answers on the route response (two-way route);
// a backend that pushes later would post to the @connections URL from the stack outputs.

exports.authorize = async (event) => {
  const token = (event.queryStringParameters && event.queryStringParameters.token) || '';
  return {
    principalId: token || 'anonymous',
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Action: 'execute-api:Invoke',
          Effect: token ? 'Allow' : 'Deny',
          Resource: event.methodArn,
        },
      ],
    },
  };
};

exports.connect = async () => ({ statusCode: 200 });

exports.disconnect = async () => ({ statusCode: 200 });

exports.message = async (event) => {
  const body = JSON.parse(event.body || '{}');
  return { statusCode: 200, body: JSON.stringify({ echo: body.text || '' }) };
};
