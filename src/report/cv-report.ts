// The report data of a cross-validation folder (bertcnn train --folds K, also --preset kim2014 --folds K):
// OUT/fold-1 … fold-K (each a classification, NER or Kim 2014 run) and OUT/cv.json. The per-fold scores and the
// mean ± std of every metric come from cv.json, as training wrote them; when cv.json is absent (the run was
// interrupted before its last fold) they are computed here — population std, as training does — from the folds
// that hold a metrics.json, and the report says so. The curves of every fold come from its own log.jsonl.
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DataError, UsageError } from '../errors.ts';
import { folderKind, foldDirs, type RunKind } from '../runs/kind.ts';
import { meanStd } from '../tasks/classification/cross-validate.ts';
import { readEpochs } from './epochs.ts';
import type { EpochRow } from './html.ts';
import { numberField, numbersOf, objectField, readJsonObject, type Json } from './read-json.ts';

export type Split = 'dev' | 'test';

export interface FoldScores {
  fold: number;
  /** null when the fold folder holds no run yet. */
  kind: RunKind | null;
  bestEpoch: number | null;
  dev: Record<string, number>;
  test?: Record<string, number>;
  epochs: EpochRow[];
}

export interface CvReportData {
  title: string;
  /** K: from cv.json, else the number of fold folders present. */
  folds: number;
  /** The metric each fold's best epoch was selected by (cv.json), when known. */
  metric?: string;
  /** 'cv.json', or 'folds' when the figures were computed from the fold folders (cv.json absent). */
  source: 'cv.json' | 'folds';
  notes: string[];
  splits: Split[];
  mean: Partial<Record<Split, { mean: Record<string, number>; std: Record<string, number> }>>;
  /** Folds with scores, in fold order. */
  perFold: FoldScores[];
  /** The configuration of the first fold (config.json or kim.json), shown as the run's settings. */
  config: unknown;
  configFile?: string;
  generatedAt?: string;
}

const numbers = (obj: Json, key: string, path: string): Record<string, number> => {
  const o = objectField(obj, key, path, key);
  for (const k of Object.keys(o)) numberField(o, k, path, `${key}.${k}`);
  return o as Record<string, number>;
};

function fromCvJson(
  cv: Json,
  path: string,
): Pick<CvReportData, 'folds' | 'metric' | 'mean'> & {
  rows: Omit<FoldScores, 'kind' | 'epochs'>[];
} {
  const folds = numberField(cv, 'folds', path, 'folds');
  if (!Array.isArray(cv.per_fold)) throw new DataError(path, "'per_fold' is not an array");
  const rows = (cv.per_fold as unknown[]).map((f, i) => {
    if (!f || typeof f !== 'object') throw new DataError(path, `'per_fold[${i}]' is not an object`);
    const o = f as Json;
    const be = o.best_epoch;
    return {
      fold: numberField(o, 'fold', path, `per_fold[${i}].fold`),
      bestEpoch: typeof be === 'number' ? be : null,
      dev: numbersOf(objectField(o, 'dev', path, `per_fold[${i}].dev`)),
      ...(o.test !== undefined ? { test: numbersOf(objectField(o, 'test', path, `per_fold[${i}].test`)) } : {}),
    };
  });
  const mean: CvReportData['mean'] = {};
  const split = (name: 'dev' | 'test') => {
    const o = objectField(cv, name, path, name);
    return { mean: numbers(o, 'mean', path), std: numbers(o, 'std', path) };
  };
  if (cv.dev !== undefined) {
    // cv.json as written since 2026-12-07: {"dev": {mean, std}, "test": {mean, std} | null}.
    mean.dev = split('dev');
    if (cv.test !== undefined && cv.test !== null) mean.test = split('test');
  } else {
    // Older cv.json: dev at the top level ("mean", "std"), test as "test_mean" / "test_std".
    if (rows.some((r) => Object.keys(r.dev).length))
      mean.dev = { mean: numbers(cv, 'mean', path), std: numbers(cv, 'std', path) };
    if (cv.test_mean !== undefined)
      mean.test = { mean: numbers(cv, 'test_mean', path), std: numbers(cv, 'test_std', path) };
  }
  return { folds, metric: typeof cv.metric === 'string' ? cv.metric : undefined, mean, rows };
}

async function foldKind(dir: string): Promise<RunKind | null> {
  try {
    const k = folderKind(dir);
    return k === 'cross-validation' ? null : k;
  } catch {
    return null;
  }
}

export async function readCvReport(dir: string, opts: { split?: Split } = {}): Promise<CvReportData> {
  const cvPath = join(dir, 'cv.json');
  const cv = await readJsonObject(cvPath);
  const dirs = foldDirs(dir);
  const foldNo = (d: string) => Number(basename(d).slice('fold-'.length));
  const notes: string[] = [];
  let base: ReturnType<typeof fromCvJson>;
  if (cv) base = fromCvJson(cv, cvPath);
  else {
    const rows: ReturnType<typeof fromCvJson>['rows'] = [];
    const unfinished: string[] = [];
    for (const d of dirs) {
      const path = join(d, 'metrics.json');
      const m = await readJsonObject(path);
      if (!m) unfinished.push(basename(d));
      else
        rows.push({
          fold: foldNo(d),
          bestEpoch: typeof m.best_epoch === 'number' ? m.best_epoch : null,
          dev: numbersOf(m.dev),
          ...(m.test !== undefined ? { test: numbersOf(m.test) } : {}),
        });
    }
    const mean: CvReportData['mean'] = {};
    if (rows.length && rows.some((r) => Object.keys(r.dev).length)) mean.dev = meanStd(rows.map((r) => r.dev));
    if (rows.length && rows.every((r) => r.test)) mean.test = meanStd(rows.map((r) => r.test!));
    notes.push(
      `cv.json is absent (the run was interrupted): mean ± std computed here from the ${rows.length} finished fold(s) present` +
        (unfinished.length
          ? `; ${unfinished.join(', ')} ha${unfinished.length > 1 ? 've' : 's'} no metrics.json`
          : '') +
        '.',
    );
    base = { folds: dirs.length, mean, rows };
  }
  const perFold: FoldScores[] = [];
  for (const r of base.rows) {
    const d = join(dir, `fold-${r.fold}`);
    perFold.push({ ...r, kind: await foldKind(d), epochs: await readEpochs(d) });
  }
  const present = (['dev', 'test'] as const).filter((s) => base.mean[s]);
  if (opts.split && !present.includes(opts.split))
    throw new UsageError(`${cv ? cvPath : dir}: no '${opts.split}' scores (have: ${present.join(', ') || 'none'})`);
  const first = dirs[0];
  const configFile = first && ['kim.json', 'config.json'].map((f) => join(first, f)).find((f) => existsSync(f));
  const config = configFile ? await readJsonObject(configFile) : null;
  const kinds = [...new Set(perFold.map((f) => f.kind).filter((k) => k))];
  return {
    title: `${base.folds}-fold cross-validation${kinds.length ? ` · ${kinds.join(', ')}` : ''} · ${basename(dir)}`,
    folds: base.folds,
    metric: base.metric,
    source: cv ? 'cv.json' : 'folds',
    notes,
    splits: opts.split ? [opts.split] : present,
    mean: base.mean,
    perFold,
    config,
    configFile,
  };
}
