// Frozen-mode features for a server: the encoder's features of the texts of the current batch only. Training and
// `bertcnn predict` keep every text's features in a MemoryFeatureSource for the life of the process; a server
// would grow without bound that way, so this source starts a fresh one on each prepare() and forgets the last.
// Callers must not overlap prepare()/batch() of different batches (the served model runs one batch at a time).
import type { Encoder } from '../encoders/encoder.ts';
import { MemoryFeatureSource, type FeatureSource, type SourceBatch, type SourceOptions } from './source.ts';

/** The run's feature options, window stride included (windowed runs are served windowed). */
export type SourceFeatureOptions = SourceOptions;

export class BatchFeatureSource implements FeatureSource {
  private current: MemoryFeatureSource;
  readonly tokenDim: number;
  readonly pooledDim: number;

  constructor(
    private readonly encoder: Encoder,
    private readonly opts: SourceFeatureOptions,
  ) {
    this.current = new MemoryFeatureSource(encoder, opts);
    this.tokenDim = this.current.tokenDim;
    this.pooledDim = this.current.pooledDim;
  }

  async prepare(texts: readonly string[], onProgress?: (done: number, total: number) => void): Promise<void> {
    const next = new MemoryFeatureSource(this.encoder, this.opts);
    await next.prepare(texts, onProgress);
    this.current = next;
  }

  batch(texts: readonly string[], minLength: number): Promise<SourceBatch> {
    return this.current.batch(texts, minLength);
  }

  length(text: string): number {
    return this.current.length(text);
  }
}
