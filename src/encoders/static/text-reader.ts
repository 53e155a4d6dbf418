// Streaming readers for the text vector formats, one line per word: `word v1 … vD` (space or tab separated,
// "\r\n" and trailing blanks accepted).
//   word2vec text / fastText .vec: a header line `<words> <dim>` first (required for these formats)
//   GloVe: no header; the first line sets the dimension
//   auto: a first line of exactly two integers is a header, anything else is GloVe
// Errors carry `file:line`: a bad header, a line whose value count differs from the dimension, a value that is
// not a number, a header count that the file does not match. Repeated words: the first vector wins; repeats
// are counted in the summary. An empty file (no vectors) is an error.
import { stat } from 'node:fs/promises';
import { DataError } from '../../errors.ts';
import { ChunkReader, parseDecimal, quote } from './bytes.ts';
import { type StaticVectors, VectorsBuilder } from './vectors.ts';

export type TextVectorFormat = 'word2vec' | 'fasttext' | 'glove' | 'auto';

export interface ReadVectorsOptions {
  /** Stop after this many vectors (a quick look at a large file). */
  limit?: number;
  /** Read size (default 1 MB; tests use tiny chunks to exercise records split across reads). */
  chunkBytes?: number;
}

const isBlank = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d;

/** Splits b[start, end) at blanks into [s0, e0, s1, e1, …] (reusing `out`); returns the token count. */
function tokens(b: Uint8Array, start: number, end: number, out: number[]): number {
  let n = 0;
  let i = start;
  while (i < end) {
    while (i < end && isBlank(b[i]!)) i++;
    if (i >= end) break;
    const s = i;
    while (i < end && !isBlank(b[i]!)) i++;
    out[2 * n] = s;
    out[2 * n + 1] = i;
    n++;
  }
  return n;
}

function positiveInt(b: Uint8Array, s: number, e: number): number {
  const v = parseDecimal(b, s, e);
  return Number.isInteger(v) && v > 0 && e - s < 12 && !b.subarray(s, e).includes(0x2e) ? v : -1;
}

export async function readTextVectors(
  path: string,
  format: TextVectorFormat = 'auto',
  opts: ReadVectorsOptions = {},
): Promise<StaticVectors> {
  const size = (await stat(path).catch(() => null))?.size;
  if (size === undefined) throw new DataError(path, 'vectors file not found');
  const limit = opts.limit ?? Infinity;
  const r = new ChunkReader(path, opts.chunkBytes);
  const builder = new VectorsBuilder(path, format === 'auto' ? 'text' : format);
  const tok: number[] = [];
  let row = new Float32Array(0);
  let line = 0;
  let header = false;
  let dimFrom = '';
  try {
    for (;;) {
      let nl = r.buf.indexOf(0x0a, r.pos);
      if (nl < 0) {
        if (await r.fill()) continue;
        if (r.pos >= r.buf.length) break;
        nl = r.buf.length; // last line without a newline
      }
      line++;
      const b = r.buf;
      const n = tokens(b, r.pos, nl, tok);
      r.pos = Math.min(nl + 1, b.length);
      if (n === 0) continue;
      const where = `${path}:${line}`;
      if (line === 1 && format !== 'glove') {
        const words = n === 2 ? positiveInt(b, tok[0]!, tok[1]!) : -1;
        const dim = n === 2 ? positiveInt(b, tok[2]!, tok[3]!) : -1;
        if (words > 0 && dim > 0) {
          // A vector line holds at least 2 bytes per value (digit + blank) plus its word: the header must not
          // reserve more rows (or a wider row) than the file's size allows — 10^11 × 10^6 would be a RangeError.
          const lineBytes = 2 * dim + 1;
          if (lineBytes > size) {
            throw new DataError(
              where,
              `the header's dimension ${dim} cannot fit in this ${size}-byte file (a vector line needs ≥ ${lineBytes} bytes)`,
            );
          }
          header = true;
          builder.summary.declared = words;
          builder.summary.format = format === 'auto' ? 'word2vec-text' : format;
          builder.setDim(dim, Math.min(words, limit, Math.floor(size / lineBytes)));
          row = new Float32Array(dim);
          dimFrom = 'the header';
          continue;
        }
        if (format !== 'auto') {
          throw new DataError(
            where,
            `bad header ${quote(b, tok[0] ?? 0, tok[2 * n - 1] ?? 0)}: a ${format} file starts with "<words> <dim>" (two positive integers)`,
          );
        }
      }
      if (builder.dim === 0) {
        if (n < 2)
          throw new DataError(
            where,
            `a vector line needs a word and at least one value, got ${quote(b, tok[0]!, tok[1]!)}`,
          );
        builder.summary.format = 'glove';
        builder.setDim(n - 1, Math.min(limit, Math.ceil(size / Math.max(1, nl - tok[0]!))) + 16);
        row = new Float32Array(n - 1);
        dimFrom = `line ${line}`;
      }
      const D = builder.dim;
      if (n - 1 !== D) {
        throw new DataError(
          where,
          `word ${quote(b, tok[0]!, tok[1]!)} has ${n - 1} values, expected ${D} (the dimension set by ${dimFrom})`,
        );
      }
      for (let k = 0; k < D; k++) {
        const [vs, ve] = [tok[2 * k + 2]!, tok[2 * k + 3]!];
        const raw = parseDecimal(b, vs, ve);
        const v = Math.fround(raw); // 1e39 is a finite double but ±Infinity once stored in the Float32Array row
        if (!Number.isFinite(v)) {
          const why = Number.isFinite(raw) ? ' in float32 (beyond ±3.4e38)' : '';
          throw new DataError(
            where,
            `value ${k + 1} of word ${quote(b, tok[0]!, tok[1]!)} is not a finite number${why}: ${quote(b, vs, ve)}`,
          );
        }
        row[k] = v;
      }
      builder.add(b, tok[0]!, tok[1]!, row, `line ${line}`);
      if (builder.size >= limit) {
        builder.summary.truncated = true;
        break;
      }
    }
  } finally {
    r.close();
  }
  const declared = builder.summary.declared;
  const read = builder.size + builder.summary.duplicates;
  if (header && declared !== undefined && !builder.summary.truncated && read !== declared) {
    throw new DataError(`${path}:1`, `the header declares ${declared} words but the file has ${read} vector lines`);
  }
  return builder.finish();
}
