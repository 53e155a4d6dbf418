// Tagger registry: builds any token-tagging (NER) head from a kind and a plain options object (validated with
// zod, defaults filled in, unknown option names rejected), like ../index.ts does for classification heads.
//   makeTagger('tagger-cnn', { inputDim: 768, numTags: 9, crf: true }, rng) → TaggerHead (contract: ./tagger.ts)
// Every kind takes `crf: true` for a CRF output layer (CRF loss, constrained Viterbi decoding).
import { z } from 'zod';
import { UsageError } from '../../errors.ts';
import type { Rng } from '../../engine/rng.ts';
import { asGiven, optionIssues } from '../options.ts';
import { TaggerBiLstm } from './tagger-bilstm.ts';
import { TaggerCnn } from './tagger-cnn.ts';
import { TaggerLinear } from './tagger-linear.ts';
import type { TaggerHead } from './tagger.ts';

export type { TaggerHead, TaggerApi } from './tagger.ts';
export { CrfLayer } from './crf-layer.ts';

export const TAGGER_KINDS = ['tagger-linear', 'tagger-cnn', 'tagger-bilstm'] as const;
export type TaggerKind = (typeof TAGGER_KINDS)[number];

const int = (min = 1) => z.number().int().min(min);
const rate = (d: number) => z.number().min(0).lt(1).default(d);
const crf = { crf: z.boolean().default(false) };

/** The options a user sets, per kind (every one has a default); inputDim and numTags come from the encoder and
 *  the tag set when the tagger is built. */
const SETTINGS = {
  'tagger-linear': { ...crf, dropout: rate(0.1) },
  'tagger-cnn': {
    ...crf,
    kernelSizes: z
      .array(int())
      .min(1)
      .default(() => [3, 3]),
    filters: int().default(128),
    activation: z.enum(['relu', 'leaky_relu', 'tanh']).default('relu'),
    dropout: rate(0.3),
  },
  'tagger-bilstm': {
    ...crf,
    hidden: int().default(128),
    layers: int().default(1),
    dropout: rate(0.5),
  },
} satisfies Record<TaggerKind, z.ZodRawShape>;

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
  const r = SCHEMAS[kind].safeParse(raw ?? {});
  if (!r.success) throw new UsageError(`head ${kind}: invalid options — ${optionIssues(r.error.issues)}`);
  return r.data as z.output<(typeof SCHEMAS)[K]>;
}

const settingsOf = <K extends TaggerKind>(kind: K) =>
  z.strictObject({ kind: z.literal(kind), options: z.strictObject(asGiven(SETTINGS[kind])).default({} as never) });

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
  if (!r.success) throw new UsageError(`head ${raw.kind}: invalid options — ${optionIssues(r.error.issues)}`);
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
