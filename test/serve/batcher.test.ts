// MicroBatcher with a fake model (records every batch it is given; echoes `x → x * 10`): batching by size and by
// time, every caller gets its own rows, requests larger than maxBatch are split, one failed batch does not touch
// the callers of another, a full queue rejects at once with QueueFullError, close() drains and stops intake.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { BatcherClosedError, MicroBatcher, QueueFullError } from '../../src/serve/batcher.ts';

interface Fake {
  batches: number[][];
  batcher: MicroBatcher<number, number>;
}

/** `gate` (when given) holds every batch until it resolves; `failOn` makes a batch containing that item throw. */
function fake(o: {
  maxBatch: number;
  maxWaitMs: number;
  maxQueue?: number;
  failOn?: number;
  gate?: () => Promise<void>;
}): Fake {
  const batches: number[][] = [];
  const batcher = new MicroBatcher<number, number>({
    maxBatch: o.maxBatch,
    maxWaitMs: o.maxWaitMs,
    maxQueue: o.maxQueue,
    retryAfterSeconds: 2,
    run: async (batch) => {
      batches.push([...batch]);
      if (o.gate) await o.gate();
      if (o.failOn !== undefined && batch.includes(o.failOn)) throw new Error(`bad item ${o.failOn}`);
      return batch.map((x) => x * 10);
    },
  });
  return { batches, batcher };
}

test('batching by size: maxBatch items run at once, without waiting for the timer', async () => {
  const f = fake({ maxBatch: 4, maxWaitMs: 10_000 });
  const t0 = performance.now();
  const out = await Promise.all([1, 2, 3, 4].map((x) => f.batcher.submit([x])));
  assert.ok(performance.now() - t0 < 1000, 'did not wait for maxWaitMs');
  assert.deepEqual(out, [[10], [20], [30], [40]]);
  assert.deepEqual(f.batches, [[1, 2, 3, 4]]);
});

test('batching by time: a lone request runs after maxWaitMs; requests within the window share a batch', async () => {
  const f = fake({ maxBatch: 100, maxWaitMs: 40 });
  const t0 = performance.now();
  const a = f.batcher.submit([1]);
  await sleep(5);
  const b = f.batcher.submit([2, 3]);
  assert.deepEqual(await a, [10]);
  assert.deepEqual(await b, [20, 30]);
  const waited = performance.now() - t0;
  assert.ok(waited >= 35, `ran after ${waited.toFixed(1)} ms, before the 40 ms window closed`);
  assert.deepEqual(f.batches, [[1, 2, 3]]);
  const c = await f.batcher.submit([4]);
  assert.deepEqual(c, [40]);
  assert.deepEqual(f.batches, [[1, 2, 3], [4]]);
});

test('per-caller results: interleaved multi-item requests, split across batches, come back in order', async () => {
  const f = fake({ maxBatch: 3, maxWaitMs: 0 });
  const reqs = [[1, 2], [3, 4, 5, 6, 7], [], [8]];
  const out = await Promise.all(reqs.map((r) => f.batcher.submit(r)));
  assert.deepEqual(
    out,
    reqs.map((r) => r.map((x) => x * 10)),
  );
  assert.deepEqual(f.batches, [
    [1, 2, 3],
    [4, 5, 6],
    [7, 8],
  ]);
  assert.equal(f.batcher.stats.batches, 3);
  assert.equal(f.batcher.stats.items, 8);
  assert.equal(f.batcher.stats.largestBatch, 3);
});

test('items arriving while a batch runs form the next batch', async () => {
  let release!: () => void;
  let gate = new Promise<void>((r) => (release = r));
  const f = fake({ maxBatch: 10, maxWaitMs: 0, gate: () => gate });
  const first = f.batcher.submit([1]);
  await sleep(5); // the first batch is now running (held by the gate)
  const later = [2, 3, 4].map((x) => f.batcher.submit([x]));
  assert.deepEqual(f.batches, [[1]]);
  const open = release;
  gate = Promise.resolve();
  open();
  assert.deepEqual(await first, [10]);
  assert.deepEqual(await Promise.all(later), [[20], [30], [40]]);
  assert.deepEqual(f.batches, [[1], [2, 3, 4]]);
});

test('an error reaches only the callers of its batch; the next batch still succeeds', async () => {
  const f = fake({ maxBatch: 2, maxWaitMs: 0, failOn: 2 });
  const settled = await Promise.allSettled([[1], [2], [3], [4]].map((r) => f.batcher.submit(r)));
  assert.deepEqual(f.batches, [
    [1, 2],
    [3, 4],
  ]);
  assert.equal(settled[0]!.status, 'rejected');
  assert.equal(settled[1]!.status, 'rejected');
  assert.match(String((settled[1] as PromiseRejectedResult).reason), /bad item 2/);
  assert.deepEqual(settled[2], { status: 'fulfilled', value: [30] });
  assert.deepEqual(settled[3], { status: 'fulfilled', value: [40] });
  assert.deepEqual(await f.batcher.submit([5]), [50], 'the batcher keeps working after a failure');
});

test('a request split over batches fails once, and its leftover items are not run', async () => {
  const f = fake({ maxBatch: 2, maxWaitMs: 0, failOn: 1 });
  const big = f.batcher.submit([1, 2, 3, 4, 5]);
  const other = f.batcher.submit([6]);
  await assert.rejects(big, /bad item 1/);
  assert.deepEqual(await other, [60]);
  assert.deepEqual(f.batches, [[1, 2], [6]]);
  assert.equal(f.batcher.stats.queued, 0);
});

test('queue full: a request that does not fit is rejected at once with QueueFullError (retry-after)', async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const f = fake({ maxBatch: 2, maxWaitMs: 0, maxQueue: 3, gate: () => gate });
  const running = f.batcher.submit([1, 2]); // taken by the first batch, held by the gate
  await sleep(5);
  const queued = f.batcher.submit([3, 4, 5]); // fills the queue (3 of 3)
  const e = await f.batcher.submit([6]).then(
    () => null,
    (err: unknown) => err,
  );
  assert.ok(e instanceof QueueFullError, String(e));
  assert.equal(e.retryAfterSeconds, 2);
  assert.match(e.message, /queue full \(3 of 3 texts waiting\)/);
  release();
  assert.deepEqual(await running, [10, 20]);
  assert.deepEqual(await queued, [30, 40, 50]);
  assert.deepEqual(await f.batcher.submit([6]), [60], 'room again once the queue drained');
});

test('close(): queued work is run without waiting for the window, later submits are refused', async () => {
  const f = fake({ maxBatch: 10, maxWaitMs: 60_000 });
  const pending = f.batcher.submit([1, 2]);
  await f.batcher.close();
  assert.deepEqual(await pending, [10, 20]);
  await assert.rejects(f.batcher.submit([3]), BatcherClosedError);
});

test('options are checked', () => {
  const run = async (b: number[]) => b;
  assert.throws(() => new MicroBatcher({ maxBatch: 0, maxWaitMs: 1, run }), /maxBatch must be a positive integer/);
  assert.throws(() => new MicroBatcher({ maxBatch: 2, maxWaitMs: -1, run }), /maxWaitMs must be ≥ 0/);
  assert.throws(() => new MicroBatcher({ maxBatch: 2, maxWaitMs: 1, maxQueue: 0, run }), /maxQueue must be a positive/);
});
