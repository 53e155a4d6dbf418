// Evaluation data: `train --dev/--test/--dev-split/--folds` and `eval RUN --input`. An empty or header-only file is
// refused by name (it would score 0 and pick epoch 1); labels the training data lacks are listed with their count
// and first line, or skipped with a count under --unknown-label skip.
import { join } from 'node:path';
import type { RobustCase } from '../types.ts';
import { badUtf8, put, rows, trainArgv } from './helpers.ts';

type Content = string | Uint8Array;

/** A train with a good training file and `flags(path)` naming the bad evaluation file. */
const train = (
  name: string,
  input: string,
  content: Content | null,
  flags: (path: string) => string[],
  expect: RobustCase['expect'],
): RobustCase => ({
  kind: 'dev',
  name,
  input,
  make: (dir, ctx) => {
    const path = content === null ? join(dir, 'nope.tsv') : put(dir, 'eval.tsv', content);
    return { argv: trainArgv(ctx, dir, ctx.train, flags(path)) };
  },
  expect,
});

const evalCase = (
  name: string,
  input: string,
  file: string,
  content: Content | null,
  expect: RobustCase['expect'],
  extra: string[] = [],
): RobustCase => ({
  kind: 'dev',
  name,
  input,
  make: async (dir, ctx) => {
    const path = content === null ? join(dir, file) : put(dir, file, content);
    return { argv: ['eval', await ctx.run(), '--data', path, '--quiet', ...extra] };
  },
  expect,
});

const dev = (p: string) => ['--dev', p];

export const DEV_CASES: RobustCase[] = [
  train('empty --dev', '--dev of 0 bytes', '', dev, {
    exit: 1,
    message: /eval\.tsv: no examples in the dev file \(the file is empty or holds only a header\)/,
  }),
  train(
    'header-only --dev',
    '--header, --dev holds the header row only',
    'label\ttext\n',
    (p) => [...dev(p), '--header'],
    {
      exit: 1,
      message: /eval\.tsv: no examples in the dev file/,
    },
  ),
  train('--dev of empty texts', 'every text in --dev is blank', 'positive\t \nnegative\t\n', dev, {
    exit: 1,
    message: /eval\.tsv: no examples in the dev file \(all 2 texts are empty\)/,
  }),
  train('--dev label unseen in train', 'a label "neutral" the training data lacks', `${rows(2)}neutral\tmeh\n`, dev, {
    exit: 1,
    message: /eval\.tsv: 1 label not in the model's label map: "neutral" \(1×, first at line 3\).*--unknown-label skip/,
  }),
  {
    kind: 'dev',
    name: '--dev unseen label skipped',
    input: '--unknown-label skip with a "neutral" record',
    make: (dir, ctx) => {
      const path = put(dir, 'eval.tsv', `${rows(4)}neutral\tmeh\n`);
      const argv = trainArgv(ctx, dir, ctx.train, ['--dev', path, '--unknown-label', 'skip']);
      return { argv: argv.filter((a) => a !== '--quiet') };
    },
    expect: { exit: 0, message: /eval\.tsv: 4 examples \(1 unknown-label record\(s\) skipped\)/ },
  },
  train('--dev missing', '--dev nope.tsv', null, dev, { exit: 1, message: /nope\.tsv: cannot read: file not found/ }),
  train('--dev invalid UTF-8', 'bytes FF FE in --dev line 2', badUtf8('positive\tfine\nnegative\tbad ', '\n'), dev, {
    exit: 1,
    message: /eval\.tsv:2: invalid UTF-8/,
  }),
  train('--dev missing column', 'a one-field line in --dev', `${rows(2)}lonely\n`, dev, {
    exit: 1,
    message: /eval\.tsv:3: missing column: need 2 fields/,
  }),
  {
    kind: 'dev',
    name: 'empty --test',
    input: '--test of 0 bytes',
    make: (dir, ctx) => ({
      argv: trainArgv(ctx, dir, ctx.train, ['--dev', ctx.dev, '--test', put(dir, 'test.tsv', '')]),
    }),
    expect: { exit: 1, message: /test\.tsv: no examples in the test file/ },
  },
  {
    kind: 'dev',
    name: '--test label unseen in train',
    input: 'a label "neutral" in --test',
    make: (dir, ctx) => ({
      argv: trainArgv(ctx, dir, ctx.train, [
        '--dev',
        ctx.dev,
        '--test',
        put(dir, 'test.tsv', `${rows(2)}neutral\tmeh\n`),
      ]),
    }),
    expect: { exit: 1, message: /test\.tsv: 1 label not in the model's label map: "neutral"/ },
  },
  train('--dev-split 0', 'a fraction of 0', 'x', () => ['--dev-split', '0'], {
    exit: 2,
    message: /--dev-split: Too small: expected number to be >0/,
  }),
  train('--dev-split 1.5', 'a fraction above 1', 'x', () => ['--dev-split', '1.5'], {
    exit: 2,
    message: /--dev-split: Too big: expected number to be <1/,
  }),
  train('--dev-split abc', 'not a number', 'x', () => ['--dev-split', 'abc'], {
    exit: 2,
    message: /--dev-split must be a number/,
  }),
  {
    kind: 'dev',
    name: '--dev-split of 1 example',
    input: 'a 1-line training file split into train and dev',
    make: (dir, ctx) => ({
      argv: trainArgv(ctx, dir, put(dir, 'train.tsv', 'positive\tok\n'), ['--dev-split', '0.5']),
    }),
    expect: { exit: 2, message: /cannot split 1 example\(s\) into train and dev/ },
  },
  {
    kind: 'dev',
    name: 'more folds than examples',
    input: '--folds 10 on a 4-line training file',
    make: (dir, ctx) => ({ argv: trainArgv(ctx, dir, put(dir, 'train.tsv', rows(4)), ['--folds', '10']) }),
    expect: { exit: 2, message: /cannot make 10 folds from 4 examples/ },
  },
  evalCase('eval: empty --data', '--data of 0 bytes', 'data.tsv', '', {
    exit: 1,
    message: /data\.tsv: no examples in the (evaluation|data) file/,
  }),
  evalCase('eval: label the run never saw', '--data with a "neutral" record', 'data.tsv', `${rows(2)}neutral\tmeh\n`, {
    exit: 1,
    message: /data\.tsv: 1 label not in the model's label map: "neutral"/,
  }),
  evalCase('eval: missing --data file', '--data nope.tsv', 'nope.tsv', null, {
    exit: 1,
    message: /nope\.tsv: cannot read: file not found/,
  }),
  evalCase('eval: JSONL without labels', 'lines {"text": …} only', 'data.jsonl', '{"text": "a fine film"}\n', {
    exit: 1,
    message: /data\.jsonl:1: missing field "label"/,
  }),
  evalCase('eval: CSV ragged row', 'a 3-field row', 'data.csv', `${rows(2, ',')}positive,a,b\n`, {
    exit: 1,
    message: /data\.csv:3: .*expected 2 fields, found 3/,
  }),
  {
    kind: 'dev',
    name: 'eval: no --input',
    input: 'eval RUN without --input (or its old name --data)',
    make: async (_dir, ctx) => ({ argv: ['eval', await ctx.run()] }),
    expect: { exit: 2, message: /required option '--input <file>' not specified/ },
  },
];
