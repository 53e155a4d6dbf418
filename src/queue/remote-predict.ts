// `bertcnn predict RUN --redis`: the producer side of prediction. Reads only the run's config.json and labels.json
// (no model is loaded here), sends the texts in input-order chunks to the workers serving this run (the queue name
// hashes the run's files, src/queue/naming.ts), gathers their probabilities [N, C] in input order and makes the
// decisions itself (so --threshold applies exactly as in a local predict). Returns what predictWithRun returns.
import { UsageError } from '../errors.ts';
import { decide, type ClassificationTask } from '../tasks/classification/task.ts';
import type { Predictions } from '../tasks/classification/evaluate.ts';
import { loadRunInfo } from '../tasks/classification/inference.ts';
import { connectRedis } from './connection.ts';
import { predictQueueName } from './naming.ts';
import { decodeProbabilities } from './payload.ts';
import { type Chunk, runJobs } from './producer.ts';

export interface RemotePredictOptions {
  redis: string;
  /** Texts per job. Default 256. */
  chunk?: number;
  timeoutS: number;
  threshold?: number;
  /** Input name, and the 1-based line of each text when known (null: stdin), for error messages. */
  source: string;
  lines: readonly number[] | null;
  onProgress?(done: number, total: number): void;
  onError?(message: string): void;
}

/** The rule of `bertcnn predict --threshold` (src/tasks/classification/inference.ts). */
function withThreshold(task: ClassificationTask, threshold: number | undefined): ClassificationTask {
  if (threshold === undefined) return task;
  if (!(threshold > 0 && threshold < 1)) throw new UsageError(`--threshold must be in (0, 1), got ${threshold}`);
  if (task.kind === 'multiclass')
    throw new UsageError('--threshold applies to binary and multi-label runs; this run is multi-class (argmax)');
  return { ...task, thresholds: task.kind === 'binary' ? [threshold] : task.labels.map(() => threshold) };
}

export async function remotePredict(
  runDir: string,
  texts: readonly string[],
  o: RemotePredictOptions,
): Promise<{ task: ClassificationTask; predictions: Predictions; queue: string }> {
  const run = await loadRunInfo(runDir);
  const task = withThreshold({ ...run.config.task }, o.threshold);
  const queue = await predictQueueName(runDir);
  const C = task.labels.length;
  const all = new Float32Array(texts.length * C);
  if (texts.length === 0) return { task, predictions: { probabilities: all, decisions: [] }, queue };
  const size = o.chunk ?? 256;
  const starts: number[] = [];
  for (let s = 0; s < texts.length; s += size) starts.push(s);
  const chunks: Chunk[] = starts.map((s, k) => {
    const end = Math.min(texts.length, s + size);
    const first = o.lines ? `line ${o.lines[s]} of ${o.source}` : `text ${s + 1} of ${o.source}`;
    return {
      data: { kind: 'predict', texts: texts.slice(s, end) },
      where: `chunk ${k + 1}/${starts.length} (texts ${s + 1}–${end}, the first on ${first})`,
    };
  });
  const link = await connectRedis(o.redis, o.onError);
  let done = 0;
  o.onProgress?.(0, texts.length);
  try {
    await runJobs(link, queue, chunks, {
      timeoutS: o.timeoutS,
      onError: o.onError,
      onResult: (k, value) => {
        const n = (chunks[k]!.data as { texts: string[] }).texts.length;
        all.set(decodeProbabilities(value, { n, c: C }, `${queue} ${chunks[k]!.where}`), starts[k]! * C);
        done += n;
        o.onProgress?.(done, texts.length);
      },
    });
  } finally {
    link.close();
  }
  return { task, predictions: { probabilities: all, decisions: decide(task, all, texts.length) }, queue };
}
