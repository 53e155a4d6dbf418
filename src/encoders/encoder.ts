// The one interface every text encoder implements (BERT-family now; static vectors and USE-lite later).
//
//   texts ──tokenize──▶ BatchEncoding ──frozen path──▶ Features (host tensors, fp32 or int8 inside)
//                                      └─trainable path─▶ build(ctx, inputs) inside the caller's own Program
//
// Shapes (B = batch, T = padded length, H = hidden size, D = token feature size, P = pooled size):
//   tokens [B, T, D] float32   D = H, or k·H when k layers are concatenated; padded positions are exactly 0
//   mask   [B, T]    float32   1 = real token (specials included), 0 = padding; always a prefix of each row
//   lengths [B]      int32     real tokens per row (= Σ mask)
//   pooled [B, P]    float32   'cls' → tokens[:, 0]; 'mean' → Σ tokens·mask / Σ mask (both over the selected,
//                              combined layers, so P = D); 'pooler' → tanh(W·h_last[:, 0] + b) (P = H, BERT only)
// Layer indices follow Hugging Face's `hidden_states`: 0 = embeddings output, i = output of layer i (1..L);
// negative indices count from the end (-1 = last layer), so the last four are [-4, -3, -2, -1].
import type { Int8Scheme } from './quantize.ts';
import type { Value } from '../engine/graph.ts';
import type { BuildContext } from '../engine/program.ts';
import type { InputSpec } from '../engine/session.ts';
import type { HostTensor } from '../engine/tensor.ts';
import type { Module } from '../nn/module.ts';
import type { BatchEncoding } from '../tokenize/encode-batch.ts';

export type Pooling = 'cls' | 'pooler' | 'mean';
export type LayerCombine = 'sum' | 'concat' | 'mean';
export type Precision = 'fp32' | 'int8';

export interface LayerSelection {
  /** 'last' (default) or hidden-state indices, e.g. [-4, -3, -2, -1]. */
  layers: 'last' | readonly number[];
  /** How several layers become one [B, T, D] tensor. Default 'concat' (Devlin et al. 2019, feature-based NER). */
  combine?: LayerCombine;
}

export interface TokenizeOptions {
  /** Truncation length, specials included. Default: the encoder's maxLength. */
  maxLength?: number;
  /** Second texts (token type 1), one per text. */
  textPairs?: readonly string[];
  /** tokenize() only: false keeps every token, rows may exceed maxLength (for windowing, src/encoders/window.ts). */
  truncation?: boolean;
  /** tokenize() only: false leaves rows unpadded (default 'longest'). */
  padding?: false | 'longest';
  /** tokenize() only: characters of each text tokenized (default: src/tokenize/encode-batch.ts charBudget). */
  maxChars?: number;
}

export interface FeatureOptions extends TokenizeOptions {
  layers?: LayerSelection;
  /** Default: the encoder's defaultPooling. */
  pooling?: Pooling;
  /** Default 'fp32'. 'int8' = dynamic quantization of every weight matmul (DynamicQuantizeMatMul). */
  precision?: Precision;
  /** Sentences per run. Default 32. */
  batchSize?: number;
  /** Optional cap on B·T per run (padded tokens), for long texts. */
  maxTokens?: number;
  /** Sort by length so each run pads as little as possible (order is restored). Default true. */
  bucket?: boolean;
  /** What to compute and copy out. Default 'both'. */
  outputs?: 'tokens' | 'pooled' | 'both';
}

export interface Features {
  /** [B, T, D] float32, null when outputs = 'pooled'. */
  tokens: HostTensor | null;
  /** [B, T] float32, 1 = real token. */
  mask: HostTensor;
  /** [B] real tokens per row. */
  lengths: Int32Array;
  /** [B, P] float32, null when outputs = 'tokens'. */
  pooled: HostTensor | null;
  /** How many of the texts were cut to maxLength. */
  truncated: number;
}

/** One run of the streaming extractor: features of texts[indices[b]] for each row b. */
export interface FeatureBatch extends Features {
  indices: Int32Array;
}

/** Token ids of an already padded batch ([B][T] rows); BatchEncoding satisfies it. */
export type EncodedInputs = Pick<BatchEncoding, 'inputIds' | 'attentionMask'> &
  Partial<Pick<BatchEncoding, 'tokenTypeIds'>>;

/** Graph outputs of the trainable path. */
export interface EncoderGraph {
  /** [B, T, D], padded positions 0. */
  tokens: Value;
  /** [B, T] float32, the attention_mask input. */
  mask: Value;
  /** [B, P]; built only when read (so an unused pooler adds no nodes). */
  readonly pooled: Value;
}

export interface Encoder {
  /** Model reference it was loaded from (folder or Hub id). */
  readonly id: string;
  readonly modelType: string;
  readonly hiddenSize: number;
  readonly numLayers: number;
  /** Token ids the tokenizer can produce (rows of an id-level embedding table, e.g. the CNN-alone baseline). */
  readonly vocabSize: number;
  /** Longest input, specials included: min(tokenizer model_max_length, max_position_embeddings). */
  readonly maxLength: number;
  readonly poolings: readonly Pooling[];
  readonly defaultPooling: Pooling;
  /** How `precision: 'int8'` quantizes (src/encoders/quantize.ts): int8 features depend on it. */
  readonly int8: Int8Scheme;

  /** D for a layer selection. */
  featureDim(layers?: LayerSelection): number;
  /** P for a pooling strategy and layer selection. */
  pooledDim(pooling?: Pooling, layers?: LayerSelection): number;

  /** Truncated (count in `truncatedCount`), padded to the longest row, with masks, word ids and offsets. */
  tokenize(texts: readonly string[], opts?: TokenizeOptions): BatchEncoding;

  // ── Frozen path: weights baked into cached inference sessions (per precision / layers / pooling).
  /** Features of all texts in input order, padded to the longest; empty strings are valid. */
  extract(texts: readonly string[], opts?: FeatureOptions): Promise<Features>;
  /** The same, one run at a time in bucket order (for streaming into a cache); rows map back via `indices`. */
  extractStream(texts: readonly string[], opts?: FeatureOptions): AsyncGenerator<FeatureBatch>;
  /** One already padded batch, run as is (no bucketing). */
  extractEncoded(
    batch: EncodedInputs,
    opts?: Omit<FeatureOptions, keyof TokenizeOptions | 'batchSize' | 'bucket' | 'maxTokens'>,
  ): Promise<Features>;

  // ── Trainable path: the encoder's parameters, and its graph for a head's own Program.
  /** Parameters named like Hugging Face's. */
  readonly module: Module;
  /** Freezes the embeddings (default true) and the lowest `layers` transformer layers (default 0). */
  freeze(opts: { embeddings?: boolean; layers?: number }): void;
  /** Depth of a parameter, for per-layer learning rates: 0 = embeddings, 1..L = layer, L + 1 = pooler. */
  depthOf(name: string): number;
  /** The Program inputs `build` reads: input_ids int64 [B, T], attention_mask float32 [B, T] (+ token_type_ids). */
  readonly inputSpecs: readonly InputSpec[];
  /** Host tensors for `inputSpecs` from a padded batch. */
  feeds(batch: EncodedInputs): Record<string, HostTensor>;
  /** Builds the encoder inside the caller's Program; dropout follows ctx.training. */
  build(
    ctx: BuildContext,
    inputs: Record<string, Value>,
    opts?: { layers?: LayerSelection; pooling?: Pooling },
  ): EncoderGraph;

  /** Frees cached inference sessions (call after changing weights, or when done). */
  release(): Promise<void>;
}
