// Shard files of the feature cache (layout in feature-cache.ts). ShardWriter streams rows into a temporary
// sibling (`.shard-….bin.tmp-<pid>-<rand>`), buffered 4 MiB at a time; commit() appends the entry table and the
// trailer, fsyncs, and renames it into place — so a shard under its final name is always complete, and a crash
// leaves only a temporary file that the next open removes. readShardTable() validates a shard (header, trailer,
// table checksum, row bounds) and returns its entries, or why it cannot be used.
import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpSibling, writeAll } from '../io/atomic.ts';
import {
  checksum,
  decodeEntries,
  encodeEntries,
  ENTRY_BYTES,
  type Entry,
  parseTrailer,
  rowBytes,
  SHARD_HEADER_BYTES,
  shardHeader,
  shardTrailer,
  type ShardInfo,
  TRAILER_BYTES,
} from './feature-cache-format.ts';

const BUFFER_BYTES = 4 << 20;
export const SHARD_NAME = /^shard-(\d{6})-[0-9a-f]{8}\.bin$/;
export const TMP_NAME = /^\.shard-\d{6}-[0-9a-f]{8}\.bin\.tmp-(\d+)-[0-9a-f]+$/;

export function shardName(seq: number): string {
  return `shard-${String(seq).padStart(6, '0')}-${randomBytes(4).toString('hex')}.bin`;
}

export class ShardWriter {
  private readonly entries: Entry[] = [];
  private buf = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private written = SHARD_HEADER_BYTES;

  private constructor(
    readonly name: string,
    private readonly path: string,
    private readonly tmp: string,
    private readonly fh: FileHandle,
  ) {}

  static async create(dir: string, seq: number, spaceId: string): Promise<ShardWriter> {
    const name = shardName(seq);
    const path = join(dir, name);
    const tmp = tmpSibling(path);
    const fh = await open(tmp, 'wx');
    const w = new ShardWriter(name, path, tmp, fh);
    await writeAll(fh, shardHeader(spaceId));
    return w;
  }

  /** Bytes in the shard so far (rows included, table not yet). */
  get bytes(): number {
    return this.written + this.used;
  }

  get count(): number {
    return this.entries.length;
  }

  /** Appends one row (fp16 bits: tokens [length, D] then pooled [P]). */
  async append(key: string, row: Uint16Array, length: number, truncated: boolean): Promise<void> {
    const bytes = new Uint8Array(row.buffer, row.byteOffset, row.byteLength);
    if (this.used + bytes.byteLength > this.buf.byteLength) await this.flush();
    if (bytes.byteLength > this.buf.byteLength) this.buf = Buffer.allocUnsafe(bytes.byteLength);
    this.entries.push({ key, shard: 0, offset: this.bytes, length, truncated });
    this.buf.set(bytes, this.used);
    this.used += bytes.byteLength;
  }

  private async flush(): Promise<void> {
    if (this.used === 0) return;
    await writeAll(this.fh, this.buf.subarray(0, this.used));
    this.written += this.used;
    this.used = 0;
  }

  /** Table + trailer, fsync, rename into place. Returns the shard's description and entries. */
  async commit(): Promise<{ info: ShardInfo; entries: Entry[] }> {
    await this.flush();
    const tableOffset = this.written;
    const table = encodeEntries(this.entries, false);
    await writeAll(this.fh, table);
    await writeAll(this.fh, shardTrailer(tableOffset, this.entries.length, table));
    await this.fh.sync();
    await this.fh.close();
    await rename(this.tmp, this.path);
    const size = tableOffset + table.byteLength + TRAILER_BYTES;
    return { info: { name: this.name, size, count: this.entries.length }, entries: this.entries };
  }

  /** Drops the temporary file (on errors). */
  async abort(): Promise<void> {
    await this.fh.close().catch(() => undefined);
    await rm(this.tmp, { force: true });
  }
}

/** A committed shard's entries (shard index `shard`), or the reason it is unusable. */
export async function readShardTable(
  path: string,
  name: string,
  spaceId: string,
  dims: { D: number; P: number },
  shard: number,
): Promise<{ info: ShardInfo; entries: Entry[] } | string> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    return `cannot open (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
  try {
    const size = (await fh.stat()).size;
    const header = Buffer.alloc(SHARD_HEADER_BYTES);
    const trailer = Buffer.alloc(TRAILER_BYTES);
    await fh.read(header, 0, SHARD_HEADER_BYTES, 0);
    if (size >= TRAILER_BYTES) await fh.read(trailer, 0, TRAILER_BYTES, size - TRAILER_BYTES);
    const t = parseTrailer(trailer, size, header, spaceId);
    if (typeof t === 'string') return t;
    const table = Buffer.alloc(t.count * ENTRY_BYTES);
    await fh.read(table, 0, table.byteLength, t.tableOffset);
    if (!checksum(table).equals(t.sum)) return 'entry table checksum mismatch';
    const entries = decodeEntries(table, t.count, 0, shard);
    const bad = entries.find(
      (e) => e.offset < SHARD_HEADER_BYTES || e.offset + rowBytes(e.length, dims.D, dims.P) > t.tableOffset,
    );
    if (bad) return `row of ${bad.key} lies outside the data section`;
    return { info: { name, size, count: t.count }, entries };
  } finally {
    await fh.close();
  }
}
