// The snapshot file: written (atomically, owner-only) before the old stage is deleted, read to
// restore it later.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { errorMessage } from '../../aws/errors';
import { StageMigrationError } from './errors';
import { describeStage, type StageSnapshot } from './types';

const SNAPSHOT_FORMAT = 'serverless-apigateway-kit/stage-snapshot@1';

interface SnapshotFile {
  format: typeof SNAPSHOT_FORMAT;
  savedAt: string;
  region: string;
  restoreCommand: string;
  stage: StageSnapshot;
}

/** Reads a file written by deleteImplicitStage, e.g. to restore a stage by hand later. */
export async function readStageSnapshot(snapshotPath: string): Promise<StageSnapshot> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(snapshotPath, 'utf8'));
  } catch (error) {
    throw new StageMigrationError(
      `Could not read the stage snapshot ${snapshotPath}: ${errorMessage(error)}`,
      'snapshot',
      { cause: error },
    );
  }
  const stage = (parsed as Partial<SnapshotFile> | null)?.stage;
  if (
    (parsed as Partial<SnapshotFile> | null)?.format !== SNAPSHOT_FORMAT ||
    typeof stage?.restApiId !== 'string' ||
    typeof stage.stageName !== 'string' ||
    typeof stage.deploymentId !== 'string'
  ) {
    throw new StageMigrationError(
      `${snapshotPath} is not a stage snapshot written by serverless-apigateway-kit.`,
      'snapshot',
    );
  }
  return stage;
}

export async function writeSnapshotFile(
  snapshotPath: string,
  stage: StageSnapshot,
  region: string,
  command: string,
): Promise<void> {
  const content: SnapshotFile = {
    format: SNAPSHOT_FORMAT,
    savedAt: new Date().toISOString(),
    region,
    restoreCommand: command,
    stage,
  };
  // Written next to the target and renamed over it, so a crash never leaves half a snapshot.
  const temporaryPath = `${snapshotPath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(snapshotPath), { recursive: true });
    // Stage variables sometimes carry values their owners would rather not share.
    await writeFile(temporaryPath, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
    await rename(temporaryPath, snapshotPath);
  } catch (error) {
    await rm(temporaryPath, { force: true }).catch(() => undefined);
    throw new StageMigrationError(
      `Could not save the snapshot of ${describeStage(stage)} to ${snapshotPath}: ` +
        `${errorMessage(error)}. The stage was not deleted.`,
      'snapshot',
      { cause: error },
    );
  }
}
