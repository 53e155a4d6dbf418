// Training a tagger: the task-independent loop (loop.ts) over a tagging pipeline. Each batch gets token inputs
// from the pipeline and word-level targets from the alignments (src/tasks/ner/targets.ts); the loss gathers the
// emissions at labelled words' first sub-tokens (cross-entropy, or CRF NLL). Taggers whose graph needs a static
// length (BiLSTM, and any CRF: its forward algorithm is unrolled) get one training Program per length bucket.
// Sentences without any labelled word (every word cut by truncation) carry no training signal and are left out
// (the CRF could not even score them). Dev is scored with entity-level F1 (default metric 'f1').
// The loss and its word-level inputs are a TaggingObjective: the gold tags by default, a teacher's scores for a
// distilled student (src/tasks/distill/ner-objective.ts).
import type { Value } from '../../engine/graph.ts';
import type { CrfParams } from '../../engine/losses/index.ts';
import type { Param } from '../../engine/param.ts';
import type { InputSpec } from '../../engine/session.ts';
import type { HostTensor } from '../../engine/tensor.ts';
import { withPenalty } from '../../nn/regularization.ts';
import { taggingLoss } from './loss.ts';
import { wordInputSpecs, wordTensors } from './targets.ts';
import type { TaggingTask, WordAlignment } from './types.ts';
import { runLoop, type ResumeState, type TrainerHooks, type TrainResult } from '../../train/loop.ts';
import type { TrainOptions } from '../../train/options.ts';
import { ProgramCache } from '../../train/program-cache.ts';
import type { TaggedSplit } from './data.ts';
import { evaluateTagging, inferencePrograms, type TaggingEvaluation } from './evaluate.ts';
import type { TaggingPipeline } from './pipeline.ts';

export type TaggerHooks = TrainerHooks<TaggingEvaluation>;

/** What a tagging step learns from: Program inputs besides the pipeline's, the loss of the emissions, and the feeds
 *  of those inputs. The default is the gold tags (goldObjective); distillation plugs in the teacher's scores. */
export interface TaggingObjective {
  inputSpecs(T: number | 'T'): InputSpec[];
  /** Scalar loss of emissions [B, T, L]; `x` holds every Program input by name. */
  loss(emissions: Value, x: Record<string, Value>, crf: CrfParams | null): Value;
  /** Feeds for training sentences `rows` (indices into the training split), aligned as `aligns`, padded to T. */
  feeds(rows: readonly number[], aligns: readonly WordAlignment[], T: number): Record<string, HostTensor>;
}

/** Cross-entropy (or CRF NLL) on the gold tags of every training sentence. */
export function goldObjective(task: TaggingTask, train: TaggedSplit): TaggingObjective {
  const tagIndex = new Map(task.labels.map((l, i) => [l, i]));
  return {
    inputSpecs: (T) => wordInputSpecs(T, true),
    loss: (emissions, x, crf) => taggingLoss(emissions, x.word_index!, x.word_mask!, x.targets!, crf),
    feeds: (rows, aligns, T) =>
      wordTensors(
        aligns,
        T,
        rows.map((i) => train.tags[i]!.map((t) => tagIndex.get(t)!)),
      ),
  };
}

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
  opts: { encoderParams?: Set<Param>; resume?: ResumeState; objective?: TaggingObjective } = {},
): Promise<TrainResult> {
  const head = pipeline.head;
  const objective = opts.objective ?? goldObjective(task, data.train);
  const programs = new ProgramCache(
    head.staticLength || head.crf !== null,
    (T) => ({
      label: `${pipeline.mode} tagging step [T=${T}]`,
      training: true,
      seed: o.seed,
      inputs: [...pipeline.inputSpecs(T), ...objective.inputSpecs(T)],
      build(ctx, x) {
        const emissions = pipeline.build(ctx, x); // [B, T, L]
        const loss = objective.loss(emissions, x, head.crf?.params(ctx) ?? null);
        return { loss: withPenalty(loss, head.regularization(ctx)) }; // + the head's L2 term, if any
      },
    }),
    opts.resume?.programRuns,
  );
  const keep = trainableSentences(pipeline, data.train);
  const words = keep.map((i) => data.train.words[i]!);
  const aligns = words.map((w) => pipeline.alignment(w));
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
          const targets = objective.feeds(
            idx.map((k) => keep[k]!),
            idx.map((k) => aligns[k]!),
            T,
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
