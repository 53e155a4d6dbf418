// The flags of `bertcnn train` (and the subset `bertcnn compare` shares), as one table: each entry is a key of the
// train spec (train-spec.ts; the same camelCase keys a `--config run.json` file uses), its flag (the key in
// kebab-case), the converter from the flag's string and the help text. Commander gets no defaults, so an absent
// flag never overrides a config value; defaults are shown in the help and applied when the spec is validated.
import type { Command } from 'commander';
import { HEAD_KINDS } from '../heads/index.ts';
import { TAGGER_KINDS } from '../heads/taggers/index.ts';
import { TrainOptionsSchema } from '../train/options.ts';
import { CHAR_CNN_MODELS, OOV_POLICIES } from '../features/embedding-init/spec.ts';
import { VECTOR_FORMATS } from '../encoders/static/index.ts';
import { CLEAN_MODES } from '../tasks/kim/kim-run-config.ts';
import { KIM_VARIANTS, VECTOR_SCALES } from '../tasks/kim/paper.ts';
import { classWeights, collect, column, int, ints, keyValues, layers, num, strings } from './flags.ts';

type Convert = (flag: string, value: string) => unknown;

export interface FlagDef {
  key: string;
  /** Argument placeholder; absent = boolean switch. */
  arg?: string;
  convert?: Convert;
  help: string;
}

const d = TrainOptionsSchema.parse({});
const dflt = (v: unknown) => ` (default ${Array.isArray(v) ? v.join(',') : String(v)})`;

export const DATA_FLAGS: FlagDef[] = [
  {
    key: 'train',
    arg: '<file>',
    help: 'training data: TSV (label<TAB>text by default), CSV or JSONL; CoNLL with --task ner',
  },
  { key: 'dev', arg: '<file>', help: 'dev data: selects the best epoch, early stopping' },
  { key: 'test', arg: '<file>', help: 'test data, scored once with the best model' },
  {
    key: 'devSplit',
    arg: '<fraction>',
    convert: num,
    help: 'no --dev: hold out this fraction of train as dev (stratified, seeded), e.g. 0.1',
  },
  { key: 'format', arg: '<fmt>', help: 'tsv|csv|jsonl (default: from the file extension)' },
  { key: 'header', help: 'the first row of TSV/CSV files is a header' },
  { key: 'textColumn', arg: '<col>', convert: column, help: 'text column: 0-based index or header name; JSONL field' },
  {
    key: 'labelColumn',
    arg: '<col>',
    convert: column,
    help: 'label column: 0-based index or header name; JSONL field',
  },
  { key: 'labelSeparator', arg: '<sep>', help: 'split the label field into several labels (multi-label), e.g. ,' },
  {
    key: 'unknownLabel',
    arg: '<how>',
    help: 'error|skip: dev/test records with labels the training data lacks (default error)',
  },
];

export const ENCODER_FLAGS: FlagDef[] = [
  { key: 'encoder', arg: '<ref>', help: 'encoder: Hugging Face Hub id or local model folder' },
  { key: 'maxLength', arg: '<n>', convert: int, help: 'truncate texts to n tokens, specials included (default 128)' },
  {
    key: 'windowStride',
    arg: '<n>',
    convert: int,
    help: 'frozen mode: texts longer than --max-length are split into overlapping windows sharing n tokens instead of truncated',
  },
  {
    key: 'layers',
    arg: '<list>',
    convert: layers,
    help: "hidden states to use: 'last' or indices like -4,-3,-2,-1 (default last)",
  },
  {
    key: 'combine',
    arg: '<how>',
    help: 'concat|sum|mean for several layers (default concat); --preset kim2014: shared|separate multichannel (default shared)',
  },
  { key: 'pooling', arg: '<how>', help: "cls|pooler|mean for pooled heads (default: the encoder's)" },
  { key: 'precision', arg: '<p>', help: 'fp32|int8 frozen encoder inference (default fp32)' },
  {
    key: 'cache',
    arg: '<dir>',
    help: 'frozen mode: persistent feature cache folder (shared with bertcnn embed; default: in memory)',
  },
];

export const HEAD_FLAGS: FlagDef[] = [
  {
    key: 'head',
    arg: '<kind>',
    help: `${HEAD_KINDS.join('|')} (default textcnn); --task ner: ${TAGGER_KINDS.join('|')} (default tagger-cnn)`,
  },
  {
    key: 'mode',
    arg: '<mode>',
    help: 'frozen (cached encoder features, head trains) | finetune (default frozen; cnn-alone needs no encoder run) | words (--task ner: the tagger over word ids, no encoder; the default with --init-embeddings)',
  },
  {
    key: 'task',
    arg: '<kind>',
    help: 'binary|multiclass|multilabel (default: from the labels) | ner (CoNLL files, BIO/IOB1/BIOES tags)',
  },
  { key: 'crf', help: 'NER taggers: a CRF output layer (CRF loss, Viterbi decoding)' },
  { key: 'classWeights', arg: '<w>', convert: classWeights, help: "'balanced' or one weight per label, e.g. 1,3" },
  {
    key: 'kernelSizes',
    arg: '<list>',
    convert: ints,
    help: 'CNN kernel sizes (default 3,4,5; tagger-cnn: one per stacked layer, default 3,3)',
  },
  {
    key: 'filters',
    arg: '<n>',
    convert: int,
    help: 'CNN filters per kernel size (default 100; conv1d and tagger-cnn: per layer, default 128)',
  },
  {
    key: 'dropout',
    arg: '<p>',
    convert: num,
    help: 'head dropout (default 0.5; linear 0.1; tagger-linear 0.1, tagger-cnn 0.3, tagger-bilstm 0.5)',
  },
  {
    key: 'hiddenUnits',
    arg: '<list>',
    convert: ints,
    help: 'CNN heads: hidden Dense layers after pooling, one width each, e.g. 128 or 256,128 (default none)',
  },
  {
    key: 'hiddenActivation',
    arg: '<name>',
    help: 'relu|tanh|gelu|linear: activation of the hidden Dense layers (default relu)',
  },
  { key: 'hiddenDropout', arg: '<p>', convert: num, help: 'dropout after each hidden Dense layer (default 0.5)' },
  {
    key: 'l2',
    arg: '<λ>',
    convert: num,
    help: "any head: Keras-style L2, λ·Σw² over the head's kernels added to the loss (default 0)",
  },
  { key: 'l2Bias', arg: '<λ>', convert: num, help: "any head: L2 over the head's biases (default 0)" },
  {
    key: 'initEmbeddings',
    arg: '<init>',
    help: 'models with a word embedding (NER taggers over word ids = --mode words, cnn-alone, --preset kim2014): bert-matrix:<encoder ref> | vectors:<path or wink> | random (default random)',
  },
  {
    key: 'bertMatrix',
    arg: '<dir>',
    help: `alias of --init-embeddings bert-matrix:<ref>: a BERT checkpoint's word-embedding matrix (folder or Hub id)`,
  },
  {
    key: 'oov',
    arg: '<policy>',
    help: `${OOV_POLICIES.join('|')}: words the pretrained source has no row for (BERT: default unk; char-cnn: ${CHAR_CNN_MODELS.join(', ')} only)`,
  },
  {
    key: 'freezeEmbeddings',
    help: 'keep the initialised word-embedding table fixed (NER --mode words, cnn-alone)',
  },
  {
    key: 'freezeLayers',
    arg: '<n>',
    convert: int,
    help: 'finetune: freeze the embeddings and the lowest n encoder layers',
  },
];

export const OPTION_FLAGS: FlagDef[] = [
  { key: 'epochs', arg: '<n>', convert: int, help: `epochs${dflt(d.epochs)}` },
  { key: 'batchSize', arg: '<n>', convert: int, help: `training batch size${dflt(d.batchSize)}` },
  { key: 'evalBatchSize', arg: '<n>', convert: int, help: `evaluation batch size${dflt(d.evalBatchSize)}` },
  { key: 'optimizer', arg: '<name>', help: `adamw|adam|sgd|adadelta${dflt(d.optimizer)}` },
  { key: 'lr', arg: '<x>', convert: num, help: `head learning rate${dflt(d.lr)}` },
  { key: 'encoderLr', arg: '<x>', convert: num, help: `finetune: encoder learning rate${dflt(d.encoderLr)}` },
  { key: 'weightDecay', arg: '<x>', convert: num, help: `weight decay${dflt(d.weightDecay)}` },
  { key: 'momentum', arg: '<x>', convert: num, help: `sgd momentum${dflt(d.momentum)}` },
  { key: 'rho', arg: '<x>', convert: num, help: `adadelta rho${dflt(d.rho)}` },
  { key: 'schedule', arg: '<name>', help: `constant|constant_with_warmup|linear|cosine${dflt(d.schedule)}` },
  { key: 'warmupRatio', arg: '<x>', convert: num, help: `warmup fraction of all steps${dflt(d.warmupRatio)}` },
  { key: 'clipNorm', arg: '<x>', convert: num, help: `clip the global gradient norm, 0 = off${dflt(d.clipNorm)}` },
  {
    key: 'maxNorm',
    arg: '<x>',
    convert: num,
    help: `Kim's max-norm on the output layer's rows, 0 = off${dflt(d.maxNorm)}`,
  },
  {
    key: 'maxNormParams',
    arg: '<names>',
    convert: strings,
    help: `parameter-name suffixes max-norm applies to${dflt(d.maxNormParams)}`,
  },
  { key: 'seed', arg: '<n>', convert: int, help: `random seed${dflt(d.seed)}` },
  {
    key: 'metric',
    arg: '<name>',
    help: 'dev metric for the best epoch: accuracy|macro_f1|weighted_f1|micro_f1|subset_accuracy (default accuracy; multilabel micro_f1; ner: f1|precision|recall|token_accuracy, default f1)',
  },
  {
    key: 'patience',
    arg: '<n>',
    convert: int,
    help: `stop after n epochs without dev improvement, 0 = never${dflt(d.patience)}`,
  },
  {
    key: 'logEvery',
    arg: '<n>',
    convert: int,
    help: `log every n steps to log.jsonl, 0 = epochs only${dflt(d.logEvery)}`,
  },
];

export const RUN_FLAGS: FlagDef[] = [
  { key: 'out', arg: '<dir>', help: 'run folder to create' },
  {
    key: 'folds',
    arg: '<k>',
    convert: int,
    help: 'k-fold cross-validation on --train: fold i is the test split (never trained on), the best epoch is chosen on a dev part of the other folds (--dev-split, 10%); runs in <out>/fold-i, dev and test mean ± std in <out>/cv.json',
  },
  { key: 'resume', help: 'continue the run in --out from its checkpoint (its saved settings apply; flags override)' },
];

/** `--preset kim2014` and its own flags (checked in kim-flags.ts). */
export const PRESETS = ['kim2014'] as const;
const K = '(--preset kim2014)';

export const PRESET_FLAGS: FlagDef[] = [
  {
    key: 'preset',
    arg: '<name>',
    help: `a fixed recipe: ${PRESETS.join('|')} (Kim 2014's CNN over word vectors; fixes the model and optimiser)`,
  },
  { key: 'variant', arg: '<v>', help: `${KIM_VARIANTS.join('|')} (default static) ${K}` },
  { key: 'vectors', arg: '<src>', help: `word vectors: wink (the npm package, default) or a vectors file ${K}` },
  { key: 'vectorFormat', arg: '<fmt>', help: `${VECTOR_FORMATS.join('|')} of --vectors (default auto) ${K}` },
  {
    key: 'vectorScale',
    arg: '<s>',
    help: `${VECTOR_SCALES.join('|')}: rescale vectors to Kim's entry std, or keep them (default kim) ${K}`,
  },
  { key: 'level', arg: '<l>', help: `word|wordpiece tokens over the BERT matrix (default word) ${K}` },
  {
    key: 'cleanStr',
    arg: '<mode>',
    help: `${CLEAN_MODES.join('|')}: Kim's clean_str, clean_str_sst, or no lower-casing (TREC) (default default) ${K}`,
  },
];

/** A train flag by key, optionally with other help text (for commands that share it). */
export function flagDef(key: string, help?: string): FlagDef {
  const f = [...DATA_FLAGS, ...ENCODER_FLAGS, ...HEAD_FLAGS, ...OPTION_FLAGS, ...RUN_FLAGS].find((d) => d.key === key);
  if (!f) throw new Error(`no train flag '${key}'`);
  return help ? { ...f, help } : f;
}

export const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function addFlags(cmd: Command, defs: readonly FlagDef[]): Command {
  for (const f of defs) cmd.option(`--${kebab(f.key)}${f.arg ? ` ${f.arg}` : ''}`, f.help);
  return cmd;
}

export function addHeadOptionFlag(cmd: Command): Command {
  return cmd.option(
    '--head-option <key=value>',
    'any other head option (repeatable), e.g. --head-option batch-norm=true --head-option layers=3; every head and its options: bertcnn heads [NAME]',
    collect,
  );
}

/** Converts the flags commander parsed (strings; absent = undefined) into spec values keyed like the spec. */
export function flagValues(parsed: Record<string, unknown>, defs: readonly FlagDef[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of defs) {
    const v = parsed[f.key];
    if (v === undefined) continue;
    out[f.key] = f.convert && typeof v === 'string' ? f.convert(`--${kebab(f.key)}`, v) : v;
  }
  const ho = parsed.headOption as string[] | undefined;
  if (ho) out.headOptions = keyValues('--head-option', ho);
  return out;
}
