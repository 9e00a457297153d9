/**
 * The served stage's canary ("Set up an API Gateway canary release deployment",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/canary-release.html): PercentTraffic
 * percent of requests see the stage variables with StageVariableOverrides applied. The random
 * source is injected, so the counts below are exact.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CfnObject, CfnResource } from '../../../src/cloudformation/template';
import { startLocalGateway, type LocalGateway } from '../../../src/local';
import { CANARY_HEADER, StageSides, canaryOf } from '../../../src/local/rest/canary';
import { readGatewayRequest } from '../../../src/local/rest/request';
import { TemplateCache } from '../../../src/local/rest/templates';
import { readRestApi } from '../../../src/model';
import { lambdaUri, restTemplate } from './template';

const VARIABLES_TEMPLATE =
  '{"flavour": "$stageVariables.flavour", "backend": "$stageVariables.backend", "canary": "$context.isCanaryRequest", "header": "$input.params(\'x-apigateway-kit-canary\')"}';

function stage(canarySetting?: CfnObject): CfnResource {
  return {
    Type: 'AWS::ApiGateway::Stage',
    Properties: {
      StageName: 'dev',
      RestApiId: { Ref: 'ApiGatewayRestApi' },
      DeploymentId: { Ref: 'Deployment' },
      Variables: { flavour: 'stable', backend: 'https://backend.example.com' },
      ...(canarySetting ? { CanarySetting: canarySetting } : {}),
    },
  };
}

function template(canarySetting?: CfnObject) {
  return restTemplate(
    [
      {
        path: '/vars',
        httpMethod: 'GET',
        integration: {
          Type: 'MOCK',
          RequestTemplates: { 'application/json': '{"statusCode": 200}' },
          IntegrationResponses: [
            { StatusCode: '200', ResponseTemplates: { 'application/json': VARIABLES_TEMPLATE } },
          ],
        },
      },
      {
        path: '/fn',
        httpMethod: 'GET',
        integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST', Uri: lambdaUri('Echo') },
      },
    ],
    {
      Stage: stage(canarySetting),
      Echo: {
        Type: 'AWS::Lambda::Function',
        Properties: { Handler: 'echo.handler', Runtime: 'nodejs22.x', FunctionName: 'echo' },
      },
    },
  );
}

const CANARY = {
  DeploymentId: { Ref: 'Deployment' },
  PercentTraffic: 25,
  StageVariableOverrides: { flavour: 'canary' },
};

/** A random source cycling through the given values (deterministic). */
function cycling(values: readonly number[]): () => number {
  let index = 0;
  return () => values[index++ % values.length];
}

function request(headers: Record<string, string> = {}) {
  const rawHeaders = Object.entries(headers).flat();
  const found = readGatewayRequest(
    { method: 'GET', url: '/dev/vars', rawHeaders, body: Buffer.alloc(0), sourceIp: '127.0.0.1' },
    'dev',
  );
  assert.ok(found);
  return found;
}

describe('local gateway: canary', () => {
  it('reads the served stage canary: traffic clamped to 0–100, overrides as strings', () => {
    assert.equal(canaryOf(readRestApi(template()), 'dev'), undefined);
    assert.deepEqual(canaryOf(readRestApi(template(CANARY)), 'dev'), {
      percentTraffic: 25,
      variableOverrides: { flavour: 'canary' },
    });
    assert.equal(
      canaryOf(readRestApi(template({ PercentTraffic: 250 })), 'dev')?.percentTraffic,
      100,
    );
    assert.equal(canaryOf(readRestApi(template(CANARY)), 'prod'), undefined);
  });

  it('sends PercentTraffic percent of requests to the canary (counted with an injected random)', () => {
    const api = readRestApi(template(CANARY));
    // 100 evenly spaced values of [0, 1): exactly 25 are below 0.25.
    const random = cycling(Array.from({ length: 100 }, (_, index) => index / 100));
    const sides = new StageSides(api, 'dev', TemplateCache.forApi(api), random);
    let canary = 0;
    for (let count = 0; count < 1000; count += 1) {
      const selection = sides.select(request());
      if (selection.canary) {
        canary += 1;
        assert.equal(selection.environment.stageVariables.flavour, 'canary');
      } else assert.equal(selection.environment.stageVariables.flavour, 'stable');
      assert.equal(selection.request.isCanaryRequest, selection.canary);
    }
    assert.equal(canary, 250);
  });

  it('the header forces a side, is removed from the request, and means nothing without a canary', () => {
    const api = readRestApi(template(CANARY));
    const never = new StageSides(api, 'dev', TemplateCache.forApi(api), () => 0.99);
    const forced = never.select(request({ 'X-ApiGateway-Kit-Canary': 'TRUE', Accept: '*/*' }));
    assert.equal(forced.canary, true);
    assert.deepEqual(forced.request.headers, { Accept: '*/*' });
    assert.deepEqual(forced.request.multiValueHeaders, { Accept: ['*/*'] });
    const always = new StageSides(api, 'dev', TemplateCache.forApi(api), () => 0);
    assert.equal(always.select(request({ [CANARY_HEADER]: 'false' })).canary, false);
    // Neither true nor false: the random choice, header still removed.
    const other = always.select(request({ [CANARY_HEADER]: 'maybe' }));
    assert.equal(other.canary, true);
    assert.deepEqual(other.request.headers, {});

    const plainApi = readRestApi(template());
    const noCanary = new StageSides(plainApi, 'dev', TemplateCache.forApi(plainApi), () => 0);
    const selection = noCanary.select(request({ [CANARY_HEADER]: 'true' }));
    assert.equal(selection.canary, false);
    assert.equal(selection.request.isCanaryRequest, undefined);
    assert.deepEqual(selection.request.headers, {});
  });

  describe('served', () => {
    let gateway: LocalGateway;
    let dir: string;
    const lines: string[] = [];

    before(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'local-gw-canary-'));
      writeFileSync(
        path.join(dir, 'echo.js'),
        `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ stageVariables: event.stageVariables, headers: Object.keys(event.headers) }) });`,
      );
      gateway = await startLocalGateway({
        servicePath: dir,
        template: template(CANARY),
        stage: 'dev',
        port: 0,
        random: cycling([0.1, 0.9, 0.3, 0.2]),
        log: (line) => lines.push(line),
      });
    });
    after(async () => {
      await gateway?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('mapping templates, $context.isCanaryRequest and the log line follow the chosen side', async () => {
      const bodies: unknown[] = [];
      for (let count = 0; count < 4; count += 1)
        bodies.push(await (await fetch(`${gateway.urls.rest}/vars`)).json());
      const backend = 'https://backend.example.com';
      assert.deepEqual(bodies, [
        { flavour: 'canary', backend, canary: 'true', header: '' },
        { flavour: 'stable', backend, canary: 'false', header: '' },
        { flavour: 'stable', backend, canary: 'false', header: '' },
        { flavour: 'canary', backend, canary: 'true', header: '' },
      ]);
      assert.deepEqual(
        lines.map((line) => line.endsWith(' MOCK canary')),
        [true, false, false, true],
      );
    });

    it("the proxy event gets the side's stage variables, never the canary header", async () => {
      const forced = await fetch(`${gateway.urls.rest}/fn`, {
        headers: { [CANARY_HEADER]: 'true', 'X-Other': '1' },
      });
      const body = (await forced.json()) as { stageVariables: unknown; headers: string[] };
      assert.deepEqual(body.stageVariables, {
        flavour: 'canary',
        backend: 'https://backend.example.com',
      });
      assert.ok(body.headers.some((name) => name.toLowerCase() === 'x-other'));
      assert.ok(!body.headers.some((name) => name.toLowerCase() === CANARY_HEADER));
      const stable = await fetch(`${gateway.urls.rest}/fn`, {
        headers: { [CANARY_HEADER]: 'false' },
      });
      assert.equal(
        ((await stable.json()) as { stageVariables: { flavour: string } }).stageVariables.flavour,
        'stable',
      );
      assert.match(lines.at(-2) ?? '', /GET \/dev\/fn 200 [\d.]+ ms AWS_PROXY canary$/);
      assert.match(lines.at(-1) ?? '', /GET \/dev\/fn 200 [\d.]+ ms AWS_PROXY$/);
    });
  });
});
