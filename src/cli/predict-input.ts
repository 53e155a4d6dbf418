// Texts for `bertcnn predict`: plain lines (stdin `-` and any file that is not .tsv/.csv/.jsonl), or one column of
// a TSV/CSV file (default: the project's `label<TAB>text` layout, so column 1; with --header the column named
// text/sentence) or one field of a JSONL file (default "text"). Labels are never read. Empty texts are skipped and
// counted. UTF-8 is validated by the shared line reader (a bad byte → DataError naming the line).
import { UsageError } from '../errors.ts';
import { readLines, type DataInput } from '../data/lines.ts';
import { readExamples } from '../data/read.ts';

export type PredictFormat = 'text' | 'tsv' | 'csv' | 'jsonl';

export interface PredictInput {
  texts: string[];
  skippedEmpty: number;
  name: string;
}

export async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks);
}

export function predictFormat(input: string, format?: string): PredictFormat {
  if (format !== undefined) {
    if (!['text', 'tsv', 'csv', 'jsonl'].includes(format))
      throw new UsageError(`--format must be one of text, tsv, csv, jsonl, got '${format}'`);
    return format as PredictFormat;
  }
  const lower = input.toLowerCase();
  if (lower.endsWith('.tsv')) return 'tsv';
  if (lower.endsWith('.csv')) return 'csv';
  if (/\.(jsonl|ndjson|json)$/.test(lower)) return 'jsonl';
  return 'text';
}

export async function readPredictInput(
  input: string,
  o: { format?: string; header?: boolean; textColumn?: string | number } = {},
): Promise<PredictInput> {
  const format = predictFormat(input, o.format);
  const data: DataInput = input === '-' ? { name: '<stdin>', data: await readStdin() } : input;
  const name = input === '-' ? '<stdin>' : input;
  if (format === 'text') {
    if (o.textColumn !== undefined)
      throw new UsageError('--text-column needs a TSV, CSV or JSONL input (--format tsv|csv|jsonl)');
    const texts: string[] = [];
    let skippedEmpty = 0;
    for await (const l of readLines(data)) {
      if (l.text.trim() === '') skippedEmpty++;
      else texts.push(l.text);
    }
    return { texts, skippedEmpty, name };
  }
  const col = o.textColumn;
  const { examples, summary } =
    format === 'jsonl'
      ? await readExamples(data, { format, labelField: null, textField: col === undefined ? undefined : String(col) })
      : await readExamples(data, {
          format,
          header: o.header,
          labelColumn: null,
          textColumn: col ?? (o.header ? undefined : 1),
        });
  return { texts: examples.map((e) => e.text), skippedEmpty: summary.skippedEmpty, name };
}
