// `bertcnn compare --train T [--dev D] [--test X] --encoder REF [--epochs N] [--out DIR]`: trains a linear head on
// the pooled vector, a TextCNN on token features and a CNN-alone on token ids (no encoder) with the same budget,
// then prints one row per model: dev (and test) accuracy / macro-F1, seconds, trained parameters. `--json` prints
// the rows as JSON; with --out the runs stay in DIR/<model> and the rows go to DIR/compare.json (without --out
// everything lives in a temporary folder that is removed afterwards). `--folds K` cross-validates every model on
// the train file (rows: mean ± std over the folds). The linear head on frozen features trains at `--linear-lr`
// (default 10× --lr; see src/tasks/classification/compare.ts for why).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { UsageError } from '../../errors.ts';
import { parseHeadSettings } from '../../heads/index.ts';
import {
  compareModels,
  FROZEN_LINEAR_LR_SCALE,
  runComparison,
  type CompareRow,
} from '../../tasks/classification/compare.ts';
import { DEFAULT_LR } from '../../train/options.ts';
import { int, num } from '../flags.ts';
import { fmt, table, thousands } from '../format.ts';
import { CliExit, INTERRUPTED, watchInterrupt } from '../interrupt.ts';
import {
  addFlags,
  DATA_FLAGS,
  ENCODER_FLAGS,
  flagDef,
  flagValues,
  kebab,
  OPTION_FLAGS,
  type FlagDef,
} from '../train-flags.ts';
import { trainEvents } from '../train-events.ts';
import { toTrainJob } from '../train-job.ts';
import { mergeSpec } from '../train-spec.ts';

const FLAGS: FlagDef[] = [
  ...DATA_FLAGS,
  ...ENCODER_FLAGS.filter((f) => f.key !== 'windowStride'), // refused below: CNN-alone and fine-tuning cannot window
  flagDef('mode', 'frozen|finetune for the two encoder models (default frozen)'),
  flagDef('task'),
  flagDef('classWeights'),
  flagDef('kernelSizes', 'kernel sizes of both CNNs (default 3,4,5)'),
  flagDef('filters', 'filters per kernel size of both CNNs (default 100)'),
  flagDef('dropout', "dropout of every head (default: each head's own, 0.5 / linear 0.1)"),
  ...OPTION_FLAGS,
  flagDef('out', 'keep the runs in DIR/<model> and write DIR/compare.json (default: a temporary folder)'),
  flagDef('folds', 'k-fold cross-validation of every model on --train: rows give mean ± std over the folds'),
  flagDef('resume', 'continue an interrupted comparison in --out (finished models are read back)'),
];

interface CliOnly {
  embeddingDim?: string;
  linearLr?: string;
  json?: boolean;
  quiet?: boolean;
}

export function registerCompare(program: Command): void {
  const cmd = program
    .command('compare')
    .description('linear (pooled) vs TextCNN (token features) vs CNN-alone (token ids) on one dataset, same budget');
  addFlags(cmd, FLAGS)
    .option('--embedding-dim <n>', 'CNN-alone word-embedding size (default 300)')
    .option(
      '--linear-lr <x>',
      `learning rate of the linear head (default ${FROZEN_LINEAR_LR_SCALE}× --lr on frozen features, --lr when fine-tuning)`,
    )
    .option('--json', 'print the rows as JSON')
    .option('--quiet', 'no progress bars or messages')
    .addOption(new Option('--window-stride <n>').hideHelp())
    .action((o: Record<string, unknown> & CliOnly) => runCompare(o));
}

export async function runCompare(o: Record<string, unknown> & CliOnly): Promise<void> {
  const { embeddingDim, linearLr, json, quiet, ...rest } = o;
  if (rest.windowStride !== undefined)
    throw new UsageError(
      '--window-stride is not supported by bertcnn compare (CNN-alone and fine-tuned models cannot window long texts); use bertcnn train --mode frozen --window-stride N',
    );
  const values = flagValues(rest, FLAGS);
  const spec = mergeSpec([{ values: { out: '(temporary)', ...values }, name: (k) => `--${kebab(k)}` }]);
  const cnn = Object.fromEntries(
    Object.entries({ kernelSizes: spec.kernelSizes, filters: spec.filters, dropout: spec.dropout }).filter(
      ([, v]) => v !== undefined,
    ),
  );
  const cnnAlone = embeddingDim === undefined ? {} : { embeddingDim: int('--embedding-dim', embeddingDim) };
  const linear = spec.dropout === undefined ? {} : { dropout: spec.dropout };
  parseHeadSettings({ kind: 'linear', options: linear });
  parseHeadSettings({ kind: 'cnn-alone', options: { ...cnn, ...cnnAlone } });
  if (spec.mode === 'words')
    throw new UsageError('--mode words is the NER tagger over word ids; compare takes frozen or finetune');
  const models = compareModels(spec.mode, spec.lr ?? DEFAULT_LR, {
    cnn,
    cnnAlone,
    linear,
    ...(linearLr === undefined ? {} : { linearLr: positive('--linear-lr', linearLr) }),
  });
  const tmp = values.out ? null : await mkdtemp(join(tmpdir(), 'bertcnn-compare-'));
  const { out, head: _h, mode: _m, ...base } = toTrainJob({ ...spec, out: tmp ?? spec.out });
  const intr = watchInterrupt();
  const silent = quiet === true || json === true;
  const bars = models.map((m) =>
    trainEvents({
      quiet: silent,
      epochs: spec.epochs,
      batchSize: spec.batchSize,
      stopped: intr.stopped,
      prefix: `[${m.name}]`,
    }),
  );
  try {
    const r = await runComparison(
      base,
      out,
      models,
      (m) => bars[models.indexOf(m)]!,
      { cacheDir: spec.cache },
      { folds: spec.folds },
    );
    bars.forEach((b) => b.finish());
    if (r.interrupted) {
      throw new CliExit(
        INTERRUPTED,
        `interrupted during ${models[r.rows.length]!.name}; ${tmp ? 'the temporary runs are removed' : `resume with: bertcnn compare … --out ${out} --resume`}`,
      );
    }
    if (json) console.log(JSON.stringify({ ...(tmp ? {} : { out }), budget: base.options, rows: r.rows }));
    else if (!quiet) printTable(r.rows, tmp ? null : join(out, 'compare.json'));
  } finally {
    bars.forEach((b) => b.finish());
    intr.dispose();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
}

function positive(flag: string, value: string): number {
  const x = num(flag, value);
  if (!(x > 0)) throw new UsageError(`${flag} must be a positive number, got '${value}'`);
  return x;
}

/** "0.812" or, over folds, "0.812 ± 0.011". */
function cell(r: CompareRow, split: 'dev' | 'test', key: string): string {
  const std = r[`${split}_std`]?.[key];
  return std === undefined ? fmt(r[split]?.[key]) : `${fmt(r[split]?.[key])} ± ${fmt(std)}`;
}

function printTable(rows: CompareRow[], file: string | null): void {
  const multi = rows.some((r) => r.dev?.micro_f1 !== undefined || r.test?.micro_f1 !== undefined);
  const [a, b] = multi ? ['micro_f1', 'macro_f1'] : ['accuracy', 'macro_f1'];
  const [an, bn] = multi ? ['micro-F1', 'macro-F1'] : ['acc', 'macro-F1'];
  const hasDev = rows.some((r) => r.dev);
  const hasTest = rows.some((r) => r.test);
  const head = [
    'model',
    'input',
    'lr',
    ...(hasDev ? [`dev ${an}`, `dev ${bn}`] : []),
    ...(hasTest ? [`test ${an}`, `test ${bn}`] : []),
    'train s',
    'total s',
    'parameters',
  ];
  const body = rows.map((r) => [
    r.name,
    r.input,
    String(r.lr),
    ...(hasDev ? [cell(r, 'dev', a), cell(r, 'dev', b)] : []),
    ...(hasTest ? [cell(r, 'test', a), cell(r, 'test', b)] : []),
    r.train_seconds.toFixed(1),
    r.total_seconds === null ? '-' : r.total_seconds.toFixed(1),
    thousands(r.parameters),
  ]);
  const folds = rows.find((r) => r.folds)?.folds;
  if (folds) console.log(`${folds}-fold cross-validation: mean ± std over the folds`);
  console.log(table([head, ...body]));
  if (file) console.log(`\nresults written to ${file}`);
}
