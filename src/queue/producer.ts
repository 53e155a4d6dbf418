// The producer side of a queue: adds one job per chunk, hands each result to onResult as soon as its job
// completes (one at a time, in completion order), and removes finished jobs from Redis. It stops at the first chunk
// that failed on every attempt (error naming the chunk and the worker's message), or when `timeoutS` passes (error
// saying how many chunks are still pending); either way, chunks not yet started are removed from the queue so
// workers do not compute results nobody will read.
//   await runJobs(link, 'bertcnn-embed-…', [{ data, where: 'chunk 1/4 (first text on line 2 of a.tsv)' }], { timeoutS, onResult })
import { Queue, QueueEvents, type Job } from 'bullmq';
import type { RedisLink } from './connection.ts';
import type { JobData } from './payload.ts';

export interface Chunk {
  data: JobData;
  /** Where the chunk comes from, for error messages: 'chunk 3/10 (first text on line 517 of data.tsv)'. */
  where: string;
}

export interface RunJobsOptions {
  /** Give up when the chunks are not all done after this many seconds. */
  timeoutS: number;
  /** Tries per chunk (a failure or a crashed worker's stalled job is retried). Default 2. */
  attempts?: number;
  /** First retry delay; later ones double. Default 1000 ms. */
  backoffMs?: number;
  /** A finished chunk's return value (calls never overlap). */
  onResult(index: number, value: unknown): Promise<void> | void;
  onError?(message: string): void;
}

/** Completed jobs' results stay this long in Redis if the producer dies before reading them. */
const KEEP_COMPLETED_S = 3600;
const KEEP_FAILED_S = 24 * 3600;

export async function runJobs(
  link: RedisLink,
  queueName: string,
  chunks: readonly Chunk[],
  o: RunJobsOptions,
): Promise<void> {
  if (chunks.length === 0) return;
  const attempts = o.attempts ?? 2;
  const report = (e: Error) => o.onError?.(`${queueName}: ${e.message}`);
  const queue = new Queue(queueName, { connection: link.client() });
  const events = new QueueEvents(queueName, { connection: link.client() });
  queue.on('error', report);
  events.on('error', report);
  // job.waitUntilFinished adds one 'closing' listener to the queue per job in flight: bounded by the chunk count,
  // so raise the limit to it instead of printing MaxListenersExceededWarning on every run of more than 10 chunks.
  queue.setMaxListeners(chunks.length + 10);
  events.setMaxListeners(chunks.length + 10);
  const pending = new Map<number, Job>();
  let timer: NodeJS.Timeout | undefined;
  try {
    await events.waitUntilReady(); // listening before the first job can finish
    const jobs = await queue.addBulk(
      chunks.map((c) => ({
        name: c.data.kind,
        data: c.data,
        opts: {
          attempts,
          backoff: { type: 'exponential', delay: o.backoffMs ?? 1000 },
          removeOnComplete: { age: KEEP_COMPLETED_S },
          removeOnFail: { age: KEEP_FAILED_S },
        },
      })),
    );
    jobs.forEach((j, i) => pending.set(i, j));
    let chain: Promise<void> = Promise.resolve();
    const waits = jobs.map((job, i) =>
      job.waitUntilFinished(events).then(
        (value: unknown) => {
          chain = chain.then(async () => {
            await o.onResult(i, value);
            pending.delete(i);
            await job.remove().catch(() => undefined);
          });
          return chain;
        },
        (e: Error) => {
          throw new Error(`${chunks[i]!.where} failed on a worker after ${attempts} attempt(s): ${e.message}`);
        },
      ),
    );
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new Error(
            `gave up after ${o.timeoutS} s (--queue-timeout): ${pending.size} of ${chunks.length} chunk(s) still pending on queue ${queueName} — is a \`bertcnn worker\` serving it?`,
          ),
        );
      }, o.timeoutS * 1000);
    });
    await Promise.race([Promise.all(waits), timeout]);
  } finally {
    clearTimeout(timer);
    // Chunks nobody will read: drop the waiting/delayed ones (active ones are locked by their worker and finish).
    await Promise.all([...pending.values()].map((j) => j.remove().catch(() => undefined)));
    await events.close();
    await queue.close();
  }
}
