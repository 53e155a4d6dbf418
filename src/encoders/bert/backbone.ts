// BertModel as a Backbone (src/encoders/backbone.ts): token types and a pooler; hidden states 0..L.
import type { Backbone } from '../backbone.ts';
import type { BertModel } from './model.ts';

export function bertBackbone(model: BertModel): Backbone {
  const c = model.config;
  return {
    module: model,
    modelType: c.model_type,
    hiddenSize: c.hidden_size,
    numLayers: c.num_hidden_layers,
    maxPositions: c.max_position_embeddings,
    hasTokenTypes: true,
    hasPooler: true,
    freezeLower: (n, embeddings) => model.freezeLower(n, embeddings),
    forward(ctx, x, numLayers) {
      const out = model.forward(
        ctx,
        { inputIds: x.inputIds, tokenTypeIds: x.tokenTypeIds!, attentionMask: x.attentionMask },
        numLayers,
      );
      return { hiddenStates: out.hiddenStates, pooled: out.pooled };
    },
  };
}
