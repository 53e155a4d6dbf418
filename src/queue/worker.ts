// The worker side of a queue: a BullMQ Worker that hands each job's data to a JobHandler (a model loaded once and
// reused for every job) and returns the handler's payload as the job's result. Jobs run one at a time through the
// handler (the model's sessions are not shared between overlapping jobs); `concurrency` > 1 only lets the worker
// hold further jobs while one computes. To compute in parallel, start more workers (processes or machines).
// A job whose worker dies is found stalled by BullMQ (after its lock expires) and retried by another worker.
// close() stops taking jobs, lets the running ones finish, then releases the model.
import { Worker } from 'bullmq';
import type { RedisLink } from './connection.ts';
import type { JobData } from './payload.ts';

export interface JobHandler {
  /** The queue this handler serves (src/queue/naming.ts). */
  readonly queue: string;
  /** What it serves, for messages: 'model ./tiny-bert' / 'run runs/sst2'. */
  readonly serves: string;
  handle(data: JobData): Promise<unknown>;
  close(): Promise<void>;
}

export interface WorkerOptions {
  /** Jobs held at once. Default 1. */
  concurrency?: number;
  /** After each job: its id, texts, seconds, and the error when it failed. */
  onJob?(info: { id: string; texts: number; seconds: number; error?: Error }): void;
  onError?(message: string): void;
}

export interface RunningWorker {
  readonly queue: string;
  /** Jobs completed so far (failed ones excluded). */
  readonly completed: number;
  /** Stops fetching, waits for running jobs, closes the connection and the handler. */
  close(): Promise<void>;
}

export async function startWorker(link: RedisLink, handler: JobHandler, o: WorkerOptions = {}): Promise<RunningWorker> {
  let chain: Promise<unknown> = Promise.resolve();
  let completed = 0;
  const run = (data: JobData) => {
    const next = chain.then(() => handler.handle(data));
    chain = next.catch(() => undefined);
    return next;
  };
  const worker = new Worker<JobData>(
    handler.queue,
    async (job) => {
      const started = performance.now();
      const texts = 'texts' in job.data ? job.data.texts.length : 0;
      try {
        const result = await run(job.data);
        completed++;
        o.onJob?.({ id: String(job.id), texts, seconds: (performance.now() - started) / 1000 });
        return result;
      } catch (e) {
        o.onJob?.({ id: String(job.id), texts, seconds: (performance.now() - started) / 1000, error: e as Error });
        throw e;
      }
    },
    { connection: link.client(), concurrency: o.concurrency ?? 1 },
  );
  worker.on('error', (e) => o.onError?.(`${handler.queue}: ${e.message}`));
  await worker.waitUntilReady();
  let closing: Promise<void> | null = null;
  return {
    queue: handler.queue,
    get completed() {
      return completed;
    },
    close() {
      closing ??= worker.close().finally(() => handler.close());
      return closing;
    },
  };
}
