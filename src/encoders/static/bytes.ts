// Byte-level helpers shared by the vector readers: a chunked reader over a file that keeps the unconsumed tail
// (so a record split across chunks is parsed once it is whole), and a strict decimal number parser over bytes.
// Parsing stays synchronous inside a chunk — one await per ~1 MB, never one per number.
import { createReadStream } from 'node:fs';

export const CHUNK_BYTES = 1 << 20;

/** Reads a file chunk by chunk; `buf.subarray(pos)` is the unconsumed data, `offset` the file offset of buf[0]. */
export class ChunkReader {
  buf: Buffer = Buffer.alloc(0);
  pos = 0;
  offset = 0;
  eof = false;
  private readonly it: AsyncIterator<Buffer>;
  private readonly stream: ReturnType<typeof createReadStream>;

  constructor(path: string, chunkBytes = CHUNK_BYTES) {
    this.stream = createReadStream(path, { highWaterMark: chunkBytes });
    this.it = this.stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  /** Appends the next chunk (keeping the unconsumed tail); false at end of file. */
  async fill(): Promise<boolean> {
    if (this.eof) return false;
    const r = await this.it.next();
    if (r.done) {
      this.eof = true;
      return false;
    }
    const rest = this.buf.length - this.pos;
    this.offset += this.pos;
    this.buf = rest > 0 ? Buffer.concat([this.buf.subarray(this.pos), r.value]) : r.value;
    this.pos = 0;
    return true;
  }

  /** Makes at least n unconsumed bytes available; false if the file ends first. */
  async ensure(n: number): Promise<boolean> {
    while (this.buf.length - this.pos < n) if (!(await this.fill())) return false;
    return true;
  }

  close(): void {
    this.stream.destroy();
  }
}

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const latin1 = new TextDecoder('latin1');

/**
 * The number written in b[start, end) — [+-]digits[.digits][(e|E)[+-]digits] or [+-].digits… — or NaN when the
 * text is not such a number. Up to 15 significant digits and |exponent| ≤ 22 take an exact fast path (one
 * correctly rounded multiply or divide); anything longer goes through Number().
 */
export function parseDecimal(b: Uint8Array, start: number, end: number): number {
  let i = start;
  let neg = false;
  if (i < end && (b[i] === 0x2d || b[i] === 0x2b)) neg = b[i++] === 0x2d;
  let mant = 0;
  let digits = 0;
  let scale = 0;
  let any = false;
  while (i < end && b[i]! >= 0x30 && b[i]! <= 0x39) {
    if (digits > 0 || b[i] !== 0x30) digits++;
    mant = mant * 10 + (b[i++]! - 0x30);
    any = true;
  }
  if (i < end && b[i] === 0x2e) {
    i++;
    while (i < end && b[i]! >= 0x30 && b[i]! <= 0x39) {
      if (digits > 0 || b[i] !== 0x30) digits++;
      mant = mant * 10 + (b[i++]! - 0x30);
      scale--;
      any = true;
    }
  }
  if (!any) return Number.NaN;
  if (i < end && (b[i] === 0x65 || b[i] === 0x45)) {
    i++;
    let eneg = false;
    if (i < end && (b[i] === 0x2d || b[i] === 0x2b)) eneg = b[i++] === 0x2d;
    let e = 0;
    let edigits = 0;
    while (i < end && b[i]! >= 0x30 && b[i]! <= 0x39 && edigits < 6) {
      e = e * 10 + (b[i++]! - 0x30);
      edigits++;
    }
    if (edigits === 0) return Number.NaN;
    scale += eneg ? -e : e;
  }
  if (i !== end) return Number.NaN;
  if (digits > 15 || scale > 22 || scale < -22) return Number(latin1.decode(b.subarray(start, end)));
  const v = scale >= 0 ? mant * POW10[scale]! : mant / POW10[-scale]!;
  return neg ? -v : v;
}

/** The bytes as text for an error message (at most 40 characters). */
export function quote(b: Uint8Array, start: number, end: number): string {
  const s = new TextDecoder().decode(b.subarray(start, Math.min(end, start + 40)));
  return JSON.stringify(end - start > 40 ? `${s}…` : s);
}
