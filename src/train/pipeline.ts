// A pipeline is "texts → logits" for one mode, as the trainer sees it: the Program inputs it needs, how to feed
// them for a batch of texts, and how to build the logits inside a Program. Data flows one way:
//   frozen:   texts → FeatureSource (cached encoder features) → head → logits [B, C]
//   finetune: texts → tokenizer → encoder graph → head → logits      (encoder and head train together)
//   ids:      texts → tokenizer → head over token ids (CNN-alone baseline, no encoder)
import type { Value } from '../engine/graph.ts';
import type { Param } from '../engine/param.ts';
import type { BuildContext } from '../engine/program.ts';
import type { InputSpec } from '../engine/session.ts';
import type { HostTensor } from '../engine/tensor.ts';
import type { Encoder, LayerSelection, Pooling } from '../encoders/encoder.ts';
import type { Head, HeadInput } from '../heads/index.ts';
import type { FeatureSource } from '../features/source.ts';

export interface Pipeline {
  readonly mode: 'frozen' | 'finetune' | 'ids';
  readonly inputSpecs: InputSpec[];
  /** Everything the optimizer may update (frozen encoder parameters are marked trainable = false). */
  parameters(): Param[];
  feeds(texts: readonly string[]): Promise<Record<string, HostTensor>>;
  /** logits [B, C] */
  build(ctx: BuildContext, inputs: Record<string, Value>): Value;
  /** Extra loss term of the head (e.g. L2), or null. */
  penalty(ctx: BuildContext): Value | null;
  /** Token count per text, for length bucketing. */
  length(text: string): number;
}

export function frozenPipeline(source: FeatureSource, head: Head, input: HeadInput): Pipeline {
  const pooled = input === 'pooled';
  return {
    mode: 'frozen',
    inputSpecs: pooled
      ? [{ name: 'pooled', dtype: 'float32', shape: ['B', source.pooledDim] }]
      : [
          { name: 'features', dtype: 'float32', shape: ['B', 'T', source.tokenDim] },
          { name: 'mask', dtype: 'float32', shape: ['B', 'T'] },
        ],
    parameters: () => head.parameters(),
    async feeds(texts): Promise<Record<string, HostTensor>> {
      const b = await source.batch(texts, head.minLength);
      if (pooled) return { pooled: b.pooled! };
      return { features: b.tokens!, mask: b.mask };
    },
    build: (ctx, x) => (pooled ? head.forward(ctx, x.pooled!) : head.forward(ctx, x.features!, x.mask!)),
    penalty: (ctx) => head.regularization(ctx),
    length: (t) => source.length(t),
  };
}

/** Pads [B, T] id/mask tensors (and nothing else) to at least `minLength` columns. */
export function padColumns(feeds: Record<string, HostTensor>, minLength: number): Record<string, HostTensor> {
  const out: Record<string, HostTensor> = {};
  for (const [k, t] of Object.entries(feeds)) {
    const [B, T] = t.shape as [number, number];
    if (t.shape.length !== 2 || T >= minLength) {
      out[k] = t;
      continue;
    }
    const data = new (t.data.constructor as { new (n: number): typeof t.data })(B * minLength);
    for (let b = 0; b < B; b++)
      (data as Float32Array).set((t.data as Float32Array).subarray(b * T, (b + 1) * T), b * minLength);
    out[k] = { dtype: t.dtype, shape: [B, minLength], data };
  }
  return out;
}

export interface EncoderPipelineOptions {
  maxLength?: number;
  layers?: LayerSelection;
  pooling?: Pooling;
}

export function finetunePipeline(
  encoder: Encoder,
  head: Head,
  input: HeadInput,
  opts: EncoderPipelineOptions = {},
): Pipeline {
  return {
    mode: 'finetune',
    inputSpecs: [...encoder.inputSpecs],
    parameters: () => [...encoder.module.parameters(), ...head.parameters()],
    feeds: async (texts) =>
      padColumns(encoder.feeds(encoder.tokenize(texts, { maxLength: opts.maxLength })), head.minLength),
    build(ctx, x) {
      const enc = encoder.build(ctx, x, { layers: opts.layers, pooling: opts.pooling });
      return input === 'pooled' ? head.forward(ctx, enc.pooled) : head.forward(ctx, enc.tokens, enc.mask);
    },
    penalty: (ctx) => head.regularization(ctx),
    length: (t) => t.length, // characters: a cheap proxy for bucketing before tokenization
  };
}

export function idsPipeline(encoder: Encoder, head: Head, opts: EncoderPipelineOptions = {}): Pipeline {
  return {
    mode: 'ids',
    inputSpecs: [
      { name: 'input_ids', dtype: 'int64', shape: ['B', 'T'] },
      { name: 'attention_mask', dtype: 'float32', shape: ['B', 'T'] },
    ],
    parameters: () => head.parameters(),
    async feeds(texts) {
      const f = encoder.feeds(encoder.tokenize(texts, { maxLength: opts.maxLength }));
      return padColumns({ input_ids: f.input_ids!, attention_mask: f.attention_mask! }, head.minLength);
    },
    build: (ctx, x) => head.forward(ctx, x.input_ids!, x.attention_mask!),
    penalty: (ctx) => head.regularization(ctx),
    length: (t) => t.length,
  };
}
