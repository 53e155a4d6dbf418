// Two workers on one queue (in process, concurrency 1 each, jobs that take a moment): the producer's 8 chunks are
// split between them — every chunk computed exactly once, every result delivered to the producer once, and both
// workers take part. Skips when redis-server is not installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectRedis } from '../../src/queue/connection.ts';
import type { JobData } from '../../src/queue/payload.ts';
import { runJobs } from '../../src/queue/producer.ts';
import { startWorker, type JobHandler } from '../../src/queue/worker.ts';
import { NO_REDIS, startRedis } from './redis-server.ts';

const url = await startRedis();

test(
  'two workers share one queue: each chunk computed once, all results back',
  { skip: url ? false : NO_REDIS },
  async () => {
    const link = await connectRedis(url!);
    const queue = 'bertcnn-test-share';
    const seen: string[][] = [[], []];
    const handler = (w: number): JobHandler => ({
      queue,
      serves: `test worker ${w}`,
      async handle(data: JobData) {
        const texts = data.kind === 'describe' ? [] : data.texts;
        seen[w]!.push(texts[0]!);
        await sleep(150);
        return { worker: w, echo: texts.map((t) => t.toUpperCase()) };
      },
      close: async () => {},
    });
    const workers = [await startWorker(link, handler(0)), await startWorker(link, handler(1))];
    try {
      const chunks = Array.from({ length: 8 }, (_, k) => ({
        data: { kind: 'predict' as const, texts: [`chunk${k}`, `more${k}`] },
        where: `chunk ${k + 1}/8`,
      }));
      const results = new Map<number, { worker: number; echo: string[] }>();
      await runJobs(link, queue, chunks, {
        timeoutS: 30,
        onResult: (k, v) => {
          assert.equal(results.has(k), false, `chunk ${k} delivered twice`);
          results.set(k, v as { worker: number; echo: string[] });
        },
      });
      assert.equal(results.size, 8);
      for (let k = 0; k < 8; k++) assert.deepEqual(results.get(k)!.echo, [`CHUNK${k}`, `MORE${k}`]);
      const computed = [...seen[0]!, ...seen[1]!].sort();
      assert.deepEqual(computed, chunks.map((c) => c.data.texts[0]).sort()); // each exactly once
      assert.ok(seen[0]!.length >= 1 && seen[1]!.length >= 1, `split ${seen[0]!.length}/${seen[1]!.length}`);
      assert.equal(workers[0]!.completed + workers[1]!.completed, 8);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
      link.close();
    }
  },
);
