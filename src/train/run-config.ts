// config.json of a run/model folder: everything needed to rebuild the classifier (task, encoder reference and
// feature selection, head kind and options, mode) plus the training options and data files it was trained on.
// Validated with zod on load, so a hand-edited config fails with the field's name.
import { z } from 'zod';
import { DataError } from '../errors.ts';
import { TrainOptionsSchema } from './options.ts';

export const EncoderSpecSchema = z.strictObject({
  /** Hub id or folder path of the encoder the run started from. */
  ref: z.string().min(1),
  layers: z.union([z.literal('last'), z.array(z.number().int())]).default('last'),
  combine: z.enum(['sum', 'concat', 'mean']).default('concat'),
  pooling: z.enum(['cls', 'pooler', 'mean']).optional(),
  maxLength: z.number().int().min(2).default(128),
  precision: z.enum(['fp32', 'int8']).default('fp32'),
});

export const RunConfigSchema = z.strictObject({
  format: z.literal('bertcnn-run'),
  version: z.literal(1),
  task: z.strictObject({
    kind: z.enum(['binary', 'multiclass', 'multilabel']),
    labels: z.array(z.string()).min(1),
    classWeights: z.array(z.number()).optional(),
    thresholds: z.array(z.number()).optional(),
  }),
  mode: z.enum(['frozen', 'finetune', 'ids']),
  encoder: EncoderSpecSchema,
  /** Fine-tuned runs keep their encoder in `<run>/encoder/` (HF layout); frozen runs reference `encoder.ref`. */
  encoderSaved: z.boolean().default(false),
  head: z.strictObject({ kind: z.string(), options: z.record(z.string(), z.unknown()) }),
  train: TrainOptionsSchema,
  data: z.record(z.string(), z.string()).default({}),
  created: z.string(),
  bertcnnVersion: z.string(),
});

export type RunConfig = z.infer<typeof RunConfigSchema>;
export type EncoderSpec = z.infer<typeof EncoderSpecSchema>;

export function parseRunConfig(raw: unknown, where: string): RunConfig {
  if ((raw as { task?: { kind?: unknown } } | null)?.task?.kind === 'ner') {
    throw new DataError(where, 'this is a NER (token classification) run; only train, eval and predict handle those');
  }
  const r = RunConfigSchema.safeParse(raw);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new DataError(where, `invalid run config — ${issues}`);
  }
  return r.data;
}
