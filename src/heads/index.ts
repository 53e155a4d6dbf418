// Head registry: builds any classification head from a kind and a plain options object (validated with zod,
// defaults filled in), and says what each head consumes, so the trainer wires heads without knowing them.
//   makeHead('textcnn', { inputDim: 768, numClasses: 2 }, rng)  →  Head (see ./head.ts for the contract)
//   headInput('textcnn') === 'tokens'   ('tokens': features [B,T,H] + mask; 'pooled': [B,H]; 'ids': ids + mask)
// The kinds, their options and defaults live in ./kinds.ts. Option keys may be given in kebab-case or camelCase
// (./options.ts); unknown option names are rejected naming the head's options, so a typo never passes silently.
import { z } from 'zod';
import { UsageError } from '../errors.ts';
import type { BuildContext } from '../engine/program.ts';
import type { Value } from '../engine/graph.ts';
import type { Rng } from '../engine/rng.ts';
import { l2Regularization } from '../nn/regularization.ts';
import { CnnAlone } from './cnn-alone.ts';
import { ClsLinear } from './cls-linear.ts';
import { Conv1dStack } from './conv1d-stack.ts';
import { Conv2dSentence } from './conv2d-sentence.ts';
import { asGiven, optionIssues, optionKeys } from './options.ts';
import { requireMask, type Head, type HeadApi, type HeadInput } from './head.ts';
import { HEAD_INFO, HEAD_KINDS, SETTINGS, type HeadKind } from './kinds.ts';
import { int } from './option-fields.ts';
import { ProjectionCnn } from './projection-cnn.ts';
import { TextCnn } from './textcnn.ts';

export type { Head, HeadApi, HeadInput } from './head.ts';

export { HEAD_KINDS, HEAD_INFO, type HeadKind } from './kinds.ts';

const INPUTS = Object.fromEntries(HEAD_KINDS.map((k) => [k, HEAD_INFO[k].input])) as Record<HeadKind, HeadInput>;

const features = { inputDim: int(), numClasses: int() };

const SCHEMAS = {
  textcnn: z.strictObject({ ...features, ...SETTINGS.textcnn }),
  conv1d: z.strictObject({ ...features, ...SETTINGS.conv1d }),
  conv2d: z.strictObject({ ...features, ...SETTINGS.conv2d }),
  projection: z.strictObject({ ...features, ...SETTINGS.projection }),
  linear: z.strictObject({ ...features, ...SETTINGS.linear }),
  'cnn-alone': z
    .strictObject({
      vocabSize: int(),
      numClasses: int(),
      pretrained: z.instanceof(Float32Array).optional(),
      ...SETTINGS['cnn-alone'],
    })
    .refine((o) => !o.pretrained || o.pretrained.length === o.vocabSize * o.embeddingDim, {
      message: 'pretrained must hold vocabSize × embeddingDim values',
      path: ['pretrained'],
    }),
} satisfies Record<HeadKind, z.ZodType>;

export type HeadOptions<K extends HeadKind> = z.input<(typeof SCHEMAS)[K]>;
export type ResolvedHeadOptions<K extends HeadKind> = z.output<(typeof SCHEMAS)[K]>;

function checkKind(kind: string): asserts kind is HeadKind {
  if (!(HEAD_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(`unknown head ${JSON.stringify(kind)} (expected one of ${HEAD_KINDS.join(', ')})`);
  }
}

/** What the head consumes: token features + mask, the pooled sentence vector, or token ids + mask. */
export function headInput(kind: HeadKind): HeadInput {
  checkKind(kind);
  return INPUTS[kind];
}

/** Validates options and fills defaults; errors name the head and the field. */
export function parseHeadOptions<K extends HeadKind>(kind: K, raw: unknown): ResolvedHeadOptions<K> {
  checkKind(kind);
  const r = SCHEMAS[kind].safeParse(optionKeys(raw ?? {}));
  if (!r.success) throw new UsageError(`head ${kind}: invalid options — ${optionIssues(r.error.issues)}`);
  return r.data as ResolvedHeadOptions<K>;
}

/** `{ kind, options }` of one kind: the options as the user gave them (no defaults filled: a saved config keeps
 *  what was asked for), unknown option names rejected. */
const settingsOf = <K extends HeadKind>(kind: K) =>
  z.strictObject({
    kind: z.literal(kind),
    options: z.preprocess(optionKeys, z.strictObject(asGiven(SETTINGS[kind]))).default({} as never),
  });

/** The options a user sets on a head of this kind (camelCase, in the order `bertcnn heads` lists them). */
export function headOptionNames(kind: HeadKind): string[] {
  checkKind(kind);
  return Object.keys(SETTINGS[kind]);
}

/**
 * A head's settings as the CLI, a config file, the API and config.json give them: `{ kind, options }`, a union
 * keyed by kind, so code past the point where settings enter holds a typed head and needs no cast.
 */
export const HeadSettingsSchema = z.discriminatedUnion(
  'kind',
  [
    settingsOf('textcnn'),
    settingsOf('conv1d'),
    settingsOf('conv2d'),
    settingsOf('projection'),
    settingsOf('linear'),
    settingsOf('cnn-alone'),
  ],
  {
    error: (i) => (i.code === 'invalid_union' ? `unknown head (expected one of ${HEAD_KINDS.join(', ')})` : undefined),
  },
);

export type HeadSettings = z.output<typeof HeadSettingsSchema>;
export type HeadSettingsInput = z.input<typeof HeadSettingsSchema>;

/** Validates a head's `{ kind, options }` (UsageError `head textcnn: invalid options — unknown option filterz`). */
export function parseHeadSettings(raw: { kind: string; options?: unknown }): HeadSettings {
  checkKind(raw.kind);
  const r = HeadSettingsSchema.safeParse({ kind: raw.kind, options: raw.options ?? {} });
  if (!r.success) {
    const issues = optionIssues(r.error.issues, headOptionNames(raw.kind));
    throw new UsageError(`head ${raw.kind}: invalid options — ${issues}; see bertcnn heads ${raw.kind}`);
  }
  return r.data;
}

/** The sizes a head is built with: from the encoder (inputDim, or vocabSize for cnn-alone) and the task. */
export interface HeadSizes {
  inputDim?: number;
  vocabSize?: number;
  numClasses: number;
  /** cnn-alone: its initial table [vocabSize · embeddingDim] (src/features/embedding-init/), not kept in options. */
  pretrained?: Float32Array;
}

/** Builds the head a run's settings describe, with the sizes of its encoder and task. */
export function buildHead(settings: HeadSettings, sizes: HeadSizes, rng: Rng, name = ''): Head {
  const sized =
    settings.kind === 'cnn-alone'
      ? { vocabSize: sizes.vocabSize, ...(sizes.pretrained ? { pretrained: sizes.pretrained } : {}) }
      : { inputDim: sizes.inputDim };
  return makeHead(settings.kind, { ...settings.options, ...sized, numClasses: sizes.numClasses } as never, rng, name);
}

/** TextCNN with the Head contract (mask checked, L2 on its kernels and biases). */
class TextCnnHead extends TextCnn implements HeadApi {
  override forward(ctx: BuildContext, features: Value, mask?: Value): Value {
    return super.forward(ctx, features, requireMask(ctx, 'TextCnn', features, mask));
  }

  regularization(ctx: BuildContext): Value | null {
    return l2Regularization(ctx, this, this.l2Options);
  }
}

/**
 * Builds a head. `name` prefixes its parameter names ('' by default: the linear head's parameters are then
 * `classifier.weight`/`classifier.bias`, exactly Hugging Face's BertForSequenceClassification names).
 */
export function makeHead<K extends HeadKind>(kind: K, options: HeadOptions<K>, rng: Rng, name = ''): Head {
  const k: HeadKind = kind;
  switch (k) {
    case 'textcnn':
      return new TextCnnHead(name, parseHeadOptions(k, options), rng);
    case 'conv1d':
      return new Conv1dStack(name, parseHeadOptions(k, options), rng);
    case 'conv2d':
      return new Conv2dSentence(name, parseHeadOptions(k, options), rng);
    case 'projection':
      return new ProjectionCnn(name, parseHeadOptions(k, options), rng);
    case 'linear':
      return new ClsLinear(name, parseHeadOptions(k, options), rng);
    case 'cnn-alone':
      return new CnnAlone(name, parseHeadOptions(k, options), rng);
    default:
      checkKind(k);
      throw new UsageError(`unknown head ${JSON.stringify(k)}`);
  }
}
