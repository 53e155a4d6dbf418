// The --out folder a training command (`bertcnn train`, a `bertcnn distill` student) writes its run into: refused
// when it already holds a run (unless resuming), created, locked against a second writer (src/train/run-lock.ts),
// and given the command's resolved settings as train.json. A command that fails before its run is written calls
// `failed()`, which removes the folder again when this call created it: bad data or a bad encoder leaves nothing
// half-made behind. `close()` unlocks.
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import { writeJson } from '../train/run-dir.ts';
import { lockRun } from '../train/run-lock.ts';
import { heldRunMessage } from '../train/run-status.ts';

export interface RunOut {
  /** Removes the folder when this call created it and no run was written into it; rethrow afterwards. */
  failed(): Promise<void>;
  /** Releases the lock. */
  close(): void;
}

/** `spec`: the command's resolved settings; all but `resume` become train.json. `holdsRun`: whether the folder
 *  holds a run already (default: its config.json; for cross-validation, also its first fold's). */
export async function openRunOut<Spec extends { resume?: boolean }>(
  out: string,
  spec: Spec,
  holdsRun: () => boolean = () => existsSync(join(out, 'config.json')),
): Promise<RunOut> {
  const { resume, ...settings } = spec;
  const refuse = async () => new UsageError(await heldRunMessage(out));
  if (!resume && holdsRun()) throw await refuse();
  const created = !existsSync(out);
  await mkdir(out, { recursive: true });
  const lock = lockRun(out, (m) => process.stderr.write(`bertcnn: ${m}\n`));
  const failed = async () => {
    if (created && !holdsRun()) await rm(out, { recursive: true, force: true });
  };
  try {
    if (!resume && holdsRun()) throw await refuse(); // another process wrote a run here since the check above
    await writeJson(join(out, 'train.json'), settings);
  } catch (e) {
    lock.release();
    await failed();
    throw e;
  }
  return { failed, close: () => lock.release() };
}
