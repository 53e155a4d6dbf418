// Training data as CSV (RFC 4180 quoting): malformed records are refused at file:line quoting the record.
import type { RobustCase } from '../types.ts';
import { badUtf8, put, rows, trainArgv } from './helpers.ts';

const csv = (
  name: string,
  input: string,
  content: string | Uint8Array,
  expect: RobustCase['expect'],
  extra: string[] = [],
): RobustCase => ({
  kind: 'csv',
  name,
  input,
  make: (dir, ctx) => ({ argv: trainArgv(ctx, dir, put(dir, 'train.csv', content), extra) }),
  expect,
});

const good = rows(4, ',');

export const CSV_CASES: RobustCase[] = [
  csv('quote never closed', 'a field opened with " and never closed', `${good}positive,"runs on\nand on\n`, {
    exit: 1,
    message: /train\.csv:5: quoted field 2 is never closed \(missing '"'\)/,
  }),
  csv('text after the closing quote', '"abc"x', `${good}positive,"abc"x\n`, {
    exit: 1,
    message: /train\.csv:5: unexpected "x" after the closing quote of field 2/,
  }),
  csv('ragged row', 'a row with 3 fields among 2-field rows', `${good}positive,a,b\n`, {
    exit: 1,
    message: /train\.csv:5: .*expected 2 fields, found 3/,
  }),
  csv('too few fields', 'a row with 1 field', `${good}lonely\n`, {
    exit: 1,
    message: /train\.csv:5: missing column: need 2 fields .*found 1/,
  }),
  csv('empty label', 'a row ",text"', `${good},some text\n`, {
    exit: 1,
    message: /train\.csv:5: empty label in column 1/,
  }),
  csv('invalid UTF-8', 'bytes FF FE in line 5', badUtf8(`${good}positive,bad `, ' bytes\n'), {
    exit: 1,
    message: /train\.csv:5: invalid UTF-8 at byte \d+ of the line/,
  }),
  csv('empty file', '0 bytes', '', {
    exit: 1,
    message: /train\.csv: no examples in the training file \(the file is empty or holds only a header\)/,
  }),
  csv(
    'header only',
    '--header and just "label,text"',
    'label,text\n',
    {
      exit: 1,
      message: /train\.csv: no examples in the training file/,
    },
    ['--header'],
  ),
  csv(
    'text column name not in the header',
    '--text-column sentence',
    `label,text\n${good}`,
    {
      exit: 1,
      message: /train\.csv:1: no text column named "sentence"; the header has: label, text/,
    },
    ['--header', '--text-column', 'sentence'],
  ),
  csv(
    'label column name not in the header',
    '--label-column sentiment',
    `label,text\n${good}`,
    {
      exit: 1,
      message: /train\.csv:1: no label column named "sentiment"; the header has: label, text/,
    },
    ['--header', '--label-column', 'sentiment'],
  ),
  csv(
    'unbalanced quote swallowing the file',
    'one " opening a field that runs 2 MB',
    `${good}positive,"${'x'.repeat(2_100_000)}\n`,
    {
      exit: 1,
      message: /train\.csv:5: quoted field (runs past \d+ characters|2 is never closed)/,
    },
  ),
  csv('semicolon separated', 'label;text rows (Excel export)', 'positive;a good film\nnegative;a bad film\n', {
    exit: 1,
    message: /train\.csv:1: missing column: need 2 fields .* found 1/,
  }),
];
