// pipeline(task, runDir): inference in three lines, like transformers.js's pipeline().
//   const classify = await pipeline('text-classification', 'runs/sentiment');
//   const [p] = await classify('a great film');        // { label: 'positive', probabilities: { … } }
//   await classify.close();
// 'text-classification' loads a classification run (TextClassifier.load), 'token-classification' (alias 'ner') a
// NER run (TokenTagger.load: entity spans with character offsets). An export folder (`bertcnn export`) is refused
// with a pointer to the browser bundle, which runs export folders (src/web: loadClassifier).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import { runKind } from '../runs/kind.ts';
import { TextClassifier, type LoadOptions, type Prediction } from './text-classifier.ts';
import { TokenTagger, type TaggedText } from './token-tagger.ts';

/** The tasks pipeline() loads: a classification run, or a NER run ('token-classification' = 'ner'). */
export type PipelineTask = 'text-classification' | 'token-classification' | 'ner';

/** A loaded model as a function of texts; close() releases it. */
export interface Pipe<R> {
  (texts: string | readonly string[]): Promise<R[]>;
  /** The label set (classification) or tag set (NER). */
  readonly labels: string[];
  close(): Promise<void>;
}

/** pipeline('text-classification', run): texts → { label, probabilities } each. */
export type ClassificationPipeline = Pipe<Prediction>;
/** pipeline('ner', run): texts → { words, tags, entities } each (entities with character offsets). */
export type NerPipeline = Pipe<TaggedText>;

function pipe<R>(
  predict: (t: string | readonly string[]) => Promise<R[]>,
  labels: string[],
  close: () => Promise<void>,
): Pipe<R> {
  return Object.assign((t: string | readonly string[]) => predict(t), { labels, close });
}

/** Loads a run folder for inference; the task must match the run (a NER run for 'ner'). */
export async function pipeline(
  task: 'text-classification',
  runDir: string,
  o?: LoadOptions,
): Promise<ClassificationPipeline>;
export async function pipeline(
  task: 'token-classification' | 'ner',
  runDir: string,
  o?: LoadOptions,
): Promise<NerPipeline>;
export async function pipeline(
  task: PipelineTask,
  runDir: string,
  o: LoadOptions = {},
): Promise<ClassificationPipeline | NerPipeline> {
  const tasks: PipelineTask[] = ['text-classification', 'token-classification', 'ner'];
  if (!tasks.includes(task))
    throw new UsageError(`pipeline: unknown task ${JSON.stringify(task)} (one of ${tasks.join(', ')})`);
  if (existsSync(join(runDir, 'bertcnn-export.json')))
    throw new UsageError(
      `pipeline: ${runDir} is an export folder (bertcnn export); in Node give the run folder it was exported from — export folders run in the browser bundle (loadClassifier, see bertcnn web)`,
    );
  const kind = runKind(runDir);
  if (kind === 'kim2014')
    throw new UsageError(`pipeline: ${runDir} is a kim2014 run; load it with loadRun(dir) (any kind of run)`);
  const ner = task !== 'text-classification';
  if (ner !== (kind === 'ner'))
    throw new UsageError(
      `pipeline: ${runDir} is a ${kind === 'ner' ? 'NER' : 'text classification'} run; use pipeline('${kind === 'ner' ? 'ner' : 'text-classification'}', …)`,
    );
  if (ner) {
    const t = await TokenTagger.load(runDir, o);
    return pipe(
      (x) => t.predict(x),
      t.labels,
      () => t.close(),
    );
  }
  const c = await TextClassifier.load(runDir, o);
  return pipe(
    (x) => c.predict(x),
    c.labels,
    () => c.close(),
  );
}
