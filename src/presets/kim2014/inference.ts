// `bertcnn predict` / `bertcnn eval` on a Kim (2014) run folder (one with kim.json): the model rebuilt from the
// folder (presets/kim2014/run-folder.ts), texts cleaned with the run's clean_str, words outside the run's vocabulary
// dropped (Kim's get_idx_from_sent) and counted on stderr — or, with extendVocab (`--extend-vocab`), given their
// row from the run's vectors first (extend-vocab.ts), so only words the vectors lack are dropped. Returns what predictWithRun / evaluateFile return for
// ordinary runs, so the commands print the same JSONL / report.
import { DataError, UsageError } from '../../errors.ts';
import type { TextReadOptions } from '../../data/read.ts';
import { join } from 'node:path';
import { loadLabelMap } from '../../data/labels.ts';
import { readSplit } from '../../tasks/classification/data.ts';
import { evaluate, predict } from '../../tasks/classification/evaluate.ts';
import { loadKimRun, type LoadedKimRun } from './run-folder.ts';

export interface KimUseOptions {
  batchSize?: number;
  threshold?: number;
  /** Words outside the vocabulary that the run's vectors have get their vector's row (extend-vocab.ts). */
  extendVocab?: boolean;
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
  const x = run.extension;
  if (x && x.words.length > 0)
    o.onWarning?.(
      `--extend-vocab: ${x.words.length} word(s) outside the run's vocabulary took their vector from ${x.description}`,
    );
  const hint =
    !x && run.config.level === 'word' && run.config.source.kind === 'vectors' && !run.config.char_cnn
      ? "; --extend-vocab gives those the run's vectors have their pretrained row"
      : '';
  if (n > 0)
    o.onWarning?.(
      `${n} word token(s) not in the ${x ? 'vectors or the ' : ''}run's vocabulary were dropped (Kim's get_idx_from_sent)${hint}`,
    );
  return n;
}

export async function kimPredictWithRun(dir: string, texts: readonly string[], o: KimUseOptions = {}) {
  check(o);
  const run = await loadKimRun(dir, o.extendVocab ? { extendFor: texts } : {});
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
  // --extend-vocab needs the texts before the model is built; the labels come first either way
  const plain = o.extendVocab ? null : await loadKimRun(dir);
  const labels = plain?.labels ?? (await loadLabelMap(join(dir, 'labels.json')));
  const { split, summary } = await readSplit(file, labels, o.read ?? {}, o.unknownLabel ?? 'error');
  const run = plain ?? (await loadKimRun(dir, { extendFor: split.texts }));
  if (split.texts.length === 0) throw new DataError(file, 'no records left to evaluate');
  if (split.y.some((y) => Array.isArray(y)))
    throw new DataError(file, 'multi-label records: a kim2014 run is single-label');
  const cleaned = { texts: split.texts.map(run.clean), y: split.y };
  const dropped = reportDropped(run, cleaned.texts, o);
  const evaluation = await evaluate(run.pipeline, run.task, cleaned, o.batchSize ?? run.config.eval_batch_size);
  return { task: run.task, split, summary, evaluation, dropped };
}
