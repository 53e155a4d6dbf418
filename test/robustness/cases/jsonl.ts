// Training data as JSONL ({"text", "label"} or {"text", "labels"} per line): invalid JSON, wrong types, missing
// fields and labels of mixed types are refused at file:line.
import type { RobustCase } from '../types.ts';
import { badUtf8, put, trainArgv } from './helpers.ts';

const good = ['{"text": "a fine film", "label": "positive"}', '{"text": "a dull film", "label": "negative"}'].join(
  '\n',
);

const jsonl = (
  name: string,
  input: string,
  bad: string | Uint8Array,
  expect: RobustCase['expect'],
  extra: string[] = [],
): RobustCase => ({
  kind: 'jsonl',
  name,
  input,
  make: (dir, ctx) => ({
    argv: trainArgv(
      ctx,
      dir,
      put(
        dir,
        'train.jsonl',
        typeof bad === 'string' ? `${good}\n${bad}\n` : Buffer.concat([Buffer.from(`${good}\n`), bad]),
      ),
      extra,
    ),
  }),
  expect,
});

export const JSONL_CASES: RobustCase[] = [
  jsonl('invalid JSON', 'line 3: {"text": "a", ', '{"text": "a", ', {
    exit: 1,
    message: /train\.jsonl:3: invalid JSON/,
  }),
  jsonl('an array, not an object', 'line 3: ["a", "positive"]', '["a", "positive"]', {
    exit: 1,
    message: /train\.jsonl:3: expected a JSON object per line/,
  }),
  jsonl('a bare string', 'line 3: "just text"', '"just text"', {
    exit: 1,
    message: /train\.jsonl:3: expected a JSON object per line/,
  }),
  jsonl('missing text field', 'line 3 without "text"', '{"label": "positive"}', {
    exit: 1,
    message: /train\.jsonl:3: missing field "text"/,
  }),
  jsonl('text is a number', '{"text": 42, …}', '{"text": 42, "label": "positive"}', {
    exit: 1,
    message: /train\.jsonl:3: field "text" must be a string/,
  }),
  jsonl('text is null', '{"text": null, …}', '{"text": null, "label": "positive"}', {
    exit: 1,
    message: /train\.jsonl:3: field "text" must be a string/,
  }),
  jsonl('missing label field', 'line 3 without "label"', '{"text": "a"}', {
    exit: 1,
    message: /train\.jsonl:3: missing field "label" \(or "labels" for multi-label\)/,
  }),
  jsonl('label is an object', '{"label": {"x": 1}}', '{"text": "a", "label": {"x": 1}}', {
    exit: 1,
    message: /train\.jsonl:3: field "label" must hold non-empty strings or numbers/,
  }),
  jsonl('label is null', '{"label": null}', '{"text": "a", "label": null}', {
    exit: 1,
    message: /train\.jsonl:3: field "label" must hold non-empty strings or numbers, got null/,
  }),
  jsonl('label is a boolean', '{"label": true}', '{"text": "a", "label": true}', {
    exit: 1,
    message: /train\.jsonl:3: field "label" must hold non-empty strings or numbers, got true/,
  }),
  jsonl('label is an empty string', '{"label": ""}', '{"text": "a", "label": ""}', {
    exit: 1,
    message: /train\.jsonl:3: field "label" must hold non-empty strings or numbers/,
  }),
  jsonl('labels is not an array', '{"labels": "a,b"}', '{"text": "a", "labels": "a,b"}', {
    exit: 1,
    message: /train\.jsonl:3: field "labels" must be an array/,
  }),
  jsonl('labels holds an object', '{"labels": [{}]}', '{"text": "a", "labels": [{}]}', {
    exit: 1,
    message: /train\.jsonl:3: field "labels" must hold non-empty strings or numbers/,
  }),
  jsonl(
    'mixed label types',
    'labels 0, "0" and "negative" in one file',
    '{"text": "b", "label": 0}\n{"text": "c", "label": "0"}',
    {
      exit: 1,
      message:
        /train\.jsonl:3: field "label" is the number 0 but line 1 has the string "positive" — labels mix JSON numbers and strings/,
    },
  ),
  jsonl('trailing garbage', '{…} junk', '{"text": "a", "label": "positive"} junk', {
    exit: 1,
    message: /train\.jsonl:3: invalid JSON/,
  }),
  jsonl(
    'deeply nested JSON',
    '100,000 nested arrays',
    `{"text": "a", "label": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
    {
      exit: 1,
      message:
        /train\.jsonl:3: field "label" must hold non-empty strings or numbers, got an array nested too deeply to show/,
    },
  ),
  jsonl('invalid UTF-8', 'bytes FF FE inside a string', badUtf8('{"text": "bad ', ' bytes", "label": "positive"}\n'), {
    exit: 1,
    message: /train\.jsonl:3: invalid UTF-8 at byte 15 of the line/,
  }),
  jsonl(
    'text field renamed',
    '--text-column sentence, the lines have "text"',
    '{"text": "a", "label": "positive"}',
    {
      exit: 1,
      message: /train\.jsonl:1: missing field "sentence"/,
    },
    ['--text-column', 'sentence'],
  ),
  {
    kind: 'jsonl',
    name: 'empty file',
    input: '0 bytes',
    make: (dir, ctx) => ({ argv: trainArgv(ctx, dir, put(dir, 'train.jsonl', '')) }),
    expect: { exit: 1, message: /train\.jsonl: no examples in the training file/ },
  },
];
