// FeatureSource over the persistent on-disk feature cache (src/data/feature-cache): frozen-mode features are
// computed once per (encoder weights, layers, pooling, max length, precision, text) and reused across epochs,
// runs and commands (`bertcnn embed` fills the same cache). Windowed features (`windowStride`) live in a space of
// their own, so a windowed and a truncating run can share one cache folder.
import type { Encoder } from '../encoders/encoder.ts';
import { FeatureCache } from './feature-cache.ts';
import type { FeatureSource, SourceBatch, SourceOptions } from './source.ts';

export class CachedFeatureSource implements FeatureSource {
  private cache: FeatureCache | null = null;
  private readonly lengths = new Map<string, number>();
  tokenDim: number;
  pooledDim: number;

  constructor(
    private readonly root: string,
    private readonly encoder: Encoder,
    private readonly opts: SourceOptions,
  ) {
    this.tokenDim = opts.outputs === 'pooled' ? 0 : encoder.featureDim(opts.layers);
    this.pooledDim = opts.outputs === 'tokens' ? 0 : encoder.pooledDim(opts.pooling, opts.layers);
  }

  private async open(): Promise<FeatureCache> {
    this.cache ??= await FeatureCache.open(this.root, this.encoder, {
      layers: this.opts.layers,
      pooling: this.opts.outputs === 'tokens' ? null : (this.opts.pooling ?? this.encoder.defaultPooling),
      tokens: this.opts.outputs !== 'pooled',
      maxLength: this.opts.maxLength,
      precision: this.opts.precision,
      windowStride: this.opts.windowStride,
    });
    return this.cache;
  }

  async prepare(texts: readonly string[], onProgress?: (done: number, total: number) => void): Promise<void> {
    const cache = await this.open();
    await cache.embed(texts, { onProgress });
    const unique = [...new Set(texts)];
    const ds = cache.dataset(unique);
    unique.forEach((t, i) => this.lengths.set(t, ds.lengths[i]!));
  }

  length(text: string): number {
    return this.lengths.get(text) ?? 0;
  }

  async batch(texts: readonly string[], minLength: number): Promise<SourceBatch> {
    const cache = await this.open();
    const b = cache.batch(
      texts.map((t) => cache.keyOf(t)),
      { minLength },
    );
    return { tokens: b.tokens ?? undefined, mask: b.mask, pooled: b.pooled ?? undefined };
  }
}
