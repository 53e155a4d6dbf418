// The data the API's fit() and evaluate() accept: a file path (read by the same readers as `bertcnn train`:
// TSV/CSV/JSONL for classification, CoNLL for tagging), or an array of records checked here, each bad field
// named by its index (`train[3].label`), then handed to the training job as in-memory file contents named like
// `<train records>.jsonl` (line n = record n − 1) — so arrays and files go through one reader, one label check and
// one training job. Dev/test records whose labels (entity types) the train records lack are refused here, by index.
//   classification  { text: 'a fine film', label: 'positive' }   (multi-label: { text, labels: ['a', 'b'] })
//   tagging         { tokens: ['Mr', 'Smith', 'left'], tags: ['O', 'B-PER', 'O'] }
import { UsageError } from '../errors.ts';
import type { DataInput } from '../data/lines.ts';

/** One labelled text for a TextClassifier: `label` for single-label tasks, `labels` for multi-label. */
export interface LabelledText {
  text: string;
  label?: string;
  labels?: string[];
}

/** One tagged sentence for a TokenTagger: words and their tags (BIO, IOB1, BIOES or BILOU), same length. */
export interface TaggedTokens {
  tokens: string[];
  tags: string[];
}

/** Classification data: a TSV/CSV/JSONL path, or { text, label } records. */
export type ClassificationData = string | readonly LabelledText[];
/** Tagging data: a CoNLL path, or { tokens, tags } records. */
export type TaggingData = string | readonly TaggedTokens[];

const isString = (v: unknown): v is string => typeof v === 'string';

/** Classification records → JSONL contents ({ text, label | labels } per line); a path passes through. */
export function classificationInput(data: ClassificationData, name: string): DataInput {
  if (isString(data)) return data;
  if (!Array.isArray(data))
    throw new UsageError(`${name}: expected a file path or an array of { text, label } records`);
  if (data.length === 0) throw new UsageError(`${name}: no records`);
  const lines = data.map((r: LabelledText, i) => {
    const at = `${name}[${i}]`;
    if (typeof r !== 'object' || r === null) throw new UsageError(`${at}: expected a { text, label } record`);
    if (!isString(r.text)) throw new UsageError(`${at}.text: expected a string`);
    if (r.labels !== undefined) {
      if (!Array.isArray(r.labels) || !r.labels.every(isString))
        throw new UsageError(`${at}.labels: expected an array of strings`);
      if (r.label !== undefined) throw new UsageError(`${at}: give label or labels, not both`);
      return JSON.stringify({ text: r.text, labels: r.labels });
    }
    if (!isString(r.label) || r.label === '') throw new UsageError(`${at}.label: expected a non-empty string`);
    return JSON.stringify({ text: r.text, label: r.label });
  });
  return { name: `<${name} records>.jsonl`, data: `${lines.join('\n')}\n` };
}

/** Tagged sentences → CoNLL contents (token<TAB>tag, blank line between sentences); a path passes through. */
export function taggingInput(data: TaggingData, name: string): DataInput {
  if (isString(data)) return data;
  if (!Array.isArray(data))
    throw new UsageError(`${name}: expected a CoNLL file path or an array of { tokens, tags } records`);
  if (data.length === 0) throw new UsageError(`${name}: no sentences`);
  const blocks = data.map((r: TaggedTokens, i) => {
    const at = `${name}[${i}]`;
    if (typeof r !== 'object' || r === null) throw new UsageError(`${at}: expected a { tokens, tags } record`);
    if (!Array.isArray(r.tokens) || r.tokens.length === 0)
      throw new UsageError(`${at}.tokens: expected a non-empty array of words`);
    if (!Array.isArray(r.tags) || r.tags.length !== r.tokens.length)
      throw new UsageError(
        `${at}.tags: expected one tag per token (${r.tokens.length}), got ${Array.isArray(r.tags) ? r.tags.length : typeof r.tags}`,
      );
    return r.tokens
      .map((t, j) => {
        if (!isString(t) || t === '' || /\s/.test(t))
          throw new UsageError(`${at}.tokens[${j}]: expected a word without whitespace, got ${JSON.stringify(t)}`);
        const tag = r.tags[j];
        if (!isString(tag) || tag === '' || /\s/.test(tag))
          throw new UsageError(`${at}.tags[${j}]: expected a tag such as O or B-PER, got ${JSON.stringify(tag)}`);
        return `${t}\t${tag}\n`;
      })
      .join('');
  });
  return { name: `<${name} records>.conll`, data: blocks.join('\n') };
}

/** Texts to predict: one string or an array of strings (each checked, named by index). */
export function textList(texts: string | readonly string[], who: string): string[] {
  const list = isString(texts) ? [texts] : texts;
  if (!Array.isArray(list)) throw new UsageError(`${who}: expected a string or an array of strings`);
  list.forEach((t, i) => {
    if (!isString(t)) throw new UsageError(`${who}: texts[${i}] is ${typeof t}, expected a string`);
  });
  return [...list];
}

/** Dev/test records against the train records' labels: the first unknown label → UsageError naming the record
 *  (with unknownLabel 'skip' the job drops such records and counts them). Files are checked by the job itself. */
export function checkRecordLabels(
  train: ClassificationData,
  others: Record<string, ClassificationData | undefined>,
  unknownLabel: 'error' | 'skip' = 'error',
): void {
  if (isString(train) || unknownLabel === 'skip') return;
  const known = new Set(train.flatMap((r) => r.labels ?? [r.label!]));
  for (const [name, data] of Object.entries(others)) {
    if (data === undefined || isString(data)) continue;
    data.forEach((r, i) => {
      const bad = (r.labels ?? [r.label!]).find((l) => !known.has(l));
      if (bad !== undefined)
        throw new UsageError(
          `${name}[${i}]: label ${JSON.stringify(bad)} is not in the train records (${[...known].join(', ')}); pass unknownLabel: 'skip' to drop such records`,
        );
    });
  }
}

/** Dev/test sentences against the train sentences' entity types (tags O, B-X, I-X, E-X, S-X, L-X, U-X → X). */
export function checkRecordTags(
  train: TaggingData,
  others: Record<string, TaggingData | undefined>,
  unknownLabel: 'error' | 'skip' = 'error',
): void {
  if (isString(train) || unknownLabel === 'skip') return;
  const type = (tag: string) => (tag === 'O' ? null : tag.slice(2));
  const known = new Set(train.flatMap((r) => r.tags.map(type).filter((t) => t !== null)));
  for (const [name, data] of Object.entries(others)) {
    if (data === undefined || isString(data)) continue;
    data.forEach((r, i) =>
      r.tags.forEach((tag, j) => {
        const t = type(tag);
        if (t !== null && !known.has(t))
          throw new UsageError(
            `${name}[${i}].tags[${j}]: entity type ${JSON.stringify(t)} is not in the train records (${[...known].join(', ')}); pass unknownLabel: 'skip' to drop such sentences`,
          );
      }),
    );
  }
}
