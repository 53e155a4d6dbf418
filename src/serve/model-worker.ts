// The worker-thread side of a threaded served model (./model-thread.ts): loads the run with loadRun() and answers
// predict requests one at a time. ONNX Runtime's session.run in onnxruntime-node blocks the thread it runs on, so
// running it here keeps the server's event loop free for /health and for reading other requests.
//
// Messages in:  {type:'predict', id, texts}  |  {type:'close'}
// Messages out: {type:'ready', info} | {type:'warning', message} | {type:'load-failed', error}
//               {type:'result', id, predictions} | {type:'failed', id, error} | {type:'closed'}
import { parentPort, workerData } from 'node:worker_threads';
import { loadRun, type LoadRunOptions, type Run } from '../runs/run.ts';
import { toWire } from './wire-error.ts';

export interface ModelWorkerData {
  dir: string;
  options: Omit<LoadRunOptions, 'onWarning'>;
}

export type ToWorker = { type: 'predict'; id: number; texts: string[] } | { type: 'close' };

const port = parentPort;
if (!port) throw new Error('src/serve/model-worker.ts runs only as a worker thread (see ./model-thread.ts)');
const { dir, options } = workerData as ModelWorkerData;

let run: Run;
try {
  run = await loadRun(dir, { ...options, onWarning: (message) => port.postMessage({ type: 'warning', message }) });
  port.postMessage({ type: 'ready', info: run.info });
} catch (e) {
  port.postMessage({ type: 'load-failed', error: toWire(e) });
  port.close();
  process.exit(0);
}

// Requests arrive one at a time from the main side's micro-batcher, but a chain keeps them in order regardless.
let chain: Promise<void> = Promise.resolve();
port.on('message', (m: ToWorker) => {
  if (m.type === 'close') {
    chain = chain.then(async () => {
      await run.release();
      port.postMessage({ type: 'closed' });
      port.close();
    });
    return;
  }
  chain = chain.then(async () => {
    try {
      port.postMessage({ type: 'result', id: m.id, predictions: await run.predict(m.texts) });
    } catch (e) {
      port.postMessage({ type: 'failed', id: m.id, error: toWire(e) });
    }
  });
});
