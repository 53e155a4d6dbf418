// Splits lines into records of fields. TSV: one line per record, fields split on the delimiter, no quoting.
// CSV (RFC 4180): fields separated by the delimiter; a field that starts with '"' is quoted and may hold
// delimiters, doubled quotes ("" → ") and line breaks (a record then spans lines; CRLF inside becomes '\n').
// Malformed CSV → DataError with file:line: text after a closing quote, or a quote never closed. A '"' inside
// an unquoted field is kept literally (as Python's csv module does). Blank lines come out as records with no fields.
import { DataError, UsageError, clip } from '../errors.ts';
import type { Line } from './lines.ts';

export interface RawRecord {
  fields: string[];
  /** Line where the record starts. */
  line: number;
  /** The record's source text, for error messages. */
  raw: string;
}

/** Quoted fields longer than this are treated as a runaway (unbalanced) quote. */
const MAX_RECORD_CHARS = 16 << 20;

export function tsvRecord({ text, line }: Line, delimiter = '\t'): RawRecord {
  return { fields: text === '' ? [] : text.split(delimiter), line, raw: text };
}

/** Incremental CSV parser: feed lines in order with push(); call end() after the last line. */
export class CsvParser {
  private fields: string[] = [];
  private field = '';
  private inQuotes = false;
  private closed = false; // the current field was quoted and its closing quote has been read
  private fieldStart = true;
  private start = 0;
  private raw = '';

  constructor(
    readonly name: string,
    readonly delimiter = ',',
  ) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new UsageError(
        `CSV delimiter must be one character other than '"' and line breaks, got ${JSON.stringify(delimiter)}`,
      );
    }
  }

  /** Feeds one line; returns the record it completes (none while a quoted field continues onto the next line). */
  push({ text, line }: Line): RawRecord | undefined {
    if (this.inQuotes) {
      this.field += '\n';
      this.raw += `\n${text}`;
      if (this.raw.length > MAX_RECORD_CHARS) {
        throw new DataError(
          `${this.name}:${this.start}`,
          `quoted field runs past ${MAX_RECORD_CHARS} characters; is a '"' unbalanced? ${clip(this.raw)}`,
        );
      }
    } else {
      if (text === '') return { fields: [], line, raw: '' };
      this.fields = [];
      this.field = '';
      this.closed = false;
      this.fieldStart = true;
      this.start = line;
      this.raw = text;
    }
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (this.inQuotes) {
        if (ch !== '"') this.field += ch;
        else if (text[i + 1] === '"') {
          this.field += '"';
          i++;
        } else {
          this.inQuotes = false;
          this.closed = true;
        }
      } else if (ch === this.delimiter) {
        this.fields.push(this.field);
        this.field = '';
        this.closed = false;
        this.fieldStart = true;
      } else if (this.closed) {
        throw new DataError(
          `${this.name}:${line}`,
          `unexpected ${JSON.stringify(ch)} after the closing quote of field ${this.fields.length + 1} ` +
            `(write a quote inside a quoted field as ""): ${clip(this.raw)}`,
        );
      } else if (ch === '"' && this.fieldStart) {
        this.inQuotes = true;
        this.fieldStart = false;
      } else {
        this.field += ch;
        this.fieldStart = false;
      }
    }
    if (this.inQuotes) return undefined;
    this.fields.push(this.field);
    return { fields: this.fields, line: this.start, raw: this.raw };
  }

  /** Throws if the input ended inside a quoted field. */
  end(): void {
    if (this.inQuotes) {
      throw new DataError(
        `${this.name}:${this.start}`,
        `quoted field ${this.fields.length + 1} is never closed (missing '"'): ${clip(this.raw)}`,
      );
    }
  }
}

/** Formats fields as one RFC 4180 CSV record (quotes only where needed). The inverse of CsvParser. */
export function toCsvRecord(fields: readonly string[], delimiter = ','): string {
  const quote = (f: string) => /["\r\n]/.test(f) || f.includes(delimiter) || (f === '' && fields.length === 1);
  return fields.map((f) => (quote(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(delimiter);
}
