// Label maps: the ordered list of class names a model predicts, built from training data and saved with the
// model as labels.json. Order is deterministic whatever the order of the data: numeric when every label is an
// integer ("2" before "10"), otherwise by UTF-16 code units (not locale-dependent). labels.json is
// `{"labels": [...], "multiLabel": bool}` (a bare JSON array of names is accepted when loading) and is written
// atomically (temporary file + rename).
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DataError, UsageError } from '../errors.ts';
import type { TaggedSentence, TextExample } from './types.ts';

export interface LabelMap {
  labels: string[];
  multiLabel: boolean;
}

const INT = /^-?\d+$/;

/** Distinct labels in canonical order (see header). */
export function sortLabels(labels: Iterable<string>): string[] {
  const uniq = [...new Set(labels)];
  if (uniq.length > 0 && uniq.every((l) => INT.test(l)))
    return uniq.sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0));
  return uniq.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Every label of a record: [label] or labels (empty for unlabelled records). */
export function recordLabels(ex: TextExample): string[] {
  return ex.labels ?? (ex.label === undefined ? [] : [ex.label]);
}

/** Label map from training examples; multi-label when any record uses `labels`. */
export function buildLabelMap(examples: Iterable<TextExample>): LabelMap {
  const all: string[] = [];
  let multiLabel = false;
  for (const ex of examples) {
    if (ex.labels) multiLabel = true;
    all.push(...recordLabels(ex));
  }
  if (all.length === 0) throw new UsageError('cannot build a label map: the training data has no labels');
  return { labels: sortLabels(all), multiLabel };
}

/** Tag map from CoNLL sentences (e.g. B-LOC … O). */
export function buildTagMap(sentences: Iterable<TaggedSentence>): LabelMap {
  const all = new Set<string>();
  for (const s of sentences) for (const t of s.tags) all.add(t);
  if (all.size === 0) throw new UsageError('cannot build a tag map: the training data has no tags');
  return { labels: sortLabels(all), multiLabel: false };
}

/** name → index. */
export function labelIndex(map: LabelMap): Map<string, number> {
  return new Map(map.labels.map((l, i) => [l, i]));
}

/** Class indices (single-label) or index lists (multi-label); throws on a label outside the map. */
export function encodeLabels(examples: readonly TextExample[], map: LabelMap, source = 'data'): number[] | number[][] {
  const index = labelIndex(map);
  const enc = (l: string, ex: TextExample) => {
    const i = index.get(l);
    if (i === undefined) throw new DataError(`${source}:${ex.line}`, `label "${l}" is not in the label map`);
    return i;
  };
  if (map.multiLabel) return examples.map((ex) => recordLabels(ex).map((l) => enc(l, ex)));
  return examples.map((ex) => enc(ex.label ?? recordLabels(ex)[0] ?? '', ex));
}

export async function saveLabelMap(path: string, map: LabelMap): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${Date.now()}`);
  try {
    const fh = await open(tmp, 'wx');
    try {
      await fh.writeFile(`${JSON.stringify({ labels: map.labels, multiLabel: map.multiLabel }, null, 2)}\n`);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

export async function loadLabelMap(path: string): Promise<LabelMap> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new DataError(path, `cannot read label map: ${(e as Error).message}`);
  }
  const obj = Array.isArray(json) ? { labels: json, multiLabel: false } : (json as Record<string, unknown> | null);
  const labels = obj?.labels;
  if (!Array.isArray(labels) || labels.length === 0)
    throw new DataError(path, 'expected {"labels": [names…]} with at least one label');
  labels.forEach((l, i) => {
    if (typeof l !== 'string' || l === '')
      throw new DataError(path, `labels[${i}] must be a non-empty string, got ${JSON.stringify(l)}`);
    if (labels.indexOf(l) !== i)
      throw new DataError(path, `label "${l}" appears twice (at ${labels.indexOf(l)} and ${i})`);
  });
  const multi = obj?.multiLabel ?? false;
  if (typeof multi !== 'boolean') throw new DataError(path, `"multiLabel" must be true or false`);
  return { labels: labels as string[], multiLabel: multi };
}
