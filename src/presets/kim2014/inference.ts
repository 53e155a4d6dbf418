// `bertcnn predict` / `bertcnn eval` on a Kim (2014) run folder (one with kim.json): the model rebuilt from the
// folder (presets/kim2014/run-folder.ts), texts cleaned with the run's clean_str, words outside the run's vocabulary
// dropped (Kim's get_idx_from_sent) and counted on stderr. Returns what predictWithRun / evaluateFile return for
// ordinary runs, so the commands print the same JSONL / report.
import { DataError, UsageError } from '../../errors.ts';
import type { TextReadOptions } from '../../data/read.ts';
import { readSplit } from '../../tasks/classification/data.ts';
import { evaluate, predict } from '../../tasks/classification/evaluate.ts';
import { loadKimRun, type LoadedKimRun } from './run-folder.ts';

export interface KimUseOptions {
  batchSize?: number;
  threshold?: number;
  onWarning?(message: string): void;
}

function check(o: KimUseOptions): void {
  if (o.threshold !== undefined)
    throw new UsageError(
      '--threshold applies to binary and multi-label runs; a kim2014 run is multi-class (softmax, argmax)',
    );
}

function reportDropped(run: LoadedKimRun, cleaned: readonly string[], o: KimUseOptions): number {
  const n = run.dropped(cleaned);
  if (n > 0) o.onWarning?.(`${n} word token(s) not in the run's vocabulary were dropped (Kim's get_idx_from_sent)`);
  return n;
}

export async function kimPredictWithRun(dir: string, texts: readonly string[], o: KimUseOptions = {}) {
  check(o);
  const run = await loadKimRun(dir);
  const cleaned = texts.map(run.clean);
  const dropped = reportDropped(run, cleaned, o);
  const predictions = cleaned.length
    ? await predict(run.pipeline, run.task, cleaned, o.batchSize ?? run.config.eval_batch_size)
    : { probabilities: new Float32Array(0), decisions: [] };
  return { task: run.task, predictions, dropped };
}

export async function kimEvaluateFile(
  dir: string,
  file: string,
  o: KimUseOptions & { read?: TextReadOptions; unknownLabel?: 'error' | 'skip' } = {},
) {
  check(o);
  const run = await loadKimRun(dir);
  const { split, summary } = await readSplit(file, run.labels, o.read ?? {}, o.unknownLabel ?? 'error');
  if (split.texts.length === 0) throw new DataError(file, 'no records left to evaluate');
  if (split.y.some((y) => Array.isArray(y)))
    throw new DataError(file, 'multi-label records: a kim2014 run is single-label');
  const cleaned = { texts: split.texts.map(run.clean), y: split.y };
  const dropped = reportDropped(run, cleaned.texts, o);
  const evaluation = await evaluate(run.pipeline, run.task, cleaned, o.batchSize ?? run.config.eval_batch_size);
  return { task: run.task, split, summary, evaluation, dropped };
}
