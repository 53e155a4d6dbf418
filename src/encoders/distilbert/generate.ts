// Writes a random-weight DistilBERT checkpoint folder in Hugging Face layout (tests and benchmarks): config.json
// (DistilBertConfig names), vocab.txt (tiny or bert-base-uncased), tokenizer_config.json, model.safetensors
// (F32; prefix 'distilbert.' mimics distilbert-base-uncased, which is saved from DistilBertForMaskedLM).
import { Rng } from '../../engine/rng.ts';
import type { SafeTensor } from '../../io/safetensors.ts';
import { loadBertBaseUncasedVocab } from '../../tokenize/bert-vocab.ts';
import { paramTensors, TINY_VOCAB, writeHfFolder } from '../hf-folder.ts';
import { type DistilBertConfig, parseDistilBertConfig } from './config.ts';
import { DistilBertModel } from './model.ts';

export interface GenerateDistilBertOptions {
  layers?: number; // default 2
  dim?: number; // default 64
  heads?: number; // default 4
  hiddenDim?: number; // default 4 × dim
  vocab?: 'bert-base-uncased' | 'tiny' | readonly string[];
  maxPositions?: number; // default 128
  seed?: number;
  prefix?: string; // '' or 'distilbert.'
  extraTensors?: Record<string, SafeTensor>;
}

export async function generateDistilBertCheckpoint(
  dir: string,
  opts: GenerateDistilBertOptions = {},
): Promise<{ dir: string; config: DistilBertConfig; vocab: readonly string[] }> {
  const vocab =
    opts.vocab === 'bert-base-uncased'
      ? loadBertBaseUncasedVocab()
      : opts.vocab === 'tiny' || !opts.vocab
        ? TINY_VOCAB
        : opts.vocab;
  const dim = opts.dim ?? 64;
  const raw = {
    architectures: ['DistilBertModel'],
    model_type: 'distilbert',
    vocab_size: vocab.length,
    dim,
    n_layers: opts.layers ?? 2,
    n_heads: opts.heads ?? 4,
    hidden_dim: opts.hiddenDim ?? 4 * dim,
    activation: 'gelu',
    dropout: 0.1,
    attention_dropout: 0.1,
    max_position_embeddings: opts.maxPositions ?? 128,
    sinusoidal_pos_embds: false,
    initializer_range: 0.02,
    pad_token_id: 0,
  };
  const config = parseDistilBertConfig(raw, `${dir}/config.json`);
  const model = new DistilBertModel('', config, new Rng(opts.seed ?? 0));
  await writeHfFolder(dir, {
    config: raw,
    vocab,
    tokenizerConfig: {
      tokenizer_class: 'DistilBertTokenizer',
      do_lower_case: true,
      model_max_length: config.max_position_embeddings,
    },
    tensors: { ...paramTensors(model.parameters(), opts.prefix ?? ''), ...opts.extraTensors },
  });
  return { dir, config, vocab };
}
