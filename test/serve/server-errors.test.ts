// The server over a fake model (no ONNX Runtime): a full queue answers 503 with Retry-After, a failing model call
// answers 500 to the requests of that batch only, and close() lets in-flight requests finish.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServedModel } from '../../src/serve/model.ts';
import { createServer } from '../../src/serve/server.ts';

/** Labels 'no'/'yes': 'yes' when the text contains "good"; a text "boom" makes its batch throw. */
function fakeModel(gate?: () => Promise<void>): ServedModel & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    info: {
      name: 'fake',
      kind: 'classification',
      task: { kind: 'binary', labels: ['no', 'yes'] },
      mode: 'frozen',
      encoder: { ref: 'none', layers: 'last', combine: 'concat', maxLength: 8, precision: 'fp32', saved: false },
      head: { kind: 'textcnn', options: {} },
      created: '2024-01-01T00:00:00.000Z',
      bertcnnVersion: '0.1.0',
      metrics: null,
    },
    async predict(texts) {
      calls.push([...texts]);
      if (gate) await gate();
      if (texts.includes('boom')) throw new Error('model exploded');
      return texts.map((t) => {
        const p = t.includes('good') ? 0.9 : 0.1;
        return { label: p > 0.5 ? 'yes' : 'no', probabilities: { no: 1 - p, yes: p } };
      });
    },
    async close() {},
  };
}

const body = (texts: string[]) => ({
  method: 'POST' as const,
  url: '/v1/predict',
  payload: { texts },
});

test('queue full → 503 overloaded with Retry-After; the queued requests still succeed', async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const model = fakeModel(() => gate);
  const app = createServer(model, { maxBatch: 2, maxWaitMs: 0, maxTexts: 3, maxQueue: 3, retryAfterSeconds: 3 });
  const running = app.inject(body(['good', 'bad'])); // the first batch, held by the gate
  await sleep(20);
  const queued = app.inject(body(['good a', 'b', 'c'])); // fills the queue
  await sleep(20);
  const rejected = await app.inject(body(['x']));
  assert.equal(rejected.statusCode, 503);
  assert.equal(rejected.headers['retry-after'], '3');
  assert.equal((rejected.json() as { error: { code: string } }).error.code, 'overloaded');
  release();
  assert.deepEqual(
    ((await running).json() as { predictions: { label: string }[] }).predictions.map((p) => p.label),
    ['yes', 'no'],
  );
  assert.equal((await queued).statusCode, 200);
  await app.close();
});

test('a failing model call → 500 for its batch only; other batches answer 200', async () => {
  const model = fakeModel();
  const errors: unknown[] = [];
  const app = createServer(model, { maxBatch: 2, maxWaitMs: 5000, onError: (e) => errors.push(e) }); // batches by size only
  const replies = await Promise.all([['boom'], ['good'], ['good'], ['bad']].map((t) => app.inject(body(t))));
  assert.deepEqual(model.calls, [
    ['boom', 'good'],
    ['good', 'bad'],
  ]);
  assert.deepEqual(
    replies.map((r) => r.statusCode),
    [500, 500, 200, 200],
  );
  assert.match(replies[0]!.body, /prediction failed: model exploded/);
  assert.equal(errors.length, 2);
  await app.close();
});

test('close(): an in-flight request finishes; /health answers while open', async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const app = createServer(
    fakeModel(() => gate),
    { maxWaitMs: 0 },
  );
  assert.equal((await app.inject({ url: '/health' })).statusCode, 200);
  const inFlight = app.inject(body(['good']));
  await sleep(20);
  const closing = app.close();
  await sleep(20);
  release();
  const r = await inFlight;
  await closing;
  assert.equal(r.statusCode, 200);
  assert.equal((r.json() as { predictions: { label: string }[] }).predictions[0]!.label, 'yes');
});

test('bad options are usage errors', () => {
  assert.throws(() => createServer(fakeModel(), { maxBatch: 0 }), /max batch must be a positive integer/);
  assert.throws(() => createServer(fakeModel(), { maxTexts: 10, maxQueue: 5 }), /max queue \(5\) must be ≥ max texts/);
  assert.throws(() => createServer(fakeModel(), { maxWaitMs: -1 }), /max wait must be ≥ 0/);
});
