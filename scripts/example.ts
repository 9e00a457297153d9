/**
 * `npm run example`: packages example-service/ with the real Serverless Framework for the stages
 * dev and prod, offline, and prints what each stage declares. Nothing is deployed.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { CfnTemplate } from '../src/cloudformation/template';
import { formatSummary, summarizeTemplate } from '../src/report/summary';
import { collectTemplateForLint, lintCollectedTemplates } from '../test/helpers/cfn-lint';
import { runServerless } from '../test/helpers/serverless';

const root = path.resolve(__dirname, '..');
const serviceDir = path.join(root, 'example-service');

/** Packages one stage into example-service/.build/<stage> (the same runner the tests use). */
function packageStage(stage: string): string {
  const outDir = path.join(serviceDir, '.build', stage);
  rmSync(outDir, { recursive: true, force: true });
  const result = runServerless(serviceDir, ['package', '--stage', stage, '--package', outDir]);
  const templatePath = path.join(outDir, 'cloudformation-template-update-stack.json');
  if (result.status !== 0 || !existsSync(templatePath)) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error(`serverless package --stage ${stage} failed`);
  }
  return templatePath;
}

async function main(): Promise<void> {
  if (!existsSync(path.join(root, 'dist', 'index.js')))
    throw new Error('run `npm run build` first');
  for (const stage of ['dev', 'prod']) {
    const started = Date.now();
    const templatePath = packageStage(stage);
    const template = JSON.parse(readFileSync(templatePath, 'utf8')) as CfnTemplate;
    console.log(`\n${stage} (packaged in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    for (const line of formatSummary(summarizeTemplate(template))) console.log(line);
    const resources = Object.keys(template.Resources).length;
    console.log(
      `${resources} CloudFormation resources (CloudFormation allows 500 per stack): ${path.relative(process.cwd(), templatePath)}`,
    );
    collectTemplateForLint(templatePath, `example-service --stage ${stage}`);
  }
  console.log(`\n${await lintCollectedTemplates()}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
