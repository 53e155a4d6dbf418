// BertModel: embeddings → N BertLayers → (last hidden state, pooler). Parameter names are Hugging Face's
// BertModel state-dict names (`embeddings.word_embeddings.weight`, `encoder.layer.0.…`, `pooler.dense.…`),
// under an optional prefix such as 'bert' (BertForSequenceClassification checkpoints).
//   inputIds, tokenTypeIds [B, T] int64, attentionMask [B, T] float (1 = token)
//   → hidden states per layer [B, T, H] (index 0 = embeddings output), pooled [B, H] = tanh(W·h[:, 0] + b)
import type { BuildContext } from '../../engine/program.ts';
import type { Value } from '../../engine/graph.ts';
import { Rng } from '../../engine/rng.ts';
import * as op from '../../engine/ops/index.ts';
import { normal } from '../../nn/init.ts';
import { Linear } from '../../nn/linear.ts';
import { Module } from '../../nn/module.ts';
import type { BertConfig } from './config.ts';
import { BertEmbeddings } from './embeddings.ts';
import { AttentionMask } from '../attention-mask.ts';
import { BertLayer } from './layer.ts';

export interface BertInputs {
  inputIds: Value;
  tokenTypeIds: Value;
  attentionMask: Value;
}

export interface BertOutputs {
  /** hiddenStates[0] = embeddings, hiddenStates[i] = output of layer i; the last is last_hidden_state. */
  hiddenStates: Value[];
  lastHiddenState: Value;
  /** tanh(dense([CLS])) — built only when asked for. */
  pooled: () => Value;
}

export class BertModel extends Module {
  readonly embeddings: BertEmbeddings;
  readonly layers: BertLayer[];
  readonly pooler: Linear;

  constructor(
    name: string,
    readonly config: BertConfig,
    rng: Rng = new Rng(0),
  ) {
    super(name);
    this.embeddings = this.addChild(new BertEmbeddings(this.path('embeddings'), config, rng));
    this.layers = Array.from({ length: config.num_hidden_layers }, (_, i) =>
      this.addChild(new BertLayer(this.path(`encoder.layer.${i}`), config, rng)),
    );
    const h = config.hidden_size;
    this.pooler = this.addChild(
      new Linear(this.path('pooler.dense'), h, h, rng, { init: (n) => normal(rng, n, 0.02) }),
    );
  }

  forward(ctx: BuildContext, x: BertInputs, numLayers = this.layers.length): BertOutputs {
    const mask = new AttentionMask(x.attentionMask, this.name); // bias [B, 1, 1, T] / index [B, T], built on use
    let h = this.embeddings.forward(ctx, x.inputIds, x.tokenTypeIds); // [B, T, H]
    const hiddenStates = [h];
    for (const layer of this.layers.slice(0, numLayers)) {
      h = layer.forward(ctx, h, mask);
      hiddenStates.push(h);
    }
    const last = h;
    return {
      hiddenStates,
      lastHiddenState: last,
      pooled: () => {
        const cls = op.squeeze(op.slice(last, 1, 0, 1), [1]); // [B, H]
        return op.tanh(this.pooler.forward(ctx, cls));
      },
    };
  }

  /** Freezes the embeddings and the lowest `n` layers (fine-tuning only the top of the encoder). */
  freezeLower(n: number, embeddings = true): void {
    if (embeddings) this.embeddings.setTrainable(false);
    this.layers.slice(0, n).forEach((l) => l.setTrainable(false));
  }
}
