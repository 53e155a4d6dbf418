// The comparison behind `bertcnn compare`: the same data and the same budget (epochs, batch size, learning rate,
// seed — one TrainOptions for all) for three models, each trained into <out>/<name>:
//   linear     the encoder's pooled sentence vector → linear layer (BertForSequenceClassification's head)
//   textcnn    the encoder's token features → Kim's TextCNN
//   cnn-alone  token ids → trainable embeddings → TextCNN, no encoder at all (the baseline)
// Rows: dev/test scores of the best epoch, seconds in training epochs and in total (feature extraction included),
// trained parameters. Written to <out>/compare.json atomically. With `resume`, models that already have
// metrics.json are read back instead of retrained.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { HeadKind } from '../heads/index.ts';
import type { AssembleOptions } from './classifier.ts';
import { summaryOf } from './cross-validate.ts';
import { readMetrics, runTrainingJob, type JobEvents, type TrainJob } from './job.ts';
import { readRunConfig, writeJson } from './run-dir.ts';
import { epochSeconds, trainedParameters } from './run-stats.ts';

export interface CompareModel {
  name: string;
  head: HeadKind;
  mode: TrainJob['mode'];
  /** What the head reads. */
  input: 'pooled' | 'token features' | 'token ids';
  options: Record<string, unknown>;
}

export interface CompareRow {
  name: string;
  head: string;
  mode: string;
  input: string;
  dir: string;
  best_epoch: number | null;
  dev?: Record<string, number>;
  test?: Record<string, number>;
  /** Seconds in training epochs (per-epoch dev scoring included). */
  train_seconds: number;
  /** Wall-clock seconds of the whole job (data, feature extraction, training, final scoring); null when read back. */
  total_seconds: number | null;
  parameters: number;
}

export interface CompareHeadOptions {
  cnn?: Record<string, unknown>;
  cnnAlone?: Record<string, unknown>;
  linear?: Record<string, unknown>;
}

/** The three models; `mode` is how the two encoder models run (frozen features, or fine-tuned end to end). */
export function compareModels(mode: 'frozen' | 'finetune', o: CompareHeadOptions = {}): CompareModel[] {
  return [
    { name: 'linear', head: 'linear', mode, input: 'pooled', options: { ...o.linear } },
    { name: 'textcnn', head: 'textcnn', mode, input: 'token features', options: { ...o.cnn } },
    { name: 'cnn-alone', head: 'cnn-alone', mode: 'ids', input: 'token ids', options: { ...o.cnn, ...o.cnnAlone } },
  ];
}

export interface Comparison {
  rows: CompareRow[];
  /** Ctrl-C: the rows done so far (compare.json is not written). */
  interrupted: boolean;
}

export async function runComparison(
  base: Omit<TrainJob, 'out' | 'head' | 'mode'>,
  out: string,
  models: readonly CompareModel[],
  events: (m: CompareModel) => JobEvents = () => ({}),
  assemble: AssembleOptions = {},
): Promise<Comparison> {
  const rows: CompareRow[] = [];
  for (const m of models) {
    const dir = join(out, m.name);
    const started = performance.now();
    let metrics = base.resume && existsSync(join(dir, 'metrics.json')) ? await readMetrics(dir) : null;
    const readBack = metrics !== null;
    if (!metrics) {
      const r = await runTrainingJob(
        { ...base, out: dir, head: { kind: m.head, options: m.options }, mode: m.mode },
        events(m),
        assemble,
      );
      if (r.result.interrupted) return { rows, interrupted: true };
      metrics = r.metrics;
    }
    const config = await readRunConfig(dir);
    rows.push({
      name: m.name,
      head: m.head,
      mode: m.mode,
      input: m.input,
      dir,
      best_epoch: (metrics.best_epoch as number | null | undefined) ?? null,
      ...(metrics.dev ? { dev: summaryOf(metrics.dev) } : {}),
      ...(metrics.test ? { test: summaryOf(metrics.test) } : {}),
      train_seconds: await epochSeconds(dir),
      total_seconds: readBack ? null : (performance.now() - started) / 1000,
      parameters: await trainedParameters(dir, config),
    });
  }
  await writeJson(join(out, 'compare.json'), {
    budget: base.options,
    data: { train: base.trainFile, dev: base.devFile, test: base.testFile },
    rows,
  });
  return { rows, interrupted: false };
}
