// `bertcnn predict RUN --redis` with a real redis-server on a tiny trained run: a `bertcnn worker --run` child
// process answers with the local predict's JSONL (same texts, labels, probabilities ≤ 1e-6) and stops gracefully on
// SIGTERM; on a use-lite run the two outputs are byte-identical; a chunk that fails on every attempt makes the producer exit 1 naming the chunk's first input line and
// the worker's error; no worker → --queue-timeout gives up saying how many chunks are pending; an unreachable Redis
// fails within seconds naming the URL. Skips when redis-server is not installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectRedis } from '../../src/queue/connection.ts';
import { predictQueueName } from '../../src/queue/naming.ts';
import { encodeProbabilities, type JobData } from '../../src/queue/payload.ts';
import { startWorker } from '../../src/queue/worker.ts';
import { cli, fixture, spawnBertcnn, trainTiny } from '../cli/cli-helpers.ts';
import { NO_REDIS, startRedis } from './redis-server.ts';

const url = await startRedis();
const skip = url ? false : NO_REDIS;
const fx = await fixture('queue-predict', { train: 48, dev: 16 });
const run = join(fx.root, 'run');
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'bertcnn.js');
const texts = Array.from(
  { length: 23 },
  (_, i) => `${['a fine', 'a dull', 'superb', 'slow and'][i % 4]} film number ${i}${' really'.repeat(i % 5)}`,
);
const input = join(fx.root, 'texts.txt');
writeFileSync(input, `${texts.join('\n')}\n`);

interface Line {
  text: string;
  label: string;
  probabilities: Record<string, number>;
}
const parse = (out: string) =>
  out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);

test(
  'predict --redis: a `bertcnn worker --run` process gives the local JSONL; SIGTERM stops it cleanly',
  { skip },
  async () => {
    const t = await trainTiny(fx, run);
    assert.equal(t.code, 0, t.err);
    const child = spawn(process.execPath, [BIN, 'worker', '--redis', url!, '--run', run, '--threads', '1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += String(d)));
    child.stderr.on('data', (d: Buffer) => (err += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 600 && !out.includes('on queue'); i++) await new Promise((r) => setTimeout(r, 50));
    assert.match(out, new RegExp(`Worker for classification run .* on queue ${await predictQueueName(run)}`), err);

    const local = await cli(['predict', run, '--input', input, '--quiet']);
    assert.equal(local.code, 0, local.err);
    const remote = await cli(['predict', run, '--input', input, '--quiet', '--redis', url!, '--chunk', '5']);
    assert.equal(remote.code, 0, remote.err);
    const [a, b] = [parse(local.out), parse(remote.out)];
    assert.equal(b.length, texts.length);
    b.forEach((line, i) => {
      assert.equal(line.text, a[i]!.text);
      assert.equal(line.label, a[i]!.label);
      for (const [k, p] of Object.entries(a[i]!.probabilities))
        assert.ok(Math.abs(line.probabilities[k]! - p) <= 1e-6, `${i} ${k}`);
    });

    child.kill('SIGTERM');
    assert.equal(await exited, 0, err);
    assert.match(err, /stopped after 5 job\(s\)/);
  },
);

test(
  'predict --redis: stdout is byte-identical to a local predict (use-lite run, 600 texts of mixed lengths, 3 chunks)',
  { skip },
  async () => {
    // use-lite's sentence vector averages over time; ONNX Runtime's sums move the last digit with the padding of a
    // text's batch, so before local predict ran the same input-order chunks as the workers, about 1 line in 25
    // differed in the 6th decimal (issue #17: 103 of 5,000).
    const useRun = join(fx.root, 'run-use-lite');
    const t = await cli([
      'train',
      '--train',
      fx.train,
      '--dev',
      fx.dev,
      '--encoder',
      'use-lite',
      '--out',
      useRun,
      '--epochs',
      '1',
      '--batch-size',
      '16',
      '--quiet',
    ]);
    assert.equal(t.code, 0, t.err);
    const words = 'the film was a fine one and dull great plot acting story bad good charming awful tired'.split(' ');
    const many = Array.from({ length: 600 }, (_, i) =>
      Array.from({ length: 1 + ((i * 37) % 60) }, (_, j) => words[(i * 7 + j * 13) % words.length]).join(' '),
    );
    const manyInput = join(fx.root, 'many.txt');
    writeFileSync(manyInput, `${many.join('\n')}\n`);
    const worker = spawnBertcnn(['worker', '--redis', url!, '--run', useRun]);
    try {
      await worker.waitFor(/on queue/);
      const local = await cli(['predict', useRun, '--input', manyInput, '--quiet']);
      assert.equal(local.code, 0, local.err);
      const remote = await cli(['predict', useRun, '--input', manyInput, '--quiet', '--redis', url!]);
      assert.equal(remote.code, 0, remote.err);
      assert.equal(local.out.split('\n').length, 601);
      assert.ok(remote.out === local.out, 'remote and local JSONL differ');
    } finally {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
  },
);

test(
  'predict --redis: a chunk failing on every attempt → exit 1 naming its first line and the worker’s error',
  { skip },
  async () => {
    const lines = ['a fine film', '', 'dull', 'superb cast', '', 'slow', 'POISON pill', 'fine again', 'the end'];
    const file = join(fx.root, 'poison.txt');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const link = await connectRedis(url!);
    const tries = new Map<string, number>();
    const worker = await startWorker(link, {
      queue: await predictQueueName(run),
      serves: 'a test handler',
      async handle(data: JobData) {
        const chunk = data.kind === 'predict' ? data.texts : [];
        tries.set(chunk[0]!, (tries.get(chunk[0]!) ?? 0) + 1);
        if (chunk.some((t) => t.includes('POISON'))) throw new Error('poisoned text');
        return encodeProbabilities(new Float32Array(chunk.length * 2).fill(0.5), chunk.length, 2);
      },
      close: async () => {},
    });
    try {
      // Texts (empty lines skipped): chunks of 3 → [a fine film, dull, superb cast] [slow, POISON pill, fine again] …
      const r = await cli(['predict', run, '--input', file, '--quiet', '--redis', url!, '--chunk', '3']);
      assert.equal(r.code, 1, r.out);
      assert.match(
        r.err,
        /chunk 2\/3 \(texts 4–6, the first on line 6 of .*poison\.txt\) failed on a worker after 2 attempt\(s\): poisoned text/,
      );
      assert.equal(tries.get('slow'), 2);
    } finally {
      await worker.close();
      link.close();
    }
  },
);

test('predict --redis: no worker → --queue-timeout gives up naming the pending chunks', { skip }, async () => {
  const started = Date.now();
  const r = await cli([
    'predict',
    run,
    '--input',
    input,
    '--quiet',
    '--redis',
    url!,
    '--chunk',
    '10',
    '--queue-timeout',
    '1',
  ]);
  assert.equal(r.code, 1);
  assert.match(
    r.err,
    /gave up after 1 s \(--queue-timeout\): 3 of 3 chunk\(s\) still pending on queue bertcnn-predict-/,
  );
  assert.ok(Date.now() - started < 8000);
});

test('predict --redis: an unreachable Redis fails fast, naming the URL', async () => {
  if (!existsSync(join(run, 'config.json'))) assert.equal((await trainTiny(fx, run)).code, 0);
  const started = Date.now();
  const r = await cli(['predict', run, '--input', input, '--quiet', '--redis', 'redis://127.0.0.1:1']);
  assert.equal(r.code, 1);
  assert.match(r.err, /cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
  assert.ok(Date.now() - started < 5000);
  const bad = await cli(['worker', '--redis', 'http://x', '--run', fx.root]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--redis must start with redis:\/\//);
});
