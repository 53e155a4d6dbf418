// The settings `bertcnn train` (src/cli/train-spec.ts) and the library's TextClassifier / TokenTagger
// (src/api/options.ts) share, defined once as zod fields: the encoder selection, the mode, the head's own options
// and the classification-only feature settings. Each caller adds its own defaults and task-specific keys; the
// names are the train flags in camelCase (`--max-length` ↔ maxLength), so a config file, train.json and API
// options spell a setting the same way.
import { z } from 'zod';

/** Encoder selection, mode and head options (both tasks). */
export const modelSettingsFields = {
  maxLength: z.number().int().min(2).optional(),
  layers: z.union([z.literal('last'), z.array(z.number().int()).min(1)]).optional(),
  combine: z.enum(['concat', 'sum', 'mean']).optional(),
  precision: z.enum(['fp32', 'int8']).optional(),
  mode: z.enum(['frozen', 'finetune']).default('frozen'),
  /** The head's own options, checked against the head kind's schema (src/heads) where settings enter. */
  headOptions: z.record(z.string(), z.unknown()).optional(),
  freezeLayers: z.number().int().min(0).optional(),
  cache: z.string().min(1).optional(),
};

/** Text classification only: the sentence vector of pooled heads, windows of long texts, class weights. */
export const classificationSettingsFields = {
  pooling: z.enum(['cls', 'pooler', 'mean']).optional(),
  windowStride: z.number().int().min(0).optional(),
  classWeights: z.union([z.literal('balanced'), z.array(z.number().min(0)).min(2)]).optional(),
};
