// Reads a run folder into the HTML report's data (src/report/html.ts): the epoch curves from log.jsonl (the last
// entry per epoch wins, so a resumed run draws each epoch once), the evaluation of one split from metrics.json
// (default: dev, else test) and the run configuration from config.json (plus train.json, the CLI settings, when
// present).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DataError, UsageError } from '../errors.ts';
import { readMetrics } from '../tasks/classification/job.ts';
import { readLog, readRunConfig } from '../train/run-dir.ts';
import type { ClassRow, EpochRow, ReportData } from './html.ts';

function epochRows(log: Record<string, unknown>[]): EpochRow[] {
  const byEpoch = new Map<number, EpochRow>();
  for (const e of log) {
    if (e.type !== 'epoch' || typeof e.epoch !== 'number' || typeof e.train_loss !== 'number') continue;
    const row: EpochRow = { epoch: e.epoch, train_loss: e.train_loss };
    if (e.dev && typeof e.dev === 'object') row.dev = e.dev as Record<string, number>;
    byEpoch.set(e.epoch, row);
  }
  return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
}

function evaluation(
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

export async function readRunReport(dir: string, opts: { split?: 'dev' | 'test' } = {}): Promise<ReportData> {
  if (!existsSync(join(dir, 'config.json')) && existsSync(join(dir, 'cv.json'))) {
    throw new UsageError(`${dir} is a cross-validation folder; report one fold, e.g. ${join(dir, 'fold-1')}`);
  }
  const config = await readRunConfig(dir);
  const trainJson = join(dir, 'train.json');
  const cli = existsSync(trainJson) ? (JSON.parse(await readFile(trainJson, 'utf8')) as unknown) : undefined;
  const train = config.data.train
    ? ` on ${basename(config.data.train)}${config.data.fold ? ` (fold ${config.data.fold})` : ''}`
    : '';
  const encoder = config.mode === 'ids' ? 'no encoder' : basename(config.encoder.ref);
  return {
    title: `${config.head.kind} · ${config.mode} · ${encoder}${train}`,
    config: cli ? { run: config, cli } : config,
    epochs: epochRows(await readLog(dir)),
    evaluation: evaluation(await readMetrics(dir), config.task.labels, opts.split, join(dir, 'metrics.json')),
  };
}
