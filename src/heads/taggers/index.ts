// Tagger registry: builds any token-tagging (NER) head from a kind and a plain options object (validated with
// zod, defaults filled in, unknown option names rejected), like ../index.ts does for classification heads.
//   makeTagger('tagger-cnn', { inputDim: 768, numTags: 9, crf: true }, rng) → TaggerHead (contract: ./tagger.ts)
// Every kind takes `crf: true` for a CRF output layer (CRF loss, constrained Viterbi decoding).
import { z } from 'zod';
import { UsageError } from '../../errors.ts';
import type { Rng } from '../../engine/rng.ts';
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
const base = { inputDim: int(), numTags: int(2), crf: z.boolean().default(false) };

const SCHEMAS = {
  'tagger-linear': z.strictObject({ ...base, dropout: rate(0.1) }),
  'tagger-cnn': z.strictObject({
    ...base,
    kernelSizes: z
      .array(int())
      .min(1)
      .default(() => [3, 3]),
    filters: int().default(128),
    activation: z.enum(['relu', 'leaky_relu', 'tanh']).default('relu'),
    dropout: rate(0.3),
  }),
  'tagger-bilstm': z.strictObject({
    ...base,
    hidden: int().default(128),
    layers: int().default(1),
    dropout: rate(0.5),
  }),
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
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`).join('; ');
    throw new UsageError(`head ${kind}: invalid options — ${issues}`);
  }
  return r.data as z.output<(typeof SCHEMAS)[K]>;
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
