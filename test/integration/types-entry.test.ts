/**
 * `serverless-apigateway-kit/types` as a TypeScript user meets it: a project whose
 * node_modules/serverless-apigateway-kit is this package (its package.json `exports` /
 * `typesVersions` and the built `dist/`), compiled with the TypeScript compiler API and
 * `skipLibCheck: false`, so the package's declaration files are checked too. Run after `npm run build`.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { FIXTURES, REPO_ROOT } from '../helpers/serverless';

/** What the README asks of a `serverless.ts` project: CommonJS (serverless v3 `require`s it). */
const README_OPTIONS = { module: 'commonjs', target: 'es2022', strict: true };

/** `tsc --init`'s options in TypeScript 5.9, the strictest current defaults (and no skipLibCheck). */
const INIT_OPTIONS = {
  module: 'nodenext',
  target: 'esnext',
  types: [],
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  strict: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  noUncheckedSideEffectImports: true,
  moduleDetection: 'force',
};

/** Uses the types entry without @serverless/typescript: its own service type, every export. */
const STANDALONE = `import type {
  ApiGatewayConfig,
  EventWithApiGateway,
  HttpApiEventApiGatewayConfig,
  StageConfig,
  WebsocketEventApiGatewayConfig,
  WithApiGateway,
} from 'serverless-apigateway-kit/types';

interface Service {
  service: string;
  custom?: { [key: string]: unknown };
  functions?: {
    [name: string]: {
      handler: string;
      events?: ({ http: string | { method: string; path: string } } | { schedule: string })[];
    };
  };
}

const prod: StageConfig = { tracing: true, throttling: { rateLimit: 100, burstLimit: 200 } };
const apiGateway: ApiGatewayConfig = { stages: { prod } };
const route: HttpApiEventApiGatewayConfig = { timeout: 10 };
const connect: WebsocketEventApiGatewayConfig = { routeResponse: true };
const event: EventWithApiGateway<{ http: { method: string; path: string } }> = {
  http: { method: 'get', path: 'orders', apiGateway: { apiKeyRequired: true } },
};

const config: WithApiGateway<Service> = {
  service: 'orders',
  custom: { apiGateway },
  functions: {
    list: { handler: 'list.handler', events: [event, { schedule: 'rate(1 hour)' }] },
  },
};

export = { config, route, connect };
`;

/** Mistakes the types must catch, one per line, in a service typed with @serverless/typescript. */
const MISTAKES = `import type { AWS } from '@serverless/typescript';
import type { WithApiGateway } from 'serverless-apigateway-kit/types';

const config: WithApiGateway<AWS> = {
  service: 'orders',
  provider: { name: 'aws' },
  custom: { apiGateway: { stagez: {} } },
  functions: {
    a: {
      handler: 'a.handler',
      events: [
        { http: { method: 'get', path: 'a', apiGateway: { cahing: { enabled: true } } } },
        { httpApi: { method: 'get', path: '/a', apiGateway: { timeout: 'soon' } } },
        { websocket: { route: '$connect', apiGateway: { authoriser: 'token' } } },
        { http: { method: 'get', path: 'b', corz: true } },
      ],
    },
  },
};

export = config;
`;

describe('serverless-apigateway-kit/types compiles on its own (skipLibCheck: false)', function () {
  this.timeout(120_000);
  let projectDir: string;
  /** The diagnostics of the three files, compiled together with the README's options. */
  let readmeDiagnostics: readonly ts.Diagnostic[];

  before(() => {
    projectDir = mkdtempSync(path.join(os.tmpdir(), 'apigw-kit-types-'));
    mkdirSync(path.join(projectDir, 'node_modules', '@serverless'), { recursive: true });
    symlinkSync(REPO_ROOT, path.join(projectDir, 'node_modules', 'serverless-apigateway-kit'));
    symlinkSync(
      path.join(REPO_ROOT, 'node_modules', '@serverless', 'typescript'),
      path.join(projectDir, 'node_modules', '@serverless', 'typescript'),
    );
    writeFileSync(path.join(projectDir, 'standalone.ts'), STANDALONE);
    writeFileSync(path.join(projectDir, 'mistakes.ts'), MISTAKES);
    copyFileSync(
      path.join(FIXTURES, 'readme-typescript', 'serverless.ts'),
      path.join(projectDir, 'serverless.ts'),
    );
    readmeDiagnostics = ts.getPreEmitDiagnostics(
      program(['standalone.ts', 'serverless.ts', 'mistakes.ts'], README_OPTIONS),
    );
  });

  after(() => rmSync(projectDir, { recursive: true, force: true }));

  function program(files: string[], options: Record<string, unknown>): ts.Program {
    const parsed = ts.parseJsonConfigFileContent(
      { compilerOptions: { ...options, skipLibCheck: false, noEmit: true }, files },
      ts.sys,
      projectDir,
    );
    assert.deepEqual(parsed.errors, []);
    return ts.createProgram(parsed.fileNames, parsed.options);
  }

  function format(diagnostics: readonly ts.Diagnostic[]): string {
    return ts.formatDiagnostics(diagnostics, {
      getCanonicalFileName: (name) => name,
      getCurrentDirectory: () => projectDir,
      getNewLine: () => '\n',
    });
  }

  function inFile(diagnostics: readonly ts.Diagnostic[], file: string): ts.Diagnostic[] {
    return diagnostics.filter(
      (diagnostic) => diagnostic.file?.fileName === path.join(projectDir, file),
    );
  }

  it('every export type-checks with a CommonJS tsconfig (the README)', () => {
    assert.equal(format(inFile(readmeDiagnostics, 'standalone.ts')), '');
  });

  it("every export type-checks with tsc --init's defaults (nodenext, exactOptionalPropertyTypes, …)", () => {
    assert.equal(format(ts.getPreEmitDiagnostics(program(['standalone.ts'], INIT_OPTIONS))), '');
  });

  it('only loads the generated config types: not the plugin, not the AWS SDK', () => {
    // `types: []`: TypeScript also loads every node_modules/@types package of the project unless
    // `types` lists them, and those are the project's, not what this entry pulls in.
    const loaded = program(['standalone.ts'], { ...README_OPTIONS, types: [] })
      .getSourceFiles()
      .map((file) => path.relative(REPO_ROOT, file.fileName))
      .filter((file) => !file.startsWith('..') && !file.includes('node_modules/typescript/lib/'));
    assert.deepEqual(loaded.sort(), ['dist/config/types.generated.d.ts', 'dist/types/index.d.ts']);
  });

  it("the README's serverless.ts (test/fixtures/readme-typescript) type-checks", () => {
    // @serverless/typescript 4.x's own index.d.ts has one error (TS2411 on `Fn::Transform`) that
    // only skipLibCheck hides; the README says so. Everything else must be clean: the package's
    // declarations and the service file.
    const ours = readmeDiagnostics.filter(
      (diagnostic) =>
        !diagnostic.file?.fileName.includes('/@serverless/typescript/') &&
        diagnostic.file?.fileName !== path.join(projectDir, 'mistakes.ts'),
    );
    assert.equal(format(ours), '');
  });

  it('catches misspelt and mistyped apiGateway keys, with did-you-mean', () => {
    const errors = inFile(readmeDiagnostics, 'mistakes.ts');
    const byLine = new Map(
      errors.map((diagnostic) => [
        diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start!).line + 1,
        ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
      ]),
    );
    assert.deepEqual(
      [...byLine.keys()].sort((a, b) => a - b),
      [7, 12, 13, 14, 15],
      format(errors),
    );
    assert.match(byLine.get(7)!, /'stagez' does not exist .*Did you mean to write 'stages'/s);
    assert.match(byLine.get(12)!, /'cahing' does not exist .*Did you mean to write 'caching'/s);
    assert.match(byLine.get(13)!, /'string' is not assignable to type 'number'/);
    assert.match(byLine.get(14)!, /'authoriser' does not exist .*'authorizer'/s);
    assert.match(byLine.get(15)!, /'corz' does not exist/);
  });
});
