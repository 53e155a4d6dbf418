// The safetensors header: dtype table, parsing and validation (spec: github.com/huggingface/safetensors).
// Layout: 8 bytes N (u64 little-endian) | N bytes UTF-8 JSON header (may be right-padded with spaces) | byte buffer.
// Header: { "<tensor name>": { dtype, shape, data_offsets: [begin, end] }, "__metadata__"?: { str: str } };
// offsets are relative to the byte buffer, and tensors must cover it exactly (no holes, no overlap).
import { DataError } from '../errors.ts';

/** Bytes per element of every dtype the spec defines. */
export const DTYPE_BYTES = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  I64: 8,
  U64: 8,
  F64: 8,
} as const;
export type Dtype = keyof typeof DTYPE_BYTES;

export interface TensorInfo {
  dtype: Dtype;
  shape: number[];
  /** [begin, end) relative to the byte buffer (which starts at file offset 8 + N). */
  dataOffsets: [number, number];
}

export interface ParsedHeader {
  tensors: Map<string, TensorInfo>;
  metadata: Record<string, string>;
  /** File offset where the byte buffer starts: 8 + N. */
  bufferStart: number;
}

/** Refuse absurd headers before allocating (the reference implementation uses the same 100 MB cap). */
export const MAX_HEADER_BYTES = 100_000_000;

export function isDtype(s: unknown): s is Dtype {
  return typeof s === 'string' && Object.hasOwn(DTYPE_BYTES, s);
}

export function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Reads N from the first 8 bytes and checks it against the file size. */
export function parseHeaderLength(file: string, first8: Buffer, fileSize: number): number {
  if (fileSize < 8)
    throw new DataError(file, `not a safetensors file: ${fileSize} bytes, need at least 8 (header length)`);
  const n = first8.readBigUInt64LE(0);
  if (n > BigInt(MAX_HEADER_BYTES))
    throw new DataError(
      file,
      `header length ${n} exceeds the ${MAX_HEADER_BYTES}-byte limit (corrupt or not safetensors)`,
    );
  if (Number(n) + 8 > fileSize)
    throw new DataError(file, `header length ${n} runs past the end of the file (file has ${fileSize} bytes)`);
  return Number(n);
}

/** Parses and validates the JSON header; `fileSize` bounds the offsets. */
export function parseHeader(file: string, json: Buffer, fileSize: number): ParsedHeader {
  const bufferStart = 8 + json.length;
  const text = json.toString('utf8');
  if (!text.startsWith('{')) throw new DataError(file, `header does not start with '{' (not a safetensors file?)`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new DataError(file, `header is not valid JSON: ${(e as Error).message}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new DataError(file, 'header must be a JSON object');
  const tensors = new Map<string, TensorInfo>();
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(raw as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = parseMetadata(file, entry);
      continue;
    }
    tensors.set(name, parseEntry(file, name, entry));
  }
  checkLayout(file, tensors, fileSize - bufferStart, fileSize);
  return { tensors, metadata, bufferStart };
}

function parseMetadata(file: string, entry: unknown): Record<string, string> {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
    throw new DataError(file, '__metadata__ must be an object of strings');
  for (const [k, v] of Object.entries(entry)) {
    if (typeof v !== 'string')
      throw new DataError(file, `__metadata__ '${k}' must be a string, got ${JSON.stringify(v)}`);
  }
  return { ...(entry as Record<string, string>) };
}

function parseEntry(file: string, name: string, entry: unknown): TensorInfo {
  const where = `${file}: tensor '${name}'`;
  const bad = (msg: string) => new DataError(where, msg);
  if (entry === null || typeof entry !== 'object') throw bad('entry must be an object with dtype, shape, data_offsets');
  const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
  if (!isDtype(dtype))
    throw bad(`unknown dtype ${JSON.stringify(dtype)} (known: ${Object.keys(DTYPE_BYTES).join(', ')})`);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw bad(`shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
    throw bad(`data_offsets must be [begin, end] non-negative integers, got ${JSON.stringify(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) throw bad(`data_offsets [${begin}, ${end}] end before begin`);
  const expected = numelOf(shape) * DTYPE_BYTES[dtype];
  if (end - begin !== expected) {
    throw bad(
      `data_offsets [${begin}, ${end}] hold ${end - begin} bytes but ${dtype} shape [${shape.join(', ')}] needs ${expected}`,
    );
  }
  return { dtype, shape: [...shape], dataOffsets: [begin, end] };
}

/** Offsets in bounds; sorted by begin they must tile [0, bufferLength) exactly. */
function checkLayout(file: string, tensors: Map<string, TensorInfo>, bufferLength: number, fileSize: number): void {
  const sorted = [...tensors].sort(
    (a, b) => a[1].dataOffsets[0] - b[1].dataOffsets[0] || a[1].dataOffsets[1] - b[1].dataOffsets[1],
  );
  let cursor = 0;
  let prev = '';
  for (const [
    name,
    {
      dataOffsets: [begin, end],
    },
  ] of sorted) {
    if (end > bufferLength) {
      throw new DataError(
        `${file}: tensor '${name}'`,
        `data_offsets [${begin}, ${end}] out of bounds (file has ${fileSize} bytes, data buffer ${bufferLength})`,
      );
    }
    if (begin < cursor)
      throw new DataError(
        `${file}: tensor '${name}'`,
        `data_offsets [${begin}, ${end}] overlap tensor '${prev}' (ends at ${cursor})`,
      );
    if (begin > cursor)
      throw new DataError(
        `${file}: tensor '${name}'`,
        `data_offsets [${begin}, ${end}] leave a gap: previous data ends at ${cursor}`,
      );
    cursor = end;
    prev = name;
  }
  if (cursor !== bufferLength) {
    throw new DataError(
      file,
      `data buffer has ${bufferLength} bytes but tensors cover only ${cursor} (truncated header or trailing bytes)`,
    );
  }
}

export type TensorData =
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array;

/** A tensor as read from or written to a safetensors file (row-major). */
export interface SafeTensor {
  dtype: Dtype;
  shape: number[];
  data: TensorData;
}
