// Builds a BERT-architecture encoder (BERT cased/uncased, BioBERT, MiniLM such as
// sentence-transformers/all-MiniLM-L6-v2) from a model reference: a local Hugging Face folder or a Hub id.
//   config.json → BertConfig (zod) → BertModel → weights from model.safetensors by Hugging Face name
//   (`bert.` prefix of BertFor* checkpoints stripped, legacy gamma/beta accepted; see src/encoders/weights.ts).
// A checkpoint without a pooler (e.g. saved from BertForTokenClassification) loads: the pooler is initialised
// (N(0, 0.02) weight, zero bias), reported as missing, and the default pooling becomes 'cls'.
import { join } from 'node:path';
import { Rng } from '../../engine/rng.ts';
import type { WordPieceTokenizer } from '../../tokenize/wordpiece.ts';
import { type LoadEncoderOptions, type OpenedModel, openModel } from '../open.ts';
import {
  CAPS,
  checkParameterCount,
  checkSizesAgainstWeights,
  checkTokenizerFits,
  findTensorKey,
} from '../check-sizes.ts';
import { TransformerEncoder } from '../transformer.ts';
import { loadModuleWeights, SkipInitRng, type WeightReport } from '../weights.ts';
import { bertBackbone } from './backbone.ts';
import { type BertConfig, bertParameterCount, parseBertConfig } from './config.ts';
import { BertModel } from './model.ts';

export interface LoadedBertModel {
  model: BertModel;
  config: BertConfig;
  report: WeightReport;
  /** True when the checkpoint provided the pooler weights. */
  hasTrainedPooler: boolean;
}

export class BertEncoder extends TransformerEncoder {
  constructor(
    readonly model: BertModel,
    readonly report: WeightReport,
    tokenizer: WordPieceTokenizer,
    id: string,
    opts: LoadEncoderOptions & { pooling?: BertEncoder['defaultPooling'] } = {},
  ) {
    super({
      id,
      backbone: bertBackbone(model),
      tokenizer,
      defaultPooling: opts.defaultPooling ?? opts.pooling,
      maxLength: opts.maxLength,
      threads: opts.threads,
      quantize: opts.quantize,
    });
  }

  get config(): BertConfig {
    return this.model.config;
  }
}

const isPooler = (name: string) => /(^|\.)pooler\.dense\.(weight|bias)$/.test(name);

const WORDS = 'embeddings.word_embeddings.weight';

/** config.json's sizes against the weights' header shapes, and the tokenizer against the embedding rows. */
export function checkBertSizes(opened: OpenedModel): void {
  const { ckpt } = opened;
  const configPath = join(opened.dir, 'config.json');
  // the parsed config, defaults filled in: an absent max_position_embeddings is 512 and must match the weights too
  const config = parseBertConfig(ckpt.config, configPath);
  checkSizesAgainstWeights(ckpt.weights, {
    configPath,
    weightsLabel: join(opened.dir, ckpt.weightFiles[0] ?? 'model.safetensors'),
    config,
    rules: [
      { field: 'vocab_size', tensor: WORDS, dim: 0, cap: CAPS.vocab },
      { field: 'hidden_size', tensor: WORDS, dim: 1, cap: CAPS.hidden },
      {
        field: 'max_position_embeddings',
        tensor: 'embeddings.position_embeddings.weight',
        dim: 0,
        cap: CAPS.positions,
      },
      { field: 'type_vocab_size', tensor: 'embeddings.token_type_embeddings.weight', dim: 0, cap: CAPS.typeVocab },
      {
        field: 'intermediate_size',
        tensor: 'encoder.layer.0.intermediate.dense.weight',
        dim: 0,
        cap: CAPS.intermediate,
      },
      // hidden_size is every tensor's width: checked against each, since any of them may be absent (allowMissing)
      { field: 'hidden_size', tensor: 'embeddings.position_embeddings.weight', dim: 1, cap: CAPS.hidden },
      { field: 'hidden_size', tensor: 'embeddings.token_type_embeddings.weight', dim: 1, cap: CAPS.hidden },
      { field: 'hidden_size', tensor: 'encoder.layer.0.intermediate.dense.weight', dim: 1, cap: CAPS.hidden },
    ],
    layers: { field: 'num_hidden_layers', pattern: /(?:^|\.)encoder\.layer\.(\d+)\./, cap: CAPS.layers },
  });
  checkParameterCount(
    configPath,
    bertParameterCount(config),
    '(vocab_size + max_position_embeddings + type_vocab_size) × hidden_size + num_hidden_layers × (4·hidden² + 2·hidden·intermediate_size)',
  );
  const key = findTensorKey(ckpt.weights.names, WORDS);
  if (key !== undefined) checkTokenizerFits(opened.tokenizer, ckpt.weights.info(key).shape[0]!, key);
}

/** BertModel with weights from an opened folder (the caller closes `opened.ckpt`). */
export async function bertModelFromCheckpoint(
  opened: OpenedModel,
  opts: LoadEncoderOptions = {},
): Promise<LoadedBertModel> {
  const config = parseBertConfig(opened.ckpt.config, join(opened.dir, 'config.json'));
  checkBertSizes(opened); // before BertModel allocates anything
  const model = new BertModel('', config, new SkipInitRng(0));
  const report = await loadModuleWeights(model, opened.ckpt, {
    modelClass: 'BertModel',
    initRng: new Rng(opts.seed ?? 0),
    source: opened.ref,
    optional: isPooler,
    allowMissing: opts.allowMissing,
    allowNonFinite: opts.allowNonFinite,
    onWarning: opts.onWarning,
  });
  const hasTrainedPooler = !report.missing.some(isPooler);
  return { model, config, report, hasTrainedPooler };
}

/** A BertEncoder from an opened folder (the caller closes `opened.ckpt`). */
export async function bertFromCheckpoint(opened: OpenedModel, opts: LoadEncoderOptions = {}): Promise<BertEncoder> {
  const { model, report, hasTrainedPooler } = await bertModelFromCheckpoint(opened, opts);
  const st = opened.sentenceTransformers;
  const pooling = st.pooling ?? (hasTrainedPooler ? 'pooler' : 'cls');
  return new BertEncoder(model, report, opened.tokenizer, opened.ref, {
    ...opts,
    maxLength: opts.maxLength ?? st.maxLength,
    pooling,
  });
}

/** Loads a BERT-architecture encoder from a folder or Hub id. */
export async function loadBert(ref: string, opts: LoadEncoderOptions = {}): Promise<BertEncoder> {
  const opened = await openModel(ref, opts);
  try {
    return await bertFromCheckpoint(opened, opts);
  } finally {
    await opened.ckpt.close();
  }
}
