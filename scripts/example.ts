/**
 * `npm run example`: packages example-service/ with the real Serverless Framework for the stages
 * dev and prod, offline, and prints what each stage declares. Nothing is deployed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import type { CfnTemplate } from '../src/cloudformation/template';
import { formatSummary, summarizeTemplate } from '../src/report/summary';

const root = path.resolve(__dirname, '..');
const serviceDir = path.join(root, 'example-service');
const serverlessBin = path.join(root, 'node_modules', 'serverless', 'bin', 'serverless.js');

/** Serverless loads plugins from `.serverless_plugins/` too; point it at the built plugin. */
function linkPlugin(): void {
  const pluginsDir = path.join(serviceDir, '.serverless_plugins');
  const link = path.join(pluginsDir, 'serverless-apigateway-kit');
  mkdirSync(pluginsDir, { recursive: true });
  rmSync(link, { recursive: true, force: true });
  symlinkSync(path.relative(pluginsDir, path.join(root, 'dist')), link, 'dir');
}

function packageStage(stage: string): string {
  const outDir = path.join(serviceDir, '.build', stage);
  rmSync(outDir, { recursive: true, force: true });
  const result = spawnSync(
    process.execPath,
    [serverlessBin, 'package', '--stage', stage, '--package', outDir],
    {
      cwd: serviceDir,
      encoding: 'utf8',
      env: {
        ...process.env,
        SLS_TELEMETRY_DISABLED: '1',
        SLS_NOTIFICATIONS_MODE: 'off',
        TS_NODE_TRANSPILE_ONLY: 'true',
      },
    },
  );
  const templatePath = path.join(outDir, 'cloudformation-template-update-stack.json');
  if (result.status !== 0 || !existsSync(templatePath)) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error(`serverless package --stage ${stage} failed`);
  }
  return templatePath;
}

function main(): void {
  if (!existsSync(path.join(root, 'dist', 'index.js')))
    throw new Error('run `npm run build` first');
  linkPlugin();
  for (const stage of ['dev', 'prod']) {
    const started = Date.now();
    const templatePath = packageStage(stage);
    const template = JSON.parse(readFileSync(templatePath, 'utf8')) as CfnTemplate;
    console.log(`\n${stage} (packaged in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    for (const line of formatSummary(summarizeTemplate(template))) console.log(line);
    console.log(`  template: ${path.relative(process.cwd(), templatePath)}`);
  }
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
