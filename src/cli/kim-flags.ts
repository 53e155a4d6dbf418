// The flags of `bertcnn train --preset kim2014` and their checks. The preset fixes the model and the optimiser
// (Kim 2014: 3/4/5 × 100 filters, dropout 0.5, Adadelta, batches of 50, max-norm 3), so every train flag that would
// change them is refused by name; the data flags, --out, --folds, --seed, --epochs, --resume (continues a --folds
// run) and --combine (read here as shared|separate) keep their meaning. Without --preset the Kim-only flags are refused.
import { UsageError } from '../errors.ts';
import { OOV_POLICIES, parseInitSpec } from '../features/embedding-init/spec.ts';
import { VECTOR_FORMATS } from '../encoders/static/index.ts';
import { CLEAN_MODES } from '../tasks/kim/kim-run-config.ts';
import { KIM_VARIANTS, VECTOR_SCALES } from '../tasks/kim/paper.ts';
import { TrainOptionsSchema } from '../train/options.ts';
import type { KimSettings } from '../presets/kim2014/settings.ts';
import { column, int, num, oneOf } from './flags.ts';
import { kebab, PRESET_FLAGS, PRESETS, type FlagDef } from './train-flags.ts';
import { readOptions } from './train-job.ts';

/** The train flags the preset keeps (besides the Kim flags, --json and --quiet). */
const KEPT = new Set([
  'train',
  'dev',
  'test',
  'devSplit',
  'format',
  'header',
  'textColumn',
  'labelColumn',
  'unknownLabel',
  'out',
  'folds',
  'seed',
  'epochs',
  'combine',
  'resume',
  'initEmbeddings',
  'bertMatrix',
  'oov',
]);

/** Without --preset: a Kim-only flag is a usage error naming it. */
export function refusePresetFlags(o: Record<string, unknown>): void {
  for (const f of PRESET_FLAGS)
    if (o[f.key] !== undefined) throw new UsageError(`--${kebab(f.key)} applies to --preset kim2014 only`);
}

export type { KimSettings } from '../presets/kim2014/settings.ts';

const DEFAULT_SEED = TrainOptionsSchema.parse({}).seed;

/** --init-embeddings mapped onto the preset's own flags (--bert-matrix, --vectors, --variant rand). */
function kimInit(o: Record<string, unknown>): { bertMatrix?: string; vectors?: string; rand?: boolean } {
  if (o.initEmbeddings === undefined) return { bertMatrix: str(o.bertMatrix) };
  const spec = parseInitSpec(String(o.initEmbeddings));
  for (const k of ['bertMatrix', 'vectors'] as const)
    if (o[k] !== undefined) throw new UsageError(`--init-embeddings and --${kebab(k)} exclude each other`);
  if (spec.kind === 'random') return { rand: true };
  return spec.kind === 'vectors' ? { vectors: spec.source } : { bertMatrix: spec.ref };
}
const str = (v: unknown) => (v === undefined ? undefined : String(v));

/** Checks the flags commander parsed (strings) for --preset and turns them into settings. `who`: the flag that
 *  chose Kim's recipe, as errors name it (`bertcnn distill --student kim2014` reuses these checks). */
export function kimSettings(
  o: Record<string, unknown>,
  trainFlags: readonly FlagDef[],
  who = '--preset kim2014',
): KimSettings {
  if (who === '--preset kim2014') oneOf('--preset', String(o.preset), PRESETS);
  if (o.config !== undefined) throw new UsageError(`${who} fixes the settings: --config is not used with it`);
  if (o.headOption !== undefined) throw new UsageError(`${who} fixes the model: drop --head-option`);
  for (const f of trainFlags) {
    if (!KEPT.has(f.key) && o[f.key] !== undefined)
      throw new UsageError(
        `${who} fixes --${kebab(f.key)} (Kim's recipe: 3/4/5 × 100 filters, dropout 0.5, Adadelta, batches of 50); drop it`,
      );
  }
  for (const k of ['train', 'out'] as const) if (o[k] === undefined) throw new UsageError(`missing --${k}`);
  const opt = <T extends string>(key: string, allowed: readonly T[], dflt: T): T =>
    o[key] === undefined ? dflt : oneOf(`--${kebab(key)}`, String(o[key]), allowed);
  const devSplit = o.devSplit === undefined ? undefined : num('--dev-split', String(o.devSplit));
  if (devSplit !== undefined && !(devSplit > 0 && devSplit < 1))
    throw new UsageError(`--dev-split must be in (0, 1), got ${devSplit}`);
  const folds = o.folds === undefined ? undefined : int('--folds', String(o.folds));
  if (folds !== undefined && folds < 2) throw new UsageError(`--folds must be ≥ 2, got ${folds}`);
  if (o.dev !== undefined && devSplit !== undefined) throw new UsageError('--dev and --dev-split exclude each other');
  if (folds !== undefined && (o.dev !== undefined || devSplit !== undefined))
    throw new UsageError(
      `--folds: cross-validation makes its own splits; drop ${o.dev !== undefined ? '--dev' : '--dev-split'}`,
    );
  const epochs = o.epochs === undefined ? undefined : int('--epochs', String(o.epochs));
  if (epochs !== undefined && epochs < 1) throw new UsageError(`--epochs must be ≥ 1, got ${epochs}`);
  if (o.freezeEmbeddings !== undefined)
    throw new UsageError(
      `${who} freezes by --variant: static (frozen), non-static (trained), multichannel (both); drop --freeze-embeddings`,
    );
  const init = kimInit(o);
  const variant = init.rand ? 'rand' : opt('variant', KIM_VARIANTS, 'static');
  if (init.rand && o.variant !== undefined && o.variant !== 'rand')
    throw new UsageError(`--init-embeddings random is --variant rand; got --variant ${String(o.variant)}`);
  const bertMatrix = init.bertMatrix;
  if (init.vectors !== undefined) o = { ...o, vectors: init.vectors };
  if (!bertMatrix)
    for (const k of ['oov', 'level']) if (o[k] !== undefined) throw new UsageError(`--${k} applies to --bert-matrix`);
  if (bertMatrix && (o.vectors !== undefined || o.vectorFormat !== undefined))
    throw new UsageError('--bert-matrix and --vectors/--vector-format exclude each other');
  if (variant === 'rand' && (bertMatrix || o.vectors !== undefined))
    throw new UsageError('--variant rand uses random vectors: drop --vectors / --bert-matrix');
  const level = opt('level', ['word', 'wordpiece'] as const, 'word');
  const oov = opt('oov', OOV_POLICIES, 'unk');
  if (level === 'wordpiece' && o.oov !== undefined)
    throw new UsageError('--oov applies to --level word (WordPiece has no OOV words)');
  return {
    train: String(o.train),
    dev: str(o.dev),
    test: str(o.test),
    devSplit,
    read: readOptions({
      format:
        o.format === undefined ? undefined : oneOf('--format', String(o.format), ['tsv', 'csv', 'jsonl'] as const),
      header: o.header === true ? true : undefined,
      textColumn: o.textColumn === undefined ? undefined : column('--text-column', String(o.textColumn)),
      labelColumn: o.labelColumn === undefined ? undefined : column('--label-column', String(o.labelColumn)),
    }),
    unknownLabel: opt('unknownLabel', ['error', 'skip'] as const, 'error'),
    out: String(o.out),
    folds,
    seed: o.seed === undefined ? DEFAULT_SEED : int('--seed', String(o.seed)),
    epochs,
    variant,
    vectors: str(o.vectors) ?? 'wink',
    vectorFormat: opt('vectorFormat', VECTOR_FORMATS, 'auto'),
    vectorScale: opt('vectorScale', VECTOR_SCALES, 'kim'),
    bertMatrix,
    oov,
    level,
    combine: opt('combine', ['shared', 'separate'] as const, 'shared'),
    cleanStr: opt('cleanStr', CLEAN_MODES, 'default'),
    resume: o.resume === true,
  };
}

/** `predict/eval --extend-vocab` (kim2014 runs over static vectors; src/presets/kim2014/extend-vocab.ts). */
export const EXTEND_VOCAB_HELP =
  "kim2014 runs over static vectors: words outside the run's vocabulary that the run's vectors have get their " +
  'pretrained row instead of being dropped (as in Kim’s vocabulary over all data); loads the vectors';

/** Refuses --extend-vocab on a run that is not a kim2014 run. */
export function checkExtendVocab(kind: string, extendVocab: boolean | undefined): void {
  if (extendVocab && kind !== 'kim2014')
    throw new UsageError(`--extend-vocab applies to kim2014 runs; this is a ${kind} run`);
}
