// Static word vectors for `train --preset kim2014 --variant static --vectors FILE` (GloVe, word2vec text and
// binary, fastText .vec): every malformed file is refused naming the file and the line (or record).
import { join } from 'node:path';
import type { RobustCase } from '../types.ts';
import { put } from './helpers.ts';

const vectors = (
  name: string,
  input: string,
  file: string,
  content: string | Uint8Array | null,
  expect: RobustCase['expect'],
  extra: string[] = [],
): RobustCase => ({
  kind: 'vectors',
  name,
  input,
  make: (dir, ctx) => {
    const path = content === null ? join(dir, file) : put(dir, file, content);
    return {
      argv: [
        'train',
        '--preset',
        'kim2014',
        '--variant',
        'static',
        '--vectors',
        path,
        '--train',
        ctx.train,
        '--dev',
        ctx.dev,
        '--epochs',
        '1',
        '--out',
        join(dir, 'out'),
        '--quiet',
        ...extra,
      ],
    };
  },
  expect,
});

/** word2vec binary: "n d\n" then per word "word " + d little-endian float32. */
function w2vBinary(words: [string, number[]][], header = `${words.length} ${words[0]![1].length}\n`): Buffer {
  const parts = [Buffer.from(header)];
  for (const [w, v] of words) {
    parts.push(Buffer.from(`${w} `));
    const b = Buffer.alloc(4 * v.length);
    v.forEach((x, i) => b.writeFloatLE(x, 4 * i));
    parts.push(b);
  }
  return Buffer.concat(parts);
}

const GLOVE = 'film 0.1 0.2 0.3\ngreat 0.2 0.1 0.0\n';

export const VECTORS_CASES: RobustCase[] = [
  vectors('empty file', 'vectors.txt of 0 bytes', 'vectors.txt', '', {
    exit: 1,
    message: /vectors\.txt: no word vectors found \(empty vocabulary\)/,
  }),
  vectors('ragged dimension', 'GloVe: a 2-value line after 3-value lines', 'vectors.txt', `${GLOVE}dull 0.1 0.2\n`, {
    exit: 1,
    message: /vectors\.txt:3: .*2 values, expected 3 \(the dimension set by line 1\)/,
  }),
  vectors('not a number', 'GloVe: value "x2"', 'vectors.txt', `${GLOVE}dull 0.1 x2 0.3\n`, {
    exit: 1,
    message: /vectors\.txt:3: value 2 of word "dull" is not a finite number: "x2"/,
  }),
  vectors('NaN value', 'GloVe: value "nan"', 'vectors.txt', `${GLOVE}dull 0.1 nan 0.3\n`, {
    exit: 1,
    message: /vectors\.txt:3: .*not a finite number: "nan"/,
  }),
  vectors('word without values', 'GloVe: a line "justaword"', 'vectors.txt', 'justaword\n', {
    exit: 1,
    message: /vectors\.txt:1: .*needs a word and at least one value/,
  }),
  vectors(
    'word2vec bad header',
    '--vector-format word2vec, header "film 0.1 0.2"',
    'vectors.txt',
    'film 0.1 0.2\n',
    {
      exit: 1,
      message: /vectors\.txt:1: bad header "film 0\.1 0\.2"/,
    },
    ['--vector-format', 'word2vec'],
  ),
  vectors(
    'word2vec count mismatch',
    'header declares 3 words, the file has 2',
    'vectors.txt',
    `3 3\n${GLOVE}`,
    {
      exit: 1,
      message: /vectors\.txt:1: .*declares 3 words but the file has 2/,
    },
    ['--vector-format', 'word2vec'],
  ),
  vectors(
    'binary truncated',
    'word2vec .bin cut inside the last vector',
    'vectors.bin',
    w2vBinary([
      ['film', [1, 2]],
      ['great', [3, 4]],
    ]).subarray(0, -5),
    {
      exit: 1,
      message: /vectors\.bin: record 2 \(byte \d+\): the file ends inside the vector of "great"/,
    },
    ['--vector-format', 'word2vec-binary'],
  ),
  vectors(
    'binary missing records',
    'header says 2 words, 1 record follows',
    'vectors.bin',
    w2vBinary([['film', [1, 2]]], '2 2\n'),
    {
      exit: 1,
      message: /vectors\.bin: record 2 of 2 .*the file ends/,
    },
    ['--vector-format', 'word2vec-binary'],
  ),
  vectors(
    'binary trailing data',
    '2 bytes after the last record',
    'vectors.bin',
    Buffer.concat([w2vBinary([['film', [1, 2]]]), Buffer.from('zz')]),
    {
      exit: 1,
      message: /vectors\.bin: .*data after the 1 records/,
    },
    ['--vector-format', 'word2vec-binary'],
  ),
  vectors(
    'binary bad header',
    'header "two 2"',
    'vectors.bin',
    Buffer.from('two 2\nxx'),
    {
      exit: 1,
      message: /vectors\.bin:1: bad header "two 2"/,
    },
    ['--vector-format', 'word2vec-binary'],
  ),
  vectors('missing file', '--vectors nope.txt', 'nope.txt', null, {
    exit: 1,
    message: /nope\.txt: vectors file not found/,
  }),
  vectors(
    'unknown --vector-format',
    '--vector-format bert',
    'vectors.txt',
    GLOVE,
    {
      exit: 2,
      message: /--vector-format/,
    },
    ['--vector-format', 'bert'],
  ),
  vectors('--vector-scale other', '--vector-scale unit', 'vectors.txt', GLOVE, { exit: 2, message: /--vector-scale/ }, [
    '--vector-scale',
    'unit',
  ]),
  {
    kind: 'vectors',
    name: '--bert-matrix not a model folder',
    input: '--bert-matrix pointing at a folder without config.json',
    make: (dir, ctx) => ({
      argv: [
        'train',
        '--preset',
        'kim2014',
        '--variant',
        'static',
        '--bert-matrix',
        dir,
        '--train',
        ctx.train,
        '--dev',
        ctx.dev,
        '--epochs',
        '1',
        '--out',
        join(dir, 'out'),
        '--quiet',
      ],
    }),
    expect: { exit: 1, message: /config\.json: missing/ },
  },
];
