/**
 * The same fixtures under osls, the maintained open-source fork of Serverless v3. osls refuses
 * `frameworkVersion: '3'`, so each fixture is copied without it; everything else is as written.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertValidTemplate } from '../helpers/cfn-check';
import {
  FIXTURES,
  packageService,
  packageServiceExpectingFailure,
  plain,
} from '../helpers/serverless';

const FIXTURES_UNDER_OSLS = [
  'core-features',
  'access-control',
  'caching',
  'cors',
  'routes',
  'routes-secured',
  'http-api',
  'http-api-routes-only',
  'websocket',
  'openapi-import',
];

function copyForOsls(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `osls-${name}-`));
  cpSync(path.join(FIXTURES, name), dir, {
    recursive: true,
    filter: (source) =>
      !source.includes('.serverless_plugins') && !source.includes(`${path.sep}.serverless`),
  });
  const config = path.join(dir, 'serverless.yml');
  writeFileSync(config, readFileSync(config, 'utf8').replace(/^frameworkVersion:.*\n/m, ''));
  return dir;
}

describe('serverless package under osls', () => {
  const copies: string[] = [];
  after(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  for (const name of FIXTURES_UNDER_OSLS) {
    it(`${name}: packages, and the template is valid`, () => {
      const dir = copyForOsls(name);
      copies.push(dir);
      const result = packageService(dir, {
        stage: 'prod',
        framework: 'osls',
        // access-control reads an API key value from the environment.
        env: { PARTNER_A_KEY: 'partner-a-key-0123456789abcdef' },
      });
      assertValidTemplate(result.template);
      const types = Object.values(result.template.Resources).map((resource) => resource.Type);
      assert.ok(
        types.includes('AWS::ApiGateway::Stage') || types.includes('AWS::ApiGatewayV2::Stage'),
        'a declared stage',
      );
    });
  }

  it('invalid config: osls (config errors are fatal there) shows our messages, not a bare schema error', () => {
    const dir = copyForOsls('invalid');
    copies.push(dir);
    const result = packageServiceExpectingFailure(dir, { stage: 'prod', framework: 'osls' });
    const output = plain(result.stdout + result.stderr);
    assert.match(output, /serverless-apigateway-kit found 4 problems in the configuration:/);
    assert.match(
      output,
      /custom\.apiGateway\.stages\.prod\.cachng: unknown key "cachng"; did you mean "caching"\?/,
    );
    assert.doesNotMatch(output, /must be equal to one of the allowed values/);
  });
});
