// Binary layouts of the feature cache (described in full in feature-cache.ts): the 32-byte entry records shared
// by shard tables and the index, the shard header and trailer, the index file, and the keys.
// All integers little-endian. Checksums are the first 8 bytes of a SHA-256.
import { createHash } from 'node:crypto';
import { DataError } from '../errors.ts';

export const FORMAT_VERSION = 1;
export const SHARD_MAGIC = 'BCFS';
export const TRAILER_MAGIC = 'BCFT';
export const INDEX_MAGIC = 'BCFI';
export const SHARD_HEADER_BYTES = 16;
export const TRAILER_BYTES = 32;
export const ENTRY_BYTES = 32;
const SHARD_NAME_BYTES = 48;
const INDEX_SHARD_BYTES = 64;
const TRUNCATED_BIT = 0x80000000;

/** One cached text: where its row lives. `length` = real tokens (specials included). */
export interface Entry {
  key: string; // 32 hex digits
  shard: number; // index into the shard list
  offset: number; // byte offset of the row in the shard file
  length: number;
  truncated: boolean;
}

export interface ShardInfo {
  name: string;
  size: number;
  count: number;
}

export function checksum(...parts: Uint8Array[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest().subarray(0, 8);
}

/** Content address of a text within a space: SHA-256(spaceId NUL text), first 16 bytes as hex. */
export function textKey(spaceId: string, text: string): string {
  return createHash('sha256').update(spaceId).update('\0').update(text).digest('hex').slice(0, 32);
}

/** Bytes of one row: fp16 tokens [length, D] then fp16 pooled [P] (D or P is 0 when not stored). */
export function rowBytes(length: number, D: number, P: number): number {
  return 2 * (length * D + P);
}

export function shardHeader(spaceId: string): Buffer {
  const b = Buffer.alloc(SHARD_HEADER_BYTES);
  b.write(SHARD_MAGIC, 0, 'latin1');
  b.writeUInt32LE(FORMAT_VERSION, 4);
  Buffer.from(spaceId.slice(0, 16), 'hex').copy(b, 8);
  return b;
}

/** Entry records; the last field is the shard index in the index file and 0 in a shard's own table. */
export function encodeEntries(entries: readonly Entry[], withShard: boolean): Buffer {
  const b = Buffer.alloc(entries.length * ENTRY_BYTES);
  entries.forEach((e, i) => {
    const o = i * ENTRY_BYTES;
    b.write(e.key, o, 16, 'hex');
    b.writeBigUInt64LE(BigInt(e.offset), o + 16);
    b.writeUInt32LE((e.length | (e.truncated ? TRUNCATED_BIT : 0)) >>> 0, o + 24);
    b.writeUInt32LE(withShard ? e.shard : 0, o + 28);
  });
  return b;
}

export function decodeEntries(b: Buffer, count: number, start: number, shard?: number): Entry[] {
  const out: Entry[] = new Array<Entry>(count);
  for (let i = 0; i < count; i++) {
    const o = start + i * ENTRY_BYTES;
    const lf = b.readUInt32LE(o + 24);
    out[i] = {
      key: b.toString('hex', o, o + 16),
      offset: Number(b.readBigUInt64LE(o + 16)),
      length: lf & ~TRUNCATED_BIT,
      truncated: (lf & TRUNCATED_BIT) !== 0,
      shard: shard ?? b.readUInt32LE(o + 28),
    };
  }
  return out;
}

export function shardTrailer(tableOffset: number, count: number, table: Buffer): Buffer {
  const b = Buffer.alloc(TRAILER_BYTES);
  b.write(TRAILER_MAGIC, 0, 'latin1');
  b.writeUInt32LE(FORMAT_VERSION, 4);
  b.writeBigUInt64LE(BigInt(tableOffset), 8);
  b.writeUInt32LE(count, 16);
  checksum(table).copy(b, 24);
  return b;
}

/** Where a shard's table is, from its trailer; a reason string when the shard is incomplete or not one. */
export function parseTrailer(
  t: Buffer,
  size: number,
  header: Buffer,
  spaceId: string,
): { tableOffset: number; count: number; sum: Buffer } | string {
  if (size < SHARD_HEADER_BYTES + TRAILER_BYTES) return `too short (${size} bytes)`;
  if (!header.equals(shardHeader(spaceId))) return 'header is not a shard of this cache';
  if (t.toString('latin1', 0, 4) !== TRAILER_MAGIC) return 'no trailer (incomplete write)';
  const tableOffset = Number(t.readBigUInt64LE(8));
  const count = t.readUInt32LE(16);
  if (tableOffset + count * ENTRY_BYTES + TRAILER_BYTES !== size) return 'trailer does not match the file size';
  return { tableOffset, count, sum: t.subarray(24, 32) };
}

/** index.bin: header, shard list, entries, checksum. */
export function encodeIndex(shards: readonly ShardInfo[], entries: readonly Entry[]): Buffer {
  const head = Buffer.alloc(16);
  head.write(INDEX_MAGIC, 0, 'latin1');
  head.writeUInt32LE(FORMAT_VERSION, 4);
  head.writeUInt32LE(shards.length, 8);
  head.writeUInt32LE(entries.length, 12);
  const list = Buffer.alloc(shards.length * INDEX_SHARD_BYTES);
  shards.forEach((s, i) => {
    const o = i * INDEX_SHARD_BYTES;
    list.write(s.name, o, SHARD_NAME_BYTES, 'latin1');
    list.writeBigUInt64LE(BigInt(s.size), o + SHARD_NAME_BYTES);
    list.writeUInt32LE(s.count, o + SHARD_NAME_BYTES + 8);
  });
  const body = encodeEntries(entries, true);
  return Buffer.concat([head, list, body, checksum(head, list, body)]);
}

export function decodeIndex(b: Buffer, where: string): { shards: ShardInfo[]; entries: Entry[] } {
  const bad = (why: string) => new DataError(where, `${why}; delete it and the cache is rebuilt from its shards`);
  if (b.length < 24 || b.toString('latin1', 0, 4) !== INDEX_MAGIC) throw bad('not a feature-cache index');
  if (b.readUInt32LE(4) !== FORMAT_VERSION) throw bad(`format version ${b.readUInt32LE(4)} is not ${FORMAT_VERSION}`);
  const nShards = b.readUInt32LE(8);
  const nEntries = b.readUInt32LE(12);
  const end = 16 + nShards * INDEX_SHARD_BYTES + nEntries * ENTRY_BYTES;
  if (b.length !== end + 8) throw bad(`size ${b.length} does not match its header (${end + 8})`);
  if (!checksum(b.subarray(0, end)).equals(b.subarray(end))) throw bad('checksum mismatch');
  const shards: ShardInfo[] = [];
  for (let i = 0; i < nShards; i++) {
    const o = 16 + i * INDEX_SHARD_BYTES;
    shards.push({
      name: b.toString('latin1', o, o + SHARD_NAME_BYTES).replace(/\0+$/, ''),
      size: Number(b.readBigUInt64LE(o + SHARD_NAME_BYTES)),
      count: b.readUInt32LE(o + SHARD_NAME_BYTES + 8),
    });
  }
  const entries = decodeEntries(b, nEntries, 16 + nShards * INDEX_SHARD_BYTES);
  if (entries.some((e) => e.shard >= nShards)) throw bad('an entry names a shard that is not listed');
  return { shards, entries };
}
