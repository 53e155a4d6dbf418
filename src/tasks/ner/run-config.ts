// config.json of a tagging (NER) run: the classification run config (run-config.ts) with a token-classification
// task — its BIO tag set and the scheme of the training data — and frozen/finetune modes only. Which kind a folder
// holds is src/runs/kind.ts's business.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { DataError, formatIssues } from '../../errors.ts';
import { TaggerSettingsSchema } from '../../heads/taggers/index.ts';
import { TAG_SCHEMES } from './scheme.ts';
import { RunConfigSchema } from '../../train/run-config.ts';

export const TaggingRunConfigSchema = RunConfigSchema.extend({
  kind: z.literal('ner').optional(),
  task: z.strictObject({
    kind: z.literal('ner'),
    labels: z.array(z.string()).min(2),
    scheme: z.enum(TAG_SCHEMES),
  }),
  mode: z.enum(['frozen', 'finetune']),
  head: TaggerSettingsSchema,
});

export type TaggingRunConfig = z.infer<typeof TaggingRunConfigSchema>;

async function readConfigJson(dir: string): Promise<{ path: string; raw: unknown }> {
  const path = join(dir, 'config.json');
  if (!existsSync(path)) throw new DataError(dir, 'not a bertcnn run folder (no config.json)');
  try {
    return { path, raw: JSON.parse(await readFile(path, 'utf8')) };
  } catch (e) {
    throw new DataError(path, `not valid JSON: ${(e as Error).message}`);
  }
}

export async function readTaggingRunConfig(dir: string): Promise<TaggingRunConfig> {
  const { path, raw } = await readConfigJson(dir);
  const r = TaggingRunConfigSchema.safeParse(raw);
  if (!r.success) throw new DataError(path, `invalid NER run config — ${formatIssues(r.error.issues)}`);
  return r.data;
}
