// DistilBertConfig as stored in a Hugging Face `config.json` (distilbert-base-uncased and fine-tuned variants),
// validated with zod so a bad field is reported by name. DistilBERT's names differ from BERT's:
//   dim = hidden size, n_layers, n_heads, hidden_dim = FFN size, dropout / attention_dropout, activation.
// LayerNorm eps is fixed at 1e-12 in transformers' DistilBERT; there are no token types and no pooler.
import { z } from 'zod';
import { DataError, formatIssues } from '../../errors.ts';

export const DistilBertConfigSchema = z.object({
  model_type: z.literal('distilbert').default('distilbert'),
  vocab_size: z.number().int().positive(),
  dim: z.number().int().positive(),
  n_layers: z.number().int().positive(),
  n_heads: z.number().int().positive(),
  hidden_dim: z.number().int().positive(),
  activation: z.enum(['gelu', 'relu']).default('gelu'),
  dropout: z.number().min(0).max(1).default(0.1),
  attention_dropout: z.number().min(0).max(1).default(0.1),
  max_position_embeddings: z.number().int().positive().default(512),
  sinusoidal_pos_embds: z.boolean().default(false),
  pad_token_id: z.number().int().default(0),
});

export type DistilBertConfig = z.infer<typeof DistilBertConfigSchema>;

/** Parses a config object; errors (DataError) name the file and the field. */
export function parseDistilBertConfig(raw: unknown, where = 'config.json'): DistilBertConfig {
  const r = DistilBertConfigSchema.safeParse(raw);
  if (!r.success) {
    throw new DataError(where, `invalid DistilBERT config — ${formatIssues(r.error.issues)}`);
  }
  const c = r.data;
  if (c.dim % c.n_heads !== 0) throw new DataError(where, `dim ${c.dim} is not a multiple of n_heads ${c.n_heads}`);
  return c;
}

/** Parameters of DistilBertModel (embeddings, blocks with their LayerNorms) for `c`: 66,362,880 for distilbert-base. */
export function distilBertParameterCount(c: DistilBertConfig): number {
  const [d, h] = [c.dim, c.hidden_dim];
  const embeddings = (c.vocab_size + c.max_position_embeddings) * d + 2 * d;
  return embeddings + c.n_layers * (4 * d * d + 2 * d * h + 9 * d + h);
}

/** A config with distilbert-base defaults overridden by `partial`. */
export function distilBertConfig(partial: Partial<DistilBertConfig>): DistilBertConfig {
  return parseDistilBertConfig({ vocab_size: 30522, dim: 768, n_layers: 6, n_heads: 12, hidden_dim: 3072, ...partial });
}
