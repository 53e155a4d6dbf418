// The report data of a classification run folder (bertcnn train): the epoch curves from log.jsonl, the evaluation
// of one split from metrics.json (default: dev, else test) and the run configuration from config.json (plus
// train.json, the CLI settings, when present). `splitEvaluation` also reads Kim (2014) runs' metrics.json, which
// has the same format.
import { basename, join } from 'node:path';
import { DataError, UsageError } from '../errors.ts';
import { readRunConfig } from '../train/run-dir.ts';
import { readEpochs } from './epochs.ts';
import type { ClassRow, ReportData } from './html.ts';
import { readJsonObject } from './read-json.ts';

/** The split `split` (default dev, else test) of a classification metrics.json; undefined when it has none. */
export function splitEvaluation(
  metrics: Record<string, unknown> | null,
  labels: string[],
  split: string | undefined,
  where: string,
): ReportData['evaluation'] {
  if (!metrics) return undefined;
  const name = split ?? (metrics.dev ? 'dev' : metrics.test ? 'test' : undefined);
  if (!name) return undefined;
  const section = metrics[name] as Record<string, unknown> | undefined;
  if (!section)
    throw new UsageError(
      `${where}: no '${name}' scores (have: ${['dev', 'test'].filter((s) => metrics[s]).join(', ') || 'none'})`,
    );
  const summary = Object.fromEntries(Object.entries(section).filter(([, v]) => typeof v === 'number')) as Record<
    string,
    number
  >;
  const perClass = section.per_class as ClassRow[] | undefined;
  if (!Array.isArray(perClass)) throw new DataError(where, `'${name}.per_class' is missing`);
  return {
    split: name,
    labels,
    confusion: (section.confusion as number[][] | null | undefined) ?? null,
    perClass,
    summary,
  };
}

export async function readClassificationReport(
  dir: string,
  opts: { split?: 'dev' | 'test' } = {},
): Promise<ReportData> {
  const config = await readRunConfig(dir);
  const cli = await readJsonObject(join(dir, 'train.json'));
  const train = config.data.train
    ? ` on ${basename(config.data.train)}${config.data.fold ? ` (fold ${config.data.fold})` : ''}`
    : '';
  const metricsPath = join(dir, 'metrics.json');
  const metrics = await readJsonObject(metricsPath);
  const encoder = config.mode === 'ids' ? 'no encoder' : basename(config.encoder.ref);
  return {
    title: `${config.head.kind} · ${config.mode} · ${encoder}${train}`,
    config: cli ? { run: config, cli } : config,
    epochs: await readEpochs(dir),
    evaluation: splitEvaluation(metrics, config.task.labels, opts.split, metricsPath),
  };
}
