// config.json of a run/model folder: everything needed to rebuild the classifier (task, encoder reference and
// feature selection, head kind and options, mode) plus the training options and data files it was trained on.
// Validated with zod on load, so a hand-edited config fails with the field's name.
// Versions (src/runs/format.ts): 2 = every run folder's config.json, with `kind` (classification | ner | kim2014);
// 1 = the same without `kind` (classification and NER; Kim runs wrote kim.json) — still read, and
// `bertcnn upgrade RUN` rewrites it as version 2. `encoder.windowStride` (frozen
// runs only) windows long texts instead of truncating them; eval/predict/serve read it from here.
import { z } from 'zod';
import { DataError, formatIssues } from '../errors.ts';
import { HeadSettingsSchema } from '../heads/index.ts';
import { TrainOptionsSchema } from './options.ts';

/** Tokens per text (specials included) when a run does not say. */
export const DEFAULT_MAX_LENGTH = 128;

export const EncoderSpecSchema = z.strictObject({
  /** Hub id or folder path of the encoder the run started from. */
  ref: z.string().min(1),
  layers: z.union([z.literal('last'), z.array(z.number().int())]).default('last'),
  combine: z.enum(['sum', 'concat', 'mean']).default('concat'),
  pooling: z.enum(['cls', 'pooler', 'mean']).optional(),
  maxLength: z.number().int().min(2).default(DEFAULT_MAX_LENGTH),
  precision: z.enum(['fp32', 'int8']).default('fp32'),
  /** Frozen mode: texts longer than maxLength are split into windows sharing this many tokens (src/encoders/window.ts)
   *  instead of truncated. Absent = truncation (every run before windowing existed). */
  windowStride: z.number().int().min(0).optional(),
});

/** The run-folder format this bertcnn writes (src/runs/format.ts reads 1 and 2). */
export const RUN_FORMAT_VERSION = 2;

export const RunConfigSchema = z.strictObject({
  format: z.literal('bertcnn-run'),
  version: z.union([z.literal(1), z.literal(2)]),
  /** Version 2: which kind of run (absent in version 1, where task.kind tells classification from NER). */
  kind: z.literal('classification').optional(),
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
  /** `{ kind, options }`, a union keyed by the head kind (options as given; unknown option names fail). */
  head: HeadSettingsSchema,
  train: TrainOptionsSchema,
  data: z.record(z.string(), z.string()).default({}),
  created: z.string(),
  bertcnnVersion: z.string(),
});

export type RunConfig = z.infer<typeof RunConfigSchema>;
export type EncoderSpec = z.infer<typeof EncoderSpecSchema>;

/** Why `stride` cannot window texts at `maxLength` (the rule of feature-cache-space.ts cacheSpec: a window keeps
 *  its [CLS]/[SEP], so it holds maxLength − 2 text tokens and consecutive windows must advance), or null. */
export function windowStrideProblem(stride: number, maxLength: number): string | null {
  if (Number.isInteger(stride) && stride >= 0 && stride < maxLength - 2) return null;
  return `must be an integer in 0..${maxLength - 3} (windows of max length ${maxLength} hold at most ${maxLength - 2} text tokens), got ${stride}`;
}

export function parseRunConfig(raw: unknown, where: string): RunConfig {
  const r0 = raw as { kind?: unknown; task?: { kind?: unknown } } | null;
  if (r0?.task?.kind === 'ner' || r0?.kind === 'ner') {
    throw new DataError(where, 'this is a NER (token classification) run, not a classification run');
  }
  if (r0?.kind === 'kim2014') throw new DataError(where, 'this is a kim2014 run, not a classification run');
  const r = RunConfigSchema.safeParse(raw);
  if (!r.success) throw new DataError(where, `invalid run config — ${formatIssues(r.error.issues)}`);
  const stride = r.data.encoder.windowStride;
  if (stride !== undefined) {
    if (r.data.mode !== 'frozen')
      throw new DataError(where, `encoder.windowStride applies to mode 'frozen' only, this run is '${r.data.mode}'`);
    const bad = windowStrideProblem(stride, r.data.encoder.maxLength);
    if (bad) throw new DataError(where, `encoder.windowStride: ${bad}`);
  }
  return r.data;
}
