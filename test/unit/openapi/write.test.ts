/** The atomic write of the OpenAPI document: all or nothing, never an empty file. */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic, type WriteFs } from '../../../src/openapi/write';

describe('atomic write', () => {
  function failingFs(step: 'writeFile' | 'rename'): { fs: WriteFs; removed: string[] } {
    const removed: string[] = [];
    const real = realFs();
    return {
      removed,
      fs: {
        ...real,
        writeFile: async (file, data, options) => {
          if (step === 'writeFile') {
            // Half the text reaches the disk, then the disk is full.
            await real.writeFile(file, data.slice(0, data.length / 2), options);
            throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
          }
          await real.writeFile(file, data, options);
        },
        rename: async (from, to) => {
          if (step === 'rename')
            throw Object.assign(new Error('EXDEV: cross-device link'), { code: 'EXDEV' });
          await real.rename(from, to);
        },
        rm: async (file, options) => {
          removed.push(file);
          await real.rm(file, options);
        },
      },
    };
  }

  function realFs(): WriteFs {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fs = require('node:fs/promises') as typeof import('node:fs/promises');
    return {
      mkdir: (dir, options) => fs.mkdir(dir, options),
      writeFile: (file, data, options) => fs.writeFile(file, data, options),
      rename: (from, to) => fs.rename(from, to),
      rm: (file, options) => fs.rm(file, options),
      stat: (file) => fs.stat(file),
    };
  }

  for (const step of ['writeFile', 'rename'] as const) {
    it(`keeps the previous file and leaves no temporary file when ${step} fails`, async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'apigw-kit-write-'));
      const target = path.join(dir, 'openapi.json');
      writeFileSync(target, '{"previous":true}\n');
      const { fs, removed } = failingFs(step);
      await assert.rejects(writeFileAtomic(target, '{"next":true}\n', fs), {
        message: new RegExp(
          `^Could not write the OpenAPI document to .*openapi\\.json: E[A-Z]+: .*\\. The previous file, if any, is unchanged\\.$`,
        ),
      });
      assert.equal(readFileSync(target, 'utf8'), '{"previous":true}\n');
      assert.deepEqual(readdirSync(dir), ['openapi.json']);
      assert.equal(removed.length, 1);
      assert.equal(path.dirname(removed[0]), dir);
    });
  }

  it('replaces the file in one step and refuses empty text', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'apigw-kit-write-'));
    const target = path.join(dir, 'openapi.json');
    writeFileSync(target, 'old');
    await writeFileAtomic(target, 'new\n');
    assert.equal(readFileSync(target, 'utf8'), 'new\n');
    await assert.rejects(writeFileAtomic(target, '  \n'), {
      message: `Refusing to write an empty document to ${target}.`,
    });
    assert.equal(readFileSync(target, 'utf8'), 'new\n');
    assert.deepEqual(readdirSync(dir), ['openapi.json']);
  });
});
