// The epoch curves of a run, read from its log.jsonl: one row per epoch (train loss, dev metrics); the last entry
// per epoch wins, so a resumed run draws each epoch once. Step entries are skipped. No log.jsonl → no rows.
import { readLog } from '../train/run-dir.ts';
import type { EpochRow } from './html.ts';

export function epochRows(log: Record<string, unknown>[]): EpochRow[] {
  const byEpoch = new Map<number, EpochRow>();
  for (const e of log) {
    if (e.type !== 'epoch' || typeof e.epoch !== 'number' || typeof e.train_loss !== 'number') continue;
    const row: EpochRow = { epoch: e.epoch, train_loss: e.train_loss };
    if (typeof e.dev_loss === 'number') row.dev_loss = e.dev_loss;
    if (e.dev && typeof e.dev === 'object') row.dev = e.dev as Record<string, number>;
    byEpoch.set(e.epoch, row);
  }
  return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
}

/** The epoch rows of the run in `dir` (empty when it has no log.jsonl). */
export async function readEpochs(dir: string): Promise<EpochRow[]> {
  return epochRows(await readLog(dir));
}
