// Evaluation and prediction: run the pipeline's inference Program over a split in deterministic length-sorted
// batches, restore the original order, turn logits into probabilities and decisions, and score them.
import { Program } from '../engine/program.ts';
import { evalBatches } from '../data/batching.ts';
import { type ClassificationTask, decide, probabilities } from '../tasks/classification.ts';
import { scoreClassification, type SplitScores } from '../tasks/classification-scores.ts';
import type { Pipeline } from './pipeline.ts';

export interface LabelledSplit {
  texts: string[];
  /** Class index (binary/multiclass) or label index list (multilabel) per text. */
  y: (number | number[])[];
}

export interface Predictions {
  /** [N, C] row-major. */
  probabilities: Float32Array;
  decisions: (number | number[])[];
}

export interface Evaluation extends Predictions {
  scores: SplitScores;
}

export async function predict(pipeline: Pipeline, task: ClassificationTask, texts: readonly string[], batchSize: number): Promise<Predictions> {
  const program = await Program.compile({
    label: `${pipeline.mode} inference`,
    training: false,
    inputs: pipeline.inputSpecs,
    build: (ctx, x) => ({ outputs: { logits: pipeline.build(ctx, x) } }),
  });
  try {
    const all = await batchedProbabilities(program, pipeline, task, texts, batchSize);
    return { probabilities: all, decisions: decide(task, all, texts.length) };
  } finally {
    await program.release();
  }
}

/** Probabilities [N, C] of `texts` from a compiled inference Program (logits output), in length-sorted batches
 *  of `batchSize`, rows back in input order. */
export async function batchedProbabilities(
  program: Program, pipeline: Pipeline, task: ClassificationTask, texts: readonly string[], batchSize: number,
): Promise<Float32Array> {
  const C = task.labels.length;
  const plan = evalBatches(texts.map((t) => pipeline.length(t)), batchSize);
  const perBatch: Float32Array[][] = [];
  for (const idx of plan.batches) {
    const r = await program.run(await pipeline.feeds(idx.map((k) => texts[k]!)));
    const probs = probabilities(task, r.outputs.logits!.data as Float32Array, idx.length);
    perBatch.push(idx.map((_, j) => probs.subarray(j * C, (j + 1) * C)));
  }
  const all = new Float32Array(texts.length * C);
  plan.restore(perBatch).forEach((row, i) => all.set(row, i * C));
  return all;
}

export async function evaluate(pipeline: Pipeline, task: ClassificationTask, split: LabelledSplit, batchSize: number): Promise<Evaluation> {
  const p = await predict(pipeline, task, split.texts, batchSize);
  return { ...p, scores: scoreClassification(task, split.y, p.decisions) };
}
