import { strict as assert } from 'node:assert';
import { parseServeOptions, runServe } from '../../../src/commands/serve';
import type { CfnTemplate } from '../../../src/cloudformation/template';
import { KitError } from '../../../src/pipeline/errors';
import { mock, restTemplate } from './template';

describe('sls apigateway serve: runServe', () => {
  it('defaults to 127.0.0.1:4000 and refuses a port that is not one', () => {
    assert.deepEqual(parseServeOptions({}), { host: '127.0.0.1', port: 4000 });
    assert.deepEqual(parseServeOptions({ host: '0.0.0.0', port: '0' }), {
      host: '0.0.0.0',
      port: 0,
    });
    assert.throws(() => parseServeOptions({ port: 'http' }), KitError);
    assert.throws(() => parseServeOptions({ port: '70000' }), KitError);
  });

  it('packages, prints exactly the REST API line, serves until stopped, then closes', async () => {
    const printed: string[] = [];
    const notices: string[] = [];
    let packaged = false;
    let release: () => void = () => undefined;
    let url = '';
    const template: CfnTemplate = restTemplate([
      { path: '/health', httpMethod: 'GET', integration: mock() },
    ]);
    const run = runServe(
      { port: '0' },
      {
        log: {
          notice: (line) => notices.push(line),
          warning: () => undefined,
          info: () => undefined,
        },
        writeText: (text) => {
          printed.push(text);
          url = text.replace('REST API: ', '');
        },
      },
      {
        provider: { getStage: () => 'dev', getRegion: () => 'eu-west-1' },
        serviceDir: __dirname,
        stackName: () => 'svc-dev',
        packageService: async () => {
          packaged = true;
        },
        template: () => template,
      },
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
    );
    for (let attempt = 0; attempt < 100 && url === ''; attempt += 1)
      await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(packaged, true);
    assert.match(printed[0], /^REST API: http:\/\/127\.0\.0\.1:\d+\/dev$/);
    assert.equal((await fetch(`${url}/health`)).status, 200);
    release();
    await run;
    assert.match(notices.join('\n'), /GET \/dev\/health 200/);
    await assert.rejects(fetch(`${url}/health`), 'the server is closed');
  });

  it('prints one line per API key after the REST API line, with the local value of a generated one', async () => {
    const printed: string[] = [];
    const template: CfnTemplate = restTemplate(
      [{ path: '/health', httpMethod: 'GET', integration: mock() }],
      {
        ApiGatewayStage: { Type: 'AWS::ApiGateway::Stage', Properties: { StageName: 'dev' } },
        Plan: {
          Type: 'AWS::ApiGateway::UsagePlan',
          Properties: { ApiStages: [{ ApiId: { Ref: 'ApiGatewayRestApi' }, Stage: 'dev' }] },
        },
        PartnerKey: {
          Type: 'AWS::ApiGateway::ApiKey',
          Properties: { Name: 'partner', Enabled: true },
        },
        PlanPartnerKey: {
          Type: 'AWS::ApiGateway::UsagePlanKey',
          Properties: {
            KeyId: { Ref: 'PartnerKey' },
            KeyType: 'API_KEY',
            UsagePlanId: { Ref: 'Plan' },
          },
        },
      },
    );
    await runServe(
      { port: '0' },
      {
        log: { notice: () => undefined, warning: () => undefined, info: () => undefined },
        writeText: (text) => printed.push(text),
      },
      {
        provider: { getStage: () => 'dev', getRegion: () => 'eu-west-1' },
        serviceDir: __dirname,
        stackName: () => 'svc-dev',
        packageService: async () => undefined,
        template: () => template,
      },
      () => Promise.resolve(),
    );
    assert.equal(printed.length, 2);
    assert.match(printed[0], /^REST API: /);
    assert.equal(
      printed[1],
      'API key partner: local-PartnerKey0000 (local value; usage plan Plan)',
    );
  });

  it('a template without a REST API is an error saying what is served', async () => {
    await assert.rejects(
      runServe(
        { port: '0' },
        {
          log: { notice: () => undefined, warning: () => undefined, info: () => undefined },
          writeText: () => undefined,
        },
        {
          provider: { getStage: () => 'dev', getRegion: () => 'eu-west-1' },
          serviceDir: __dirname,
          stackName: () => 'svc-dev',
          packageService: async () => undefined,
          template: () => ({ Resources: {} }),
        },
        () => Promise.resolve(),
      ),
      /no API to serve: no REST API \(http events or routes\), no HTTP API routes/,
    );
  });
});
