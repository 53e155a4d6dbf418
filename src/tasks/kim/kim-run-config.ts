// kim.json — what a Kim (2014) run folder was trained with and everything needed to rebuild its model exactly:
// the variant, the vector source (a description; the tables themselves are in model.safetensors), the scale,
// the multichannel combination, the clean_str mode, the seed, the model's sizes (vocabulary rows, dim, channels,
// char CNN) and the init / coverage report. Its presence marks a Kim run (predict / eval dispatch on it).
// clean_str modes: 'default' = Kim's clean_str (lower-cased), 'sst' = clean_str_sst, 'keep-case' = clean_str
// without lower-casing (Kim's TREC setting).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { DataError } from '../../errors.ts';
import { CLEAN_MODES } from './clean-str.ts';
import { KIM_VARIANTS, VECTOR_SCALES } from './paper.ts';

export { CLEAN_MODES, cleaner, type CleanMode } from './clean-str.ts';

const scalar = z.union([z.number(), z.string(), z.boolean()]);

export const KimRunConfigSchema = z.object({
  format: z.literal('bertcnn-kim-run'),
  version: z.literal(1),
  preset: z.literal('kim2014'),
  variant: z.enum(KIM_VARIANTS),
  level: z.enum(['word', 'wordpiece']),
  source: z.object({
    kind: z.enum(['random', 'vectors', 'bert']),
    description: z.string(),
    path: z.string().optional(),
    format: z.string().optional(),
    oov: z.string().optional(),
  }),
  vector_scale: z.enum(VECTOR_SCALES),
  combine: z.enum(['shared', 'separate']),
  clean_str: z.enum(CLEAN_MODES),
  seed: z.number().int(),
  epochs: z.number().int().min(1),
  vocab_size: z.number().int().min(1),
  dim: z.number().int().min(1),
  num_classes: z.number().int().min(2),
  channels: z
    .array(z.object({ trainable: z.boolean() }))
    .min(1)
    .max(2),
  kernel_sizes: z.array(z.number().int().min(1)).min(1),
  filters: z.number().int().min(1),
  dropout: z.number().min(0).lt(1),
  char_cnn: z.object({ num_chars: z.number().int().min(2), length: z.number().int().min(1) }).nullable(),
  eval_batch_size: z.number().int().min(1),
  init: z.record(z.string(), scalar),
  coverage: z.record(z.string(), z.number()).optional(),
  data: z.record(z.string(), z.string()),
  created: z.string(),
});

export type KimRunConfig = z.infer<typeof KimRunConfigSchema>;

export const KIM_CONFIG = 'kim.json';

/** True when `dir` holds a Kim run (a kim.json). */
export function isKimRun(dir: string): boolean {
  return existsSync(join(dir, KIM_CONFIG));
}

export async function readKimRunConfig(dir: string): Promise<KimRunConfig> {
  const path = join(dir, KIM_CONFIG);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new DataError(path, `cannot read: ${(e as Error).message}`);
  }
  const r = KimRunConfigSchema.safeParse(raw);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new DataError(path, `invalid Kim run config — ${issues}`);
  }
  return r.data;
}
