// Training a tagger: the task-independent loop (loop.ts) over a tagging pipeline. Each batch gets token inputs
// from the pipeline and word-level targets from the alignments (src/tasks/ner/targets.ts); the loss gathers the
// emissions at labelled words' first sub-tokens (cross-entropy, or CRF NLL). Taggers whose graph needs a static
// length (BiLSTM, and any CRF: its forward algorithm is unrolled) get one training Program per length bucket.
// Sentences without any labelled word (every word cut by truncation) carry no training signal and are left out
// (the CRF could not even score them). Dev is scored with entity-level F1 (default metric 'f1').
import type { Param } from '../../engine/param.ts';
import { withPenalty } from '../../nn/regularization.ts';
import { taggingLoss } from './loss.ts';
import { wordInputSpecs, wordTensors } from './targets.ts';
import type { TaggingTask } from './types.ts';
import { runLoop, type ResumeState, type TrainerHooks, type TrainResult } from '../../train/loop.ts';
import type { TrainOptions } from '../../train/options.ts';
import { ProgramCache } from '../../train/program-cache.ts';
import type { TaggedSplit } from './data.ts';
import { evaluateTagging, inferencePrograms, type TaggingEvaluation } from './evaluate.ts';
import type { TaggingPipeline } from './pipeline.ts';

export type TaggerHooks = TrainerHooks<TaggingEvaluation>;

/** Indices of the sentences that have at least one labelled word. */
export function trainableSentences(pipeline: TaggingPipeline, split: TaggedSplit): number[] {
  return split.words.flatMap((w, i) => (pipeline.alignment(w).labelled.length > 0 ? [i] : []));
}

export async function trainTagger(
  pipeline: TaggingPipeline,
  task: TaggingTask,
  data: { train: TaggedSplit; dev?: TaggedSplit },
  o: TrainOptions,
  hooks: TaggerHooks = {},
  opts: { encoderParams?: Set<Param>; resume?: ResumeState } = {},
): Promise<TrainResult> {
  const head = pipeline.head;
  const tagIndex = new Map(task.labels.map((l, i) => [l, i]));
  const programs = new ProgramCache(
    head.staticLength || head.crf !== null,
    (T) => ({
      label: `${pipeline.mode} tagging step [T=${T}]`,
      training: true,
      seed: o.seed,
      inputs: [...pipeline.inputSpecs(T), ...wordInputSpecs(T, true)],
      build(ctx, x) {
        const emissions = pipeline.build(ctx, x); // [B, T, L]
        const loss = taggingLoss(emissions, x.word_index!, x.word_mask!, x.targets!, head.crf?.params(ctx) ?? null);
        return { loss: withPenalty(loss, head.regularization(ctx)) }; // + the head's L2 term, if any
      },
    }),
    opts.resume?.programRuns,
  );
  const keep = trainableSentences(pipeline, data.train);
  const words = keep.map((i) => data.train.words[i]!);
  const aligns = words.map((w) => pipeline.alignment(w));
  const tags = keep.map((i) => data.train.tags[i]!.map((t) => tagIndex.get(t)!));
  const dev = data.dev;
  const inference = inferencePrograms(pipeline);
  try {
    return await runLoop(
      {
        params: pipeline.parameters(),
        encoderParams: opts.encoderParams ?? new Set(),
        lengths: aligns.map((a) => a.tokens),
        async batch(idx) {
          const T = programs.padded(Math.max(...idx.map((k) => aligns[k]!.tokens)));
          const feeds = await pipeline.feeds(
            idx.map((k) => words[k]!),
            T,
          );
          const targets = wordTensors(
            idx.map((k) => aligns[k]!),
            T,
            idx.map((k) => tags[k]!),
          );
          return { program: await programs.get(T), feeds: { ...feeds, ...targets } };
        },
        evaluateDev: dev
          ? async () => {
              const ev = await evaluateTagging(pipeline, task, dev, o.evalBatchSize, inference);
              return { summary: ev.scores.summary, detail: ev };
            }
          : null,
        metric: o.metric ?? 'f1',
        programRuns: () => programs.runs(),
      },
      o,
      hooks,
      opts.resume,
    );
  } finally {
    await programs.release();
    await inference.release();
  }
}
