// Jobs a predict worker (`bertcnn worker --run RUN`) takes from the queue, handed straight to its job handler:
// a job of the wrong kind or with malformed texts fails that job with a message (BullMQ records it and the
// producer reports it) instead of crashing the worker or predicting garbage.
import type { RobustCase } from '../types.ts';

const job = (name: string, input: string, data: unknown, message: RegExp): RobustCase => ({
  kind: 'queue',
  name,
  input,
  make: () => ({ job: data }),
  expect: { job: 'failed', message },
});

export const QUEUE_CASES: RobustCase[] = [
  job(
    'embed job to a predict worker',
    '{"kind": "embed", …}',
    { kind: 'embed', spaceId: 'x', texts: ['a'] },
    /a predict worker got a 'embed' job/,
  ),
  job(
    'describe job to a predict worker',
    '{"kind": "describe"}',
    { kind: 'describe' },
    /a predict worker got a 'describe' job/,
  ),
  job('unknown job kind', '{"kind": "train"}', { kind: 'train', texts: ['a'] }, /a predict worker got a 'train' job/),
  job('null job data', 'null', null, /^job data must be an object, got null$/),
  job(
    'texts missing',
    '{"kind": "predict"}',
    { kind: 'predict' },
    /^job data: texts must be an array of strings, got undefined$/,
  ),
  job(
    'texts a string',
    '{"kind": "predict", "texts": "a"}',
    { kind: 'predict', texts: 'a' },
    /^job data: texts must be an array of strings, got string$/,
  ),
  job(
    'a text not a string',
    '{"texts": ["a", 5]}',
    { kind: 'predict', texts: ['a', 5] },
    /^job data: texts\[1\] must be a string, got number$/,
  ),
  job(
    'a text null',
    '{"texts": [null]}',
    { kind: 'predict', texts: [null] },
    /^job data: texts\[0\] must be a string, got null$/,
  ),
  job('a number as job data', '42', 42, /^job data must be an object, got number$/),
  job(
    'texts an object',
    '{"texts": {"0": "a"}}',
    { kind: 'predict', texts: { 0: 'a' } },
    /^job data: texts must be an array of strings, got object$/,
  ),
];
