// Sentence vectors from an encoder, for features: the pooled output (use-lite: its 512-d sentence vector; BERT:
// the [CLS] state, the pooler, or the masked mean of the token states), one Float32Array per text in input order.
import type { Encoder, LayerSelection, Pooling } from '../encoders/encoder.ts';

/** embed() options: pooling, layers, max length, batch size. */
export interface EmbedOptions {
  /** Default: the encoder's own (use-lite 'pooler', BERT 'cls' or the sentence-transformers setting). */
  pooling?: Pooling;
  /** Hidden states to pool (default: the model's, else the last layer). */
  layers?: LayerSelection;
  /** Tokens per text, specials included (longer texts are truncated). */
  maxLength?: number;
  /** Texts per encoder run (default 32). */
  batchSize?: number;
}

/** One vector of P values per text (P = encoder.pooledDim(pooling, layers)). */
export async function embedTexts(
  encoder: Encoder,
  texts: readonly string[],
  o: EmbedOptions = {},
): Promise<Float32Array[]> {
  if (texts.length === 0) return [];
  const f = await encoder.extract(texts, {
    outputs: 'pooled',
    pooling: o.pooling,
    layers: o.layers,
    maxLength: o.maxLength,
    batchSize: o.batchSize,
  });
  const pooled = f.pooled!; // [N, P]
  const P = pooled.shape[1] as number;
  const data = pooled.data as Float32Array;
  return texts.map((_, i) => data.slice(i * P, (i + 1) * P));
}
