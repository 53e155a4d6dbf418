// Queue names: a queue serves exactly one model, so a producer can never get results computed by another.
//   embedQueueName(ref, features)  'bertcnn-embed-<16 hex>'   SHA-256 over the model reference (a local folder as its
//                                  absolute path) and the canonical feature options (layers, combine, pooling, tokens,
//                                  maxLength, precision, windowStride) — everything but the weights, which the
//                                  producer never loads; jobs also carry the cache space id, which the worker checks
//                                  against its own (space ids hash the weights), so two different folders reached
//                                  under one name still cannot mix.
//   predictQueueName(runDir)       'bertcnn-predict-<16 hex>' SHA-256 over the run's config.json or kim.json (and a
//                                  Kim run's vocabulary), labels.json and weights (model.safetensors, and encoder/ of
//                                  fine-tuned runs), by content: retraining into the same folder gives a new queue.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LayerSelection, Pooling, Precision } from '../encoders/encoder.ts';
import { DataError } from '../errors.ts';

export const QUEUE_PREFIX = 'bertcnn';

/** What an embed worker computes: the feature-cache options of `bertcnn embed` (src/features/feature-cache-space.ts). */
export interface EmbedFeatureOptions {
  layers: LayerSelection;
  pooling: Pooling | null;
  tokens: boolean;
  /** undefined = the model's own maximum. */
  maxLength?: number;
  precision: Precision;
  windowStride?: number;
}

const hex16 = (h: ReturnType<typeof createHash>) => h.digest('hex').slice(0, 16);

/** A local folder by absolute path (so `./m` and `/abs/m` agree); a Hub id as given. */
export function canonicalRef(ref: string): string {
  return existsSync(ref) ? resolve(ref) : ref;
}

export function embedQueueName(ref: string, o: EmbedFeatureOptions): string {
  const canonical = JSON.stringify({
    ref: canonicalRef(ref),
    layers: o.layers.layers,
    combine: o.layers.combine ?? 'concat',
    pooling: o.pooling,
    tokens: o.tokens,
    maxLength: o.maxLength ?? null,
    precision: o.precision,
    windowStride: o.windowStride ?? null,
  });
  return `${QUEUE_PREFIX}-embed-${hex16(createHash('sha256').update(canonical))}`;
}

/** Files whose content defines what a run predicts. */
const RUN_FILES = [
  'config.json',
  'kim.json',
  'vocab.json',
  join('tokenizer', 'vocab.txt'),
  'labels.json',
  'model.safetensors',
  join('encoder', 'config.json'),
  join('encoder', 'model.safetensors'),
];

export async function predictQueueName(runDir: string): Promise<string> {
  if (!existsSync(join(runDir, 'config.json')) && !existsSync(join(runDir, 'kim.json')))
    throw new DataError(runDir, 'not a run folder (no config.json); --redis serves runs written by `bertcnn train`');
  const h = createHash('sha256');
  for (const f of RUN_FILES) {
    const path = join(runDir, f);
    if (!existsSync(path)) continue;
    h.update(`${f}\u0000`);
    for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
    h.update('\u0000');
  }
  return `${QUEUE_PREFIX}-predict-${hex16(h)}`;
}
