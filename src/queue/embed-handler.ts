// An embed worker's job handler: the encoder loaded once (loadEncoder), its feature-cache space computed once
// (cacheSpec, the same description `bertcnn embed` hashes into the cache folder name), and per job the chunk's
// features as cache rows — the steps of src/features/feature-cache-embed.ts without the shard file: encoder runs
// (windowed when the space windows long texts) → each text's real tokens (and pooled vector) as fp16 → one payload.
//   'describe' → { spec, spaceId }  (the producer opens its own cache space from it; it never loads the model)
//   'embed'    → EmbedPayload        (refused when the job names another space: a different model under one name)
import { UnrecoverableError } from 'bullmq';
import type { Encoder, FeatureOptions } from '../encoders/encoder.ts';
import { loadEncoder } from '../encoders/load.ts';
import { extractWindowedStream } from '../encoders/window.ts';
import { encodeF16 } from '../features/feature-cache-fp16.ts';
import { truncatedRows } from '../features/feature-cache-embed.ts';
import { cacheSpec, spaceIdOf, type CacheSpec } from '../features/feature-cache-space.ts';
import { embedJob } from './job-data.ts';
import { embedQueueName, type EmbedFeatureOptions } from './naming.ts';
import { encodeEmbedRows, type EmbedPayload, type JobData } from './payload.ts';
import type { JobHandler } from './worker.ts';

export interface DescribeResult {
  spec: CacheSpec;
  spaceId: string;
}

export async function openEmbedHandler(
  ref: string,
  features: EmbedFeatureOptions,
  o: { threads?: number; onWarning?: (m: string) => void } = {},
): Promise<JobHandler & { spaceId: string }> {
  const encoder = await loadEncoder(ref, { threads: o.threads, onWarning: o.onWarning });
  let spec: CacheSpec;
  try {
    spec = cacheSpec(encoder, features);
  } catch (e) {
    await encoder.release();
    throw e;
  }
  const spaceId = spaceIdOf(spec);
  const outputs = spec.tokens && spec.pooling ? 'both' : spec.tokens ? 'tokens' : 'pooled';
  const extract: FeatureOptions = {
    layers: features.layers,
    pooling: spec.pooling ?? undefined,
    precision: spec.precision,
    maxLength: spec.maxLength,
    outputs,
  };
  return {
    queue: embedQueueName(ref, features),
    serves: `model ${ref}`,
    spaceId,
    async handle(raw: JobData) {
      const data = embedJob(raw); // untrusted JSON from Redis (job-data.ts)
      if (data.kind === 'describe') return { spec, spaceId } satisfies DescribeResult;
      if (data.spaceId !== spaceId) {
        throw new UnrecoverableError(
          `this worker's cache space is ${spaceId} (model ${ref}), the job's ${data.spaceId}: another model is served under the same name, or (int8) this machine quantizes another way`,
        );
      }
      return embedChunk(encoder, spec, extract, data.texts, data.batchSize);
    },
    close: () => encoder.release(),
  };
}

/** The cache rows of `texts`, in their order. */
export async function embedChunk(
  encoder: Encoder,
  spec: CacheSpec,
  extract: FeatureOptions,
  texts: readonly string[],
  batchSize?: number,
): Promise<EmbedPayload> {
  const D = spec.tokenDim;
  const P = spec.pooledDim;
  const rows: Uint16Array[] = new Array(texts.length);
  const lengths = new Int32Array(texts.length);
  const truncated = new Uint8Array(texts.length);
  const stride = spec.windowStride;
  const stream =
    stride === undefined
      ? encoder.extractStream(texts, { ...extract, batchSize })
      : extractWindowedStream(encoder, texts, { ...extract, batchSize, stride });
  for await (const run of stream) {
    const t = run.mask.shape[1]!;
    if ((run.tokens && run.tokens.shape[2] !== D) || (run.pooled && run.pooled.shape[1] !== P)) {
      throw new Error(`encoder ${encoder.id} returned features of another size than its cache space (D ${D}, P ${P})`);
    }
    const cut =
      stride === undefined
        ? truncatedRows(encoder, run.indices, run.lengths, run.truncated, texts, spec.maxLength)
        : new Set<number>();
    for (let b = 0; b < run.indices.length; b++) {
      const i = run.indices[b]!;
      const n = run.lengths[b]!;
      const row = new Uint16Array(n * D + P);
      if (D > 0) encodeF16(run.tokens!.data as Float32Array, b * t * D, n * D, row, 0);
      if (P > 0) encodeF16(run.pooled!.data as Float32Array, b * P, P, row, n * D);
      rows[i] = row;
      lengths[i] = n;
      truncated[i] = cut.has(b) ? 1 : 0;
    }
  }
  const data = new Uint16Array(rows.reduce((s, r) => s + r.length, 0));
  let at = 0;
  for (const r of rows) {
    data.set(r, at);
    at += r.length;
  }
  return encodeEmbedRows({ lengths, truncated, data });
}
