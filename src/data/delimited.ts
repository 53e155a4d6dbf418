// TSV/CSV reader for sentence classification. Default layout: no header, `label<TAB>text`. Columns are chosen
// by index or, with a header row, by name (exact, then case-insensitive); with a header and no column options the
// columns named label and text (or sentence) are used, so GLUE's `sentence<TAB>label` files read as they are.
// Every record must have the same number of fields as the header (or the first record). labelColumn: null reads
// unlabelled text (prediction input); labelSeparator splits the label field into a multi-label list.
// Bad input → DataError at file:line quoting the record (clipped). Empty texts are skipped and counted.
import { DataError, UsageError, clip } from '../errors.ts';
import { inputName, readLineBlocks, type DataInput } from './lines.ts';
import { CsvParser, tsvRecord, type RawRecord } from './records.ts';
import { dataStream, newSummary, noteEmpty, type DataStream, type ReadSummary, type TextExample } from './types.ts';

export interface DelimitedOptions {
  format?: 'tsv' | 'csv';
  /** First record is a header row. Default: true when a column is given by name, else false. */
  header?: boolean;
  /** Column of the label (index or header name); null = unlabelled. Default 0 (or the header's "label"). */
  labelColumn?: string | number | null;
  /** Column of the text. Default 1, or 0 when unlabelled (or the header's "text"/"sentence"). */
  textColumn?: string | number;
  /** Field delimiter. Default '\t' for TSV, ',' for CSV. */
  delimiter?: string;
  /** Splits the label field into several labels (multi-label), e.g. ','. */
  labelSeparator?: string;
}

interface Columns {
  label: number | null;
  text: number;
  width: number;
}

export function openDelimited(input: DataInput, opts: DelimitedOptions = {}): DataStream<TextExample> {
  const name = inputName(input);
  const csv = (opts.format ?? (name.toLowerCase().endsWith('.csv') ? 'csv' : 'tsv')) === 'csv';
  const byName = typeof opts.labelColumn === 'string' || typeof opts.textColumn === 'string';
  const header = opts.header ?? byName;
  if (byName && !header) throw new UsageError(`${name}: columns given by name need a header row (header: true)`);
  const summary = newSummary(name);
  return dataStream(summary, async function* () {
    Object.assign(summary, newSummary(name));
    const parser = csv ? new CsvParser(name, opts.delimiter ?? ',') : undefined;
    let cols: Columns | undefined;
    for await (const lines of readLineBlocks(input)) {
      const out: TextExample[] = [];
      for (const l of lines) {
        const rec = parser ? parser.push(l) : tsvRecord(l, opts.delimiter ?? '\t');
        if (!rec) continue;
        if (rec.fields.length === 0) {
          summary.blankLines++;
          continue;
        }
        if (!cols) {
          cols = resolveColumns(rec, header, opts, name);
          if (rec.fields.length < Math.max(cols.text, cols.label ?? 0) + 1) missingColumn(name, rec, cols);
          if (header) continue;
        }
        const ex = toExample(rec, cols, opts, name, summary);
        if (ex) out.push(ex);
      }
      if (out.length) yield out;
    }
    parser?.end();
  });
}

function toExample(
  rec: RawRecord,
  cols: Columns,
  opts: DelimitedOptions,
  name: string,
  summary: ReadSummary,
): TextExample | undefined {
  const where = `${name}:${rec.line}`;
  if (rec.fields.length !== cols.width) {
    if (rec.fields.length <= Math.max(cols.text, cols.label ?? 0)) missingColumn(name, rec, cols);
    const what = rec.fields.length < cols.width ? 'missing column(s)' : 'extra column(s)';
    throw new DataError(
      where,
      `${what}: expected ${cols.width} fields, found ${rec.fields.length}: ${clip(JSON.stringify(rec.raw))}`,
    );
  }
  const text = rec.fields[cols.text]!;
  if (text.trim() === '') {
    noteEmpty(summary, rec.line);
    return undefined;
  }
  const ex: TextExample = { text, line: rec.line };
  if (cols.label !== null) {
    const raw = rec.fields[cols.label]!.trim();
    if (opts.labelSeparator !== undefined) {
      ex.labels = raw
        .split(opts.labelSeparator)
        .map((l) => l.trim())
        .filter((l) => l !== '');
    } else if (raw === '') {
      throw new DataError(where, `empty label in column ${cols.label + 1}: ${clip(JSON.stringify(rec.raw))}`);
    } else ex.label = raw;
  }
  summary.records++;
  return ex;
}

function missingColumn(name: string, rec: RawRecord, cols: Columns): never {
  const need = Math.max(cols.text, cols.label ?? 0) + 1;
  const label = cols.label === null ? '' : `, label in column ${cols.label + 1}`;
  throw new DataError(
    `${name}:${rec.line}`,
    `missing column: need ${need} fields (text in column ${cols.text + 1}${label}), found ${rec.fields.length}: ` +
      clip(JSON.stringify(rec.raw)),
  );
}

/** Columns from the header (or the first record when there is none); `width` = its field count. */
function resolveColumns(first: RawRecord, header: boolean, opts: DelimitedOptions, name: string): Columns {
  const names = header ? first.fields.map((f) => f.trim()) : undefined;
  const find = (want: string | number, role: string): number => {
    if (typeof want === 'number') {
      if (!Number.isInteger(want) || want < 0)
        throw new UsageError(`${role} column must be a name or an index ≥ 0, got ${want}`);
      return want;
    }
    const i = names ? names.indexOf(want) : -1;
    const j = i >= 0 || !names ? i : names.findIndex((n) => n.toLowerCase() === want.toLowerCase());
    if (j < 0) {
      throw new DataError(
        `${name}:${first.line}`,
        `no ${role} column named "${want}"; the header has: ${clip(names?.join(', ') ?? '')}`,
      );
    }
    return j;
  };
  const guess = (cands: string[], fallback: number) => {
    const j = names?.findIndex((n) => cands.includes(n.toLowerCase())) ?? -1;
    return j >= 0 ? j : fallback;
  };
  const text = find(opts.textColumn ?? guess(['text', 'sentence'], opts.labelColumn === null ? 0 : 1), 'text');
  const label = opts.labelColumn === null ? null : find(opts.labelColumn ?? guess(['label'], 0), 'label');
  if (label === text) throw new UsageError(`${name}: label and text are the same column (${text + 1})`);
  return { label, text, width: first.fields.length };
}
