// Line numbers of the texts `bertcnn predict` reads (src/cli/predict-input.ts keeps only the texts), for queue
// error messages: a second pass over the input file with the same readers and the same rules (plain lines: empty
// ones skipped; TSV/CSV/JSONL: one record per text). Stdin cannot be read twice: null (messages count texts).
import { readLines } from '../data/lines.ts';
import { readExamples } from '../data/read.ts';

/** `format` as src/cli/predict-input.ts resolved it (predictFormat). */
export async function predictInputLines(
  input: string,
  format: 'text' | 'tsv' | 'csv' | 'jsonl',
  o: { header?: boolean; textColumn?: string | number } = {},
): Promise<number[] | null> {
  if (input === '-') return null;
  if (format === 'text') {
    const lines: number[] = [];
    for await (const l of readLines(input)) if (l.text.trim() !== '') lines.push(l.line);
    return lines;
  }
  const col = o.textColumn;
  const { examples } =
    format === 'jsonl'
      ? await readExamples(input, { format, labelField: null, textField: col === undefined ? undefined : String(col) })
      : await readExamples(input, {
          format,
          header: o.header,
          labelColumn: null,
          textColumn: col ?? (o.header ? undefined : 1),
        });
  return examples.map((e) => e.line);
}
