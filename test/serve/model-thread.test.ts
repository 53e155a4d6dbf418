// The model on a worker thread (src/serve/model-thread.ts), as `bertcnn serve` loads it: the same predictions as
// the in-process model, the event loop free while a batch runs (onnxruntime-node's session.run blocks the thread
// that calls it: in-process that stalls /health and every request for a whole encoder chunk), and load errors keep
// their class and message.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { generateBertCheckpoint } from '../../src/encoders/bert/generate.ts';
import { DataError, UsageError } from '../../src/errors.ts';
import { loadServedModel, type LoadModelOptions, type ServedModel } from '../../src/serve/model.ts';
import { fixture, TINY_BUDGET, trainFixture, trainTiny } from '../cli/cli-helpers.ts';

const fx = await fixture('serve-thread', { train: 48, dev: 16 });
const run = join(fx.root, 'run');
let threaded: ServedModel;

before(async () => {
  const r = await trainTiny(fx, run);
  assert.equal(r.code, 0, r.err);
  threaded = await loadServedModel(run, { thread: true, maxBatch: 512, onWarning: () => {} });
});
after(async () => {
  await threaded.close();
});

const texts = ['a great film', 'a dull , tired film', 'the plot was fine and the acting was fine', ''];

test('a threaded model predicts exactly what the in-process model predicts, for the same info', async () => {
  const local = await loadServedModel(run, { maxBatch: 512, onWarning: () => {} });
  try {
    assert.deepEqual(threaded.info, local.info);
    assert.deepEqual(await threaded.predict(texts), await local.predict(texts));
  } finally {
    await local.close();
  }
});

/** The longest the event loop stalled (ms) while `model` predicts `texts`. */
async function longestStall(model: ServedModel, texts: string[]): Promise<number> {
  await model.predict(texts.slice(0, 2)); // warm: compile outside the measurement
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  await model.predict(texts);
  h.disable();
  return h.max / 1e6;
}

test('a long predict stalls the event loop on the main thread, not with the model on its own thread', async () => {
  // A MiniLM-sized encoder (6 × 384, random weights): one 32-text chunk of full-length texts is one long
  // session.run, which blocks whatever thread calls it. In-process that is the server's thread, so /health and
  // every request wait behind it; threaded, the main thread only copies texts and results. Both are measured in
  // this run, on the same machine, and compared (a ratio, not an absolute time).
  const big = join(fx.root, 'minilm-sized');
  await generateBertCheckpoint(big, {
    vocab: 'bert-base-uncased',
    layers: 6,
    hidden: 384,
    heads: 12,
    ffn: 1536,
    seed: 5,
  });
  const bigRun = join(fx.root, 'run-minilm-sized');
  const r = await trainFixture(fx, bigRun, [...TINY_BUDGET, '--epochs', '1', '--quiet'].concat(['--encoder', big]));
  assert.equal(r.code, 0, r.err);
  const texts = Array.from({ length: 64 }, (_, i) => `${i} the film was a fine one and `.repeat(20));
  const inProcess = await loadServedModel(bigRun, { onWarning: () => {} });
  const onThread = await loadServedModel(bigRun, { thread: true, onWarning: () => {} });
  try {
    const stalledInProcess = await longestStall(inProcess, texts);
    const stalledThreaded = await longestStall(onThread, texts);
    assert.ok(
      stalledThreaded * 4 < stalledInProcess,
      `longest event-loop stall: ${stalledThreaded.toFixed(1)} ms threaded vs ${stalledInProcess.toFixed(1)} ms in-process`,
    );
  } finally {
    await inProcess.close();
    await onThread.close();
  }
});

test('a load error crosses the thread with its class and message (the CLI’s exit code depends on the class)', async () => {
  const cases: [string, LoadModelOptions][] = [
    [join(fx.root, 'no-such-run'), {}], // DataError naming the folder
    [run, { threshold: 1.5 }], // UsageError naming --threshold
  ];
  for (const [dir, o] of cases) {
    const inProcess = await loadServedModel(dir, o).then(
      () => assert.fail('loaded'),
      (e: Error) => e,
    );
    await assert.rejects(loadServedModel(dir, { ...o, thread: true }), (e: Error) => {
      assert.equal(e.constructor, inProcess.constructor);
      assert.ok(e instanceof DataError || e instanceof UsageError, e.name);
      assert.equal(e.message, inProcess.message);
      return true;
    });
  }
});
