/**
 * Writes the document atomically: the text goes to a temporary file next to the target, which is
 * then renamed over it. A failure at any point leaves the previous file as it was and no partial
 * or empty file behind.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { errorMessage, OpenApiExportError } from './errors';

/** The file operations used, injectable so tests can make one of them fail. */
export interface WriteFs {
  mkdir(dir: string, options: { recursive: true }): Promise<unknown>;
  writeFile(
    file: string,
    data: string,
    options: { encoding: 'utf8'; mode?: number },
  ): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(file: string, options: { force: true }): Promise<void>;
  stat(file: string): Promise<{ mode: number }>;
}

const realFs: WriteFs = {
  mkdir: (dir, options) => fs.mkdir(dir, options),
  writeFile: (file, data, options) => fs.writeFile(file, data, options),
  rename: (from, to) => fs.rename(from, to),
  rm: (file, options) => fs.rm(file, options),
  stat: (file) => fs.stat(file),
};

export async function writeFileAtomic(
  target: string,
  text: string,
  fileSystem: WriteFs = realFs,
): Promise<void> {
  if (text.trim() === '') {
    throw new OpenApiExportError(`Refusing to write an empty document to ${target}.`, 'write');
  }
  const directory = path.dirname(target);
  const temporary = path.join(
    directory,
    `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await fileSystem.mkdir(directory, { recursive: true });
    // Keep the permissions of the file being replaced.
    const mode = await fileSystem.stat(target).then(
      (stats) => stats.mode & 0o777,
      () => undefined,
    );
    await fileSystem.writeFile(temporary, text, {
      encoding: 'utf8',
      ...(mode !== undefined ? { mode } : {}),
    });
    await fileSystem.rename(temporary, target);
  } catch (error) {
    await fileSystem.rm(temporary, { force: true }).catch(() => undefined);
    throw new OpenApiExportError(
      `Could not write the OpenAPI document to ${target}: ${errorMessage(error)}. ` +
        'The previous file, if any, is unchanged.',
      'write',
      { cause: error },
    );
  }
}
