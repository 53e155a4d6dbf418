// What a feature-cache "space" is: one folder per (encoder fingerprint, layer selection, pooling, outputs, max
// length, precision and, for int8, the quantization scheme, window stride when long texts are windowed), named by
// the first 16 hex digits of SHA-256 over that description (see feature-cache.ts).
//   cacheSpec(encoder, opts)  → CacheSpec (fingerprints the encoder unless opts.fingerprint is given)
//   encoderFingerprint(enc)   → SHA-256 over model type and sizes, every parameter (name, shape, fp32 bytes) and
//                               the token ids of a probe text set (catches vocabulary / casing differences)
//   spaceIdOf(spec), readSpaceFile / spaceFile, listFeatureCaches(root)
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Encoder, LayerSelection, Pooling, Precision } from '../encoders/encoder.ts';
import type { Int8Scheme } from '../encoders/quantize.ts';
import { resolveLayers } from '../encoders/features.ts';
import { DataError, UsageError } from '../errors.ts';
import { FORMAT_VERSION } from './feature-cache-format.ts';

export interface CacheOptions {
  /** Layers and how they combine. Default: the last layer. */
  layers?: LayerSelection;
  /** Also store pooled vectors made this way. Default null: no pooled vectors. */
  pooling?: Pooling | null;
  /** Store token features [T, D]. Default true (false needs a pooling). */
  tokens?: boolean;
  /** Truncation length, specials included. Default: the encoder's maxLength. */
  maxLength?: number;
  precision?: Precision;
  /** Use this instead of hashing the encoder's weights (e.g. a model's own checksum). */
  fingerprint?: string;
  /** Long texts: sliding windows sharing this many tokens instead of truncation (src/encoders/window.ts). */
  windowStride?: number;
}

/** Everything the features depend on; its hash names the space folder. */
export interface CacheSpec {
  encoder: { id: string; modelType: string; fingerprint: string };
  /** Resolved layer selection, e.g. '4:sum' (last of 4 layers) or '1,2,3,4:concat'. */
  layers: string;
  pooling: Pooling | null;
  tokens: boolean;
  maxLength: number;
  precision: Precision;
  /** D of stored token rows (0 when tokens are not stored). */
  tokenDim: number;
  /** P of stored pooled vectors (0 when not stored). */
  pooledDim: number;
  /** Present when long texts are windowed (rows may be longer than maxLength) instead of truncated. */
  windowStride?: number;
  /** int8 spaces: how the encoder quantizes (7-bit weights on CPUs without VNNI, [CLS] on its own scale, …), since
   *  the features depend on it as much as on the weights. */
  int8?: Int8Scheme;
}

export const SPACE_FILE = 'space.json';
const PROBE = [
  'The Quick Brown Fox, naïve café — 1,234 résumés!',
  '北京 東京 emoji 🙂 ##x [UNK]',
  'unaffordable hyperparameters',
];

export function encoderFingerprint(enc: Encoder): string {
  const h = createHash('sha256');
  h.update(
    JSON.stringify({ modelType: enc.modelType, hidden: enc.hiddenSize, layers: enc.numLayers, poolings: enc.poolings }),
  );
  for (const p of enc.module.parameters()) {
    h.update(`${p.name}[${p.shape.join(',')}]`);
    h.update(new Uint8Array(p.data.buffer, p.data.byteOffset, p.data.byteLength));
  }
  for (const row of enc.tokenize(PROBE, { maxLength: Math.min(64, enc.maxLength) }).inputIds) {
    h.update(new Uint8Array(row.buffer, row.byteOffset, row.byteLength));
  }
  return h.digest('hex').slice(0, 32);
}

export function cacheSpec(enc: Encoder, opts: CacheOptions = {}): CacheSpec {
  const precision = opts.precision ?? 'fp32';
  if (precision !== 'fp32' && precision !== 'int8')
    throw new UsageError(`precision must be 'fp32' or 'int8', got ${JSON.stringify(precision)}`);
  const tokens = opts.tokens ?? true;
  const pooling = opts.pooling ?? null;
  if (!tokens && !pooling)
    throw new UsageError('a feature cache must store token features, pooled vectors, or both (give a pooling)');
  if (pooling && !enc.poolings.includes(pooling)) {
    throw new UsageError(
      `pooling '${pooling}' is not available for ${enc.modelType} (choose ${enc.poolings.join(', ')})`,
    );
  }
  const maxLength = opts.maxLength ?? enc.maxLength;
  if (!(Number.isInteger(maxLength) && maxLength >= 2 && maxLength <= enc.maxLength)) {
    throw new UsageError(`maxLength must be an integer in 2..${enc.maxLength}, got ${maxLength}`);
  }
  const stride = opts.windowStride;
  if (stride !== undefined && !(Number.isInteger(stride) && stride >= 0 && stride < maxLength - 2)) {
    throw new UsageError(
      `window stride must be an integer in 0..${maxLength - 3} (windows of maxLength ${maxLength} hold at most ${maxLength - 2} text tokens), got ${stride}`,
    );
  }
  return {
    encoder: { id: enc.id, modelType: enc.modelType, fingerprint: opts.fingerprint ?? encoderFingerprint(enc) },
    layers: resolveLayers(opts.layers, enc.numLayers).key,
    pooling,
    tokens,
    maxLength,
    precision,
    tokenDim: tokens ? enc.featureDim(opts.layers) : 0,
    pooledDim: pooling ? enc.pooledDim(pooling, opts.layers) : 0,
    ...(stride === undefined ? {} : { windowStride: stride }),
    ...(precision === 'int8' ? { int8: { ...enc.int8 } } : {}),
  };
}

/** The space folder name. The encoder's id is recorded but not hashed: the same weights reached by a Hub id or a
 *  local path share one cache. */
export function spaceIdOf(spec: CacheSpec): string {
  const { encoder, ...rest } = spec;
  const canonical = JSON.stringify({ v: FORMAT_VERSION, model: [encoder.modelType, encoder.fingerprint], ...rest });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

export function spaceFile(spec: CacheSpec): string {
  return `${JSON.stringify({ format: 'bertcnn-feature-cache', version: FORMAT_VERSION, spaceId: spaceIdOf(spec), ...spec }, null, 2)}\n`;
}

/** Parses `<dir>/space.json`; DataError when it is missing or malformed. */
export function readSpaceFile(dir: string): CacheSpec & { spaceId: string } {
  const path = join(dir, SPACE_FILE);
  if (!existsSync(path))
    throw new DataError(path, 'missing: not a feature-cache folder (run `bertcnn embed` to build one)');
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new DataError(path, `not valid JSON: ${(e as Error).message}`);
  }
  if (raw.format !== 'bertcnn-feature-cache' || raw.version !== FORMAT_VERSION) {
    throw new DataError(
      path,
      `not a version-${FORMAT_VERSION} bertcnn feature cache (format ${String(raw.format)}, version ${String(raw.version)})`,
    );
  }
  const spec = raw as unknown as CacheSpec & { spaceId: string };
  const { encoder, layers, pooling, tokens, maxLength, precision, tokenDim, pooledDim, windowStride, int8 } = spec;
  const clean: CacheSpec = {
    encoder,
    layers,
    pooling,
    tokens,
    maxLength,
    precision,
    tokenDim,
    pooledDim,
    ...(windowStride === undefined ? {} : { windowStride }),
    ...(int8 === undefined ? {} : { int8 }),
  };
  if (typeof encoder?.fingerprint !== 'string' || spaceIdOf(clean) !== spec.spaceId) {
    throw new DataError(
      path,
      `its fields do not hash to its spaceId ${JSON.stringify(spec.spaceId)} (edited by hand?)`,
    );
  }
  return { ...clean, spaceId: spec.spaceId };
}

/** Every space under a cache root, with its description. */
export function listFeatureCaches(root: string): (CacheSpec & { spaceId: string; dir: string })[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^[0-9a-f]{16}$/.test(d.name) && existsSync(join(root, d.name, SPACE_FILE)))
    .map((d) => ({ ...readSpaceFile(join(root, d.name)), dir: join(root, d.name) }));
}
