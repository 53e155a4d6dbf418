// One entry point for sentence-classification files: picks the reader from `format` or the file extension
// (.csv → CSV, .jsonl/.ndjson/.json → JSONL, anything else → TSV, the project's default `label<TAB>text`),
// plus whole-file conveniences that return the items together with the read summary.
import { openDelimited, type DelimitedOptions } from './delimited.ts';
import { openJsonl, type JsonlOptions } from './jsonl.ts';
import { openConll, type ConllOptions } from './conll.ts';
import { inputName, type DataInput } from './lines.ts';
import { readAll, type DataStream, type ReadSummary, type TaggedSentence, type TextExample } from './types.ts';

export type TextFormat = 'tsv' | 'csv' | 'jsonl';

export interface TextReadOptions extends Omit<DelimitedOptions, 'format'>, JsonlOptions {
  format?: TextFormat;
}

/** Format from the file name's extension. */
export function detectFormat(name: string): TextFormat {
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson') || lower.endsWith('.json')) return 'jsonl';
  return 'tsv';
}

/** Streams classification examples from a TSV, CSV or JSONL file. */
export function openExamples(input: DataInput, opts: TextReadOptions = {}): DataStream<TextExample> {
  const format = opts.format ?? detectFormat(inputName(input));
  if (format === 'jsonl') return openJsonl(input, opts);
  return openDelimited(input, { ...opts, format });
}

/** Reads a whole classification file. */
export async function readExamples(
  input: DataInput,
  opts: TextReadOptions = {},
): Promise<{ examples: TextExample[]; summary: ReadSummary }> {
  const { items, summary } = await readAll(openExamples(input, opts));
  return { examples: items, summary };
}

/** Reads a whole CoNLL file. */
export async function readSentences(
  input: DataInput,
  opts: ConllOptions = {},
): Promise<{ sentences: TaggedSentence[]; summary: ReadSummary }> {
  const { items, summary } = await readAll(openConll(input, opts));
  return { sentences: items, summary };
}
