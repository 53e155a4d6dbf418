// Training hyper-parameters, validated with zod (the same schema checks CLI flags and `--config run.json`).
import { z } from 'zod';
import { formatIssues } from '../errors.ts';

export const DEFAULT_LR = 1e-3;

export const TrainOptionsSchema = z.strictObject({
  epochs: z.number().int().min(1).default(5),
  batchSize: z.number().int().min(1).default(32),
  evalBatchSize: z.number().int().min(1).default(64),
  optimizer: z.enum(['adamw', 'adam', 'sgd', 'adadelta']).default('adamw'),
  lr: z.number().positive().default(DEFAULT_LR),
  /** Encoder learning rate in fine-tune mode (default: 2e-5, BERT's usual). */
  encoderLr: z.number().positive().default(2e-5),
  weightDecay: z.number().min(0).default(0.01),
  momentum: z.number().min(0).max(1).default(0.9),
  rho: z.number().min(0).max(1).default(0.95),
  schedule: z.enum(['constant', 'constant_with_warmup', 'linear', 'cosine']).default('linear'),
  warmupRatio: z.number().min(0).max(1).default(0.1),
  /** Clip the global gradient norm (0 = off). */
  clipNorm: z.number().min(0).default(1),
  /** Kim's max-norm constraint on the final layer's weight rows (0 = off). */
  maxNorm: z.number().min(0).default(0),
  /** Parameter names the max-norm constraint applies to (suffix match). */
  maxNormParams: z.array(z.string()).default(() => ['fc.weight', 'classifier.weight']),
  seed: z.number().int().default(42),
  /** Dev metric to select the best epoch and stop early (default per task: accuracy / micro_f1). */
  metric: z.string().optional(),
  /** Epochs without dev improvement before stopping (0 = never stop early). */
  patience: z.number().int().min(0).default(0),
  /** Log every N optimizer steps to log.jsonl (0 = epochs only). */
  logEvery: z.number().int().min(0).default(50),
});

export type TrainOptions = z.infer<typeof TrainOptionsSchema>;
export type TrainOptionsInput = z.input<typeof TrainOptionsSchema>;

export function parseTrainOptions(raw: unknown, where = 'training options'): TrainOptions {
  const r = TrainOptionsSchema.safeParse(raw ?? {});
  if (!r.success) throw new Error(`${where}: ${formatIssues(r.error.issues)}`);
  return r.data;
}
