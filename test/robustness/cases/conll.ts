// CoNLL token files for `train --task ner` (token … tag per line, blank line between sentences): bad lines are
// refused at file:line; tags outside the scheme, empty files and classification files are named.
import { join } from 'node:path';
import type { RobustCase } from '../types.ts';
import { badUtf8, nerArgv, put } from './helpers.ts';

const good = 'Mr\tO\nJohn\tB-PER\nlives\tO\nin\tO\nParis\tB-LOC\n.\tO\n\nshe\tO\nsings\tO\n.\tO\n';

const conll = (
  name: string,
  input: string,
  content: string | Uint8Array,
  expect: RobustCase['expect'],
  extra: string[] = [],
  file = 'train.conll',
): RobustCase => ({
  kind: 'conll',
  name,
  input,
  make: (dir, ctx) => ({ argv: nerArgv(ctx, dir, put(dir, file, content), extra) }),
  expect,
});

export const CONLL_CASES: RobustCase[] = [
  conll('token without a tag', 'a line "Paris" with one column', `${good}\nParis\n`, {
    exit: 1,
    message: /train\.conll:12: expected 2 columns like the first token line, found 1/,
  }),
  conll('one column from the start', 'every line a bare token', 'John\nlives\nhere\n', {
    exit: 1,
    message: /train\.conll:1: missing column: need 2 columns \(token and tag\), found 1/,
  }),
  conll('ragged columns', '4-column lines after 2-column ones', `${good}\nEU NNP B-NP B-ORG\n`, {
    exit: 1,
    message: /train\.conll:12: expected 2 columns like the first token line, found 4/,
  }),
  conll('tag outside the scheme', 'tag "X-PER"', `${good}\nMary\tX-PER\n`, {
    exit: 1,
    message: /train\.conll.*X-PER/,
  }),
  conll('invalid UTF-8', 'bytes FF FE in a token', badUtf8(`${good}\nbad`, '\tO\n'), {
    exit: 1,
    message: /train\.conll:12: invalid UTF-8/,
  }),
  conll('empty file', '0 bytes', '', { exit: 1, message: /train\.conll: no sentences to train on/ }),
  conll('only -DOCSTART-', 'a document marker and blank lines', '-DOCSTART- -X- -X- O\n\n\n', {
    exit: 1,
    message: /train\.conll: no sentences to train on/,
  }),
  conll(
    'a classification TSV',
    'label<TAB>sentence lines with --task ner',
    'positive\ta great film indeed\nnegative\ta dull film\n',
    {
      exit: 1,
      message: /train\.tsv.*(tag|CoNLL|column)/,
    },
    [],
    'train.tsv',
  ),
  conll(
    'a JSONL file',
    'train.jsonl with --task ner',
    '{"text": "a", "label": "x"}\n',
    {
      exit: 1,
      message: /train\.jsonl:1: tag "\\"x\\"}" is not O or B-\/I-\/E-\/S-<type>/,
    },
    [],
    'train.jsonl',
  ),
  {
    kind: 'conll',
    name: 'dev tag unseen in train',
    input: '--dev with a B-ORG the training file lacks',
    make: (dir, ctx) => ({
      argv: nerArgv(ctx, dir, put(dir, 'train.conll', good), [
        '--dev',
        put(dir, 'dev.conll', 'Acme\tB-ORG\nrules\tO\n'),
      ]),
    }),
    expect: {
      exit: 1,
      message: /dev\.conll: 1 tag not in the model's label map: "B-ORG" \(1×, first at line 1\)/,
    },
  },
  {
    kind: 'conll',
    name: 'missing file',
    input: '--train nope.conll',
    make: (dir, ctx) => ({ argv: nerArgv(ctx, dir, join(dir, 'nope.conll')) }),
    expect: { exit: 1, message: /nope\.conll: cannot read: file not found/ },
  },
];
