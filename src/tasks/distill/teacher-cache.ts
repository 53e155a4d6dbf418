// The on-disk cache of a teacher's logits, so the teacher runs over a transfer set once: a re-run, a --resume or a
// second student over the same texts reads them back instead of calling the teacher again.
// Content-addressed like the feature cache (src/features/feature-cache.ts): the teacher's id is a hash of its run
// files (teacher-id.ts), and a text's key is the first 16 bytes of SHA-256(teacher id NUL text), so a retrained
// teacher or an edited text simply misses.
//
// ON-DISK FORMAT (version 1; integers little-endian)
//   <root>/<teacherId>/teacher.json      what the teacher was (run folder, files hashed), written once
//   <root>/<teacherId>/logits-<rand>.bin immutable once named (written to a temporary name, then renamed):
//       "BCTL", u32 version, u32 K (logits per text), u32 count, count × 16-byte keys, count × K float32 logits
// A chunk of texts is committed as one file as soon as the teacher has scored it, so an interrupted run keeps
// what it computed. Files that fail to parse are ignored (their texts are scored again).
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { writeBytesAtomic } from '../../io/atomic.ts';

const MAGIC = 'BCTL';
const VERSION = 1;

/** Content address of (teacher, text): 32 hex characters. */
export function logitKey(teacherId: string, text: string): string {
  return createHash('sha256').update(`${teacherId}\0${text}`).digest('hex').slice(0, 32);
}

function encodeShard(K: number, keys: readonly string[], logits: Float32Array): Uint8Array {
  const n = keys.length;
  const buf = new Uint8Array(16 + 16 * n + 4 * K * n);
  const view = new DataView(buf.buffer);
  buf.set(Buffer.from(MAGIC, 'ascii'), 0);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, K, true);
  view.setUint32(12, n, true);
  keys.forEach((k, i) => buf.set(Buffer.from(k, 'hex'), 16 + 16 * i));
  const base = 16 + 16 * n;
  for (let i = 0; i < K * n; i++) view.setFloat32(base + 4 * i, logits[i]!, true);
  return buf;
}

function decodeShard(buf: Buffer, K: number, into: Map<string, Float32Array>): boolean {
  if (buf.length < 16 || buf.toString('ascii', 0, 4) !== MAGIC) return false;
  const version = buf.readUInt32LE(4);
  const k = buf.readUInt32LE(8);
  const n = buf.readUInt32LE(12);
  if (version !== VERSION || k !== K || buf.length !== 16 + 16 * n + 4 * K * n) return false;
  const base = 16 + 16 * n;
  for (let i = 0; i < n; i++) {
    const row = new Float32Array(K);
    for (let c = 0; c < K; c++) row[c] = buf.readFloatLE(base + 4 * (i * K + c));
    into.set(buf.toString('hex', 16 + 16 * i, 32 + 16 * i), row);
  }
  return true;
}

export class TeacherLogitCache {
  private readonly rows = new Map<string, Float32Array>();

  private constructor(
    readonly dir: string,
    readonly teacherId: string,
    /** Logits per text. */
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

  /** The cached logits of `text` ([K]), or undefined. */
  get(text: string): Float32Array | undefined {
    return this.rows.get(logitKey(this.teacherId, text));
  }

  /** Stores logits [n, K] of `texts` as one new file. */
  async put(texts: readonly string[], logits: Float32Array): Promise<void> {
    if (texts.length === 0) return;
    const keys = texts.map((t) => logitKey(this.teacherId, t));
    const name = `logits-${Date.now().toString(16)}${randomBytes(4).toString('hex')}.bin`;
    await writeBytesAtomic(join(this.dir, name), encodeShard(this.K, keys, logits));
    keys.forEach((k, i) => this.rows.set(k, logits.slice(i * this.K, (i + 1) * this.K)));
  }
}
