// One optimisation step: run the compiled training Program, check the loss, clip, update. Clipping is one pass for
// the norm; its factor is applied by the optimizer as it reads each gradient (no second pass over 23 M values).
// A NaN/Inf loss or gradient norm stops training with a TrainingError before any parameter is touched, so a
// checkpoint saved afterwards is never corrupted by the bad step.
import { TrainingError } from '../errors.ts';
import type { Program, StepResult } from '../engine/program.ts';
import type { HostTensor } from '../engine/tensor.ts';
import type { Param } from '../engine/param.ts';
import { clipScale, globalGradNorm, type Optimizer } from '../engine/optim/index.ts';

export interface StepOptions {
  /** Clip the global gradient norm to this value (0/undefined = no clipping). */
  clipNorm?: number;
  /** Learning-rate multiplier from the schedule. */
  lrScale?: number;
  /** Step number, for error messages. */
  step?: number;
}

export interface StepReport extends StepResult {
  /** The global gradient norm before clipping. */
  gradNorm: number;
  /** What clipping multiplied the gradients by (1 = not clipped). `grads` hold the unclipped values: the optimizer
   *  applied this factor as it read them. */
  gradScale: number;
}

/** Aligns a Program's gradients with the optimizer's parameter list (params the graph did not use get null). */
function alignGrads(program: Program, result: StepResult, optimizer: Optimizer): (Float32Array | null)[] {
  const byParam = new Map<Param, Float32Array>();
  program.trainable.forEach((p, i) => byParam.set(p, result.grads[i]!));
  return optimizer.params.map((p) => {
    const g = byParam.get(p);
    if (g) return g;
    if (!p.trainable) return null;
    return new Float32Array(p.data.length); // trainable but unused by this graph: zero gradient
  });
}

export async function trainStep(
  program: Program,
  optimizer: Optimizer,
  feeds: Record<string, HostTensor>,
  opts: StepOptions = {},
): Promise<StepReport> {
  const result = await program.run(feeds);
  const where = opts.step === undefined ? '' : ` at step ${opts.step}`;
  if (!Number.isFinite(result.loss)) {
    throw new TrainingError(
      `loss is ${result.loss}${where}; stopping before the update (last good parameters kept). Lower the learning rate or check the data.`,
    );
  }
  const grads = alignGrads(program, result, optimizer);
  const gradNorm = globalGradNorm(grads);
  if (!Number.isFinite(gradNorm)) {
    throw new TrainingError(
      `gradient norm is ${gradNorm}${where}; stopping before the update (last good parameters kept).`,
    );
  }
  const gradScale = opts.clipNorm && opts.clipNorm > 0 ? clipScale(gradNorm, opts.clipNorm) : 1;
  optimizer.step(grads, opts.lrScale ?? 1, gradScale);
  return { ...result, gradNorm, gradScale };
}
