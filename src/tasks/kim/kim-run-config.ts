// kim.json — what a Kim (2014) run folder was trained with and everything needed to rebuild its model exactly:
// the variant, the vector source (a description; the tables themselves are in model.safetensors), the scale,
// the multichannel combination, the clean_str mode, the seed, the model's sizes (vocabulary rows, dim, channels,
// char CNN) and the init / coverage report. Its presence marks a Kim run (predict / eval dispatch on it).
// clean_str modes: 'default' = Kim's clean_str (lower-cased), 'sst' = clean_str_sst, 'keep-case' = clean_str
// without lower-casing (Kim's TREC setting).
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { DataError, formatIssues } from '../../errors.ts';
import { CLEAN_MODES } from './clean-str.ts';
import { KIM_VARIANTS, VECTOR_SCALES } from './paper.ts';

export { CLEAN_MODES, cleaner, type CleanMode } from './clean-str.ts';

const scalar = z.union([z.number(), z.string(), z.boolean()]);

/** Version 2 (config.json, like every run folder): format 'bertcnn-run', kind 'kim2014'. Version 1 (kim.json):
 *  format 'bertcnn-kim-run', no kind — still read; `bertcnn upgrade RUN` rewrites it. */
export const KimRunConfigSchema = z.object({
  format: z.enum(['bertcnn-run', 'bertcnn-kim-run']),
  version: z.union([z.literal(1), z.literal(2)]),
  kind: z.literal('kim2014').optional(),
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

/** Where a Kim run keeps its settings: config.json (version 2, as every run), or kim.json (version 1). */
export const KIM_CONFIG = 'config.json';
export const KIM_CONFIG_V1 = 'kim.json';

/** True when `dir` holds a Kim run: a config.json of kind 'kim2014', or a version-1 kim.json. */
export function isKimRun(dir: string): boolean {
  if (existsSync(join(dir, KIM_CONFIG_V1))) return true;
  const path = join(dir, KIM_CONFIG);
  if (!existsSync(path)) return false;
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { kind?: unknown } | null)?.kind === 'kim2014';
  } catch {
    return false;
  }
}

export async function readKimRunConfig(dir: string): Promise<KimRunConfig> {
  const path = join(dir, existsSync(join(dir, KIM_CONFIG_V1)) ? KIM_CONFIG_V1 : KIM_CONFIG);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new DataError(path, `cannot read: ${(e as Error).message}`);
  }
  const r = KimRunConfigSchema.safeParse(raw);
  if (!r.success) throw new DataError(path, `invalid Kim run config — ${formatIssues(r.error.issues)}`);
  return r.data;
}
