// TransformerEncoder: the Encoder interface (encoder.ts) over any Backbone (BERT, DistilBERT, MiniLM) and a
// WordPiece tokenizer. Frozen runs go through FrozenRunner (cached inference sessions) in length buckets;
// the trainable path hands out the backbone's Module and graph. Shapes: see encoder.ts.
import { collectRuns } from './collect.ts';
import type { Value } from '../engine/graph.ts';
import type { BuildContext } from '../engine/program.ts';
import type { InputSpec } from '../engine/session.ts';
import type { HostTensor } from '../engine/tensor.ts';
import { UsageError } from '../errors.ts';
import type { Module } from '../nn/module.ts';
import type { BatchEncoding } from '../tokenize/encode-batch.ts';
import type { WordPieceTokenizer } from '../tokenize/wordpiece.ts';
import {
  ATTENTION_MASK,
  type Backbone,
  backboneInputSpecs,
  depthOf,
  encoderGraph,
  INPUT_IDS,
  TOKEN_TYPE_IDS,
} from './backbone.ts';
import { padRows, planBatches } from './bucket.ts';
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
} from './encoder.ts';
import { featureDimOf, resolveLayers } from './features.ts';
import { FrozenRunner, type PaddedBatch, type RunSpec } from './frozen.ts';
import { int8Scheme, type Int8Scheme, type QuantizeOptions } from './quantize.ts';

export type EncoderTokenizer = Pick<WordPieceTokenizer, 'encodeBatch' | 'modelMaxLength' | 'specialIds'>;

export interface TransformerEncoderInit {
  id: string;
  backbone: Backbone;
  tokenizer: EncoderTokenizer;
  /** Default: 'pooler' when the model has one, else 'cls' (sentence-transformers models: 'mean'). */
  defaultPooling?: Pooling;
  /** Default truncation length (≤ max_position_embeddings); default min(model_max_length, max positions). */
  maxLength?: number;
  threads?: number;
  quantize?: QuantizeOptions;
}

const f32 = (shape: number[], data: Float32Array): HostTensor => ({ dtype: 'float32', shape, data });

export class TransformerEncoder implements Encoder {
  readonly id: string;
  readonly backbone: Backbone;
  readonly tokenizer: EncoderTokenizer;
  readonly maxLength: number;
  readonly poolings: readonly Pooling[];
  readonly defaultPooling: Pooling;
  readonly inputSpecs: readonly InputSpec[];
  readonly int8: Int8Scheme;
  private readonly runner: FrozenRunner;

  constructor(init: TransformerEncoderInit) {
    const b = init.backbone;
    this.id = init.id;
    this.backbone = b;
    this.tokenizer = init.tokenizer;
    this.maxLength = Math.min(init.maxLength ?? init.tokenizer.modelMaxLength, b.maxPositions);
    this.poolings = b.hasPooler ? ['cls', 'pooler', 'mean'] : ['cls', 'mean'];
    this.defaultPooling = init.defaultPooling ?? (b.hasPooler ? 'pooler' : 'cls');
    this.checkPooling(this.defaultPooling);
    this.inputSpecs = backboneInputSpecs(b);
    this.int8 = int8Scheme(init.quantize);
    // quantized exactly as Encoder.int8 reports (the feature cache keys int8 spaces by it)
    this.runner = new FrozenRunner(b, { threads: init.threads, label: init.id, quantize: this.int8 });
  }

  get modelType(): string {
    return this.backbone.modelType;
  }
  get hiddenSize(): number {
    return this.backbone.hiddenSize;
  }
  get vocabSize(): number {
    const word = this.backbone.module.parameters().find((p) => p.name.endsWith('word_embeddings.weight'));
    if (!word) throw new UsageError(`${this.id}: no word-embedding matrix to size a vocabulary`);
    return word.shape[0]!;
  }
  get numLayers(): number {
    return this.backbone.numLayers;
  }
  get module(): Module {
    return this.backbone.module;
  }

  freeze(opts: { embeddings?: boolean; layers?: number }): void {
    const n = opts.layers ?? 0;
    if (!(Number.isInteger(n) && n >= 0 && n <= this.numLayers))
      throw new UsageError(`freeze: layers must be an integer in 0..${this.numLayers}, got ${n}`);
    this.backbone.freezeLower(n, opts.embeddings ?? true);
  }

  depthOf(name: string): number {
    return depthOf(name, this.numLayers);
  }

  featureDim(layers?: LayerSelection): number {
    return featureDimOf(resolveLayers(layers, this.numLayers), this.hiddenSize);
  }

  pooledDim(pooling: Pooling = this.defaultPooling, layers?: LayerSelection): number {
    return this.checkPooling(pooling) === 'pooler' ? this.hiddenSize : this.featureDim(layers);
  }

  tokenize(texts: readonly string[], opts: TokenizeOptions = {}): BatchEncoding {
    return this.tokenizer.encodeBatch(texts, {
      maxLength: this.checkLength(opts.maxLength),
      textPairs: opts.textPairs,
      truncation: opts.truncation,
      padding: opts.padding,
      maxChars: opts.maxChars,
    });
  }

  async extract(texts: readonly string[], opts: FeatureOptions = {}): Promise<Features> {
    const enc = this.tokenizer.encodeBatch(texts, {
      maxLength: this.checkLength(opts.maxLength),
      textPairs: opts.textPairs,
      padding: false,
    });
    const spec = this.spec(opts);
    const D = this.featureDim(opts.layers);
    const P = this.pooledDim(spec.pooling, opts.layers);
    const c = await collectRuns(this.runEncoded(enc, spec, opts), enc.lengths, { D, P, outputs: spec.outputs });
    return { ...c, lengths: Int32Array.from(enc.lengths), truncated: enc.truncatedCount };
  }

  async *extractStream(texts: readonly string[], opts: FeatureOptions = {}): AsyncGenerator<FeatureBatch> {
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
  ): Promise<Features> {
    const padded = this.padded(batch);
    const lengths = Int32Array.from(batch.attentionMask, (row) => row.reduce((s, m) => s + (m ? 1 : 0), 0));
    const r = await this.runner.run(padded, this.spec(opts));
    return { ...r, mask: f32([padded.B, padded.T], padded.attentionMask), lengths, truncated: 0 };
  }

  feeds(batch: EncodedInputs): Record<string, HostTensor> {
    const p = this.padded(batch);
    const shape = [p.B, p.T];
    const out: Record<string, HostTensor> = {
      [INPUT_IDS]: { dtype: 'int64', shape, data: p.inputIds },
      [ATTENTION_MASK]: f32(shape, p.attentionMask),
    };
    if (this.backbone.hasTokenTypes) out[TOKEN_TYPE_IDS] = { dtype: 'int64', shape, data: p.tokenTypeIds };
    return out;
  }

  build(
    ctx: BuildContext,
    inputs: Record<string, Value>,
    opts: { layers?: LayerSelection; pooling?: Pooling } = {},
  ): EncoderGraph {
    const pooling = this.checkPooling(opts.pooling ?? this.defaultPooling);
    return encoderGraph(ctx, this.backbone, inputs, resolveLayers(opts.layers, this.numLayers), pooling);
  }

  release(): Promise<void> {
    return this.runner.release();
  }

  /** Runs of one tokenized (unpadded) batch, in bucket order. */
  private async *runEncoded(enc: BatchEncoding, spec: RunSpec, opts: FeatureOptions): AsyncGenerator<FeatureBatch> {
    const plan = planBatches(enc.lengths, {
      batchSize: opts.batchSize ?? 32,
      maxTokens: opts.maxTokens,
      bucket: opts.bucket ?? true,
    });
    for (const indices of plan) {
      const batch = padRows(enc, enc.lengths, indices, this.tokenizer.specialIds.pad ?? 0);
      const r = await this.runner.run(batch, spec);
      const lengths = Int32Array.from(indices, (i) => enc.lengths[i]!);
      const truncated = Array.from(indices).filter((i) => enc.truncated[i]).length;
      yield { ...r, indices, mask: f32([batch.B, batch.T], batch.attentionMask), lengths, truncated };
    }
  }

  private padded(batch: EncodedInputs): PaddedBatch {
    const B = batch.inputIds.length;
    const T = B > 0 ? batch.inputIds[0]!.length : 0;
    if (batch.inputIds.some((r) => r.length !== T) || batch.attentionMask.some((r) => r.length !== T)) {
      throw new UsageError('extractEncoded/feeds need a padded batch: every row must have the same length');
    }
    const p = padRows(
      batch,
      new Array<number>(B).fill(T),
      Int32Array.from({ length: B }, (_, i) => i),
      this.tokenizer.specialIds.pad ?? 0,
    );
    batch.attentionMask.forEach((row, b) => row.forEach((m, t) => (p.attentionMask[b * T + t] = m ? 1 : 0)));
    return p;
  }

  private spec(opts: Pick<FeatureOptions, 'layers' | 'pooling' | 'precision' | 'outputs'>): RunSpec {
    const precision = opts.precision ?? 'fp32';
    if (precision !== 'fp32' && precision !== 'int8')
      throw new UsageError(`precision must be 'fp32' or 'int8', got ${JSON.stringify(precision)}`);
    const outputs = opts.outputs ?? 'both';
    if (!['tokens', 'pooled', 'both'].includes(outputs))
      throw new UsageError(`outputs must be 'tokens', 'pooled' or 'both'`);
    return {
      precision,
      layers: resolveLayers(opts.layers, this.numLayers),
      pooling: this.checkPooling(opts.pooling ?? this.defaultPooling),
      outputs,
    };
  }

  private checkPooling(p: Pooling): Pooling {
    if (!this.poolings.includes(p)) {
      throw new UsageError(
        `pooling '${p}' is not available for ${this.backbone.modelType} (choose ${this.poolings.join(', ')})`,
      );
    }
    return p;
  }

  private checkLength(n: number | undefined): number {
    const limit = this.backbone.maxPositions;
    if (n !== undefined && !(Number.isInteger(n) && n >= 2 && n <= limit)) {
      throw new UsageError(
        `maxLength must be an integer in 2..${limit} (this model's max_position_embeddings), got ${n}`,
      );
    }
    return n ?? this.maxLength;
  }
}
