// Command-line flags and --config files: unknown options, values of the wrong type or range, impossible
// combinations — exit 2 naming the flag (or the --config file and key) before any file is read or model loaded.
import { join } from 'node:path';
import type { Ctx, RobustCase } from '../types.ts';
import { put } from './helpers.ts';

type Argv = (ctx: Ctx, dir: string) => string[] | Promise<string[]>;

const flag = (name: string, input: string, argv: Argv, message: RegExp, exit = 2): RobustCase => ({
  kind: 'flags',
  name,
  input,
  make: async (dir, ctx) => ({ argv: await argv(ctx, dir) }),
  expect: { exit, message },
});

/** `bertcnn train` on the shared data into dir/out plus `extra`. */
const train =
  (...extra: string[]): Argv =>
  (ctx, dir) => ['train', '--train', ctx.train, '--encoder', ctx.model, '--out', join(dir, 'out'), '--quiet', ...extra];
const predict =
  (...extra: string[]): Argv =>
  async (ctx) => ['predict', await ctx.run(), '--input', ctx.texts, '--quiet', ...extra];
const serve =
  (...extra: string[]): Argv =>
  async (ctx) => ['serve', await ctx.run(), '--quiet', ...extra];
const embed =
  (...extra: string[]): Argv =>
  (ctx, dir) => ['embed', '--model', ctx.model, '--input', ctx.train, '--out', join(dir, 'cache'), '--quiet', ...extra];

/** `bertcnn train --config FILE` with `content` as the file. */
const config = (name: string, input: string, content: string, message: RegExp): RobustCase =>
  flag(
    name,
    input,
    (ctx, dir) => [
      'train',
      '--config',
      put(dir, 'bad.json', content.replace('TRAIN', ctx.train).replace('MODEL', ctx.model)),
      '--out',
      join(dir, 'out'),
      '--quiet',
    ],
    message,
  );

export const FLAG_CASES: RobustCase[] = [
  flag('unknown command', 'bertcnn trian', () => ['trian'], /unknown command 'trian'/),
  flag('unknown option', 'train --no-such-flag', train('--no-such-flag'), /unknown option '--no-such-flag'/),
  flag(
    'batch size not an integer',
    '--batch-size abc',
    train('--batch-size', 'abc'),
    /--batch-size must be an integer, got 'abc'/,
  ),
  flag('batch size zero', '--batch-size 0', train('--batch-size', '0'), /--batch-size: Too small/),
  flag('learning rate with junk', '--lr 1e-3x', train('--lr', '1e-3x'), /--lr must be a number/),
  flag('negative learning rate', '--lr -0.1', train('--lr', '-0.1'), /--lr: Too small/),
  flag('epochs zero', '--epochs 0', train('--epochs', '0'), /--epochs: Too small/),
  flag('epochs fractional', '--epochs 1.5', train('--epochs', '1.5'), /--epochs must be an integer, got '1\.5'/),
  flag('dropout above 1', '--dropout 1.5', train('--dropout', '1.5'), /--dropout: Too big/),
  flag('unknown head', '--head lstm', train('--head', 'lstm'), /--head: Invalid option/),
  flag('unknown mode', '--mode half', train('--mode', 'half'), /--mode: Invalid option/),
  flag('unknown optimizer', '--optimizer adamax', train('--optimizer', 'adamax'), /--optimizer: Invalid option/),
  flag('unknown schedule', '--schedule step', train('--schedule', 'step'), /--schedule: Invalid option/),
  flag(
    'option of another head',
    '--head linear --kernel-sizes 3,4',
    train('--head', 'linear', '--kernel-sizes', '3,4'),
    /--kernel-sizes: head linear has no option kernel-sizes \(its options: /,
  ),
  flag(
    'unknown head option',
    '--head-option nonsense=1',
    train('--head-option', 'nonsense=1'),
    /head textcnn: invalid options.*nonsense/,
  ),
  flag(
    'head option without a value',
    '--head-option novalue',
    train('--head-option', 'novalue'),
    /--head-option must look like key=value/,
  ),
  flag(
    'kernel sizes not numbers',
    '--kernel-sizes 3,x',
    train('--kernel-sizes', '3,x'),
    /--kernel-sizes must be an integer, got 'x'/,
  ),
  flag(
    '--dev with --dev-split',
    'both given',
    (ctx, dir) => train('--dev', ctx.dev, '--dev-split', '0.1')(ctx, dir),
    /--dev and --dev-split exclude each other/,
  ),
  flag(
    '--folds with --dev',
    '--folds 3 --dev',
    (ctx, dir) => train('--folds', '3', '--dev', ctx.dev)(ctx, dir),
    /--folds: cross-validation makes its own dev folds; drop --dev/,
  ),
  flag('--folds 1', 'one fold', train('--folds', '1'), /--folds: Too small/),
  flag('unknown metric', '--metric auc', train('--metric', 'auc'), /--metric: unknown metric 'auc'/),
  flag('bad --layers', '--layers first', train('--layers', 'first'), /--layers must be 'last' or layer indices/),
  flag(
    'bad --class-weights',
    '--class-weights 1,x',
    train('--class-weights', '1,x'),
    /--class-weights must be a number/,
  ),
  flag(
    '--freeze-layers when frozen',
    '--freeze-layers 1 without --mode finetune',
    train('--freeze-layers', '1'),
    /--freeze-layers applies to --mode finetune only/,
  ),
  flag(
    '--cache when fine-tuning',
    '--mode finetune --cache DIR',
    (ctx, dir) => train('--mode', 'finetune', '--cache', dir)(ctx, dir),
    /--cache applies to --mode frozen/,
  ),
  flag(
    '--crf without --task ner',
    '--crf on classification',
    train('--crf'),
    /--crf applies to NER taggers \(--task ner\)/,
  ),
  flag(
    'tagger head for classification',
    '--head tagger-cnn',
    train('--head', 'tagger-cnn'),
    /--head: tagger-cnn is a NER tagger; add --task ner/,
  ),
  flag('--max-length 0', 'a zero token budget', train('--max-length', '0'), /--max-length: Too small/),
  flag(
    'missing --encoder',
    'train without --encoder',
    (ctx, dir) => ['train', '--train', ctx.train, '--out', join(dir, 'out')],
    /missing --encoder/,
  ),
  flag(
    'missing --train',
    'train without --train',
    (ctx, dir) => ['train', '--encoder', ctx.model, '--out', join(dir, 'out')],
    /missing --train/,
  ),
  flag(
    'missing --out',
    'train without --out',
    (ctx) => ['train', '--train', ctx.train, '--encoder', ctx.model],
    /missing --out/,
  ),
  flag(
    '--resume without --out',
    'train --resume',
    () => ['train', '--resume'],
    /missing --train \(or "train" in the --config file\)/,
  ),
  flag(
    'unknown preset',
    '--preset kim2015',
    train('--preset', 'kim2015'),
    /--preset must be one of kim2014, got 'kim2015'/,
  ),
  flag(
    'unknown kim variant',
    '--preset kim2014 --variant dynamic',
    (ctx, dir) => [
      'train',
      '--preset',
      'kim2014',
      '--variant',
      'dynamic',
      '--train',
      ctx.train,
      '--out',
      join(dir, 'out'),
    ],
    /--variant must be one of rand, static, non-static, multichannel, got 'dynamic'/,
  ),
  flag(
    'predict threshold above 1',
    '--threshold 2',
    predict('--threshold', '2'),
    /--threshold must be in \(0, 1\), got 2/,
  ),
  flag(
    'predict threshold not a number',
    '--threshold abc',
    predict('--threshold', 'abc'),
    /--threshold must be a number/,
  ),
  flag(
    'predict batch size 0',
    '--batch-size 0',
    predict('--batch-size', '0'),
    /--batch-size must be a positive integer, got 0/,
  ),
  flag(
    "embed batch size over the workers' limit",
    '--batch-size 5000',
    embed('--batch-size', '5000'),
    /--batch-size must be at most 4096, got 5000$/,
  ),
  flag(
    'predict --extend-vocab on a run that is not kim2014',
    '--extend-vocab',
    predict('--extend-vocab'),
    /--extend-vocab applies to kim2014 runs; this is a classification run/,
  ),
  flag(
    'predict --redis not a URL',
    '--redis localhost:6379',
    predict('--redis', 'localhost:6379'),
    /--redis must start with redis:\/\/ or rediss:\/\//,
  ),
  flag(
    'predict --chunk 0',
    '--redis … --chunk 0',
    predict('--redis', 'redis://127.0.0.1:1', '--chunk', '0'),
    /--chunk and --queue-timeout must be positive/,
  ),
  flag('serve port out of range', '--port 70000', serve('--port', '70000'), /--port must be in 0\.\.65535, got 70000/),
  flag('serve port not a number', '--port http', serve('--port', 'http'), /--port must be an integer, got 'http'/),
  flag(
    'serve --max-batch 0',
    '--max-batch 0',
    serve('--max-batch', '0'),
    /--max-batch must be a positive integer, got 0/,
  ),
  flag(
    'serve queue below max texts',
    '--max-texts 10 --max-queue 5',
    serve('--max-texts', '10', '--max-queue', '5'),
    /--max-queue \(5\) must be ≥ --max-texts \(10\)/,
  ),
  flag(
    'serve --max-text-chars -1',
    '--max-text-chars -1',
    serve('--max-text-chars', '-1'),
    /--max-text-chars must be a positive integer, got -1/,
  ),
  flag(
    'embed --no-tokens without --pooling',
    'nothing left to store',
    embed('--no-tokens'),
    /--no-tokens stores pooled vectors only: give --pooling/,
  ),
  flag(
    'embed unknown precision',
    '--precision fp8',
    embed('--precision', 'fp8'),
    /--precision must be one of fp32, int8, got 'fp8'/,
  ),
  flag('embed --threads 0', '--threads 0', embed('--threads', '0'), /--threads must be a positive integer, got '0'/),
  flag(
    'eval --digits -1',
    '--digits -1',
    async (ctx) => ['eval', await ctx.run(), '--data', ctx.dev, '--digits', '-1'],
    /--digits must be in 0\.\.20, got -1/,
  ),
  config('--config not JSON', '{"train": ', '{"train": ', /bad\.json: not valid JSON/),
  config(
    '--config unknown keys',
    'keys "kernelSize", "batchsize"',
    '{"train": "TRAIN", "encoder": "MODEL", "kernelSize": [3], "batchsize": 4}',
    /bad\.json: unknown keys "kernelSize", "batchsize"/,
  ),
  config(
    '--config bad values',
    'epochs 0, optimizer "adamax"',
    '{"train": "TRAIN", "encoder": "MODEL", "epochs": 0, "optimizer": "adamax"}',
    /bad\.json: epochs: Too small: expected number to be >=1; bad\.json: optimizer: Invalid option/,
  ),
  config('--config an array', '[1, 2]', '[1, 2]', /bad\.json: expected a JSON object of train settings/),
  config(
    '--config wrong type',
    '{"epochs": "five"}',
    '{"train": "TRAIN", "encoder": "MODEL", "epochs": "five"}',
    /bad\.json: epochs: Invalid input: expected number, received string/,
  ),
  flag(
    '--config missing file',
    '--config nope.json',
    (_ctx, dir) => ['train', '--config', join(dir, 'nope.json'), '--out', join(dir, 'out')],
    /nope\.json: no such file/,
  ),
];
