// status.json — where a run folder is in its life, so a run that did not finish is never taken for one that did:
//   {"status": "running" | "complete" | "interrupted" | "failed", "reason"?, "updated"}
// Training jobs write "running" once config.json is in place, then "complete" after metrics.json (the last file of
// a finished run), "interrupted" after Ctrl-C / SIGTERM (a checkpoint to --resume from), or "failed" with the
// error's message. Written atomically. Folders from before status.json count as complete when metrics.json is
// there (it was always written last); src/runs/status.ts turns this into the refusal eval/predict/serve/… give.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeBytesAtomic } from '../io/atomic.ts';

export const RUN_STATUS_FILE = 'status.json';
export type RunStatus = 'running' | 'complete' | 'interrupted' | 'failed';

export interface RunStatusRecord {
  status: RunStatus;
  /** Why a run failed or stopped. */
  reason?: string;
  updated: string;
}

export async function writeRunStatus(dir: string, status: RunStatus, reason?: string): Promise<void> {
  const record: RunStatusRecord = { status, ...(reason ? { reason } : {}), updated: new Date().toISOString() };
  await writeBytesAtomic(join(dir, RUN_STATUS_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/** The folder's status.json, or null when it has none (runs written before status.json existed). */
export async function readRunStatus(dir: string): Promise<RunStatusRecord | null> {
  const path = join(dir, RUN_STATUS_FILE);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(await readFile(path, 'utf8')) as RunStatusRecord;
  } catch {
    return { status: 'failed', reason: `${path} is not valid JSON`, updated: '' };
  }
}

/** Runs `train` with the folder's status kept: running → complete | interrupted | failed (reason = the error). */
export async function withRunStatus<T extends { result: { interrupted?: boolean } }>(
  dir: string,
  train: () => Promise<T>,
): Promise<T> {
  await writeRunStatus(dir, 'running');
  try {
    const r = await train();
    if (r.result.interrupted)
      await writeRunStatus(dir, 'interrupted', 'stopped before its last epoch; --resume continues it');
    else await writeRunStatus(dir, 'complete');
    return r;
  } catch (e) {
    await writeRunStatus(dir, 'failed', (e as Error).message).catch(() => {});
    throw e;
  }
}

/** The refusal for `train` into a folder that already holds a run, naming its status when it did not finish. */
export async function heldRunMessage(out: string): Promise<string> {
  const s = await readRunStatus(out);
  const what = s && s.status !== 'complete' ? `a ${s.status} run${s.reason ? ` (${s.reason})` : ''}` : 'a run';
  return `${out} already holds ${what}; use --resume to continue it or choose another --out`;
}
