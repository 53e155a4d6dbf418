// config.json of a tagging (NER) run: the classification run config (run-config.ts) with a token-classification
// task — its BIO tag set and the scheme of the training data — and frozen/finetune modes only. Which kind a folder
// holds is src/runs/kind.ts's business. Mode 'words' (a tagger over word ids, no encoder) adds `embeddings`: how the
// word table was initialised (--init-embeddings, --oov), whether it was frozen, its size (rows = vocab.json's words);
// its `encoder.ref` is empty. Configs without it (every run before mode 'words') load unchanged.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { DataError, formatIssues } from '../../errors.ts';
import { TaggerSettingsSchema } from '../../heads/taggers/index.ts';
import { TAG_SCHEMES } from './scheme.ts';
import { EncoderSpecSchema, RunConfigSchema } from '../../train/run-config.ts';

export const EmbeddingsRecordSchema = z.strictObject({
  /** As --init-embeddings spells it: random | vectors:<src> | bert-matrix:<ref>. */
  init: z.string().min(1),
  oov: z.enum(['unk', 'pieces-mean', 'char-cnn']).optional(),
  freeze: z.boolean(),
  vocabSize: z.number().int().min(2),
  dim: z.number().int().min(1),
  /** What the initialisation did (pretrained / random rows …), informative. */
  info: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
});
export type EmbeddingsRecord = z.infer<typeof EmbeddingsRecordSchema>;

export const TaggingRunConfigSchema = RunConfigSchema.extend({
  kind: z.literal('ner').optional(),
  task: z.strictObject({
    kind: z.literal('ner'),
    labels: z.array(z.string()).min(2),
    scheme: z.enum(TAG_SCHEMES),
  }),
  mode: z.enum(['frozen', 'finetune', 'words']),
  encoder: EncoderSpecSchema.extend({ ref: z.string() }),
  head: TaggerSettingsSchema,
  embeddings: EmbeddingsRecordSchema.optional(),
}).superRefine((c, ctx) => {
  if (c.mode === 'words' && !c.embeddings)
    ctx.addIssue({ code: 'custom', path: ['embeddings'], message: "mode 'words' needs the embeddings record" });
  if (c.mode !== 'words' && c.embeddings)
    ctx.addIssue({ code: 'custom', path: ['embeddings'], message: "applies to mode 'words' only" });
  if (c.mode !== 'words' && c.encoder.ref === '')
    ctx.addIssue({ code: 'custom', path: ['encoder', 'ref'], message: 'must name an encoder' });
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
