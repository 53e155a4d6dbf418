// Streaming line reader shared by every data reader: reads a file (or an in-memory buffer/string) in 1 MiB
// blocks, validates UTF-8 (an invalid byte → DataError naming file:line and the byte offset in that line), strips
// a leading BOM and the '\r' of CRLF endings, and yields numbered lines without loading the whole file.
// A final newline does not produce an extra empty line. Input files are only ever read.
import { createReadStream } from 'node:fs';
import { DataError } from '../errors.ts';

/** A file path, or named in-memory content (tests, stdin, uploads). */
export type DataInput = string | { name: string; data: string | Uint8Array };

export interface Line {
  /** Line text without its line ending. */
  text: string;
  /** 1-based line number. */
  line: number;
}

/** Name used in error messages: the path as given, or the in-memory name. */
export function inputName(input: DataInput): string {
  return typeof input === 'string' ? input : input.name;
}

const NL = 0x0a;
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

async function* byteBlocks(input: DataInput): AsyncGenerator<Uint8Array> {
  if (typeof input !== 'string') {
    yield typeof input.data === 'string' ? new TextEncoder().encode(input.data) : input.data;
    return;
  }
  try {
    for await (const chunk of createReadStream(input, { highWaterMark: 1 << 20 })) yield chunk as Buffer;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'file not found' : err.code === 'EISDIR' ? 'is a directory' : err.message;
    throw new DataError(input, `cannot read: ${why}`);
  }
}

/** Decodes a block of whole lines; on invalid UTF-8 finds the bad line and throws DataError for it. */
function decodeBlock(bytes: Uint8Array, name: string, firstLine: number): string {
  try {
    return decoder.decode(bytes);
  } catch {
    let start = 0;
    for (let line = firstLine; ; line++) {
      let end = bytes.indexOf(NL, start);
      if (end < 0) end = bytes.length;
      const slice = bytes.subarray(start, end);
      try {
        decoder.decode(slice);
      } catch {
        const at = Math.max(0, firstBadByte(slice));
        const hex = [...slice.subarray(at, at + 4)].map((x) => `0x${x.toString(16).padStart(2, '0')}`).join(' ');
        throw new DataError(
          `${name}:${line}`,
          `invalid UTF-8 at byte ${at + 1} of the line (${hex}); re-encode the file as UTF-8`,
        );
      }
      start = end + 1;
    }
  }
}

/** Offset of the lead byte of the first ill-formed UTF-8 sequence (Unicode Table 3-7), or -1 when valid. */
export function firstBadByte(b: Uint8Array): number {
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (n === 0) return i;
    const lo2 = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi2 = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || d < (k === 1 ? lo2 : 0x80) || d > (k === 1 ? hi2 : 0xbf)) return i;
    }
    i += n + 1;
  }
  return -1;
}

/**
 * Yields the lines of `input` in blocks (one array per read block of about 1 MiB), validated as UTF-8. Readers
 * work block by block so that a whole-file read costs one await per block, not one per line.
 */
export async function* readLineBlocks(input: DataInput): AsyncGenerator<Line[]> {
  const name = inputName(input);
  let carry: Uint8Array = new Uint8Array(0);
  let line = 1;
  let first = true;
  const decode = (bytes: Uint8Array): Line[] => {
    let text = decodeBlock(bytes, name, line);
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    first = false;
    return text.split('\n').map((part) => ({ text: part.endsWith('\r') ? part.slice(0, -1) : part, line: line++ }));
  };
  for await (const block of byteBlocks(input)) {
    const joined = carry.length ? concat(carry, block) : block;
    const lastNl = joined.lastIndexOf(NL);
    if (lastNl < 0) {
      carry = joined;
      continue;
    }
    const lines = decode(joined.subarray(0, lastNl));
    carry = joined.slice(lastNl + 1);
    yield lines;
  }
  if (carry.length) yield decode(carry);
}

/** Yields every line of `input`, validated as UTF-8. */
export async function* readLines(input: DataInput): AsyncGenerator<Line> {
  for await (const block of readLineBlocks(input)) yield* block;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
