// A model folder's tokenizer files: vocab.txt / tokenizer.json / tokenizer_config.json missing, empty, broken, or
// longer than the embedding matrix (issue #17: a longer vocab.txt used to fail later inside ONNX Runtime's Gather).
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBertTokenizerJson } from '../../../src/tokenize/tokenizer-json.ts';
import type { RobustCase } from '../types.ts';
import { embedArgv } from './helpers.ts';

const vocab = (
  name: string,
  input: string,
  change: (model: string) => void,
  expect: RobustCase['expect'],
): RobustCase => ({
  kind: 'vocab',
  name,
  input,
  make: (dir, ctx) => {
    const model = ctx.copyTinyBert(dir);
    change(model);
    return { argv: embedArgv(ctx, dir, model) };
  },
  expect,
});

const lines = (m: string) => readFileSync(join(m, 'vocab.txt'), 'utf8').trimEnd().split('\n');
const put = (m: string, f: string, s: string | Buffer) => writeFileSync(join(m, f), s);

export const VOCAB_CASES: RobustCase[] = [
  vocab(
    'vocab.txt longer than vocab_size',
    '2 extra tokens (122 for 120 rows)',
    (m) => appendFileSync(join(m, 'vocab.txt'), 'extra1\nextra2\n'),
    {
      exit: 1,
      message:
        /vocab\.txt: the vocabulary has 122 tokens but the embedding matrix 'embeddings\.word_embeddings\.weight' has only 120 rows/,
    },
  ),
  vocab('no tokenizer files', 'vocab.txt removed, no tokenizer.json', (m) => rmSync(join(m, 'vocab.txt')), {
    exit: 1,
    message: /no tokenizer\.json or vocab\.txt/,
  }),
  vocab('empty vocab.txt', 'vocab.txt of 0 bytes', (m) => put(m, 'vocab.txt', ''), {
    exit: 1,
    message: /vocab\.txt: the vocabulary is empty/,
  }),
  vocab(
    'vocab.txt without [UNK]',
    'the [UNK] line replaced',
    (m) =>
      put(
        m,
        'vocab.txt',
        `${lines(m)
          .map((l) => (l === '[UNK]' ? 'unk' : l))
          .join('\n')}\n`,
      ),
    {
      exit: 1,
      message: /vocab\.txt.*\[UNK\]/,
    },
  ),
  vocab(
    'vocab.txt without [CLS]',
    'the [CLS] line replaced',
    (m) =>
      put(
        m,
        'vocab.txt',
        `${lines(m)
          .map((l) => (l === '[CLS]' ? 'cls' : l))
          .join('\n')}\n`,
      ),
    {
      exit: 1,
      message: /vocab\.txt.*\[CLS\]/,
    },
  ),
  vocab('tokenizer.json not JSON', 'tokenizer.json "{"', (m) => put(m, 'tokenizer.json', '{'), {
    exit: 1,
    message: /bert\/tokenizer\.json: cannot read JSON/,
  }),
  vocab('tokenizer.json an array', 'tokenizer.json "[]"', (m) => put(m, 'tokenizer.json', '[]'), {
    exit: 1,
    message: /tokenizer\.json: expected a JSON object/,
  }),
  vocab(
    'tokenizer.json longer than vocab_size',
    'one token more than the embedding rows',
    (m) => put(m, 'tokenizer.json', JSON.stringify(buildBertTokenizerJson([...lines(m), 'zzz']))),
    {
      exit: 1,
      message: /tokenizer\.json: the vocabulary has 121 tokens but the embedding matrix .* has only 120 rows/,
    },
  ),
  vocab(
    'tokenizer.json of another model type',
    'model.type "BPE" (GPT-2 style)',
    (m) =>
      put(m, 'tokenizer.json', JSON.stringify({ version: '1.0', model: { type: 'BPE', vocab: { a: 0 }, merges: [] } })),
    {
      exit: 1,
      message: /bert\/tokenizer\.json: field "model" must be a WordPiece model/,
    },
  ),
  vocab('tokenizer_config.json not JSON', 'tokenizer_config.json "{"', (m) => put(m, 'tokenizer_config.json', '{'), {
    exit: 1,
    message: /tokenizer_config\.json: cannot read JSON/,
  }),
  vocab(
    'do_lower_case not a boolean',
    'tokenizer_config.json {"do_lower_case": "yes"}',
    (m) => put(m, 'tokenizer_config.json', '{"do_lower_case": "yes"}'),
    {
      exit: 1,
      message: /bert\/tokenizer_config\.json: field "do_lower_case" must be true or false, got "yes"/,
    },
  ),
  vocab(
    'model_max_length 0',
    'tokenizer_config.json {"model_max_length": 0}',
    (m) => put(m, 'tokenizer_config.json', '{"model_max_length": 0}'),
    {
      exit: 1,
      message: /bert\/tokenizer_config\.json: field "model_max_length" must be a number ≥ 1, got 0/,
    },
  ),
  vocab(
    'special token not in the vocabulary',
    'special_tokens_map.json unk_token "<unk>"',
    (m) => put(m, 'special_tokens_map.json', '{"unk_token": "<unk>"}'),
    {
      exit: 1,
      message: /bert\/vocab\.txt: special token <unk> is not in the vocabulary/,
    },
  ),
  vocab(
    'special token of the wrong type',
    'special_tokens_map.json {"cls_token": 5}',
    (m) => put(m, 'special_tokens_map.json', '{"cls_token": 5}'),
    {
      exit: 1,
      message: /bert\/special_tokens_map\.json: field "cls_token" must be a string or \{"content": string\}/,
    },
  ),
];
