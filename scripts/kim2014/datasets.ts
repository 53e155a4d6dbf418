// Kim (2014) Table 2's datasets as read from ../shared/data (never copied into the repo), cleaned with his
// clean_str (clean_str_sst for SST, no lower-casing for TREC), and cut into the evaluation units of the paper:
//   mr    all.tsv (10,662), 10-fold cross-validation (stratified, seeded): one unit per fold
//   sst2  train_phrases.tsv (76,958 phrases, which include all 6,920 training sentences) / dev.tsv / test.tsv
//   trec  train.tsv (5,452; 6 coarse classes; dev = 10% of train, made by runKim) / test.tsv (500)
// `limit` keeps only the first n training/test rows (for the smoke test).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataError, UsageError } from '../../src/errors.ts';
import { kFold } from '../../src/data/splits.ts';
import { cleanStr, cleanStrSst } from '../../src/tasks/kim/clean-str.ts';
import type { KimSplits } from '../../src/presets/kim2014/experiment.ts';

export const DATASETS = ['mr', 'sst2', 'trec'] as const;
export type Dataset = (typeof DATASETS)[number];

export function dataRoot(): string {
  return process.env.BERTCNN_DATA ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/data');
}

interface Rows {
  labels: string[];
  texts: string[];
}

function readTsv(path: string, clean: (s: string) => string): Rows {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DataError(
      path,
      `cannot read (${(e as NodeJS.ErrnoException).code}); set BERTCNN_DATA to the shared data folder`,
    );
  }
  const rows: Rows = { labels: [], texts: [] };
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const tab = line.indexOf('\t');
    if (tab <= 0) throw new DataError(`${path}:${i + 1}`, 'expected label<TAB>text');
    rows.labels.push(line.slice(0, tab));
    rows.texts.push(clean(line.slice(tab + 1)));
  });
  return rows;
}

function split(rows: Rows, labels: string[], idx?: number[]) {
  const ids = idx ?? rows.texts.map((_, i) => i);
  return { texts: ids.map((i) => rows.texts[i]!), y: ids.map((i) => labels.indexOf(rows.labels[i]!)) };
}

export interface DatasetUnits {
  name: Dataset;
  labels: string[];
  /** Evaluation units: MR's folds, or the one official split. */
  units: KimSplits[];
  /** Every cleaned sentence of the dataset (for the coverage report). */
  sentences: string[];
}

export function loadDataset(name: Dataset, opts: { folds?: number; seed?: number; limit?: number } = {}): DatasetUnits {
  const root = dataRoot();
  const cut = (r: Rows): Rows =>
    opts.limit ? { labels: r.labels.slice(0, opts.limit), texts: r.texts.slice(0, opts.limit) } : r;
  if (name === 'mr') {
    const rows = readTsv(join(root, 'MR/all.tsv'), (s) => cleanStr(s));
    const labels = ['0', '1'];
    const k = opts.folds ?? 10;
    const limited = opts.limit ? interleave(rows, opts.limit) : rows;
    const units = kFold(limited.labels, k, { seed: opts.seed ?? 0 }).map((f) => ({
      labels,
      train: split(limited, labels, f.train),
      test: split(limited, labels, f.test),
    }));
    return { name, labels, units, sentences: limited.texts };
  }
  if (name === 'sst2') {
    const labels = ['0', '1'];
    const tr = cut(readTsv(join(root, 'SST-2/train_phrases.tsv'), cleanStrSst));
    const dev = cut(readTsv(join(root, 'SST-2/dev.tsv'), cleanStrSst));
    const te = cut(readTsv(join(root, 'SST-2/test.tsv'), cleanStrSst));
    return {
      name,
      labels,
      units: [{ labels, train: split(tr, labels), dev: split(dev, labels), test: split(te, labels) }],
      sentences: [...tr.texts, ...dev.texts, ...te.texts],
    };
  }
  if (name === 'trec') {
    const clean = (s: string) => cleanStr(s, { trec: true });
    const tr = cut(readTsv(join(root, 'TREC/train.tsv'), clean));
    const te = cut(readTsv(join(root, 'TREC/test.tsv'), clean));
    const labels = [...new Set(tr.labels)].sort();
    return {
      name,
      labels,
      units: [{ labels, train: split(tr, labels), test: split(te, labels) }],
      sentences: [...tr.texts, ...te.texts],
    };
  }
  throw new UsageError(`unknown dataset ${JSON.stringify(name)} (expected ${DATASETS.join(', ')})`);
}

/** The first n/2 rows of each class (MR is sorted by label). */
function interleave(rows: Rows, n: number): Rows {
  const out: Rows = { labels: [], texts: [] };
  const per = new Map<string, number>();
  rows.labels.forEach((l, i) => {
    const c = per.get(l) ?? 0;
    if (c >= Math.ceil(n / 2)) return;
    per.set(l, c + 1);
    out.labels.push(l);
    out.texts.push(rows.texts[i]!);
  });
  return out;
}
