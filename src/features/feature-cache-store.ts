// One feature-cache space on disk: opens space.json + index.bin, reconciles them with the shard files present,
// commits new shards (rewriting index.bin atomically after each), and reads rows by entry.
// Recovery on open (writable): shards the index does not list but that validate → adopted (a crash between a
// shard's rename and the index rewrite); shards that fail validation, or listed with the wrong size → dropped and
// deleted, their texts simply missing (re-embedded next time); stale temporary shards of dead processes → deleted;
// an unreadable index → rebuilt from the shards. Read-only opens do the same in memory and touch no file.
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../errors.ts';
import { writeBytesAtomic } from '../io/atomic.ts';
import { decodeIndex, encodeIndex, type Entry, type ShardInfo } from './feature-cache-format.ts';
import { readShardTable, SHARD_NAME, TMP_NAME } from './feature-cache-shard.ts';
import { type CacheSpec, readSpaceFile, SPACE_FILE, spaceFile, spaceIdOf } from './feature-cache-space.ts';

export const INDEX_FILE = 'index.bin';

export interface Recovery {
  /** Complete shards found outside the index and adopted. */
  adopted: string[];
  /** Shards (or the index) that could not be used, with the reason. */
  discarded: string[];
  /** Temporary files of interrupted writers removed. */
  removedTemp: number;
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class SpaceStore {
  readonly shards: ShardInfo[] = [];
  readonly entries = new Map<string, Entry>();
  readonly recovery: Recovery = { adopted: [], discarded: [], removedTemp: 0 };
  private readonly fds = new Map<number, number>();

  private constructor(
    readonly dir: string,
    readonly spec: CacheSpec,
    readonly spaceId: string,
    readonly writable: boolean,
  ) {}

  /** Opens (writable: creating) the space folder `dir` for `spec`. */
  static async open(dir: string, spec: CacheSpec | null, writable: boolean): Promise<SpaceStore> {
    if (spec && writable) {
      mkdirSync(dir, { recursive: true });
      try {
        statSync(join(dir, SPACE_FILE));
      } catch {
        await writeBytesAtomic(join(dir, SPACE_FILE), spaceFile(spec));
      }
    }
    const onDisk = readSpaceFile(dir);
    const store = new SpaceStore(dir, spec ?? onDisk, onDisk.spaceId, writable);
    if (spec && spaceIdOf(spec) !== onDisk.spaceId) {
      throw new DataError(
        join(dir, SPACE_FILE),
        `describes another cache (${onDisk.spaceId}, expected ${spaceIdOf(spec)})`,
      );
    }
    await store.load();
    return store;
  }

  private async load(): Promise<void> {
    const files = readdirSync(this.dir);
    let listed: { shards: ShardInfo[]; entries: Entry[] } = { shards: [], entries: [] };
    let dirty = false;
    if (files.includes(INDEX_FILE)) {
      try {
        listed = decodeIndex(readFileSync(join(this.dir, INDEX_FILE)), join(this.dir, INDEX_FILE));
      } catch (e) {
        this.recovery.discarded.push(`${INDEX_FILE}: ${(e as Error).message}`);
        dirty = true;
      }
    }
    const present = new Set(files.filter((f) => SHARD_NAME.test(f)));
    const remap = new Map<number, number>();
    listed.shards.forEach((s, i) => {
      const size = present.has(s.name) ? statSync(join(this.dir, s.name)).size : -1;
      if (size !== s.size) {
        this.discard(
          s.name,
          size < 0 ? 'listed in the index but missing' : `size ${size} ≠ ${s.size} in the index`,
          size >= 0,
        );
        dirty = true;
      } else {
        remap.set(i, this.shards.length);
        this.shards.push(s);
      }
      present.delete(s.name);
    });
    for (const e of listed.entries) {
      const shard = remap.get(e.shard);
      if (shard !== undefined) this.entries.set(e.key, { ...e, shard });
    }
    for (const name of [...present].sort()) {
      const r = await readShardTable(join(this.dir, name), name, this.spaceId, this.dims, this.shards.length);
      if (typeof r === 'string') this.discard(name, r, true);
      else {
        this.recovery.adopted.push(name);
        this.addEntries(r.info, r.entries);
      }
      dirty = true;
    }
    for (const f of files) {
      const m = TMP_NAME.exec(f);
      if (m && this.writable && !alive(Number(m[1]))) {
        rmSync(join(this.dir, f), { force: true });
        this.recovery.removedTemp++;
      }
    }
    if (dirty && this.writable) await this.writeIndex();
  }

  private discard(name: string, why: string, exists: boolean): void {
    this.recovery.discarded.push(`${name}: ${why}`);
    if (exists && this.writable) rmSync(join(this.dir, name), { force: true });
  }

  get dims(): { D: number; P: number } {
    return { D: this.spec.tokenDim, P: this.spec.pooledDim };
  }

  /** Next shard sequence number. */
  nextSeq(): number {
    return this.shards.reduce((m, s) => Math.max(m, Number(SHARD_NAME.exec(s.name)?.[1] ?? 0)), 0) + 1;
  }

  private addEntries(info: ShardInfo, entries: Entry[]): void {
    const shard = this.shards.length;
    this.shards.push(info);
    for (const e of entries) this.entries.set(e.key, { ...e, shard });
  }

  /** Registers a committed shard and rewrites the index. */
  async addShard(info: ShardInfo, entries: Entry[]): Promise<void> {
    this.addEntries(info, entries);
    await this.writeIndex();
  }

  private async writeIndex(): Promise<void> {
    await writeBytesAtomic(join(this.dir, INDEX_FILE), encodeIndex(this.shards, [...this.entries.values()]));
  }

  /** Reads an entry's row bytes into `into` (at least rowBytes long). */
  readRow(e: Entry, into: Uint8Array, bytes: number): void {
    let fd = this.fds.get(e.shard);
    if (fd === undefined) {
      fd = openSync(join(this.dir, this.shards[e.shard]!.name), 'r');
      this.fds.set(e.shard, fd);
    }
    let done = 0;
    while (done < bytes) {
      const n = readSync(fd, into, done, bytes - done, e.offset + done);
      if (n === 0) throw new Error(`${this.shards[e.shard]!.name}: unexpected end of file at byte ${e.offset + done}`);
      done += n;
    }
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}
