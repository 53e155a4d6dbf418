// Where a frozen-mode head gets its encoder features. The persistent on-disk cache (src/data/feature-cache)
// and the in-memory source below implement the same FeatureSource, so the trainer does not care which.
// With `windowStride` set, texts longer than maxLength are embedded whole in overlapping windows
// (src/encoders/window.ts extractWindowedStream) instead of truncated: their rows are longer than maxLength.
import type { HostTensor } from '../engine/tensor.ts';
import type { Encoder, FeatureBatch, FeatureOptions } from '../encoders/encoder.ts';
import { extractWindowedStream } from '../encoders/window.ts';

/** What a frozen run's features are made of (assembleClassifier builds it from the run config). */
export type SourceOptions = FeatureOptions & {
  outputs: 'tokens' | 'pooled' | 'both';
  /** Window long texts, consecutive windows sharing this many tokens, instead of truncating them. */
  windowStride?: number;
};

export interface SourceBatch {
  /** [B, T, D] float32, padded with zeros to T ≥ minLength. */
  tokens?: HostTensor;
  /** [B, T] float32, 1 = real token. */
  mask: HostTensor;
  /** [B, P] float32. */
  pooled?: HostTensor;
}

export interface FeatureSource {
  readonly tokenDim: number;
  readonly pooledDim: number;
  /** Features for these texts (all computed beforehand by `prepare`). */
  batch(texts: readonly string[], minLength: number): Promise<SourceBatch>;
  /** Computes (or loads) features for every text that will be asked for; reports progress. */
  prepare(texts: readonly string[], onProgress?: (done: number, total: number) => void): Promise<void>;
  /** Token count per text (for length bucketing). */
  length(text: string): number;
}

/** Keeps features in memory (fp32, true lengths only): for small data and tests. */
export class MemoryFeatureSource implements FeatureSource {
  private readonly rows = new Map<
    string,
    { tokens: Float32Array | null; pooled: Float32Array | null; length: number }
  >();
  readonly tokenDim: number;
  readonly pooledDim: number;

  constructor(
    private readonly encoder: Encoder,
    private readonly opts: SourceOptions,
  ) {
    this.tokenDim = encoder.featureDim(opts.layers);
    this.pooledDim = opts.outputs === 'tokens' ? 0 : encoder.pooledDim(opts.pooling, opts.layers);
  }

  async prepare(texts: readonly string[], onProgress?: (done: number, total: number) => void): Promise<void> {
    const todo = [...new Set(texts)].filter((t) => !this.rows.has(t));
    let done = 0;
    for await (const run of this.stream(todo)) {
      const T = run.mask.shape[1]!;
      const D = this.tokenDim;
      run.indices.forEach((idx, b) => {
        const len = run.lengths[b]!;
        const tokens = run.tokens ? (run.tokens.data as Float32Array).slice(b * T * D, (b * T + len) * D) : null;
        const P = this.pooledDim;
        const pooled = run.pooled ? (run.pooled.data as Float32Array).slice(b * P, (b + 1) * P) : null;
        this.rows.set(todo[idx]!, { tokens, pooled, length: len });
      });
      done += run.indices.length;
      onProgress?.(done, todo.length);
    }
  }

  private stream(texts: readonly string[]): AsyncGenerator<FeatureBatch> {
    const { windowStride, ...opts } = this.opts;
    if (windowStride === undefined) return this.encoder.extractStream(texts, opts);
    const { layers, pooling, precision, maxLength, outputs, batchSize } = opts;
    return extractWindowedStream(this.encoder, texts, {
      layers,
      pooling,
      precision,
      maxLength,
      outputs,
      batchSize,
      stride: windowStride,
    });
  }

  length(text: string): number {
    return this.rows.get(text)?.length ?? 0;
  }

  async batch(texts: readonly string[], minLength: number): Promise<SourceBatch> {
    const rows = texts.map((t) => {
      const r = this.rows.get(t);
      if (!r) throw new Error(`feature source: text was not prepared: "${t.slice(0, 60)}"`);
      return r;
    });
    const B = rows.length;
    const T = Math.max(minLength, ...rows.map((r) => r.length));
    const D = this.tokenDim;
    const mask = new Float32Array(B * T);
    rows.forEach((r, b) => mask.fill(1, b * T, b * T + r.length));
    const out: SourceBatch = { mask: { dtype: 'float32', shape: [B, T], data: mask } };
    if (this.opts.outputs !== 'pooled') {
      const tokens = new Float32Array(B * T * D);
      rows.forEach((r, b) => tokens.set(r.tokens!, b * T * D));
      out.tokens = { dtype: 'float32', shape: [B, T, D], data: tokens };
    }
    if (this.opts.outputs !== 'tokens') {
      const P = this.pooledDim;
      const pooled = new Float32Array(B * P);
      rows.forEach((r, b) => pooled.set(r.pooled!, b * P));
      out.pooled = { dtype: 'float32', shape: [B, P], data: pooled };
    }
    return out;
  }
}
