// `bertcnn predict RUN --redis`: the producer side of prediction. Reads only the run's config (config.json or
// kim.json) and labels.json (no model is loaded here), sends the texts in input-order chunks to the workers serving
// this run (the queue name hashes the run's files, src/queue/naming.ts) and gathers the results in input order:
//   classification, kim2014  probabilities [N, C]; the decisions are made here (so --threshold applies exactly as
//                            in a local predict). Returns what predictWithRun returns.
//   ner                      tagged texts {words, tags, entities} (remoteTag), as a local raw-text NER predict.
import { UsageError } from '../errors.ts';
import { decide, withThreshold, type ClassificationTask } from '../tasks/classification/task.ts';
import type { Predictions } from '../tasks/classification/evaluate.ts';
import { loadRunInfo } from '../tasks/classification/inference.ts';
import { loadLabelMap } from '../data/labels.ts';
import { runKind } from '../runs/kind.ts';
import type { TaggedText } from '../tasks/ner/predictor.ts';
import { join } from 'node:path';
import { connectRedis } from './connection.ts';
import { predictQueueName } from './naming.ts';
import { decodeProbabilities, decodeTagged } from './payload.ts';
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

/** The task of a classification or kim2014 run, from its files only (no model). */
async function remoteTask(runDir: string): Promise<ClassificationTask> {
  const kind = runKind(runDir);
  if (kind === 'classification') return { ...(await loadRunInfo(runDir)).config.task };
  if (kind === 'kim2014')
    return { kind: 'multiclass', labels: (await loadLabelMap(join(runDir, 'labels.json'))).labels };
  throw new UsageError(`${runDir} is a NER run: its texts are tagged (remoteTag), not classified`);
}

/** Sends `texts` in chunks to the run's workers; `onChunk(k, start, n, value, where)` takes each chunk's result. */
async function sendChunks(
  runDir: string,
  texts: readonly string[],
  o: RemotePredictOptions,
  onChunk: (start: number, n: number, value: unknown, where: string) => void,
): Promise<string> {
  const queue = await predictQueueName(runDir);
  if (texts.length === 0) return queue;
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
        onChunk(starts[k]!, n, value, `${queue} ${chunks[k]!.where}`);
        done += n;
        o.onProgress?.(done, texts.length);
      },
    });
  } finally {
    link.close();
  }
  return queue;
}

/** Classification and kim2014 runs: probabilities from the workers, decisions made here. */
export async function remotePredict(
  runDir: string,
  texts: readonly string[],
  o: RemotePredictOptions,
): Promise<{ task: ClassificationTask; predictions: Predictions; queue: string }> {
  const task = withThreshold(await remoteTask(runDir), o.threshold);
  const C = task.labels.length;
  const all = new Float32Array(texts.length * C);
  const queue = await sendChunks(runDir, texts, o, (start, n, value, where) =>
    all.set(decodeProbabilities(value, { n, c: C }, where), start * C),
  );
  return { task, predictions: { probabilities: all, decisions: decide(task, all, texts.length) }, queue };
}

/** NER runs: raw texts tagged by the workers ({words, tags, entities} per text, in input order). */
export async function remoteTag(
  runDir: string,
  texts: readonly string[],
  o: Omit<RemotePredictOptions, 'threshold'>,
): Promise<{ tagged: TaggedText[]; queue: string }> {
  if (runKind(runDir) !== 'ner') throw new UsageError(`${runDir} is not a NER run; use remotePredict`);
  const tagged: TaggedText[] = new Array<TaggedText>(texts.length);
  const queue = await sendChunks(runDir, texts, o, (start, n, value, where) =>
    decodeTagged(value, n, where).forEach((t, j) => (tagged[start + j] = t)),
  );
  return { tagged, queue };
}
