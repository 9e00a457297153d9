/**
 * AWS service integrations: URI, request parameters, default request template, and an IAM role
 * allowed exactly the declared action on exactly the declared resource (or the user's role).
 */
import assert from 'node:assert/strict';
import { applyFragment } from '../../../../src/cloudformation/merge';
import { standaloneNaming } from '../../../../src/cloudformation/naming';
import type { CfnObject, CfnTemplate } from '../../../../src/cloudformation/template';
import { compileRoutes } from '../../../../src/features/routes/compile';
import { emptyEvents } from '../../../../src/common/events';
import { resolveConfig } from '../../../../src/pipeline/resolve';
import type { ApiGatewayConfig } from '../../../../src/config/types.generated';
import { validateConfig } from '../../../../src/pipeline/validate';
import { renderTemplate } from '../../../../src/vtl';
import { coreSettings } from '../../../helpers/config-builders';

const naming = standaloneNaming('orders', 'prod');
const P = { Ref: 'AWS::Partition' };
const R = { Ref: 'AWS::Region' };
const A = { Ref: 'AWS::AccountId' };

type Route = NonNullable<ApiGatewayConfig['routes']>[string];

function compileRoute(key: string, route: Route): { method: CfnObject; template: CfnTemplate } {
  const config = resolveConfig({ routes: { [key]: route } }, coreSettings(), emptyEvents());
  const template: CfnTemplate = { Resources: {} };
  for (const fragment of compileRoutes(config, { template, naming }))
    applyFragment(template, fragment);
  const id = Object.keys(template.Resources).find(
    (name) => template.Resources[name].Type === 'AWS::ApiGateway::Method',
  );
  assert.ok(id);
  return { method: template.Resources[id].Properties ?? {}, template };
}

function integration(method: CfnObject): CfnObject {
  return method.Integration as CfnObject;
}

/** The single statement of the role the route's integration assumes. */
function statement(template: CfnTemplate): unknown {
  const roles = Object.keys(template.Resources).filter(
    (id) => template.Resources[id].Type === 'AWS::IAM::Role',
  );
  assert.equal(roles.length, 1, 'one role per aws route');
  const properties = template.Resources[roles[0]].Properties ?? {};
  const policies = properties.Policies as Array<{ PolicyDocument: { Statement: unknown[] } }>;
  assert.equal(policies.length, 1);
  assert.equal(policies[0].PolicyDocument.Statement.length, 1);
  return policies[0].PolicyDocument.Statement[0];
}

const join = (...parts: unknown[]) => ({ 'Fn::Join': ['', parts] });

describe('aws integrations', () => {
  it('sqs:SendMessage: queue path from the ARN, form-encoded body, role for exactly that queue', () => {
    const { method, template } = compileRoute('POST /orders/queue', {
      integration: {
        type: 'aws',
        action: 'sqs:SendMessage',
        queueArn: 'arn:aws:sqs:eu-west-1:123456789012:orders',
      },
    });
    assert.deepEqual(
      integration(method).Uri,
      join('arn:', P, ':apigateway:', R, ':sqs:path/123456789012/orders'),
    );
    assert.deepEqual(integration(method).RequestParameters, {
      'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'",
    });
    assert.deepEqual(integration(method).RequestTemplates, {
      'application/json': 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)',
    });
    assert.deepEqual(integration(method).Credentials, {
      'Fn::GetAtt': ['ApiGatewayIntegrationRoleOrdersQueuePost', 'Arn'],
    });
    assert.deepEqual(statement(template), {
      Effect: 'Allow',
      Action: 'sqs:SendMessage',
      Resource: 'arn:aws:sqs:eu-west-1:123456789012:orders',
    });
    const role = template.Resources.ApiGatewayIntegrationRoleOrdersQueuePost.Properties ?? {};
    assert.deepEqual(role.AssumeRolePolicyDocument, {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'apigateway.amazonaws.com' },
          Action: 'sts:AssumeRole',
        },
      ],
    });
  });

  it('renders the default sqs template to the form body SQS expects', () => {
    const { method } = compileRoute('POST /q', {
      integration: {
        type: 'aws',
        action: 'sqs:SendMessage',
        queueArn: 'arn:aws:sqs:eu-west-1:1:q',
      },
    });
    const text = (integration(method).RequestTemplates as Record<string, string>)[
      'application/json'
    ];
    assert.equal(
      renderTemplate(text, { body: '{"item":"a b"}' }),
      'Action=SendMessage&MessageBody=%7B%22item%22%3A%22a+b%22%7D',
    );
  });

  it('dynamodb: table ARN from the name, default templates from the body or the path parameters', () => {
    const put = compileRoute('PUT /orders', {
      integration: { type: 'aws', action: 'dynamodb:PutItem', tableName: { Ref: 'Orders' } },
    });
    assert.deepEqual(
      integration(put.method).Uri,
      join('arn:', P, ':apigateway:', R, ':dynamodb:action/PutItem'),
    );
    assert.deepEqual(integration(put.method).RequestTemplates, {
      'application/json': join(
        '{"TableName": "',
        { Ref: 'Orders' },
        '", "Item": $input.json(\'$\')}',
      ),
    });
    assert.deepEqual(statement(put.template), {
      Effect: 'Allow',
      Action: 'dynamodb:PutItem',
      Resource: join('arn:', P, ':dynamodb:', R, ':', A, ':table/', { Ref: 'Orders' }),
    });
    const get = compileRoute('GET /orders/{id}', {
      integration: { type: 'aws', action: 'dynamodb:GetItem', tableName: 'orders' },
    });
    const text = (integration(get.method).RequestTemplates as Record<string, string>)[
      'application/json'
    ];
    assert.deepEqual(JSON.parse(renderTemplate(text, { path: { id: 'o-1' } })), {
      TableName: 'orders',
      Key: { id: { S: 'o-1' } },
    });
    const query = compileRoute('GET /customers/{customerId}/orders', {
      integration: { type: 'aws', action: 'dynamodb:Query', tableName: 'orders' },
    });
    const queryText = (integration(query.method).RequestTemplates as Record<string, string>)[
      'application/json'
    ];
    assert.deepEqual(JSON.parse(renderTemplate(queryText, { path: { customerId: 'c-1' } })), {
      TableName: 'orders',
      KeyConditionExpression: '#k = :v',
      ExpressionAttributeNames: { '#k': 'customerId' },
      ExpressionAttributeValues: { ':v': { S: 'c-1' } },
    });
  });

  it('s3: object path with the route parameters, GET/PUT, role on the key pattern only', () => {
    const { method, template } = compileRoute('GET /files/{name}', {
      integration: { type: 'aws', action: 's3:GetObject', bucket: 'uploads', key: 'public/{name}' },
    });
    assert.deepEqual(
      integration(method).Uri,
      join('arn:', P, ':apigateway:', R, ':s3:path/uploads/public/{name}'),
    );
    assert.equal(integration(method).IntegrationHttpMethod, 'GET');
    assert.deepEqual(integration(method).RequestParameters, {
      'integration.request.path.name': 'method.request.path.name',
    });
    assert.deepEqual((integration(method).IntegrationResponses as CfnObject[])[0], {
      StatusCode: '200',
      ResponseParameters: {
        'method.response.header.Content-Type': 'integration.response.header.Content-Type',
      },
    });
    assert.deepEqual(statement(template), {
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: join('arn:', P, ':s3:::uploads/public/*'),
    });
    const put = compileRoute('PUT /files/{name}', {
      integration: { type: 'aws', action: 's3:PutObject', bucket: 'uploads', key: '{name}' },
    });
    assert.equal(integration(put.method).IntegrationHttpMethod, 'PUT');
    assert.deepEqual(put.method.RequestParameters, {
      'method.request.header.Content-Type': false,
      'method.request.path.name': true,
    });
  });

  it('kinesis, states, sns and events: action URIs, templates and exactly one statement each', () => {
    const cases: Array<[Route['integration'], string, unknown]> = [
      [
        {
          type: 'aws',
          action: 'kinesis:PutRecord',
          streamArn: 'arn:aws:kinesis:eu-west-1:1:stream/clicks',
        },
        '{"StreamName": "clicks", "Data": "$util.base64Encode($input.body)", "PartitionKey": "$context.requestId"}',
        {
          Effect: 'Allow',
          Action: 'kinesis:PutRecord',
          Resource: 'arn:aws:kinesis:eu-west-1:1:stream/clicks',
        },
      ],
      [
        {
          type: 'aws',
          action: 'states:StartExecution',
          stateMachineArn: 'arn:aws:states:eu-west-1:1:stateMachine:flow',
        },
        '{"input": "$util.escapeJavaScript($input.body)", "stateMachineArn": "arn:aws:states:eu-west-1:1:stateMachine:flow"}',
        {
          Effect: 'Allow',
          Action: 'states:StartExecution',
          Resource: 'arn:aws:states:eu-west-1:1:stateMachine:flow',
        },
      ],
      [
        { type: 'aws', action: 'sns:Publish', topicArn: 'arn:aws:sns:eu-west-1:1:orders' },
        "Action=Publish&TopicArn=$util.urlEncode('arn:aws:sns:eu-west-1:1:orders')&Message=$util.urlEncode($input.body)",
        { Effect: 'Allow', Action: 'sns:Publish', Resource: 'arn:aws:sns:eu-west-1:1:orders' },
      ],
      [
        { type: 'aws', action: 'events:PutEvents', source: 'orders.api' },
        '{"Entries": [{"Source": "orders.api", "DetailType": "api-request", "Detail": "$util.escapeJavaScript($input.body)", "EventBusName": "default"}]}',
        {
          Effect: 'Allow',
          Action: 'events:PutEvents',
          Resource: join('arn:', P, ':events:', R, ':', A, ':event-bus/default'),
        },
      ],
    ];
    for (const [settings, expectedTemplate, expectedStatement] of cases) {
      const { method, template } = compileRoute('POST /x', { integration: settings });
      assert.deepEqual(integration(method).RequestTemplates, {
        'application/json': expectedTemplate,
      });
      assert.deepEqual(statement(template), expectedStatement);
    }
  });

  it("uses the user's role and template instead of the defaults", () => {
    const { method, template } = compileRoute('POST /q', {
      integration: {
        type: 'aws',
        action: 'sqs:SendMessage',
        queueArn: 'arn:aws:sqs:eu-west-1:1:q',
        role: 'arn:aws:iam::1:role/mine',
      },
      request: { template: "Action=SendMessage&MessageBody=$input.params('m')" },
    });
    assert.equal(integration(method).Credentials, 'arn:aws:iam::1:role/mine');
    assert.deepEqual(integration(method).RequestTemplates, {
      'application/json': "Action=SendMessage&MessageBody=$input.params('m')",
    });
    assert.equal(
      Object.values(template.Resources).some((resource) => resource.Type === 'AWS::IAM::Role'),
      false,
    );
  });

  it('any other action with resource, and a raw service path with role', () => {
    const other = compileRoute('POST /x', {
      integration: { type: 'aws', action: 'sqs:PurgeQueue', resource: 'arn:aws:sqs:eu-west-1:1:q' },
      request: { template: 'Action=PurgeQueue' },
    });
    assert.deepEqual(
      integration(other.method).Uri,
      join('arn:', P, ':apigateway:', R, ':sqs:action/PurgeQueue'),
    );
    assert.deepEqual(statement(other.template), {
      Effect: 'Allow',
      Action: 'sqs:PurgeQueue',
      Resource: 'arn:aws:sqs:eu-west-1:1:q',
    });
    const raw = compileRoute('GET /b', {
      integration: {
        type: 'aws',
        service: 's3',
        path: 'bucket/key',
        method: 'GET',
        role: 'arn:aws:iam::1:role/r',
      },
    });
    assert.deepEqual(
      integration(raw.method).Uri,
      join('arn:', P, ':apigateway:', R, ':s3:path/bucket/key'),
    );
    assert.equal(integration(raw.method).Credentials, 'arn:aws:iam::1:role/r');
  });

  describe('errors', () => {
    const errors = (route: Route, key = 'POST /x') =>
      validateConfig({ routes: { [key]: route } }, emptyEvents(), coreSettings()).errors;
    const at = "custom.apiGateway.routes['POST /x'].integration";

    it('names what an action needs and what does not apply', () => {
      assert.deepEqual(
        errors({
          integration: { type: 'aws', action: 'sqs:SendMessage', topicArn: 'arn:aws:sns:x' },
        }),
        [
          {
            path: at,
            message:
              'sqs:SendMessage needs queueArn: the ARN of the SQS queue, e.g. { "Fn::GetAtt": [OrdersQueue, Arn] }',
          },
          {
            path: `${at}.topicArn`,
            message: 'topicArn does not apply to sqs:SendMessage; it takes queueArn',
          },
        ],
      );
    });

    it('asks for resource or role, and a template, for an action without defaults', () => {
      assert.deepEqual(errors({ integration: { type: 'aws', action: 'sqs:SendMesage' } }), [
        {
          path: `${at}.action`,
          message:
            'sqs:SendMesage has no built-in target; did you mean sqs:SendMessage?; give resource (the ARN the role may call sqs:SendMesage on) or role, or use one of sqs:SendMessage',
        },
        {
          path: at,
          message:
            'sqs:SendMesage has no default request template; give request.template with the body the sqs API expects',
        },
      ]);
    });

    it('needs a role for a raw path, and one of action or service + path', () => {
      assert.deepEqual(errors({ integration: { type: 'aws', service: 's3', path: 'b/k' } }), [
        {
          path: at,
          message:
            'a raw service path (service + path) needs role: the ARN of a role API Gateway may assume to call it (the plugin cannot derive a least-privilege policy from a path)',
        },
      ]);
      assert.deepEqual(errors({ integration: { type: 'aws' } }), [
        {
          path: at,
          message:
            'aws integrations need action (one of sqs:SendMessage, dynamodb:PutItem, dynamodb:GetItem, dynamodb:Query, s3:GetObject, s3:PutObject, kinesis:PutRecord, states:StartExecution, events:PutEvents, sns:Publish, or any service:Action with resource), or service + path + role for a raw service path',
        },
      ]);
    });

    it('checks the s3 key parameters and the dynamodb defaults against the path', () => {
      assert.deepEqual(
        errors(
          { integration: { type: 'aws', action: 's3:GetObject', bucket: 'b', key: '{nme}' } },
          'POST /x/{name}',
        ).map((issue) => issue.message),
        [
          '{nme} in the key is not a path parameter of POST /x/{name}; did you mean name?; use one of: name',
        ],
      );
      assert.deepEqual(
        errors({ integration: { type: 'aws', action: 'dynamodb:Query', tableName: 't' } }).map(
          (issue) => issue.message,
        ),
        [
          "the default dynamodb:Query template queries the partition key named like the route's only path parameter, but POST /x has 0; give request.template",
        ],
      );
    });
  });
});
