// Training data as TSV (label<TAB>text by default): every malformed file is refused before the encoder loads,
// naming the file and the line (or the flag), exit 1 for bad data and 2 for bad flags.
import { join } from 'node:path';
import type { RobustCase } from '../types.ts';
import { badUtf8, put, rows, trainArgv } from './helpers.ts';

const tsv = (
  name: string,
  input: string,
  content: string | Uint8Array,
  expect: RobustCase['expect'],
  extra: string[] = [],
  file = 'train.tsv',
): RobustCase => ({
  kind: 'tsv',
  name,
  input,
  make: (dir, ctx) => ({ argv: trainArgv(ctx, dir, put(dir, file, content), extra) }),
  expect,
});

export const TSV_CASES: RobustCase[] = [
  tsv('missing text column', 'a line with one field', `${rows(4)}nolabel\n`, {
    exit: 1,
    message: /train\.tsv:5: missing column: need 2 fields/,
  }),
  tsv('empty label', 'a line "\\ttext"', `${rows(4)}\tsome text\n`, {
    exit: 1,
    message: /train\.tsv:5: empty label in column 1/,
  }),
  tsv('invalid UTF-8', 'bytes FF FE in line 3', badUtf8(`${rows(2)}positive\tbad `, ' bytes\n'), {
    exit: 1,
    message: /train\.tsv:3: invalid UTF-8 at byte 14 of the line \(0xff 0xfe/,
  }),
  tsv('binary file', 'a gzip stream named .tsv', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0, 1, 2]), {
    exit: 1,
    message: /train\.tsv:1: invalid UTF-8 at byte 2 of the line/,
  }),
  tsv('empty file', '0 bytes', '', {
    exit: 1,
    message: /train\.tsv: no examples in the training file \(the file is empty or holds only a header\)/,
  }),
  tsv('blank lines only', 'three empty lines', '\n\n\n', {
    exit: 1,
    message: /train\.tsv: no examples in the training file \(the file is empty or holds only a header\)/,
  }),
  tsv(
    'header only',
    '--header and just the header row',
    'label\ttext\n',
    {
      exit: 1,
      message: /train\.tsv: no examples in the training file \(the file is empty or holds only a header\)/,
    },
    ['--header'],
  ),
  tsv(
    'one class only',
    'every label "positive", --dev-split',
    'positive\ta\npositive\tb\npositive\tc\npositive\td\n',
    {
      exit: 2,
      message: /train\.tsv: classification needs ≥ 2 labels, the training data has 1: positive/,
    },
    ['--dev-split', '0.5'],
  ),
  tsv(
    'text column out of range',
    '--text-column 5 on 2 columns',
    rows(4),
    {
      exit: 1,
      message: /train\.tsv:1: missing column: need 6 fields/,
    },
    ['--text-column', '5'],
  ),
  tsv(
    'label and text the same column',
    '--label-column 1 --text-column 1',
    rows(4),
    {
      exit: 2,
      message: /label and text are the same column/,
    },
    ['--label-column', '1', '--text-column', '1'],
  ),
  tsv(
    'column name without a header',
    '--text-column text, no --header',
    rows(4),
    {
      exit: 1,
      message: /train\.tsv:1: no text column named "text"; the header has: positive, text number 0/,
    },
    ['--text-column', 'text'],
  ),
  tsv(
    'column name not in the header',
    '--header, --text-column sentence',
    `label\ttext\n${rows(4)}`,
    {
      exit: 1,
      message: /train\.tsv:1: no text column named "sentence"; the header has: label, text/,
    },
    ['--header', '--text-column', 'sentence'],
  ),
  tsv(
    'negative column index',
    '--text-column -1',
    rows(4),
    {
      exit: 1,
      message: /train\.tsv:1: no text column named "-1"/,
    },
    ['--text-column', '-1'],
  ),
  tsv(
    'CoNLL content under .tsv',
    'token<TAB>tag lines',
    'John\tB-PER\nlives\tO\nin\tO\nParis\tB-LOC\n\nMary\tB-PER\nsings\tO\n',
    {
      exit: 2,
      message: /train\.tsv looks like a CoNLL token file .*train a tagger with --task ner/,
    },
  ),
  tsv(
    'CoNLL file by extension',
    'a .conll file without --task ner',
    'John\tB-PER\nlives\tO\n',
    {
      exit: 2,
      message: /train\.conll.*--task ner/,
    },
    [],
    'train.conll',
  ),
  {
    kind: 'tsv',
    name: 'file does not exist',
    input: '--train nope.tsv',
    make: (dir, ctx) => ({ argv: trainArgv(ctx, dir, join(dir, 'nope.tsv')) }),
    expect: { exit: 1, message: /nope\.tsv: cannot read: file not found/ },
  },
  {
    kind: 'tsv',
    name: 'a directory',
    input: '--train pointing at a folder',
    make: (dir, ctx) => ({ argv: trainArgv(ctx, dir, dir) }),
    expect: { exit: 1, message: /cannot read: is a directory/ },
  },
  tsv(
    'spreadsheet',
    'an .xlsx (zip) file, read as TSV',
    Buffer.from([0x50, 0x4b, 3, 4, 0x14, 0, 6, 0, 8, 0, 0, 0, 0x21, 0, 0xc7]),
    {
      exit: 1,
      message: /train\.xlsx:1: invalid UTF-8/,
    },
    [],
    'train.xlsx',
  ),
  tsv(
    'unknown --format',
    '--format xml',
    rows(4),
    { exit: 2, message: /--format: Invalid option: expected one of "tsv"\|"csv"\|"jsonl"/ },
    ['--format', 'xml'],
  ),
  tsv(
    'unknown label policy',
    '--unknown-label ignore',
    rows(4),
    {
      exit: 2,
      message: /--unknown-label: Invalid option: expected one of "error"\|"skip"/,
    },
    ['--unknown-label', 'ignore'],
  ),
];
