// `bertcnn embed --redis`: the producer side of embedding. The producer alone owns its cache folder (workers need
// no shared filesystem): a 'describe' job asks a worker for its cache space (spec + id — the producer never loads
// the model), the producer opens that space under its own cache root, picks the distinct texts not cached yet
// (sorted by length, as a local embed does, so each chunk pads little), sends them in chunks, and appends each
// returned chunk's rows to a shard as it arrives (committed at `shardBytes` and at the end; on a failure the
// chunks already received are committed too, so a rerun only embeds the rest). Returns what a local embed reports.
import { join } from 'node:path';
import { DataError } from '../errors.ts';
import type { EmbedSummary } from '../features/feature-cache.ts';
import { textKey } from '../features/feature-cache-format.ts';
import { ShardWriter } from '../features/feature-cache-shard.ts';
import { type CacheSpec, spaceIdOf } from '../features/feature-cache-space.ts';
import { type Recovery, SpaceStore } from '../features/feature-cache-store.ts';
import { connectRedis, type RedisLink } from './connection.ts';
import type { DescribeResult } from './embed-handler.ts';
import { embedQueueName, type EmbedFeatureOptions } from './naming.ts';
import { decodeEmbedRows } from './payload.ts';
import { type Chunk, runJobs } from './producer.ts';

export interface RemoteEmbedOptions {
  redis: string;
  /** Model reference, as the workers were started with (--model). */
  model: string;
  features: EmbedFeatureOptions;
  /** Cache root (the space folder is created under it). */
  root: string;
  /** Texts per job. Default 256. */
  chunk?: number;
  /** Sentences per encoder run on the worker. */
  batchSize?: number;
  timeoutS: number;
  /** Input name and 1-based line of each text, for error messages. */
  source: string;
  lines: readonly number[];
  shardBytes?: number;
  onProgress?(done: number, total: number): void;
  onError?(message: string): void;
}

export interface RemoteEmbedResult {
  queue: string;
  dir: string;
  spaceId: string;
  spec: CacheSpec;
  recovery: Recovery;
  summary: EmbedSummary;
}

export async function remoteEmbed(texts: readonly string[], o: RemoteEmbedOptions): Promise<RemoteEmbedResult> {
  const started = performance.now();
  const link = await connectRedis(o.redis, o.onError);
  try {
    return await embedThrough(link, texts, o, started);
  } finally {
    link.close();
  }
}

async function embedThrough(
  link: RedisLink,
  texts: readonly string[],
  o: RemoteEmbedOptions,
  started: number,
): Promise<RemoteEmbedResult> {
  const queue = embedQueueName(o.model, o.features);
  let described: DescribeResult | undefined;
  await runJobs(
    link,
    queue,
    [{ data: { kind: 'describe' }, where: `the describe job (asks a worker of ${o.model} for its cache space)` }],
    {
      timeoutS: o.timeoutS,
      onResult: (_, v) => {
        described = v as DescribeResult;
      },
      onError: o.onError,
    },
  );
  const spec = described?.spec;
  if (!spec || spaceIdOf(spec) !== described?.spaceId)
    throw new DataError(queue, 'a worker described its cache space inconsistently (different bertcnn versions?)');
  const spaceId = described.spaceId;
  const store = await SpaceStore.open(join(o.root, spaceId), spec, true);
  try {
    const keys = texts.map((t) => textKey(spaceId, t));
    const missing = new Map<string, { text: string; line: number }>();
    keys.forEach((k, i) => {
      if (!store.entries.has(k) && !missing.has(k)) missing.set(k, { text: texts[i]!, line: o.lines[i] ?? i + 1 });
    });
    const todo = [...missing].sort((a, b) => a[1].text.length - b[1].text.length);
    const size = o.chunk ?? 256;
    const parts: (typeof todo)[] = [];
    for (let s = 0; s < todo.length; s += size) parts.push(todo.slice(s, s + size));
    const chunks: Chunk[] = parts.map((p, k) => ({
      data: { kind: 'embed', spaceId, texts: p.map((e) => e[1].text), batchSize: o.batchSize },
      where: `chunk ${k + 1}/${parts.length} (${p.length} texts, the first on line ${Math.min(...p.map((e) => e[1].line))} of ${o.source})`,
    }));
    const { D, P } = store.dims;
    const shardBytes = o.shardBytes ?? 64 << 20;
    let writer: ShardWriter | null = null;
    let done = 0;
    let shardsWritten = 0;
    const commit = async () => {
      if (!writer) return;
      const w = writer;
      writer = null;
      if (w.count === 0) return w.abort();
      const { info, entries } = await w.commit();
      await store.addShard(info, entries);
      shardsWritten++;
    };
    o.onProgress?.(0, todo.length);
    try {
      await runJobs(link, queue, chunks, {
        timeoutS: o.timeoutS,
        onError: o.onError,
        onResult: async (k, value) => {
          const part = parts[k]!;
          const rows = decodeEmbedRows(value, { n: part.length, D, P }, `${queue} ${chunks[k]!.where}`);
          writer ??= await ShardWriter.create(store.dir, store.nextSeq(), spaceId);
          let at = 0;
          for (let r = 0; r < part.length; r++) {
            const n = rows.lengths[r]!;
            const end = at + n * D + P;
            await writer.append(part[r]![0], rows.data.subarray(at, end), n, rows.truncated[r] === 1);
            at = end;
          }
          done += part.length;
          o.onProgress?.(done, todo.length);
          if (writer.bytes >= shardBytes) await commit();
        },
      });
    } catch (e) {
      await commit().catch(() => writer?.abort());
      throw e;
    }
    await commit();
    let truncated = 0;
    let windowed = 0;
    for (const k of keys) {
      const e = store.entries.get(k);
      if (e?.truncated) truncated++;
      if (e && e.length > spec.maxLength) windowed++;
    }
    const unique = new Set(keys).size;
    const seconds = (performance.now() - started) / 1000;
    const summary = {
      texts: texts.length,
      unique,
      cached: unique - todo.length,
      embedded: todo.length,
      truncated,
      windowed,
      shardsWritten,
      seconds,
    };
    return { queue, dir: store.dir, spaceId, spec, recovery: store.recovery, summary };
  } finally {
    store.close();
  }
}
