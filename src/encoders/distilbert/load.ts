// Builds a DistilBERT encoder from a model reference (local Hugging Face folder or Hub id). Checkpoints such as
// distilbert-base-uncased (saved from DistilBertForMaskedLM: `distilbert.`-prefixed keys plus vocab_* head tensors)
// load with the prefix stripped and the head tensors reported as unused. No pooler: pooling is 'cls' or 'mean'.
import { join } from 'node:path';
import { Rng } from '../../engine/rng.ts';
import type { WordPieceTokenizer } from '../../tokenize/wordpiece.ts';
import type { Backbone } from '../backbone.ts';
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
import { type DistilBertConfig, distilBertParameterCount, parseDistilBertConfig } from './config.ts';
import { DistilBertModel } from './model.ts';

export function distilBertBackbone(model: DistilBertModel): Backbone {
  const c = model.config;
  return {
    module: model,
    modelType: 'distilbert',
    hiddenSize: c.dim,
    numLayers: c.n_layers,
    maxPositions: c.max_position_embeddings,
    hasTokenTypes: false,
    hasPooler: false,
    freezeLower: (n, embeddings) => model.freezeLower(n, embeddings),
    forward: (ctx, x, numLayers) => ({ hiddenStates: model.forward(ctx, x.inputIds, x.attentionMask, numLayers) }),
  };
}

export class DistilBertEncoder extends TransformerEncoder {
  constructor(
    readonly model: DistilBertModel,
    readonly report: WeightReport,
    tokenizer: WordPieceTokenizer,
    id: string,
    opts: LoadEncoderOptions = {},
  ) {
    super({
      id,
      backbone: distilBertBackbone(model),
      tokenizer,
      defaultPooling: opts.defaultPooling,
      maxLength: opts.maxLength,
      threads: opts.threads,
      quantize: opts.quantize,
    });
  }

  get config(): DistilBertConfig {
    return this.model.config;
  }
}

const WORDS = 'embeddings.word_embeddings.weight';

/** config.json's sizes against the weights' header shapes, and the tokenizer against the embedding rows. */
export function checkDistilBertSizes(opened: OpenedModel): void {
  const { ckpt } = opened;
  const configPath = join(opened.dir, 'config.json');
  // the parsed config, defaults filled in: an absent max_position_embeddings is 512 and must match the weights too
  const config = parseDistilBertConfig(ckpt.config, configPath);
  checkSizesAgainstWeights(ckpt.weights, {
    configPath,
    weightsLabel: join(opened.dir, ckpt.weightFiles[0] ?? 'model.safetensors'),
    config,
    rules: [
      { field: 'vocab_size', tensor: WORDS, dim: 0, cap: CAPS.vocab },
      { field: 'dim', tensor: WORDS, dim: 1, cap: CAPS.hidden },
      {
        field: 'max_position_embeddings',
        tensor: 'embeddings.position_embeddings.weight',
        dim: 0,
        cap: CAPS.positions,
      },
      { field: 'hidden_dim', tensor: 'transformer.layer.0.ffn.lin1.weight', dim: 0, cap: CAPS.intermediate },
      // dim is every tensor's width: checked against each, since any of them may be absent (allowMissing)
      { field: 'dim', tensor: 'embeddings.position_embeddings.weight', dim: 1, cap: CAPS.hidden },
      { field: 'dim', tensor: 'transformer.layer.0.ffn.lin1.weight', dim: 1, cap: CAPS.hidden },
    ],
    layers: { field: 'n_layers', pattern: /(?:^|\.)transformer\.layer\.(\d+)\./, cap: CAPS.layers },
  });
  checkParameterCount(
    configPath,
    distilBertParameterCount(config),
    '(vocab_size + max_position_embeddings) × dim + n_layers × (4·dim² + 2·dim·hidden_dim)',
  );
  const key = findTensorKey(ckpt.weights.names, WORDS);
  if (key !== undefined) checkTokenizerFits(opened.tokenizer, ckpt.weights.info(key).shape[0]!, key);
}

/** A DistilBertEncoder from an opened folder (the caller closes `opened.ckpt`). */
export async function distilBertFromCheckpoint(
  opened: OpenedModel,
  opts: LoadEncoderOptions = {},
): Promise<DistilBertEncoder> {
  const config = parseDistilBertConfig(opened.ckpt.config, join(opened.dir, 'config.json'));
  checkDistilBertSizes(opened); // before DistilBertModel allocates anything
  const model = new DistilBertModel('', config, new SkipInitRng(0));
  const report = await loadModuleWeights(model, opened.ckpt, {
    modelClass: 'DistilBertModel',
    initRng: new Rng(opts.seed ?? 0),
    source: opened.ref,
    allowMissing: opts.allowMissing,
    allowNonFinite: opts.allowNonFinite,
    onWarning: opts.onWarning,
  });
  const st = opened.sentenceTransformers;
  return new DistilBertEncoder(model, report, opened.tokenizer, opened.ref, {
    ...opts,
    defaultPooling: opts.defaultPooling ?? st.pooling,
    maxLength: opts.maxLength ?? st.maxLength,
  });
}

export async function loadDistilBert(ref: string, opts: LoadEncoderOptions = {}): Promise<DistilBertEncoder> {
  const opened = await openModel(ref, opts);
  try {
    return await distilBertFromCheckpoint(opened, opts);
  } finally {
    await opened.ckpt.close();
  }
}
