// A served model whose inference runs on a worker thread (./model-worker.ts). onnxruntime-node's session.run
// blocks the thread that calls it for the whole batch, so with the model on the main thread a long batch delays
// every other request, /health included, by its full duration (docs/benchmarks.md: p99 ≈ 0.7 s). On its own
// thread the event loop only parses requests and copies results, and /health answers at once.
//
// The worker loads the run itself (nothing model-sized crosses threads); texts go over, predictions come back by
// structured clone. Errors keep their class (./wire-error.ts), so a bad run folder still exits 2 from the CLI.
import { Worker } from 'node:worker_threads';
import type { LoadRunOptions, RunInfo, RunPrediction } from '../runs/run.ts';
import type { ModelWorkerData, ToWorker } from './model-worker.ts';
import { fromWire, type WireError } from './wire-error.ts';

type FromWorker =
  | { type: 'ready'; info: RunInfo }
  | { type: 'warning'; message: string }
  | { type: 'load-failed'; error: WireError }
  | { type: 'result'; id: number; predictions: RunPrediction[] }
  | { type: 'failed'; id: number; error: WireError }
  | { type: 'closed' };

/** Starts the worker: the compiled .js in dist/, or the .ts source under tsx (a checkout, the tests). */
function startWorker(workerData: ModelWorkerData): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./model-worker.js', import.meta.url), { workerData });
  // A worker does not inherit loader hooks registered in its parent (bin/bertcnn.js registers tsx through its API),
  // and Node 20 loads a worker's entry before its --import hooks apply; so a small bootstrap registers tsx (by
  // absolute URL, resolvable from any working directory) and then imports the TypeScript entry.
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const entry = JSON.stringify(new URL('./model-worker.ts', import.meta.url).href);
  const boot = `import(${tsx}).then(({ register }) => { register(); return import(${entry}); });`;
  return new Worker(boot, { eval: true, workerData });
}

/** A loaded run answering on its own thread (the shape of ./model.ts ServedModel). */
export interface ThreadedModel {
  readonly info: RunInfo;
  predict(texts: readonly string[]): Promise<RunPrediction[]>;
  close(): Promise<void>;
}

export async function loadThreadedModel(dir: string, o: LoadRunOptions = {}): Promise<ThreadedModel> {
  const { onWarning, ...options } = o;
  const worker = startWorker({ dir, options });
  const pending = new Map<number, { resolve: (p: RunPrediction[]) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let closed: (() => void) | null = null;
  let died: Error | null = null;

  const info = await new Promise<RunInfo>((resolve, reject) => {
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'ready') resolve(m.info);
      else if (m.type === 'warning') onWarning?.(m.message);
      else if (m.type === 'load-failed') reject(fromWire(m.error));
      else if (m.type === 'result' || m.type === 'failed') {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (m.type === 'result') p?.resolve(m.predictions);
        else p?.reject(fromWire(m.error));
      } else if (m.type === 'closed') closed?.();
    });
    worker.on('error', (e) => {
      died = e;
      reject(e);
      for (const p of pending.values()) p.reject(new Error(`the model thread failed: ${e.message}`));
      pending.clear();
    });
    worker.on('exit', (code) => {
      const e = died ?? new Error(`the model thread exited (code ${code}) before answering`);
      reject(e);
      for (const p of pending.values()) p.reject(e);
      pending.clear();
      closed?.();
    });
  });

  const send = (m: ToWorker) => worker.postMessage(m);
  return {
    info,
    predict(texts) {
      if (died) return Promise.reject(new Error(`the model thread failed: ${(died as Error).message}`));
      const id = nextId++;
      return new Promise<RunPrediction[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        send({ type: 'predict', id, texts: [...texts] });
      });
    },
    async close() {
      await new Promise<void>((resolve) => {
        closed = resolve;
        send({ type: 'close' });
      });
      await worker.terminate();
    },
  };
}
