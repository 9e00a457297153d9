/**
 * Mocha root hook (loaded by .mocharc.json): after the last test, cfn-lint lints every template
 * the tests packaged, in one go (see cfn-lint.ts). Without cfn-lint it says so in one line and
 * skips; under CI=true a missing cfn-lint fails the run.
 */
import { collectedTemplates, lintCollectedTemplates } from './cfn-lint';

export const mochaHooks = {
  async afterAll(this: Mocha.Context): Promise<void> {
    const count = collectedTemplates().length;
    if (count === 0) return;
    // Up to a second per small template on a busy machine, a minute for the 1,000-endpoint one.
    this.timeout(120_000 + count * 3_000);
    process.stdout.write(`\n  ${await lintCollectedTemplates()}\n`);
  },
};
