// Tagger registry: builds any token-tagging (NER) head from a kind and a plain options object (validated with
// zod, defaults filled in, unknown option names rejected), like ../index.ts does for classification heads.
//   makeTagger('tagger-cnn', { inputDim: 768, numTags: 9, crf: true }, rng) → TaggerHead (contract: ./tagger.ts)
// Every kind takes `crf: true` for a CRF output layer (CRF loss, constrained Viterbi decoding) and Keras-style L2
// on its kernels and biases (`l2`, `l2Bias`; ../../nn/regularization.ts). Option keys in kebab-case or camelCase.
import { z } from 'zod';
import { UsageError } from '../../errors.ts';
import type { Rng } from '../../engine/rng.ts';
import { asGiven, optionIssues, optionKeys } from '../options.ts';
import { int, L2_FIELDS, rate } from '../option-fields.ts';
import { TaggerBiLstm } from './tagger-bilstm.ts';
import { TaggerCnn } from './tagger-cnn.ts';
import { TaggerLinear } from './tagger-linear.ts';
import type { TaggerHead } from './tagger.ts';

export type { TaggerHead, TaggerApi } from './tagger.ts';
export { CrfLayer } from './crf-layer.ts';

export const TAGGER_KINDS = ['tagger-linear', 'tagger-cnn', 'tagger-bilstm'] as const;
export type TaggerKind = (typeof TAGGER_KINDS)[number];

const crf = {
  crf: z.boolean().default(false).describe('a linear-chain CRF output layer (CRF loss, Viterbi decoding)'),
};

/** One line per tagger for `bertcnn heads`; every tagger reads sub-token features [B, T, D] + mask [B, T]. */
export const TAGGER_INFO: Record<TaggerKind, { summary: string }> = {
  'tagger-linear': { summary: 'dropout → Linear per sub-token (BertForTokenClassification)' },
  'tagger-cnn': {
    summary: 'stacked same-padded Conv1D → activation → dropout, then Linear per position (Collobert/Strubell)',
  },
  'tagger-bilstm': { summary: 'BiLSTM over the features, then Linear per position (Lample et al. 2016 with crf)' },
};

/** The options a user sets, per kind (every one has a default); inputDim and numTags come from the encoder and
 *  the tag set when the tagger is built. */
export const TAGGER_SETTINGS = {
  'tagger-linear': { ...crf, dropout: rate(0.1).describe('dropout on the features'), ...L2_FIELDS },
  'tagger-cnn': {
    ...crf,
    kernelSizes: z
      .array(int())
      .min(1)
      .default(() => [3, 3])
      .describe('kernel width of each stacked conv layer (one layer per width)'),
    filters: int().default(128).describe('filters per layer'),
    activation: z.enum(['relu', 'leaky_relu', 'tanh']).default('relu').describe('activation after each conv layer'),
    dropout: rate(0.3).describe('dropout after each conv layer'),
    ...L2_FIELDS,
  },
  'tagger-bilstm': {
    ...crf,
    hidden: int().default(128).describe('LSTM hidden size per direction'),
    layers: int().default(1).describe('stacked BiLSTM layers'),
    dropout: rate(0.5).describe('dropout between LSTM layers and on the BiLSTM output'),
    ...L2_FIELDS,
  },
} satisfies Record<TaggerKind, z.ZodRawShape>;
const SETTINGS = TAGGER_SETTINGS;

const sizes = { inputDim: int(), numTags: int(2) };

const SCHEMAS = {
  'tagger-linear': z.strictObject({ ...sizes, ...SETTINGS['tagger-linear'] }),
  'tagger-cnn': z.strictObject({ ...sizes, ...SETTINGS['tagger-cnn'] }),
  'tagger-bilstm': z.strictObject({ ...sizes, ...SETTINGS['tagger-bilstm'] }),
} satisfies Record<TaggerKind, z.ZodType>;

export type TaggerOptions<K extends TaggerKind> = z.input<(typeof SCHEMAS)[K]>;

export function isTaggerKind(kind: string): kind is TaggerKind {
  return (TAGGER_KINDS as readonly string[]).includes(kind);
}

function checkKind(kind: string): asserts kind is TaggerKind {
  if (!isTaggerKind(kind))
    throw new UsageError(`unknown tagger ${JSON.stringify(kind)} (expected one of ${TAGGER_KINDS.join(', ')})`);
}

/** Validates options and fills defaults; errors name the head and the field. */
export function parseTaggerOptions<K extends TaggerKind>(kind: K, raw: unknown): z.output<(typeof SCHEMAS)[K]> {
  checkKind(kind);
  const r = SCHEMAS[kind].safeParse(optionKeys(raw ?? {}));
  if (!r.success) throw new UsageError(`head ${kind}: invalid options — ${optionIssues(r.error.issues)}`);
  return r.data as z.output<(typeof SCHEMAS)[K]>;
}

const settingsOf = <K extends TaggerKind>(kind: K) =>
  z.strictObject({
    kind: z.literal(kind),
    options: z.preprocess(optionKeys, z.strictObject(asGiven(SETTINGS[kind]))).default({} as never),
  });

/** A tagger's settings (`{ kind, options }`, a union keyed by kind), as ../index.ts HeadSettingsSchema is for
 *  classification heads: options as given, unknown option names rejected. */
export const TaggerSettingsSchema = z.discriminatedUnion(
  'kind',
  [settingsOf('tagger-linear'), settingsOf('tagger-cnn'), settingsOf('tagger-bilstm')],
  {
    error: (i) =>
      i.code === 'invalid_union' ? `unknown tagger (expected one of ${TAGGER_KINDS.join(', ')})` : undefined,
  },
);

export type TaggerSettings = z.output<typeof TaggerSettingsSchema>;
export type TaggerSettingsInput = z.input<typeof TaggerSettingsSchema>;

/** Validates a tagger's `{ kind, options }` (UsageError `head tagger-cnn: invalid options — crf: …`). */
export function parseTaggerSettings(raw: { kind: string; options?: unknown }): TaggerSettings {
  checkKind(raw.kind);
  const r = TaggerSettingsSchema.safeParse({ kind: raw.kind, options: raw.options ?? {} });
  if (!r.success) {
    const issues = optionIssues(r.error.issues, Object.keys(SETTINGS[raw.kind]));
    throw new UsageError(`head ${raw.kind}: invalid options — ${issues}; see bertcnn heads ${raw.kind}`);
  }
  return r.data;
}

/** Builds a tagger; `name` prefixes its parameter names ('' by default). */
export function makeTagger(kind: string, options: Record<string, unknown>, rng: Rng, name = ''): TaggerHead {
  checkKind(kind);
  switch (kind) {
    case 'tagger-linear':
      return new TaggerLinear(name, parseTaggerOptions(kind, options), rng);
    case 'tagger-cnn':
      return new TaggerCnn(name, parseTaggerOptions(kind, options), rng);
    case 'tagger-bilstm':
      return new TaggerBiLstm(name, parseTaggerOptions(kind, options), rng);
  }
}
