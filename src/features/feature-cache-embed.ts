// Fills a feature-cache space: embeds only the texts it lacks, streaming encoder runs into shard files.
//   texts → content keys → distinct missing texts, pre-sorted by character length (so each chunk handed to the
//   encoder is homogeneous and its length buckets pad little) → chunks of `chunkSize` texts → encoder.extractStream
//   runs [b, t, D] → each row's real tokens (and pooled vector) as fp16 → the open shard; the shard is committed
//   (renamed into place, index rewritten) once it holds `shardBytes`, and at the end.
// Memory: one chunk's token ids plus one run's features plus a 4 MiB write buffer, whatever the corpus size.
import type { Encoder, FeatureOptions } from '../encoders/encoder.ts';
import { extractWindowedStream } from '../encoders/window.ts';
import { UsageError } from '../errors.ts';
import { textKey } from './feature-cache-format.ts';
import { encodeF16 } from './feature-cache-fp16.ts';
import { ShardWriter } from './feature-cache-shard.ts';
import type { SpaceStore } from './feature-cache-store.ts';

export interface EmbedOptions {
  /** Sentences per encoder run. Default 32. */
  batchSize?: number;
  /** Cap on padded tokens per run. */
  maxTokens?: number;
  /** Texts handed to the encoder at once (tokenized together, bucketed together). Default 2048. */
  chunkSize?: number;
  /** Commit a shard once it holds this many bytes. Default 64 MiB. */
  shardBytes?: number;
  /** Called after every encoder run with distinct texts embedded so far and to embed in all. */
  onProgress?: (done: number, total: number) => void;
}

export interface EmbedSummary {
  /** Texts given (duplicates included). */
  texts: number;
  /** Distinct texts. */
  unique: number;
  /** Distinct texts already cached. */
  cached: number;
  /** Distinct texts embedded by this call. */
  embedded: number;
  /** Of the texts given, how many are cut to the cache's maxLength. */
  truncated: number;
  /** Of the texts given, how many are longer than maxLength and were embedded in windows (windowed caches). */
  windowed: number;
  shardsWritten: number;
  seconds: number;
}

/** Feature options matching a space, for the encoder. */
export type SpaceFeatureOptions = Pick<FeatureOptions, 'layers' | 'pooling' | 'precision' | 'maxLength' | 'outputs'>;

export async function embedMissing(
  store: SpaceStore,
  encoder: Encoder,
  texts: readonly string[],
  features: SpaceFeatureOptions,
  opts: EmbedOptions = {},
): Promise<EmbedSummary> {
  const started = performance.now();
  const chunkSize = opts.chunkSize ?? 2048;
  if (!(Number.isInteger(chunkSize) && chunkSize >= 1))
    throw new UsageError(`chunkSize must be an integer ≥ 1, got ${chunkSize}`);
  const shardBytes = opts.shardBytes ?? 64 << 20;
  const keys = texts.map((t) => textKey(store.spaceId, t));
  const missing = new Map<string, string>();
  keys.forEach((k, i) => {
    if (!store.entries.has(k) && !missing.has(k)) missing.set(k, texts[i]!);
  });
  const todo = [...missing].sort((a, b) => a[1].length - b[1].length);
  const unique = new Set(keys).size;
  const { D, P } = store.dims;
  const maxLength = store.spec.maxLength;
  let writer: ShardWriter | null = null;
  let shardsWritten = 0;
  let done = 0;
  let row = new Uint16Array(0);
  const commit = async (w: ShardWriter) => {
    const { info, entries } = await w.commit();
    await store.addShard(info, entries);
    shardsWritten++;
  };
  opts.onProgress?.(0, todo.length);
  try {
    for (let s = 0; s < todo.length; s += chunkSize) {
      const part = todo.slice(s, s + chunkSize);
      const partTexts = part.map((p) => p[1]);
      const stride = store.spec.windowStride;
      const stream =
        stride === undefined
          ? encoder.extractStream(partTexts, { ...features, batchSize: opts.batchSize, maxTokens: opts.maxTokens })
          : extractWindowedStream(encoder, partTexts, { ...features, batchSize: opts.batchSize, stride });
      for await (const run of stream) {
        const t = run.mask.shape[1]!;
        if ((run.tokens && run.tokens.shape[2] !== D) || (run.pooled && run.pooled.shape[1] !== P)) {
          throw new Error(
            `encoder ${encoder.id} returned features of another size than the cache stores (D ${D}, P ${P})`,
          );
        }
        const cut =
          stride === undefined
            ? truncatedRows(encoder, run.indices, run.lengths, run.truncated, partTexts, maxLength)
            : new Set<number>();
        writer ??= await ShardWriter.create(store.dir, store.nextSeq(), store.spaceId);
        for (let b = 0; b < run.indices.length; b++) {
          const n = run.lengths[b]!;
          if (row.length < n * D + P) row = new Uint16Array(2 * (n * D + P));
          if (D > 0) encodeF16(run.tokens!.data as Float32Array, b * t * D, n * D, row, 0);
          if (P > 0) encodeF16(run.pooled!.data as Float32Array, b * P, P, row, n * D);
          await writer.append(part[run.indices[b]!]![0], row.subarray(0, n * D + P), n, cut.has(b));
        }
        done += run.indices.length;
        opts.onProgress?.(done, todo.length);
      }
      if (writer && writer.bytes >= shardBytes) {
        await commit(writer);
        writer = null;
      }
    }
    if (writer) await commit(writer);
  } catch (e) {
    await writer?.abort();
    throw e;
  }
  let truncated = 0;
  let windowed = 0;
  for (const k of keys) {
    const e = store.entries.get(k);
    if (e?.truncated) truncated++;
    if (e && e.length > maxLength) windowed++;
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    texts: texts.length,
    unique,
    cached: unique - todo.length,
    embedded: todo.length,
    truncated,
    windowed,
    shardsWritten,
    seconds,
  };
}

/** Rows of a run that were truncated. A run reports only a count; rows at maxLength are the candidates, and when
 *  some of them fit exactly, re-tokenizing those few texts tells which. (Also used by the queue's embed worker.) */
export function truncatedRows(
  encoder: Encoder,
  indices: Int32Array,
  lengths: Int32Array,
  count: number,
  texts: readonly string[],
  maxLength: number,
): Set<number> {
  if (count === 0) return new Set();
  const candidates = [...lengths.keys()].filter((b) => lengths[b] === maxLength);
  if (candidates.length === count) return new Set(candidates);
  const enc = encoder.tokenize(
    candidates.map((b) => texts[indices[b]!]!),
    { maxLength },
  );
  return new Set(candidates.filter((_, j) => enc.truncated[j]));
}
