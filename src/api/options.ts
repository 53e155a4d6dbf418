// Options of the library's TextClassifier and TokenTagger, validated with zod. The keys are those of `bertcnn
// train` in camelCase (`--batch-size` ↔ batchSize) and the defaults are the same, so an API run and a CLI run with
// the same settings are the same run (the API writes them to train.json as the CLI does). The one difference:
// `encoder` defaults to 'use-lite' (offline, shipped on npm) where the CLI asks for --encoder. Errors are UsageErrors
// naming the option (`TextClassifier options.batchSize: …`), thrown by the constructor before any work.
import { z } from 'zod';
import { fieldPath, formatIssues, UsageError } from '../errors.ts';
import { HEAD_KINDS, headInput, parseHeadSettings, type HeadKind } from '../heads/index.ts';
import { parseTaggerSettings, TAGGER_KINDS, type TaggerKind } from '../heads/taggers/index.ts';
import type { TaskKind } from '../tasks/classification/task.ts';
import { TAGGING_METRICS } from '../tasks/ner/scores.ts';
import type { TrainJob } from '../tasks/classification/job.ts';
import { TrainOptionsSchema, type TrainOptionsInput } from '../train/options.ts';
import { DEFAULT_MAX_LENGTH, windowStrideProblem } from '../train/run-config.ts';
import { classificationSettingsFields, modelSettingsFields } from '../train/settings.ts';
import { storedEncoderRef } from '../encoders/run-ref.ts';

/** The encoder the API uses when none is given: Universal Sentence Encoder lite, offline (npm). */
export const DEFAULT_ENCODER = 'use-lite';

const encoderFields = {
  /** Hugging Face Hub id (e.g. 'bert-base-uncased'), a local model folder, or 'use-lite'. */
  encoder: z.string().min(1).default(DEFAULT_ENCODER),
  ...modelSettingsFields,
  ...TrainOptionsSchema.partial().shape,
};

const ClassifierSchema = z.strictObject({
  ...encoderFields,
  head: z.enum(HEAD_KINDS).default('textcnn'),
  task: z.enum(['binary', 'multiclass', 'multilabel']).optional(),
  ...classificationSettingsFields,
});

const TaggerSchema = z.strictObject({
  ...encoderFields,
  head: z.enum(TAGGER_KINDS).default('tagger-cnn'),
});

/** Training hyper-parameters (same names and defaults as `bertcnn train`: epochs 5, batchSize 32, lr 1e-3, …). */
export type TrainingOptions = Partial<TrainOptionsInput>;

/** Options shared by TextClassifier and TokenTagger. */
export interface ModelOptions extends TrainingOptions {
  /** Hugging Face Hub id, local model folder, or 'use-lite' (default; frozen only). */
  encoder?: string;
  /** 'frozen' (default): the encoder's features feed the head; 'finetune': encoder and head train together. */
  mode?: 'frozen' | 'finetune';
  /** Tokens per text, specials included (default 128). */
  maxLength?: number;
  /** Hidden states the head reads: 'last' (default) or indices, e.g. [-4, -3, -2, -1]. */
  layers?: 'last' | number[];
  /** How several layers combine (default 'concat'). */
  combine?: 'concat' | 'sum' | 'mean';
  /** Frozen encoder arithmetic (default 'fp32'; 'int8' = dynamic quantization). */
  precision?: 'fp32' | 'int8';
  /** The head's own options (e.g. { kernelSizes: [3, 4, 5], filters: 100, dropout: 0.5 } for textcnn). */
  headOptions?: Record<string, unknown>;
  /** Fine-tune mode: freeze the embeddings and the lowest N encoder layers. */
  freezeLayers?: number;
  /** Frozen mode: a persistent feature cache folder shared with the CLI (default: features in memory). */
  cache?: string;
}

/** TextClassifier options: ModelOptions plus the classification head, task and features. */
export interface ClassifierOptions extends ModelOptions {
  /** textcnn (default), conv1d, conv2d, projection, linear, cnn-alone. */
  head?: HeadKind;
  /** Default: binary for two labels, multiclass for more, multilabel when records carry `labels`. */
  task?: TaskKind;
  /** Sentence vector for pooled heads (linear, conv2d): cls, pooler, mean. */
  pooling?: 'cls' | 'pooler' | 'mean';
  /** Frozen mode: window texts longer than maxLength, consecutive windows sharing this many tokens. */
  windowStride?: number;
  classWeights?: 'balanced' | number[];
}

/** TokenTagger options: ModelOptions plus the tagger head (tagger-cnn default, tagger-linear, tagger-bilstm). */
export interface TaggerOptions extends ModelOptions {
  head?: TaggerKind;
}

export type ResolvedClassifierOptions = z.output<typeof ClassifierSchema>;
export type ResolvedTaggerOptions = z.output<typeof TaggerSchema>;

function parse<S extends z.ZodType>(schema: S, raw: unknown, who: string): z.output<S> {
  if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw)))
    throw new UsageError(`${who} options: expected an object of options, got ${JSON.stringify(raw)}`);
  const r = schema.safeParse(raw ?? {});
  if (!r.success) {
    const name = (p: readonly PropertyKey[]) => `options.${fieldPath(p) || '(root)'}`;
    throw new UsageError(`${who} ${formatIssues(r.error.issues, { name, unknown: 'option' })}`);
  }
  return r.data;
}

function checkCommon(
  o: { mode: string; freezeLayers?: number; cache?: string; metric?: string },
  who: string,
  metrics: readonly string[],
): void {
  if (o.freezeLayers !== undefined && o.mode !== 'finetune')
    throw new UsageError(`${who} options.freezeLayers applies to mode 'finetune' only`);
  if (o.cache !== undefined && o.mode === 'finetune')
    throw new UsageError(`${who} options.cache applies to mode 'frozen' (fine-tuning recomputes features)`);
  if (o.metric !== undefined && !metrics.includes(o.metric))
    throw new UsageError(`${who} options.metric: unknown metric '${o.metric}' (one of ${metrics.join(', ')})`);
}

const CLASSIFICATION_METRICS = ['accuracy', 'macro_f1', 'weighted_f1', 'micro_f1', 'subset_accuracy'];

/** Validates TextClassifier options (head options included) and fills the CLI's defaults. */
export function parseClassifierOptions(raw: unknown): ResolvedClassifierOptions {
  const who = 'TextClassifier';
  const o = parse(ClassifierSchema, raw, who);
  checkCommon(o, who, CLASSIFICATION_METRICS);
  headOf(who, () => parseHeadSettings({ kind: o.head, options: o.headOptions }));
  if (o.windowStride !== undefined) {
    if (o.mode !== 'frozen' || headInput(o.head) === 'ids')
      throw new UsageError(
        `${who} options.windowStride applies to frozen encoder features (mode 'frozen', not head cnn-alone)`,
      );
    const bad = windowStrideProblem(o.windowStride, o.maxLength ?? DEFAULT_MAX_LENGTH);
    if (bad) throw new UsageError(`${who} options.windowStride ${bad}`);
  }
  return o;
}

/** Validates TokenTagger options (tagger options included) and fills the CLI's defaults. */
export function parseTaggerOptionsForApi(raw: unknown): ResolvedTaggerOptions {
  const who = 'TokenTagger';
  const o = parse(TaggerSchema, raw, who);
  checkCommon(o, who, TAGGING_METRICS);
  headOf(who, () => parseTaggerSettings({ kind: o.head, options: o.headOptions }));
  return o;
}

/** Validates the head's settings (`head` + `headOptions`); errors name `options.headOptions`. */
function headOf(who: string, parse: () => unknown): void {
  try {
    parse();
  } catch (e) {
    throw new UsageError(`${who} options.headOptions: ${(e as Error).message}`);
  }
}

const defined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** The training hyper-parameters among the options (TrainOptions keys only), with `epochs` overridden by fit(). */
export function trainingOptions(o: Record<string, unknown>, epochs?: number): TrainOptionsInput {
  const picked = Object.fromEntries(Object.keys(TrainOptionsSchema.shape).map((k) => [k, o[k]]));
  return defined({ ...picked, ...(epochs === undefined ? {} : { epochs }) }) as TrainOptionsInput;
}

/** The job's encoder selection (defaults applied by the job: layers 'last', concat, max length 128, fp32). */
export function encoderSelection(o: ResolvedClassifierOptions | ResolvedTaggerOptions): TrainJob['encoder'] {
  const c = o as Partial<ResolvedClassifierOptions>;
  return {
    ref: storedEncoderRef(o.encoder), // a local folder absolute, as the CLI stores it: the run loads from anywhere
    ...defined({
      layers: o.layers,
      combine: o.combine,
      maxLength: o.maxLength,
      precision: o.precision,
      pooling: c.pooling,
      windowStride: c.windowStride,
    }),
  };
}
