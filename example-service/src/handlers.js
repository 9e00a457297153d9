'use strict';

// Lambda proxy handlers of the example. Each echoes the stage variable `flavour`, so a canary
// request (10% of prod traffic) is visible: it answers "canary" where the rest answer "stable".

const json = (statusCode, body) => ({
  statusCode,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

const flavour = (event) => (event.stageVariables && event.stageVariables.flavour) || 'unknown';

exports.listOrders = async (event) =>
  json(200, { flavour: flavour(event), orders: [{ id: '1001', total: 42 }] });

exports.getOrder = async (event) =>
  json(200, { flavour: flavour(event), order: { id: event.pathParameters.id, total: 42 } });

exports.createOrder = async (event) => {
  let order;
  try {
    order = JSON.parse(event.body || '{}');
  } catch {
    return json(400, { message: 'The body must be JSON' });
  }
  return json(201, { flavour: flavour(event), order: { id: '1002', ...order } });
};
