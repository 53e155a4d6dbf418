// What travels through Redis. Job data and return values are JSON (BullMQ stores both as JSON strings in the job's
// hash), so binary features go as base64 of their little-endian bytes: exact bits, 4/3 of the raw size (a JSON
// number array would cost 2–3× that for fp16 values, and round-tripping fp16 through decimal text is easy to get
// wrong), and one string per job that Redis stores without further encoding.
//   embed result    {v: 1, n, lengths: [n], truncated: [row indices], fp16: base64}
//                   fp16 = the rows exactly as the feature cache stores them, concatenated: per text, tokens
//                   [length, D] (true lengths only, no padding) then pooled [P] (src/features/feature-cache.ts)
//   predict result  {v: 1, n, c, f32: base64 of probabilities [n, c] row-major}   (classification, kim2014 runs)
//                   {v: 1, n, tagged: [{words, tags, entities}]}                      (NER runs: JSON as it is)
import { DataError } from '../errors.ts';
import type { TaggedText } from '../tasks/ner/predictor.ts';

export const PAYLOAD_VERSION = 1;

/** Job data: 'describe' asks an embed worker for its cache space; the others carry one chunk of texts. */
export type JobData =
  | { kind: 'describe' }
  | { kind: 'embed'; spaceId: string; texts: string[]; batchSize?: number }
  | { kind: 'predict'; texts: string[] };

/** Rows of several texts, as the cache stores them. */
export interface EmbedRows {
  /** [n] tokens per text. */
  lengths: Int32Array;
  /** [n] 1 = the text was cut to maxLength. */
  truncated: Uint8Array;
  /** Σ (length·D + P) fp16 bit patterns. */
  data: Uint16Array;
}

export interface EmbedPayload {
  v: number;
  n: number;
  lengths: number[];
  truncated: number[];
  fp16: string;
}

export interface PredictPayload {
  v: number;
  n: number;
  c: number;
  f32: string;
}

function toBase64(a: Uint16Array | Float32Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

/** Decoded bytes in a fresh, aligned buffer. */
function fromBase64(s: unknown, where: string): ArrayBuffer {
  if (typeof s !== 'string') throw new DataError(where, 'payload has no base64 data');
  const b = Buffer.from(s, 'base64');
  const out = new Uint8Array(b.byteLength);
  out.set(b);
  return out.buffer;
}

export function encodeEmbedRows(rows: EmbedRows): EmbedPayload {
  const truncated: number[] = [];
  rows.truncated.forEach((t, i) => {
    if (t) truncated.push(i);
  });
  return {
    v: PAYLOAD_VERSION,
    n: rows.lengths.length,
    lengths: [...rows.lengths],
    truncated,
    fp16: toBase64(rows.data),
  };
}

/** Checks the payload against what the producer asked for: n texts, rows of D per token + P. */
export function decodeEmbedRows(p: unknown, dims: { n: number; D: number; P: number }, where: string): EmbedRows {
  const e = p as Partial<EmbedPayload> | null;
  if (!e || e.v !== PAYLOAD_VERSION)
    throw new DataError(
      where,
      `unknown payload version ${String(e?.v)} (worker and producer run different bertcnn versions?)`,
    );
  if (e.n !== dims.n || !Array.isArray(e.lengths) || e.lengths.length !== dims.n) {
    throw new DataError(where, `payload holds ${String(e.n)} rows, expected ${dims.n}`);
  }
  const lengths = Int32Array.from(e.lengths);
  if (lengths.some((l) => !(l >= 0))) throw new DataError(where, 'payload has a negative row length');
  const truncated = new Uint8Array(dims.n);
  for (const i of e.truncated ?? []) {
    if (!(Number.isInteger(i) && i >= 0 && i < dims.n))
      throw new DataError(where, `payload marks row ${i} truncated, outside 0..${dims.n - 1}`);
    truncated[i] = 1;
  }
  const buf = fromBase64(e.fp16, where);
  const want = lengths.reduce((s, l) => s + l * dims.D + dims.P, 0) * 2;
  if (buf.byteLength !== want)
    throw new DataError(
      where,
      `payload holds ${buf.byteLength} feature bytes, expected ${want} (D ${dims.D}, P ${dims.P})`,
    );
  return { lengths, truncated, data: new Uint16Array(buf) };
}

export function encodeProbabilities(probs: Float32Array, n: number, c: number): PredictPayload {
  return { v: PAYLOAD_VERSION, n, c, f32: toBase64(probs) };
}

export function decodeProbabilities(p: unknown, dims: { n: number; c: number }, where: string): Float32Array {
  const e = p as Partial<PredictPayload> | null;
  if (!e || e.v !== PAYLOAD_VERSION)
    throw new DataError(
      where,
      `unknown payload version ${String(e?.v)} (worker and producer run different bertcnn versions?)`,
    );
  if (e.n !== dims.n || e.c !== dims.c)
    throw new DataError(
      where,
      `payload holds [${String(e.n)}, ${String(e.c)}] probabilities, expected [${dims.n}, ${dims.c}]`,
    );
  const buf = fromBase64(e.f32, where);
  if (buf.byteLength !== dims.n * dims.c * 4)
    throw new DataError(where, `payload holds ${buf.byteLength} bytes, expected ${dims.n * dims.c * 4}`);
  return new Float32Array(buf);
}

export interface TaggedPayload {
  v: number;
  n: number;
  tagged: TaggedText[];
}

export function encodeTagged(tagged: TaggedText[]): TaggedPayload {
  return { v: PAYLOAD_VERSION, n: tagged.length, tagged };
}

export function decodeTagged(p: unknown, n: number, where: string): TaggedText[] {
  const e = p as Partial<TaggedPayload> | null;
  if (!e || e.v !== PAYLOAD_VERSION)
    throw new DataError(
      where,
      `unknown payload version ${String(e?.v)} (worker and producer run different bertcnn versions?)`,
    );
  if (!Array.isArray(e.tagged) || e.tagged.length !== n || e.n !== n)
    throw new DataError(
      where,
      `payload holds ${Array.isArray(e.tagged) ? e.tagged.length : 'no'} tagged texts, expected ${n} (is the worker serving a NER run?)`,
    );
  return e.tagged;
}
