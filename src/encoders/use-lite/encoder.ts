// UseLiteEncoder: Universal Sentence Encoder lite behind the Encoder interface (encoder.ts). Frozen only.
//   tokens [B, T, D]  hidden states 0 (E = 256, embeddings + timing), 1, 2 (512 each; 2 = default, the TF graph's
//                     …/Layer_1/TransformerLayer/FFN/layer_postprocess/add); padded positions exactly 0
//   pooled [B, P]     'pooler' (default) = the model's L2-normalised sentence vector, P = 512;
//                     'mean' = masked mean of the selected token states, P = D
// No special tokens: lengths = pieces, and an empty text has length 0 (its row is all padding; its sentence
// vector is the model's output for no tokens). Features carry `unknown`, the number of unknown pieces.
// Trainable path: `module` is empty (the weights are graph constants); build() adds the frozen graph to the
// caller's Program (e.g. to export encoder + head as one model); freeze() rejects any request to train it.
import { collectRuns } from '../collect.ts';
import type { Value } from '../../engine/graph.ts';
import type { BuildContext } from '../../engine/program.ts';
import type { InputSpec } from '../../engine/session.ts';
import type { HostTensor } from '../../engine/tensor.ts';
import { UsageError } from '../../errors.ts';
import type { Module } from '../../nn/module.ts';
import { ATTENTION_MASK, backboneInputSpecs, encoderGraph, INPUT_IDS } from '../backbone.ts';
import { padRows, planBatches } from '../bucket.ts';
import type {
  EncodedInputs,
  Encoder,
  EncoderGraph,
  FeatureBatch,
  FeatureOptions,
  Features,
  LayerSelection,
  Pooling,
  TokenizeOptions,
} from '../encoder.ts';
import type { ResolvedLayers } from '../features.ts';
import { FrozenRunner, type PaddedBatch, type RunSpec } from '../frozen.ts';
import { int8Scheme, type Int8Scheme, type QuantizeOptions } from '../quantize.ts';
import type { UseLiteBackbone } from './backbone.ts';
import { countUnknown, paddedInputs, runSpec, useLiteLayers, widthOf } from './inputs.ts';
import type { UseLiteEncoding, UseLiteTokenizer } from './tokenizer.ts';

export interface UseLiteFeatures extends Features {
  /** Unknown pieces in the texts (after truncation). */
  unknown: number;
}
export interface UseLiteFeatureBatch extends FeatureBatch {
  unknown: number;
}

export interface UseLiteEncoderOptions {
  id: string;
  /** Default truncation length, 1..128. */
  maxLength?: number;
  defaultPooling?: Pooling;
  threads?: number;
  quantize?: QuantizeOptions;
}

export const FROZEN_ONLY =
  'use-lite is frozen-only: its weights are constants of the TF.js graph and cannot be fine-tuned. ' +
  'Train a head on its features (extract / the feature cache), or fine-tune a BERT encoder instead';

const f32 = (shape: number[], data: Float32Array): HostTensor => ({ dtype: 'float32', shape, data });

export class UseLiteEncoder implements Encoder {
  readonly id: string;
  readonly modelType = 'use-lite';
  readonly maxLength: number;
  readonly poolings: readonly Pooling[] = ['pooler', 'mean'];
  readonly defaultPooling: Pooling;
  readonly inputSpecs: readonly InputSpec[];
  readonly int8: Int8Scheme;
  private readonly runner: FrozenRunner;

  constructor(
    readonly backbone: UseLiteBackbone,
    readonly tokenizer: UseLiteTokenizer,
    init: UseLiteEncoderOptions,
  ) {
    this.id = init.id;
    this.maxLength = init.maxLength === undefined ? backbone.maxPositions : this.checkLength(init.maxLength);
    this.defaultPooling = this.checkPooling(init.defaultPooling ?? 'pooler');
    this.inputSpecs = backboneInputSpecs(backbone);
    this.int8 = int8Scheme(init.quantize);
    // quantized exactly as Encoder.int8 reports (the feature cache keys int8 spaces by it)
    this.runner = new FrozenRunner(backbone, { threads: init.threads, label: init.id, quantize: this.int8 });
  }

  get hiddenSize(): number {
    return this.backbone.hiddenSize;
  }
  get numLayers(): number {
    return this.backbone.numLayers;
  }
  get module(): Module {
    return this.backbone.module;
  }

  freeze(opts: { embeddings?: boolean; layers?: number }): void {
    if (opts.embeddings === false || (opts.layers ?? 0) < this.numLayers) {
      throw new UsageError(`${FROZEN_ONLY} (freeze({ layers: ${this.numLayers} }) is the only valid call)`);
    }
  }

  depthOf(): number {
    return 0;
  }

  featureDim(layers?: LayerSelection): number {
    return widthOf(this.backbone, this.layers(layers));
  }

  pooledDim(pooling: Pooling = this.defaultPooling, layers?: LayerSelection): number {
    return this.checkPooling(pooling) === 'pooler' ? this.hiddenSize : this.featureDim(layers);
  }

  tokenize(texts: readonly string[], opts: TokenizeOptions = {}): UseLiteEncoding {
    return this.tokenizer.encodeBatch(texts, {
      maxLength: this.checkLength(opts.maxLength),
      textPairs: opts.textPairs,
      truncation: opts.truncation,
      padding: opts.padding,
      maxChars: opts.maxChars,
    });
  }

  async extract(texts: readonly string[], opts: FeatureOptions = {}): Promise<UseLiteFeatures> {
    const enc = this.tokenizer.encodeBatch(texts, {
      maxLength: this.checkLength(opts.maxLength),
      textPairs: opts.textPairs,
      padding: false,
    });
    const spec = this.spec(opts);
    const D = this.featureDim(opts.layers);
    const P = this.pooledDim(spec.pooling, opts.layers);
    const c = await collectRuns(this.runEncoded(enc, spec, opts), enc.lengths, { D, P, outputs: spec.outputs });
    return { ...c, lengths: Int32Array.from(enc.lengths), truncated: enc.truncatedCount, unknown: enc.unknownCount };
  }

  async *extractStream(texts: readonly string[], opts: FeatureOptions = {}): AsyncGenerator<UseLiteFeatureBatch> {
    const enc = this.tokenizer.encodeBatch(texts, {
      maxLength: this.checkLength(opts.maxLength),
      textPairs: opts.textPairs,
      padding: false,
    });
    yield* this.runEncoded(enc, this.spec(opts), opts);
  }

  async extractEncoded(
    batch: EncodedInputs,
    opts: Pick<FeatureOptions, 'layers' | 'pooling' | 'precision' | 'outputs'> = {},
  ): Promise<UseLiteFeatures> {
    const padded = this.padded(batch);
    const lengths = Int32Array.from(batch.attentionMask, (row) => row.reduce((s, m) => s + (m ? 1 : 0), 0));
    const r = await this.run(padded, this.spec(opts));
    return {
      ...r,
      mask: f32([padded.B, padded.T], padded.attentionMask),
      lengths,
      truncated: 0,
      unknown: countUnknown(batch),
    };
  }

  get vocabSize(): number {
    return this.backbone.weights.vocabRows;
  }

  feeds(batch: EncodedInputs): Record<string, HostTensor> {
    const p = this.padded(batch);
    return {
      [INPUT_IDS]: { dtype: 'int64', shape: [p.B, p.T], data: p.inputIds },
      [ATTENTION_MASK]: f32([p.B, p.T], p.attentionMask),
    };
  }

  /** The frozen encoder inside the caller's Program (constants, no parameters, no gradients). */
  build(
    ctx: BuildContext,
    inputs: Record<string, Value>,
    opts: { layers?: LayerSelection; pooling?: Pooling } = {},
  ): EncoderGraph {
    return encoderGraph(
      ctx,
      this.backbone,
      inputs,
      this.layers(opts.layers),
      this.checkPooling(opts.pooling ?? this.defaultPooling),
    );
  }

  release(): Promise<void> {
    return this.runner.release();
  }

  /** Runs of one tokenized (unpadded) batch, in bucket order. */
  private async *runEncoded(
    enc: UseLiteEncoding,
    spec: RunSpec,
    opts: FeatureOptions,
  ): AsyncGenerator<UseLiteFeatureBatch> {
    const plan = planBatches(enc.lengths, {
      batchSize: opts.batchSize ?? 32,
      maxTokens: opts.maxTokens,
      bucket: opts.bucket ?? true,
    });
    for (const indices of plan) {
      const batch = padRows(enc, enc.lengths, indices, this.tokenizer.specialIds.pad);
      const r = await this.run(batch, spec);
      const lengths = Int32Array.from(indices, (i) => enc.lengths[i]!);
      const truncated = Array.from(indices).filter((i) => enc.truncated[i]).length;
      const unknown = Array.from(indices).reduce((n, i) => n + enc.unknown[i]!, 0);
      yield { ...r, indices, mask: f32([batch.B, batch.T], batch.attentionMask), lengths, truncated, unknown };
    }
  }

  /** One padded batch; a batch of empty texts (T = 0) runs as T = 1 of padding and returns [B, 0, D] tokens. */
  private async run(
    batch: PaddedBatch,
    spec: RunSpec,
  ): Promise<{ tokens: HostTensor | null; pooled: HostTensor | null }> {
    if (batch.T > 0) return this.runner.run(batch, spec);
    if (batch.B === 0) {
      const D = widthOf(this.backbone, spec.layers);
      const P = spec.pooling === 'pooler' ? this.hiddenSize : D;
      const empty = (shape: number[]) => f32(shape, new Float32Array(0));
      return {
        tokens: spec.outputs === 'pooled' ? null : empty([0, 0, D]),
        pooled: spec.outputs === 'tokens' ? null : empty([0, P]),
      };
    }
    const one: PaddedBatch = {
      B: batch.B,
      T: 1,
      inputIds: new BigInt64Array(batch.B),
      tokenTypeIds: new BigInt64Array(batch.B),
      attentionMask: new Float32Array(batch.B),
    };
    const r = await this.runner.run(one, spec);
    const D = r.tokens?.shape[2] ?? 0;
    return { tokens: r.tokens && f32([batch.B, 0, D], new Float32Array(0)), pooled: r.pooled };
  }

  private padded(batch: EncodedInputs): PaddedBatch {
    return paddedInputs(
      batch,
      this.backbone.maxPositions,
      this.backbone.weights.vocabRows,
      this.tokenizer.specialIds.pad,
    );
  }

  private spec(opts: Pick<FeatureOptions, 'layers' | 'pooling' | 'precision' | 'outputs'>): RunSpec {
    return runSpec(this.backbone, opts, this.checkPooling(opts.pooling ?? this.defaultPooling));
  }

  private layers(sel: LayerSelection | undefined): ResolvedLayers {
    return useLiteLayers(this.backbone, sel);
  }

  private checkPooling(p: Pooling): Pooling {
    if (!this.poolings.includes(p))
      throw new UsageError(`pooling '${p}' is not available for use-lite (choose ${this.poolings.join(', ')})`);
    return p;
  }

  private checkLength(n: number | undefined): number {
    const limit = this.backbone.maxPositions;
    if (n !== undefined && !(Number.isInteger(n) && n >= 1 && n <= limit)) {
      throw new UsageError(`maxLength must be an integer in 1..${limit} (use-lite's longest input), got ${n}`);
    }
    return n ?? this.maxLength;
  }
}
