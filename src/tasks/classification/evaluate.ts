// Evaluation and prediction: run the pipeline's inference Program over a split in deterministic length-sorted
// batches, restore the original order, turn logits into probabilities and decisions, and score them.
// An Evaluator compiles that Program once and keeps it (the trainer scores dev every epoch with one, Kim's recipe
// also test at every new best epoch); predict() / evaluate() are one-shot Evaluators.
import { Program } from '../../engine/program.ts';
import { evalBatches } from '../../data/batching.ts';
import { type ClassificationTask, decide, probabilities } from './task.ts';
import { scoreClassification, type SplitScores } from './scores.ts';
import type { Pipeline } from '../../train/pipeline.ts';

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

/** One compiled inference Program for a pipeline, reused by every call until release(). */
export class Evaluator {
  private constructor(
    private readonly program: Program,
    private readonly pipeline: Pipeline,
    private readonly task: ClassificationTask,
    readonly batchSize: number,
  ) {}

  static async create(
    pipeline: Pipeline,
    task: ClassificationTask,
    batchSize: number,
    threads?: number,
  ): Promise<Evaluator> {
    const program = await Program.compile({
      label: `${pipeline.mode} inference`,
      training: false,
      threads,
      inputs: pipeline.inputSpecs,
      build: (ctx, x) => ({ outputs: { logits: pipeline.build(ctx, x) } }),
    });
    return new Evaluator(program, pipeline, task, batchSize);
  }

  /** Probabilities and decisions with the parameters as they are now. */
  async predict(texts: readonly string[]): Promise<Predictions> {
    const all = await batchedProbabilities(this.program, this.pipeline, this.task, texts, this.batchSize);
    return { probabilities: all, decisions: decide(this.task, all, texts.length) };
  }

  async evaluate(split: LabelledSplit): Promise<Evaluation> {
    const p = await this.predict(split.texts);
    return { ...p, scores: scoreClassification(this.task, split.y, p.decisions) };
  }

  release(): Promise<void> {
    return this.program.release();
  }
}

async function once<T>(
  pipeline: Pipeline,
  task: ClassificationTask,
  batchSize: number,
  f: (e: Evaluator) => Promise<T>,
): Promise<T> {
  const e = await Evaluator.create(pipeline, task, batchSize);
  try {
    return await f(e);
  } finally {
    await e.release();
  }
}

export function predict(
  pipeline: Pipeline,
  task: ClassificationTask,
  texts: readonly string[],
  batchSize: number,
): Promise<Predictions> {
  return once(pipeline, task, batchSize, (e) => e.predict(texts));
}

/** Probabilities [N, C] of `texts` from a compiled inference Program (logits output), in length-sorted batches
 *  of `batchSize`, rows back in input order. */
export async function batchedProbabilities(
  program: Program,
  pipeline: Pipeline,
  task: ClassificationTask,
  texts: readonly string[],
  batchSize: number,
): Promise<Float32Array> {
  const C = task.labels.length;
  const plan = evalBatches(
    texts.map((t) => pipeline.length(t)),
    batchSize,
  );
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

export function evaluate(
  pipeline: Pipeline,
  task: ClassificationTask,
  split: LabelledSplit,
  batchSize: number,
): Promise<Evaluation> {
  return once(pipeline, task, batchSize, (e) => e.evaluate(split));
}
