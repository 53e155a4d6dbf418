// The train spec: everything `bertcnn train` needs, as one flat object whose keys are the flags in camelCase
// (`--batch-size` ↔ batchSize). It comes from, in increasing priority: the run's saved `train.json` (with
// --resume), a `--config run.json` file, the flags. The merged object is validated with zod (unknown keys in a
// config file are a usage error naming them; a bad value names its flag or its config key), then turned into
// the library's TrainJob (train-job.ts). `train.json` in every run folder holds the resolved spec: `--config RUN/train.json`
// repeats a run, `--resume` continues it.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { formatIssues, UsageError } from '../errors.ts';
import { HEAD_KINDS, headInput, headOptionNames, parseHeadSettings, type HeadSettings } from '../heads/index.ts';
import {
  isTaggerKind,
  parseTaggerSettings,
  TAGGER_KINDS,
  TAGGER_SETTINGS,
  type TaggerSettings,
} from '../heads/taggers/index.ts';
import { DENSE_ACTIVATIONS } from '../nn/dense-stack.ts';
import type { TrainJob } from '../tasks/classification/job.ts';
import { TAGGING_METRICS } from '../tasks/ner/scores.ts';
import { TrainOptionsSchema } from '../train/options.ts';
import { DEFAULT_MAX_LENGTH, windowStrideProblem } from '../train/run-config.ts';
import { classificationSettingsFields, modelSettingsFields } from '../train/settings.ts';
import { camel } from './flags.ts';
import { checkOov, OOV_POLICIES, parseInitSpec } from '../features/embedding-init/spec.ts';
import { kebab } from './train-flags.ts';

const column = z.union([z.string().min(1), z.number().int().min(0)]);
const path = z.string().min(1);

export const TrainSpecSchema = z.strictObject({
  train: path.optional(),
  dev: path.optional(),
  test: path.optional(),
  devSplit: z.number().gt(0).lt(1).optional(),
  folds: z.number().int().min(2).optional(),
  format: z.enum(['tsv', 'csv', 'jsonl']).optional(),
  header: z.boolean().optional(),
  textColumn: column.optional(),
  labelColumn: column.optional(),
  labelSeparator: z.string().min(1).optional(),
  unknownLabel: z.enum(['error', 'skip']).optional(),
  encoder: path.optional(),
  ...modelSettingsFields,
  ...classificationSettingsFields,
  head: z.enum([...HEAD_KINDS, ...TAGGER_KINDS]).default('textcnn'),
  task: z.enum(['binary', 'multiclass', 'multilabel', 'ner']).optional(),
  // shorthands for head options (--kernel-sizes, --filters, --dropout, --hidden-*, --l2, --l2-bias, --crf), merged
  // into headOptions; a shorthand the head has no option for is refused naming the flag, the head and its options
  kernelSizes: z.array(z.number().int().min(1)).min(1).optional(),
  filters: z.number().int().min(1).optional(),
  dropout: z.number().min(0).lt(1).optional(),
  hiddenUnits: z.array(z.number().int().min(1)).optional(),
  hiddenActivation: z.enum(DENSE_ACTIVATIONS).optional(),
  hiddenDropout: z.number().min(0).lt(1).optional(),
  l2: z.number().min(0).optional(),
  l2Bias: z.number().min(0).optional(),
  crf: z.boolean().optional(),
  // word-embedding initialisation (src/features/embedding-init/): NER taggers over word ids (mode words), cnn-alone
  mode: z.enum(['frozen', 'finetune', 'words']).default('frozen'),
  initEmbeddings: z.string().min(1).optional(),
  bertMatrix: path.optional(),
  oov: z.enum(OOV_POLICIES).optional(),
  freezeEmbeddings: z.boolean().optional(),
  out: path.optional(),
  resume: z.boolean().optional(),
  ...TrainOptionsSchema.shape,
});

export type TrainSpec = z.infer<typeof TrainSpecSchema>;
const KEYS = new Set(Object.keys(TrainSpecSchema.shape));
const METRICS = ['accuracy', 'macro_f1', 'weighted_f1', 'micro_f1', 'subset_accuracy'];

/** Reads a JSON config file of spec keys (camelCase or kebab-case); unknown keys → UsageError naming them. */
export async function readSpecFile(file: string): Promise<Record<string, unknown>> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new UsageError(`${file}: ${err.code === 'ENOENT' ? 'no such file' : `not valid JSON (${err.message})`}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new UsageError(`${file}: expected a JSON object of train settings`);
  const out: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const [k, v] of Object.entries(raw)) {
    if (KEYS.has(camel(k))) out[camel(k)] = v;
    else unknown.push(JSON.stringify(k));
  }
  if (unknown.length) {
    throw new UsageError(
      `${file}: unknown key${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (keys are the train flags in camelCase, e.g. batchSize, kernelSizes)`,
    );
  }
  return out;
}

interface Layer {
  values: Record<string, unknown>;
  /** How to name a key from this layer in messages. */
  name: (key: string) => string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Merges the layers (later wins), validates, and checks the combinations; errors name the flag or the file key. */
export function mergeSpec(layers: Layer[]): TrainSpec {
  const merged: Record<string, unknown> = {};
  const from = new Map<string, Layer>();
  for (const l of layers) {
    for (const [k, v] of Object.entries(l.values)) {
      if (v === undefined) continue;
      const both = k === 'headOptions' && isRecord(v) && isRecord(merged[k]);
      merged[k] = both ? { ...(merged[k] as object), ...v } : v; // head options merge key by key
      from.set(k, l);
    }
  }
  if (merged.task === 'ner' && merged.head === undefined) merged.head = 'tagger-cnn'; // NER's default head
  const embeddingFlag = ['initEmbeddings', 'bertMatrix', 'oov', 'freezeEmbeddings'].some(
    (k) => merged[k] !== undefined,
  );
  if (merged.task === 'ner' && merged.mode === undefined && embeddingFlag) merged.mode = 'words'; // a word table
  const where = (k: string) => from.get(k)?.name(k) ?? `--${kebab(k)}`;
  const r = TrainSpecSchema.safeParse(merged);
  if (!r.success) {
    // the first key names its flag or file key, the rest follow as indices/keys: --kernel-sizes[0]
    const name = (p: readonly PropertyKey[]) =>
      p.length
        ? where(String(p[0])) +
          p
            .slice(1)
            .map((k) => `[${String(k)}]`)
            .join('')
        : '(spec)';
    throw new UsageError(`invalid train settings — ${formatIssues(r.error.issues, { name })}`);
  }
  const s = r.data;
  checkEmbeddings(s, where);
  for (const k of ['train', 'encoder', 'out'] as const)
    if (!s[k] && !(k === 'encoder' && s.mode === 'words'))
      throw new UsageError(`missing --${k} (or "${k}" in the --config file)`);
  if (s.dev && s.devSplit)
    throw new UsageError(
      `${where('dev')} and ${where('devSplit')} exclude each other: give a dev file or a fraction to hold out`,
    );
  if (s.folds && (s.dev || s.devSplit))
    throw new UsageError(
      `${where('folds')}: cross-validation makes its own dev folds; drop ${where(s.dev ? 'dev' : 'devSplit')}`,
    );
  const metrics: readonly string[] = s.task === 'ner' ? TAGGING_METRICS : METRICS;
  if (s.metric !== undefined && !metrics.includes(s.metric))
    throw new UsageError(`${where('metric')}: unknown metric '${s.metric}' (one of ${metrics.join(', ')})`);
  checkNer(s, where);
  if (s.freezeLayers !== undefined && s.mode !== 'finetune')
    throw new UsageError(`${where('freezeLayers')} applies to --mode finetune only`);
  if (s.cache !== undefined && s.mode === 'finetune')
    throw new UsageError(`${where('cache')} applies to --mode frozen (fine-tuning recomputes features)`);
  checkWindow(s, where);
  if (s.task === 'ner') taggerHead(s);
  else classifierHead(s);
  return s;
}

/** The word-embedding flags: --bert-matrix is --init-embeddings bert-matrix:<ref>; they apply to the models with
 *  a word embedding only (NER --mode words, cnn-alone; the kim2014 preset reads them in kim-flags.ts). */
function checkEmbeddings(s: TrainSpec, where: (k: string) => string): void {
  if (s.bertMatrix !== undefined) {
    if (s.initEmbeddings !== undefined)
      throw new UsageError(`${where('bertMatrix')} and ${where('initEmbeddings')} exclude each other`);
    s.initEmbeddings = `bert-matrix:${s.bertMatrix}`;
    delete s.bertMatrix;
  }
  const spec = s.initEmbeddings === undefined ? undefined : parseInitSpec(s.initEmbeddings, where('initEmbeddings'));
  const given = (['initEmbeddings', 'oov', 'freezeEmbeddings'] as const).filter((k) => s[k] !== undefined);
  if (s.mode === 'words' && s.task !== 'ner')
    throw new UsageError(
      `${where('mode')} words is the NER tagger over word ids (--task ner); cnn-alone reads WordPiece ids`,
    );
  if (s.mode === 'words') {
    if (s.encoder !== undefined)
      throw new UsageError(
        `${where('encoder')}: --mode words tags word ids, no encoder (a BERT matrix: --init-embeddings bert-matrix:<ref>)`,
      );
    for (const k of ['layers', 'combine', 'precision', 'cache', 'freezeLayers'] as const)
      if (s[k] !== undefined)
        throw new UsageError(`${where(k)} applies to encoder features; --mode words has no encoder`);
    checkOov(s.oov, spec ?? { kind: 'random' }, s.head);
    return;
  }
  if (given.length === 0) return;
  const models = 'the NER taggers over word ids (--task ner --mode words), --head cnn-alone, --preset kim2014';
  if (s.head !== 'cnn-alone')
    throw new UsageError(
      `${where(given[0]!)} applies to models with a word embedding: ${models}; not --head ${s.head}${s.task === 'ner' ? ` --mode ${s.mode}` : ''}`,
    );
  if (s.oov !== undefined)
    throw new UsageError(
      `${where('oov')}: cnn-alone reads WordPiece ids — every piece has its own row, so there are no OOV words (OOV policies apply to --task ner --mode words and --preset kim2014)`,
    );
  s.headOptions = {
    ...s.headOptions,
    ...(s.initEmbeddings !== undefined ? { initEmbeddings: s.initEmbeddings } : {}),
    ...(s.freezeEmbeddings ? { freezeEmbedding: true } : {}),
  };
}

/** --window-stride windows frozen encoder features: not fine-tuning, not heads without an encoder (cnn-alone). */
function checkWindow(s: TrainSpec, where: (k: string) => string): void {
  if (s.windowStride === undefined || s.task === 'ner') return; // NER: refused by checkNer
  if (s.mode === 'finetune')
    throw new UsageError(`${where('windowStride')} applies to --mode frozen only (windowed fine-tuning is not built)`);
  if (isTaggerKind(s.head) || headInput(s.head) === 'ids')
    throw new UsageError(
      `${where('windowStride')}: --head ${s.head} reads token ids, not encoder features; windowing applies to frozen encoder features`,
    );
  const maxLength = s.maxLength ?? DEFAULT_MAX_LENGTH;
  const bad = windowStrideProblem(s.windowStride, maxLength);
  if (bad) throw new UsageError(`${where('windowStride')} ${bad.replace('max length', `--max-length`)}`);
}

/** --task ner reads CoNLL files into a tagger head; the classification-only settings are refused by name. */
function checkNer(s: TrainSpec, where: (k: string) => string): void {
  const tagger = (TAGGER_KINDS as readonly string[]).includes(s.head);
  if (s.task !== 'ner') {
    if (tagger) throw new UsageError(`${where('head')}: ${s.head} is a NER tagger; add --task ner (CoNLL data)`);
    if (s.crf) throw new UsageError(`${where('crf')} applies to NER taggers (--task ner)`);
    return;
  }
  if (!tagger)
    throw new UsageError(
      `${where('head')}: --task ner needs a tagger head (${TAGGER_KINDS.join(', ')}), got '${s.head}'`,
    );
  for (const k of ['folds', 'classWeights', 'format', 'header', 'labelSeparator', 'pooling', 'windowStride'] as const) {
    if (s[k] !== undefined) throw new UsageError(`${where(k)} does not apply to --task ner`);
  }
  for (const k of ['textColumn', 'labelColumn'] as const) {
    if (typeof s[k] === 'string')
      throw new UsageError(`${where(k)}: CoNLL columns are 0-based numbers (token and tag column)`);
  }
}

/** The flags that set a head option of the same name directly (besides --crf). */
export const HEAD_SHORTHANDS = [
  'kernelSizes',
  'filters',
  'dropout',
  'hiddenUnits',
  'hiddenActivation',
  'hiddenDropout',
  'l2',
  'l2Bias',
] as const;

/** The head options the flags give: --head-option pairs, then the shorthand flags (and --crf). A shorthand the
 *  head has no option for names the flag, the head and the head's options (kebab-case, as the flags). */
function headOptions(s: TrainSpec, known: readonly string[]): Record<string, unknown> {
  const options: Record<string, unknown> = { ...s.headOptions };
  for (const k of HEAD_SHORTHANDS) {
    if (s[k] === undefined) continue;
    if (!known.includes(k))
      throw new UsageError(
        `--${kebab(k)}: head ${s.head} has no option ${kebab(k)} (its options: ${known.map(kebab).join(', ')}; see bertcnn heads ${s.head})`,
      );
    options[k] = s[k];
  }
  if (s.crf) options.crf = true;
  return options;
}

/** A classification head's settings and the mode it runs in (cnn-alone → 'ids'), validated against the head's
 *  schema before any work. */
export function classifierHead(s: TrainSpec): { head: HeadSettings; mode: TrainJob['mode'] } {
  if (isTaggerKind(s.head)) throw new UsageError(`--head ${s.head} is a NER tagger; add --task ner (CoNLL data)`);
  const head = parseHeadSettings({ kind: s.head, options: headOptions(s, headOptionNames(s.head)) });
  if (s.mode === 'words') throw new UsageError('--mode words is the NER tagger over word ids (--task ner)');
  return { head, mode: head.kind === 'cnn-alone' ? 'ids' : s.mode };
}

/** A NER tagger's settings (--crf adds its CRF layer), validated against the tagger's schema before any work. */
export function taggerHead(s: TrainSpec): TaggerSettings {
  if (!isTaggerKind(s.head))
    throw new UsageError(`--task ner needs a tagger head (${TAGGER_KINDS.join(', ')}), got '${s.head}'`);
  return parseTaggerSettings({ kind: s.head, options: headOptions(s, Object.keys(TAGGER_SETTINGS[s.head])) });
}

/** Spec from the parsed flags, an optional config file and (with resume) the run's saved train.json. */
export async function resolveSpec(flags: Record<string, unknown>, configFile?: string): Promise<TrainSpec> {
  const layers: Layer[] = [];
  const config = configFile ? await readSpecFile(configFile) : {};
  const out = (flags.out ?? config.out) as string | undefined;
  const resume = (flags.resume ?? config.resume) === true;
  const saved = out ? join(out, 'train.json') : '';
  if (resume && out && existsSync(saved))
    layers.push({ values: await readSpecFile(saved), name: (k) => `${saved}: ${k}` });
  if (configFile) layers.push({ values: config, name: (k) => `${configFile}: ${k}` });
  layers.push({ values: flags, name: (k) => (k === 'headOptions' ? '--head-option' : `--${kebab(k)}`) });
  return mergeSpec(layers);
}
