// The persistent feature cache behind `--mode frozen` and `bertcnn embed`: encoder features computed once, stored
// as fp16 at their true lengths, and served back as padded fp32 training batches.
//
//   const cache = await FeatureCache.open('cache/', encoder, { layers: { layers: [-4, -3, -2, -1], combine: 'sum' } });
//   await cache.embed(texts, { onProgress });           // embeds only the texts not cached yet
//   const ds = cache.dataset(texts);                     // every text must be cached
//   const { tokens, mask, lengths } = ds.batch([0, 5, 7], { minLength: 5 });   // [3, T, D], [3, T], [3]
//
// ON-DISK FORMAT (version 1; integers little-endian; "sum8" = first 8 bytes of SHA-256)
//   <root>/<spaceId>/           one folder per space: spaceId = 16 hex of SHA-256 over the canonical JSON of
//                               {format version, model type, encoder fingerprint, layers, pooling, tokens, maxLength,
//                               precision, D, P} (feature-cache-space.ts; fingerprint = SHA-256 of the encoder's
//                               config sizes, every weight and probe token ids). The model id is recorded, not hashed.
//     space.json                that description + spaceId, written atomically when the space is created.
//     shard-<seq:6>-<rand:8>.bin  append-only, immutable once named; written as `.shard-….tmp-<pid>-<rand>` and renamed:
//         [0, 16)   header: "BCFS", u32 version, 8 bytes = spaceId (binary)
//         rows      per text: fp16 tokens [length, D] (real tokens only: no padding stored), then fp16 pooled [P]
//         table     count × 32-byte entries: key (16 bytes), u64 row offset, u32 length (bit 31 = truncated), u32 0
//         trailer   32 bytes: "BCFT", u32 version, u64 table offset, u32 count, u32 0, sum8(table)
//     index.bin                 rewritten atomically after each new shard: "BCFI", u32 version, u32 shards,
//                               u32 entries; per shard 64 bytes: name (48, NUL-padded), u64 size, u32 count, u32 0;
//                               entries as in a table but the last u32 = shard number; sum8(everything before).
//   key = first 16 bytes of SHA-256(spaceId NUL text): the content address of (space, text).
// Crash safety: a shard is complete once it has its final name, and the index only ever names complete shards.
// On open, shards missing from the index are validated (trailer, checksum, bounds) and adopted; invalid or partial
// shards are deleted (their texts count as missing and are embedded again); stale temp files are removed.
// Two writers on one space are safe (distinct shard names; each adopts the other's shards on its next open).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Encoder } from '../encoders/encoder.ts';
import { DataError, UsageError, clip } from '../errors.ts';
import { embedMissing, type EmbedOptions, type EmbedSummary, type SpaceFeatureOptions } from './feature-cache-embed.ts';
import { type Entry, textKey } from './feature-cache-format.ts';
import { type BatchOptions, type CachedBatch, RowReader } from './feature-cache-reader.ts';
import { type CacheOptions, type CacheSpec, cacheSpec, SPACE_FILE, spaceIdOf } from './feature-cache-space.ts';
import { type Recovery, SpaceStore } from './feature-cache-store.ts';

export type { CacheOptions, CacheSpec } from './feature-cache-space.ts';
export { cacheSpec, encoderFingerprint, listFeatureCaches } from './feature-cache-space.ts';
export type { EmbedOptions, EmbedSummary } from './feature-cache-embed.ts';
export type { BatchOptions, CachedBatch } from './feature-cache-reader.ts';

/** Cached features of a fixed list of texts, addressed by position (e.g. a training split). */
export interface CachedDataset {
  readonly size: number;
  /** [N] real tokens per text, for length-bucketed batching. */
  readonly lengths: Int32Array;
  /** Rows `indices` of the list as one padded batch. */
  batch(indices: ArrayLike<number>, opts?: BatchOptions): CachedBatch;
}

export class FeatureCache {
  private readonly reader: RowReader;

  private constructor(
    private readonly store: SpaceStore,
    private readonly encoder: Encoder | null,
    private readonly features: SpaceFeatureOptions,
  ) {
    this.reader = new RowReader(store);
  }

  /** Opens (creating unless readOnly) the space of `encoder` + `opts` under `root`. */
  static async open(
    root: string,
    encoder: Encoder,
    opts: CacheOptions & { readOnly?: boolean } = {},
  ): Promise<FeatureCache> {
    const spec = cacheSpec(encoder, opts);
    const dir = join(root, spaceIdOf(spec));
    if (opts.readOnly && !existsSync(join(dir, SPACE_FILE))) {
      throw new DataError(
        root,
        `no cached features for ${encoder.id} with layers ${spec.layers}, pooling ${spec.pooling ?? 'none'}, maxLength ${spec.maxLength}, ${spec.precision} (run \`bertcnn embed\` first)`,
      );
    }
    const store = await SpaceStore.open(dir, spec, !opts.readOnly);
    const outputs = spec.tokens && spec.pooling ? 'both' : spec.tokens ? 'tokens' : 'pooled';
    const features: SpaceFeatureOptions = {
      layers: opts.layers,
      pooling: spec.pooling ?? undefined,
      precision: spec.precision,
      maxLength: spec.maxLength,
      outputs,
    };
    return new FeatureCache(store, encoder, features);
  }

  /** Opens one space folder for reading (no encoder needed; embed() is unavailable). */
  static async openSpace(dir: string): Promise<FeatureCache> {
    return new FeatureCache(await SpaceStore.open(dir, null, false), null, {});
  }

  get dir(): string {
    return this.store.dir;
  }
  get spaceId(): string {
    return this.store.spaceId;
  }
  get spec(): CacheSpec {
    return this.store.spec;
  }
  /** Distinct texts cached. */
  get size(): number {
    return this.store.entries.size;
  }
  /** What opening had to repair. */
  get recovery(): Recovery {
    return this.store.recovery;
  }

  /** Content key of a text in this space. */
  keyOf(text: string): string {
    return textKey(this.store.spaceId, text);
  }

  has(text: string): boolean {
    return this.store.entries.has(this.keyOf(text));
  }

  /** Embeds the texts that are not cached yet (the encoder is not called when none are missing). */
  async embed(texts: readonly string[], opts: EmbedOptions = {}): Promise<EmbedSummary> {
    if (!this.encoder || !this.store.writable)
      throw new UsageError(`${this.dir}: opened read-only; open it with an encoder to embed`);
    return embedMissing(this.store, this.encoder, texts, this.features, opts);
  }

  /** Rows for content keys (from keyOf) as one padded batch. */
  batch(keys: readonly string[], opts: BatchOptions = {}): CachedBatch {
    return this.reader.batch(this.entriesOf(keys, keys), opts);
  }

  /** A positional view over `texts`; every text must be cached. */
  dataset(texts: readonly string[]): CachedDataset {
    const entries = this.entriesOf(
      texts.map((t) => this.keyOf(t)),
      texts,
    );
    const lengths = Int32Array.from(entries, (e) => e.length);
    return {
      size: entries.length,
      lengths,
      batch: (indices, opts) => {
        const rows = Array.from(indices, (i) => {
          const e = entries[i];
          if (e === undefined) throw new UsageError(`index ${i} is outside the dataset (0..${entries.length - 1})`);
          return e;
        });
        return this.reader.batch(rows, opts);
      },
    };
  }

  private entriesOf(keys: readonly string[], shown: readonly string[]): Entry[] {
    const out: Entry[] = [];
    let missing = 0;
    let first = -1;
    keys.forEach((k, i) => {
      const e = this.store.entries.get(k);
      if (e) out.push(e);
      else if (missing++ === 0) first = i;
    });
    if (missing > 0) {
      throw new DataError(
        this.dir,
        `${missing} of ${keys.length} texts are not in the feature cache (first: ${JSON.stringify(clip(shown[first]!))}); run \`bertcnn embed\` on them first`,
      );
    }
    return out;
  }

  close(): void {
    this.store.close();
  }
}
