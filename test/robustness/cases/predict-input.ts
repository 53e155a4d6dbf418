// Texts given to `bertcnn predict RUN --input FILE` (plain text one per line, or TSV/CSV/JSONL with a text
// column): unreadable or malformed files are refused naming file:line; formats a run cannot read are named.
import { join } from 'node:path';
import type { RobustCase } from '../types.ts';
import { badUtf8, put } from './helpers.ts';

const predict = (
  name: string,
  input: string,
  file: string,
  content: string | Uint8Array | null,
  expect: RobustCase['expect'],
  extra: string[] = [],
): RobustCase => ({
  kind: 'predict-input',
  name,
  input,
  make: async (dir, ctx) => {
    const path = content === null ? join(dir, file) : put(dir, file, content);
    const quiet = extra.includes('--no-quiet') ? [] : ['--quiet'];
    return {
      argv: ['predict', await ctx.run(), '--input', path, ...quiet, ...extra.filter((a) => a !== '--no-quiet')],
    };
  },
  expect,
});

export const PREDICT_INPUT_CASES: RobustCase[] = [
  predict('invalid UTF-8', 'bytes FF FE on line 2 of a .txt', 'texts.txt', badUtf8('a fine film\nbad ', ' bytes\n'), {
    exit: 1,
    message: /texts\.txt:2: invalid UTF-8 at byte 5 of the line/,
  }),
  predict('missing file', '--input nope.txt', 'nope.txt', null, {
    exit: 1,
    message: /nope\.txt: cannot read: file not found/,
  }),
  predict('a directory', '--input pointing at a folder', '', null, { exit: 1, message: /cannot read: is a directory/ }),
  predict(
    'empty file',
    '0 bytes: an empty output, like any filter',
    'texts.txt',
    '',
    {
      exit: 0,
      message: /predicted 0 text\(s\)/,
    },
    ['--no-quiet'],
  ),
  predict(
    'blank lines only',
    'three empty lines',
    'texts.txt',
    '\n\n\n',
    { exit: 0, message: /texts\.txt: skipped 3 empty text\(s\)/ },
    ['--no-quiet'],
  ),
  predict('binary file', 'a gzip stream as .txt', 'texts.txt', Buffer.from([0x1f, 0x8b, 8, 0, 0xff, 0xfe, 0, 0]), {
    exit: 1,
    message: /texts\.txt:1: invalid UTF-8/,
  }),
  predict(
    'CoNLL format for a classifier',
    '--format conll on a classification run',
    'texts.txt',
    'a fine film\n',
    {
      exit: 2,
      message: /--format.*conll/,
    },
    ['--format', 'conll'],
  ),
  predict('unknown --format', '--format xml', 'texts.txt', 'a fine film\n', { exit: 2, message: /--format.*xml/ }, [
    '--format',
    'xml',
  ]),
  predict('JSONL without the text field', 'lines {"sentence": …}', 'texts.jsonl', '{"sentence": "a fine film"}\n', {
    exit: 1,
    message: /texts\.jsonl:1: missing field "text"/,
  }),
  predict('JSONL invalid line', 'line 2 is not JSON', 'texts.jsonl', '{"text": "a fine film"}\n{"text": \n', {
    exit: 1,
    message: /texts\.jsonl:2: invalid JSON/,
  }),
  predict(
    'TSV text column out of range',
    '--text-column 4 on 2 columns',
    'texts.tsv',
    'positive\ta fine film\n',
    {
      exit: 1,
      message: /texts\.tsv:1: missing column/,
    },
    ['--text-column', '4'],
  ),
  predict('CSV quote never closed', 'a field opened with "', 'texts.csv', 'positive,"a fine film\n', {
    exit: 1,
    message: /texts\.csv:1: quoted field 2 is never closed/,
  }),
  predict(
    'header name without the column',
    '--header --text-column sentence',
    'texts.tsv',
    'label\ttext\nx\ty\n',
    {
      exit: 1,
      message: /texts\.tsv:1: no text column named "sentence"; the header has: label, text/,
    },
    ['--header', '--text-column', 'sentence'],
  ),
];
