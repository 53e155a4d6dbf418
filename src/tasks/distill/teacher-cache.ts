// The on-disk cache of a teacher's outputs, so the teacher runs over a transfer set once: a re-run, a --resume or a
// second student over the same texts reads them back instead of calling the teacher again. An entry is `rows` × K
// float32: one row of K logits for a classification teacher's text, one row of K tag scores per word for a NER
// teacher's sentence (ner-teacher.ts; its key is the sentence's words joined by U+0001).
// Content-addressed like the feature cache (src/features/feature-cache.ts): the teacher's id is a hash of its run
// files (teacher-id.ts), and a text's key is the first 16 bytes of SHA-256(teacher id NUL text), so a retrained
// teacher or an edited text simply misses.
//
// ON-DISK FORMAT (version 2; integers little-endian)
//   <root>/<teacherId>/teacher.json      what the teacher was (run folder, files hashed), written once
//   <root>/<teacherId>/logits-<rand>.bin immutable once named (written to a temporary name, then renamed):
//       "BCTL", u32 version, u32 K (values per row), u32 count, count × 16-byte keys, count × u32 rows,
//       Σ rows × K float32 values (entry by entry)
//   version 1 files (no rows column: one row per entry) are still read.
// A chunk of texts is committed as one file as soon as the teacher has scored it, so an interrupted run keeps
// what it computed. Files that fail to parse are ignored (their texts are scored again).
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { writeBytesAtomic } from '../../io/atomic.ts';

const MAGIC = 'BCTL';
const VERSION = 2;

/** Content address of (teacher, text): 32 hex characters. */
export function logitKey(teacherId: string, text: string): string {
  return createHash('sha256').update(`${teacherId}\0${text}`).digest('hex').slice(0, 32);
}

function encodeShard(K: number, keys: readonly string[], entries: readonly Float32Array[]): Uint8Array {
  const n = keys.length;
  const rows = entries.map((e) => e.length / K);
  const total = entries.reduce((s, e) => s + e.length, 0);
  const buf = new Uint8Array(16 + 20 * n + 4 * total);
  const view = new DataView(buf.buffer);
  buf.set(Buffer.from(MAGIC, 'ascii'), 0);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, K, true);
  view.setUint32(12, n, true);
  keys.forEach((k, i) => buf.set(Buffer.from(k, 'hex'), 16 + 16 * i));
  rows.forEach((r, i) => view.setUint32(16 + 16 * n + 4 * i, r, true));
  let at = 16 + 20 * n;
  for (const e of entries)
    for (const v of e) {
      view.setFloat32(at, v, true);
      at += 4;
    }
  return buf;
}

function decodeShard(buf: Buffer, K: number, into: Map<string, Float32Array>): boolean {
  if (buf.length < 16 || buf.toString('ascii', 0, 4) !== MAGIC) return false;
  const version = buf.readUInt32LE(4);
  const k = buf.readUInt32LE(8);
  const n = buf.readUInt32LE(12);
  if ((version !== 1 && version !== VERSION) || k !== K) return false;
  const rowsAt = 16 + 16 * n;
  if (version === VERSION && buf.length < rowsAt + 4 * n) return false;
  const rows = Array.from({ length: n }, (_, i) => (version === 1 ? 1 : buf.readUInt32LE(rowsAt + 4 * i)));
  const base = version === 1 ? rowsAt : rowsAt + 4 * n;
  if (buf.length !== base + 4 * K * rows.reduce((s, r) => s + r, 0)) return false;
  let at = base;
  rows.forEach((r, i) => {
    const entry = new Float32Array(r * K);
    for (let j = 0; j < entry.length; j++, at += 4) entry[j] = buf.readFloatLE(at);
    into.set(buf.toString('hex', 16 + 16 * i, 32 + 16 * i), entry);
  });
  return true;
}

export class TeacherLogitCache {
  private readonly rows = new Map<string, Float32Array>();

  private constructor(
    readonly dir: string,
    readonly teacherId: string,
    /** Values per row (logits per text; tags per word). */
    readonly K: number,
  ) {}

  /** Opens (creating) the cache of teacher `teacherId` under `root`; `about` is written to teacher.json once. */
  static async open(root: string, teacherId: string, K: number, about: unknown): Promise<TeacherLogitCache> {
    const dir = join(root, teacherId);
    mkdirSync(dir, { recursive: true });
    const cache = new TeacherLogitCache(dir, teacherId, K);
    if (!existsSync(join(dir, 'teacher.json')))
      await writeBytesAtomic(join(dir, 'teacher.json'), `${JSON.stringify(about, null, 2)}\n`);
    for (const f of readdirSync(dir).sort()) {
      if (!/^logits-[0-9a-f]+\.bin$/.test(f)) continue;
      decodeShard(readFileSync(join(dir, f)), K, cache.rows);
    }
    return cache;
  }

  get size(): number {
    return this.rows.size;
  }

  /** The cached entry of `text` ([rows, K] flat), or undefined. */
  get(text: string): Float32Array | undefined {
    return this.rows.get(logitKey(this.teacherId, text));
  }

  /** Stores one entry per text (each [rows, K] flat, any rows ≥ 0) as one new file. */
  async put(texts: readonly string[], entries: readonly Float32Array[]): Promise<void> {
    if (texts.length === 0) return;
    if (entries.length !== texts.length) throw new RangeError(`${texts.length} texts, ${entries.length} entries`);
    entries.forEach((e, i) => {
      if (e.length % this.K !== 0) throw new RangeError(`entry ${i}: ${e.length} values, not rows of ${this.K}`);
    });
    const keys = texts.map((t) => logitKey(this.teacherId, t));
    const name = `logits-${Date.now().toString(16)}${randomBytes(4).toString('hex')}.bin`;
    await writeBytesAtomic(join(this.dir, name), encodeShard(this.K, keys, entries));
    keys.forEach((k, i) => this.rows.set(k, entries[i]!.slice()));
  }
}

export interface CachedEntriesOptions {
  /** Items per teacher call and cache file. Default 1024. */
  chunk?: number;
  onProgress?(done: number, total: number): void;
}

/** The entries of `items` (keyed by `keyOf`) from the cache, the missing ones computed by `compute` chunk by chunk
 *  (each chunk committed as it is done, so an interrupted run keeps it); `computed` counts the items computed. */
export async function cachedEntries<T>(
  cache: TeacherLogitCache,
  items: readonly T[],
  keyOf: (item: T) => string,
  compute: (items: readonly T[]) => Promise<Float32Array[]>,
  o: CachedEntriesOptions = {},
): Promise<{ entries: Float32Array[]; computed: number }> {
  const missing = new Map<string, T>();
  for (const it of items) if (cache.get(keyOf(it)) === undefined) missing.set(keyOf(it), it);
  const todo = [...missing.values()];
  const chunk = o.chunk ?? 1024;
  for (let i = 0; i < todo.length; i += chunk) {
    const part = todo.slice(i, i + chunk);
    await cache.put(part.map(keyOf), await compute(part));
    o.onProgress?.(Math.min(i + chunk, todo.length), todo.length);
  }
  return { entries: items.map((it) => cache.get(keyOf(it))!), computed: todo.length };
}
