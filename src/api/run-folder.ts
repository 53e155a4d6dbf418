// Where the API's models live on disk. fit() trains into a run folder exactly as `bertcnn train` does (the same
// training job writes it); without an `out` folder that is a private working folder under the OS temp dir, removed
// by close(). save(dir) copies the run folder to `dir` atomically: into a hidden sibling first, renamed into place
// once complete, so `dir` never holds half a model. The resumable checkpoint/ stays behind (it only serves
// `bertcnn train --resume` of the working folder); everything eval/predict/serve/report read is copied.
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { UsageError } from '../errors.ts';
import { tmpSibling } from '../io/atomic.ts';

/** A fresh private working folder for a run (the caller removes it). */
export function workFolder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'bertcnn-api-'));
}

/** Files and folders of a run folder that save() leaves behind. */
const LEFT_BEHIND = new Set(['checkpoint', 'checkpoint.tmp', 'checkpoint.old']);

/** Copies run folder `from` to `to` atomically; an existing run at `to` is replaced only with `overwrite`. */
export async function copyRunFolder(from: string, to: string, overwrite = false): Promise<void> {
  if (resolve(from) === resolve(to)) return; // fit({ out }) already wrote it there
  if (existsSync(to)) {
    const holdsRun = existsSync(join(to, 'config.json'));
    if (holdsRun && !overwrite)
      throw new UsageError(`save: ${to} already holds a run; pass { overwrite: true } to replace it`);
    if (!holdsRun && (await readdir(to)).length > 0)
      throw new UsageError(`save: ${to} exists and is not a run folder; choose an empty or new folder`);
  }
  const tmp = tmpSibling(resolve(to));
  try {
    await cp(from, tmp, {
      recursive: true,
      filter: (src) => !LEFT_BEHIND.has(relative(from, src).split(/[\\/]/)[0]!),
    });
    const old = existsSync(to) ? tmpSibling(resolve(to)) : null;
    if (old) await rename(to, old);
    await rename(tmp, to);
    if (old) await rm(old, { recursive: true, force: true });
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}
