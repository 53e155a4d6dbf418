// JSONL reader for sentence classification: one JSON object per line, `{"text": …, "label": …}` for single-label
// or `{"text": …, "labels": [...]}` for multi-label (field names configurable). Labels may be strings or numbers
// (numbers become their decimal string). Blank lines are ignored. Bad input → DataError at file:line quoting the
// line (clipped): invalid JSON, not an object, missing or non-string text, missing or ill-typed label(s), and
// labels mixing JSON numbers and strings across the file (0 vs "0" vs "negative" would silently be separate or
// merged classes: the error names the line and the first line of the other type).
// Empty texts are skipped and counted in the summary.
import { DataError, clip } from '../errors.ts';
import { inputName, readLineBlocks, type DataInput, type Line } from './lines.ts';
import { dataStream, newSummary, noteEmpty, type DataStream, type TextExample } from './types.ts';

export interface JsonlOptions {
  /** Default "text". */
  textField?: string;
  /** Single-label field, default "label"; null = unlabelled input. */
  labelField?: string | null;
  /** Multi-label field, default "labels". A record may carry either field. */
  labelsField?: string;
}

export function openJsonl(input: DataInput, opts: JsonlOptions = {}): DataStream<TextExample> {
  const name = inputName(input);
  const fields = {
    text: opts.textField ?? 'text',
    label: opts.labelField === undefined ? 'label' : opts.labelField,
    labels: opts.labelsField ?? 'labels',
  };
  const summary = newSummary(name);
  return dataStream(summary, async function* () {
    Object.assign(summary, newSummary(name));
    const kinds: LabelKinds = {};
    for await (const lines of readLineBlocks(input)) {
      const out: TextExample[] = [];
      for (const l of lines) {
        if (l.text.trim() === '') {
          summary.blankLines++;
          continue;
        }
        const ex = parseRecord(l, `${name}:${l.line}`, fields, kinds);
        if (ex.text.trim() === '') noteEmpty(summary, l.line);
        else {
          summary.records++;
          out.push(ex);
        }
      }
      if (out.length) yield out;
    }
  });
}

/** The first label seen of each JSON type: its line and value. */
type LabelKinds = Partial<Record<'number' | 'string', { line: number; value: unknown }>>;

function parseRecord(
  l: Line,
  where: string,
  f: { text: string; label: string | null; labels: string },
  kinds: LabelKinds,
): TextExample {
  const quote = clip(l.text);
  let obj: unknown;
  try {
    obj = JSON.parse(l.text);
  } catch (e) {
    throw new DataError(where, `invalid JSON (${(e as Error).message}): ${quote}`);
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    throw new DataError(where, `expected a JSON object per line: ${quote}`);
  }
  const rec = obj as Record<string, unknown>;
  const text = rec[f.text];
  if (text === undefined) throw new DataError(where, `missing field "${f.text}": ${quote}`);
  if (typeof text !== 'string') throw new DataError(where, `field "${f.text}" must be a string: ${quote}`);
  const ex: TextExample = { text, line: l.line };
  if (f.label === null || text.trim() === '') return ex;
  if (Object.hasOwn(rec, f.labels)) {
    const ls = rec[f.labels];
    if (!Array.isArray(ls)) throw new DataError(where, `field "${f.labels}" must be an array: ${quote}`);
    ex.labels = ls.map((v) => labelString(v, f.labels, where, quote, l.line, kinds));
  } else if (Object.hasOwn(rec, f.label)) {
    ex.label = labelString(rec[f.label], f.label, where, quote, l.line, kinds);
  } else {
    throw new DataError(where, `missing field "${f.label}" (or "${f.labels}" for multi-label): ${quote}`);
  }
  return ex;
}

function labelString(v: unknown, field: string, where: string, quote: string, line: number, kinds: LabelKinds): string {
  const ok = (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.trim() !== '');
  if (ok) {
    const kind = typeof v as 'number' | 'string';
    const other = kinds[kind === 'number' ? 'string' : 'number'];
    if (other) {
      throw new DataError(
        where,
        `field "${field}" is the ${kind} ${JSON.stringify(v)} but line ${other.line} has the ${kind === 'number' ? 'string' : 'number'} ${JSON.stringify(other.value)} — labels mix JSON numbers and strings; write every label the same way (all strings such as "0"/"negative", or all numbers): ${quote}`,
      );
    }
    kinds[kind] ??= { line, value: v };
    return typeof v === 'number' ? String(v) : (v as string).trim();
  }
  throw new DataError(where, `field "${field}" must hold non-empty strings or numbers, got ${shown(v)}: ${quote}`);
}

/** A wrong label value, clipped, for the error message; a value nested too deeply to stringify is described. */
function shown(v: unknown): string {
  try {
    return clip(JSON.stringify(v) ?? String(v), 40);
  } catch {
    return `${Array.isArray(v) ? 'an array' : 'an object'} nested too deeply to show`; // RangeError: call stack size
  }
}
