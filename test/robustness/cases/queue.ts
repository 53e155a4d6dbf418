// Jobs a predict worker (`bertcnn worker --run RUN`) or an embed worker (`bertcnn worker --encoder M`) takes from
// the queue, handed straight to its job handler: a job of the wrong kind or with malformed fields fails that job
// with a message (BullMQ records it and the producer reports it) instead of crashing the worker, computing
// garbage or sizing memory by what the job asks for.
import type { RobustCase } from '../types.ts';

const job = (name: string, input: string, data: unknown, message: RegExp): RobustCase => ({
  kind: 'queue',
  name,
  input,
  make: () => ({ job: data }),
  expect: { job: 'failed', message },
});

const embedJob = (name: string, input: string, data: unknown, message: RegExp): RobustCase => ({
  kind: 'queue',
  name: `embed worker: ${name}`,
  input,
  make: () => ({ job: data, worker: 'embed' }),
  expect: { job: 'failed', message },
});

const embed = (fields: Record<string, unknown>) => ({ kind: 'embed', spaceId: 'x', texts: ['a'], ...fields });

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
  job('an array as job data', '[]', [], /^job data must be an object, got an array$/),
  embedJob(
    'predict job to an embed worker',
    '{"kind": "predict", …}',
    { kind: 'predict', texts: ['a'] },
    /^an embed worker got a 'predict' job$/,
  ),
  embedJob('null job data', 'null', null, /^job data must be an object, got null$/),
  embedJob(
    'spaceId missing',
    '{"kind": "embed", "texts": ["a"]}',
    { kind: 'embed', texts: ['a'] },
    /^job data: spaceId must be a string, got undefined$/,
  ),
  embedJob(
    'texts missing',
    '{"kind": "embed", "spaceId": "x"}',
    { kind: 'embed', spaceId: 'x' },
    /^job data: texts must be an array of strings, got undefined$/,
  ),
  embedJob(
    'a text not a string',
    '{"texts": ["a", {}]}',
    embed({ texts: ['a', {}] }),
    /^job data: texts\[1\] must be a string, got object$/,
  ),
  embedJob(
    'batchSize 0',
    '{"batchSize": 0}',
    embed({ batchSize: 0 }),
    /^job data: batchSize must be an integer in \[1, 4096\], got 0$/,
  ),
  embedJob(
    'batchSize 10^9',
    '{"batchSize": 1000000000}',
    embed({ batchSize: 1e9 }),
    /^job data: batchSize must be an integer in \[1, 4096\], got 1000000000$/,
  ),
  embedJob(
    'batchSize a string',
    '{"batchSize": "32"}',
    embed({ batchSize: '32' }),
    /^job data: batchSize must be an integer in \[1, 4096\], got string$/,
  ),
  embedJob(
    'batchSize fractional',
    '{"batchSize": 2.5}',
    embed({ batchSize: 2.5 }),
    /^job data: batchSize must be an integer in \[1, 4096\], got 2.5$/,
  ),
  embedJob(
    'another cache space',
    '{"spaceId": "x", …}',
    embed({}),
    /^this worker's cache space is [0-9a-f]+ \(model .+\), the job's x: another model is served under the same name, or \(int8\) this machine quantizes another way$/,
  ),
];
