// Is a run folder finished? (src/train/run-status.ts writes status.json.) A run that is still training, was
// interrupted, or failed is refused by eval, predict, serve, export, report and the queue worker — with its
// status, the reason and what to do — unless the caller allows it (`--allow-incomplete`), and then it is used with
// a warning: the weights are those of the best epoch so far, metrics.json may be missing.
// Folders without status.json (written before it existed): complete when metrics.json is there (a classification
// or NER job writes it last); a Kim run writes its config.json last, so a Kim folder that has one is complete.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../errors.ts';
import { readRunStatus, RUN_STATUS_FILE } from '../train/run-status.ts';
import { runKind } from './kind.ts';

export interface CompletenessOptions {
  /** Use an unfinished run anyway (with a warning) instead of refusing it. */
  allowIncomplete?: boolean;
  onWarning?(message: string): void;
}

/** Why `dir` is not a finished run, or null when it is. */
export async function incompleteReason(dir: string): Promise<string | null> {
  const s = await readRunStatus(dir);
  if (s) {
    if (s.status === 'complete') return null;
    return `its training is ${s.status}${s.reason ? ` (${s.reason})` : ''} — ${join(dir, RUN_STATUS_FILE)}`;
  }
  if (runKind(dir) === 'kim2014') return null;
  return existsSync(join(dir, 'metrics.json')) ? null : 'it has no metrics.json: its training never finished';
}

/** Refuses an unfinished run (DataError naming it and the way out), or warns when allowed. */
export async function checkComplete(dir: string, o: CompletenessOptions = {}): Promise<void> {
  const why = await incompleteReason(dir);
  if (!why) return;
  if (!o.allowIncomplete)
    throw new DataError(
      dir,
      `not a finished run: ${why}; finish it with \`bertcnn train --resume --out ${dir}\`, or pass --allow-incomplete to use it as it is`,
    );
  o.onWarning?.(`${dir} is not a finished run: ${why}; using it anyway (--allow-incomplete)`);
}
