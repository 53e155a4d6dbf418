// Evaluation for the Kim trainer: ONE inference Program compiled per run and reused for every dev evaluation
// (each epoch) and every test evaluation (each new best dev epoch), instead of a compile per call as
// train/evaluate.ts does. Same batching (evalBatches: longest first, original order restored), probabilities,
// decisions and scores as train/evaluate.ts, so the numbers are identical.
//   texts → pipeline feeds → logits [B, C] → probabilities [N, C], decisions, scores
import { Program } from '../../engine/program.ts';
import { batchedProbabilities, type Evaluation, type LabelledSplit } from '../../train/evaluate.ts';
import type { Pipeline } from '../../train/pipeline.ts';
import { type ClassificationTask, decide } from '../classification.ts';
import { scoreClassification } from '../classification-scores.ts';

export class KimEvaluator {
  private constructor(
    private readonly program: Program,
    private readonly pipeline: Pipeline,
    private readonly task: ClassificationTask,
    readonly batchSize: number,
  ) {}

  static async create(pipeline: Pipeline, task: ClassificationTask, batchSize: number, threads?: number): Promise<KimEvaluator> {
    const program = await Program.compile({
      label: 'kim inference',
      training: false,
      threads,
      inputs: pipeline.inputSpecs,
      build: (ctx, x) => ({ outputs: { logits: pipeline.build(ctx, x) } }),
    });
    return new KimEvaluator(program, pipeline, task, batchSize);
  }

  async evaluate(split: LabelledSplit): Promise<Evaluation> {
    const all = await batchedProbabilities(this.program, this.pipeline, this.task, split.texts, this.batchSize);
    const decisions = decide(this.task, all, split.texts.length);
    return { probabilities: all, decisions, scores: scoreClassification(this.task, split.y, decisions) };
  }

  release(): Promise<void> {
    return this.program.release();
  }
}
