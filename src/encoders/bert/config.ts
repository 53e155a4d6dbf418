// BertConfig as stored in a Hugging Face `config.json` (BERT, BioBERT, MiniLM; DistilBERT has its own schema
// in ../distilbert/config.ts). Validated with zod so a bad field is reported by name.
import { z } from 'zod';
import { DataError, formatIssues } from '../../errors.ts';

export const BertConfigSchema = z.object({
  model_type: z.string().default('bert'),
  vocab_size: z.number().int().positive(),
  hidden_size: z.number().int().positive(),
  num_hidden_layers: z.number().int().positive(),
  num_attention_heads: z.number().int().positive(),
  intermediate_size: z.number().int().positive(),
  hidden_act: z.enum(['gelu', 'gelu_new', 'relu', 'gelu_pytorch_tanh']).default('gelu'),
  hidden_dropout_prob: z.number().min(0).max(1).default(0.1),
  attention_probs_dropout_prob: z.number().min(0).max(1).default(0.1),
  max_position_embeddings: z.number().int().positive().default(512),
  type_vocab_size: z.number().int().positive().default(2),
  layer_norm_eps: z.number().positive().default(1e-12),
  pad_token_id: z.number().int().default(0),
  position_embedding_type: z.literal('absolute').default('absolute'),
});

export type BertConfig = z.infer<typeof BertConfigSchema>;

/** Parses a config object; errors (DataError) name the file and the field. */
export function parseBertConfig(raw: unknown, where = 'config.json'): BertConfig {
  const r = BertConfigSchema.safeParse(raw);
  if (!r.success) {
    throw new DataError(where, `invalid BERT config — ${formatIssues(r.error.issues)}`);
  }
  const c = r.data;
  if (c.hidden_size % c.num_attention_heads !== 0) {
    throw new DataError(
      where,
      `hidden_size ${c.hidden_size} is not a multiple of num_attention_heads ${c.num_attention_heads}`,
    );
  }
  return c;
}

/** Parameters of BertModel (embeddings, layers with their LayerNorms, pooler) for `c`: 109,482,240 for BERT-base. */
export function bertParameterCount(c: BertConfig): number {
  const [H, I] = [c.hidden_size, c.intermediate_size];
  const embeddings = (c.vocab_size + c.max_position_embeddings + c.type_vocab_size) * H + 2 * H;
  const layer = 4 * H * H + 2 * H * I + 9 * H + I; // q, k, v, out + FFN in/out, biases, two LayerNorms
  return embeddings + c.num_hidden_layers * layer + H * H + H;
}

/** A config with BERT-base defaults overridden by `partial` (for generated test/bench models). */
export function bertConfig(partial: Partial<BertConfig>): BertConfig {
  return parseBertConfig({
    vocab_size: 30522,
    hidden_size: 768,
    num_hidden_layers: 12,
    num_attention_heads: 12,
    intermediate_size: 3072,
    ...partial,
  });
}
