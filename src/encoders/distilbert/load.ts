// Builds a DistilBERT encoder from a model reference (local Hugging Face folder or Hub id). Checkpoints such as
// distilbert-base-uncased (saved from DistilBertForMaskedLM: `distilbert.`-prefixed keys plus vocab_* head tensors)
// load with the prefix stripped and the head tensors reported as unused. No pooler: pooling is 'cls' or 'mean'.
import { join } from 'node:path';
import { Rng } from '../../engine/rng.ts';
import type { WordPieceTokenizer } from '../../tokenize/wordpiece.ts';
import type { Backbone } from '../backbone.ts';
import { type LoadEncoderOptions, type OpenedModel, openModel } from '../open.ts';
import { TransformerEncoder } from '../transformer.ts';
import { loadModuleWeights, SkipInitRng, type WeightReport } from '../weights.ts';
import { type DistilBertConfig, parseDistilBertConfig } from './config.ts';
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
      id, backbone: distilBertBackbone(model), tokenizer, defaultPooling: opts.defaultPooling,
      maxLength: opts.maxLength, threads: opts.threads, quantize: opts.quantize,
    });
  }

  get config(): DistilBertConfig {
    return this.model.config;
  }
}

/** A DistilBertEncoder from an opened folder (the caller closes `opened.ckpt`). */
export async function distilBertFromCheckpoint(opened: OpenedModel, opts: LoadEncoderOptions = {}): Promise<DistilBertEncoder> {
  const config = parseDistilBertConfig(opened.ckpt.config, join(opened.dir, 'config.json'));
  const model = new DistilBertModel('', config, new SkipInitRng(0));
  const report = await loadModuleWeights(model, opened.ckpt, {
    modelClass: 'DistilBertModel',
    initRng: new Rng(opts.seed ?? 0),
    source: opened.ref,
    allowMissing: opts.allowMissing,
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
