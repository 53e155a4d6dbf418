// A producer run of many chunks prints no MaxListenersExceededWarning (issue #17: every `predict --redis` run of
// more than 10 chunks did — BullMQ's job.waitUntilFinished adds a 'closing' listener per job in flight). Real
// redis-server, an in-process worker answering each chunk; skipped when redis-server is not installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectRedis } from '../../src/queue/connection.ts';
import { encodeProbabilities, type JobData } from '../../src/queue/payload.ts';
import { runJobs } from '../../src/queue/producer.ts';
import { startWorker } from '../../src/queue/worker.ts';
import { NO_REDIS, startRedis } from './redis-server.ts';

const url = await startRedis();
const skip = url ? false : NO_REDIS;

test('40 chunks in flight: no MaxListenersExceededWarning, every result delivered', { skip }, async () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error) => warnings.push(w);
  process.on('warning', onWarning);
  const queue = `bertcnn-test-listeners-${process.pid}`;
  const link = await connectRedis(url!);
  const worker = await startWorker(link, {
    queue,
    serves: 'a test handler',
    async handle(data: JobData) {
      const n = data.kind === 'predict' ? data.texts.length : 0;
      return encodeProbabilities(new Float32Array(n * 2).fill(0.25), n, 2);
    },
    close: async () => {},
  });
  try {
    const chunks = Array.from({ length: 40 }, (_, k) => ({
      data: { kind: 'predict' as const, texts: [`text ${k}`] },
      where: `chunk ${k + 1}/40`,
    }));
    const got = new Set<number>();
    await runJobs(link, queue, chunks, { timeoutS: 60, onResult: (k) => void got.add(k) });
    assert.equal(got.size, 40);
    await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
    const listenerWarnings = warnings.filter((w) => w.name === 'MaxListenersExceededWarning');
    assert.deepEqual(
      listenerWarnings.map((w) => w.message),
      [],
    );
  } finally {
    process.off('warning', onWarning);
    await worker.close();
    link.close();
  }
});
