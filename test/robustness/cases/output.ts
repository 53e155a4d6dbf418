// Where results go: a reader that closes the pipe early (`… | head -1`: exit 0 quietly, no EPIPE stack trace,
// issue #17), and output paths that cannot be written (a file where a folder must be, a missing parent) — named.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RobustCase } from '../types.ts';
import { put } from './helpers.ts';

const many = (dir: string) =>
  put(dir, 'many.txt', `${Array.from({ length: 2000 }, (_, i) => `text number ${i} was a fine film`).join('\n')}\n`);

export const OUTPUT_CASES: RobustCase[] = [
  {
    kind: 'output',
    name: 'eval piped into a closed reader',
    input: 'bertcnn eval RUN --data dev.tsv | true',
    make: async (_dir, ctx) => ({ pipe: { argv: ['eval', await ctx.run(), '--data', ctx.dev], reader: 'true' } }),
    expect: { exit: 0, message: /^\d+ line\(s\) reached the reader; stderr: (empty|(?![\s\S]*(EPIPE|Error))[\s\S]*)$/ },
  },
  {
    kind: 'output',
    name: 'predict piped into head -1',
    input: 'bertcnn predict RUN --input 2000 lines | head -1',
    make: async (dir, ctx) => ({
      pipe: { argv: ['predict', await ctx.run(), '--input', many(dir), '--quiet'], reader: 'head -1' },
    }),
    expect: { exit: 0, message: /^1 line\(s\) reached the reader; stderr: empty$/ },
  },
  {
    kind: 'output',
    name: 'train --out under a file',
    input: '--out file.txt/run',
    make: (dir, ctx) => {
      const file = put(dir, 'file.txt', 'x');
      return {
        argv: [
          'train',
          '--train',
          ctx.train,
          '--dev',
          ctx.dev,
          '--encoder',
          ctx.model,
          '--out',
          join(file, 'run'),
          '--epochs',
          '1',
          '--quiet',
        ],
      };
    },
    expect: { exit: 1, message: /ENOTDIR: not a directory, mkdir 'file\.txt\/run'/ },
  },
  {
    kind: 'output',
    name: 'train --out is a file',
    input: '--out pointing at an existing file',
    make: (dir, ctx) => ({
      argv: [
        'train',
        '--train',
        ctx.train,
        '--dev',
        ctx.dev,
        '--encoder',
        ctx.model,
        '--out',
        put(dir, 'out.txt', 'x'),
        '--epochs',
        '1',
        '--quiet',
      ],
    }),
    expect: { exit: 1, message: /EEXIST: file already exists, mkdir 'out\.txt'/ },
  },
  {
    kind: 'output',
    name: 'report into a missing folder',
    input: 'report RUN --out missing/dir/r.html',
    make: async (dir, ctx) => ({
      argv: ['report', await ctx.run(), '--out', join(dir, 'missing', 'dir', 'r.html'), '--quiet'],
    }),
    expect: { exit: 1, message: /missing\/dir\/r\.html: cannot write: its folder missing\/dir does not exist/ },
  },
  {
    kind: 'output',
    name: 'export onto a file',
    input: 'export RUN --out an existing file',
    make: async (dir, ctx) => ({ argv: ['export', await ctx.run(), '--out', put(dir, 'export.txt', 'x')] }),
    expect: { exit: 2, message: /--out must be a folder, 'export\.txt' is a file/ },
  },
  {
    kind: 'output',
    name: 'embed cache is a file',
    input: 'embed --out pointing at a file',
    make: (dir, ctx) => {
      const file = join(dir, 'cache');
      writeFileSync(file, 'x');
      return { argv: ['embed', '--model', ctx.model, '--input', ctx.train, '--out', file, '--quiet'] };
    },
    expect: { exit: 1, message: /ENOTDIR: not a directory, mkdir 'cache\/[0-9a-f]{16}'/ },
  },
  {
    kind: 'output',
    name: 'predict --cache is a file',
    input: 'predict RUN --cache pointing at a file',
    make: async (dir, ctx) => ({
      argv: ['predict', await ctx.run(), '--input', ctx.texts, '--cache', put(dir, 'cache', 'x'), '--quiet'],
    }),
    expect: { exit: 1, message: /ENOTDIR: not a directory, mkdir 'cache\/[0-9a-f]{16}'/ },
  },
];
