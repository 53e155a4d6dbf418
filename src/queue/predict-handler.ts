// A predict worker's job handler: a trained run of any kind loaded once with loadRun() (src/runs/run.ts: the
// model rebuilt as `bertcnn predict` builds it, its inference Program compiled once; frozen runs compute each
// chunk's encoder features per job) and per job:
//   classification, kim2014  the chunk's class probabilities [n, C] in input order — decisions (threshold,
//                            argmax) are left to the producer, so --threshold applies exactly as locally
//   ner                      the chunk's tagged texts {words, tags, entities} (src/tasks/ner/predictor.ts)
import { runKind } from '../runs/kind.ts';
import { loadRun } from '../runs/run.ts';
import { predictJobTexts } from './job-data.ts';
import { predictQueueName } from './naming.ts';
import { encodeProbabilities, encodeTagged, type JobData } from './payload.ts';
import type { JobHandler } from './worker.ts';
import type { TaggedText } from '../tasks/ner/predictor.ts';

export async function openPredictHandler(
  runDir: string,
  o: { allowIncomplete?: boolean; onWarning?: (m: string) => void } = {},
): Promise<JobHandler> {
  runKind(runDir); // a folder with no single run (a CV folder: names a fold) fails here, before anything loads
  const queue = await predictQueueName(runDir);
  const run = await loadRun(runDir, o);
  const C = run.info.task.labels.length;
  return {
    queue,
    serves: `${run.kind} run ${runDir}`,
    async handle(data: JobData) {
      // untrusted JSON from Redis: checked here (job-data.ts)
      const texts = predictJobTexts(data);
      if (run.probabilities) return encodeProbabilities(await run.probabilities(texts), texts.length, C);
      return encodeTagged((await run.predict(texts)) as TaggedText[]);
    },
    close: () => run.release(),
  };
}
