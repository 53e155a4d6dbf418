// The task-independent training loop: epochs of length-bucketed batches, an optimizer with a schedule, clipping
// and (optionally) Kim's max-norm constraint; evaluation on dev after every epoch; the best epoch (by the dev
// metric; a tie keeps the earlier epoch, or moves to the later one with ties: 'later', Kim's `>=`) reported to
// `onBest` so the caller saves it atomically; early stopping; and a resumable state after
// every epoch or on request (Ctrl-C). Batches depend only on (seed, epoch), so a resumed run sees exactly the
// batches it would have seen; the dropout masks depend on how often each training Program has run, which the
// state records (programRuns) so a resumed task compiles its Programs to continue the same mask sequences. A task plugs in through LoopSpec: how one batch becomes a compiled training
// Program plus its feeds, how dev is scored, and optionally what to do after each update (afterStep: Kim's lazy
// sparse Adadelta on embedding rows) — classification: trainer.ts; tagging: tagging-trainer.ts; the kim2014
// preset: presets/kim2014/train.ts.
import { TrainingError } from '../errors.ts';
import type { Program } from '../engine/program.ts';
import type { HostTensor } from '../engine/tensor.ts';
import { Rng } from '../engine/rng.ts';
import { makeSchedule, maxNormRows, type OptimizerState } from '../engine/optim/index.ts';
import type { Param } from '../engine/param.ts';
import { lengthBucketBatches } from '../data/batching.ts';
import type { TrainOptions } from './options.ts';
import { optimizerFor } from './optimizer.ts';
import { trainStep, type StepReport } from './step.ts';

export interface EpochRecord {
  epoch: number;
  train_loss: number;
  dev?: Record<string, number>;
  seconds: number;
  steps: number;
}

export interface ResumeState {
  /** Epochs fully done. */
  epoch: number;
  /** Batches done inside epoch + 1 (interrupted mid-epoch). */
  stepInEpoch: number;
  globalStep: number;
  bestMetric: number | null;
  bestEpoch: number | null;
  sinceBest: number;
  history: EpochRecord[];
  optimizer: OptimizerState;
  /** Runs of each training Program by the task's key (their random state; see Program.runs). Absent in
   *  checkpoints written before it existed: those resume with fresh dropout masks. */
  programRuns?: Record<string, number>;
}

export interface TrainerHooks<D = unknown> {
  onStep?(s: { epoch: number; step: number; loss: number; lr: number; gradNorm: number }): void;
  onEpoch?(e: EpochRecord): void | Promise<void>;
  /** A new best epoch: save the model now (parameters are the current ones). */
  onBest?(e: EpochRecord, dev: D | null): Promise<void>;
  /** Save a resumable checkpoint (parameters are the current ones). */
  onCheckpoint?(s: ResumeState): Promise<void>;
  /** Polled between steps; true = save a checkpoint and stop (Ctrl-C). */
  shouldStop?(): boolean;
}

export interface TrainResult {
  history: EpochRecord[];
  bestEpoch: number | null;
  bestMetric: number | null;
  stoppedEarly: boolean;
  interrupted: boolean;
}

/** What the loop needs from a task. */
export interface LoopSpec<D> {
  /** Everything the optimizer may update (frozen parameters carry trainable = false). */
  params: Param[];
  /** Encoder parameters (their own learning rate, o.encoderLr). */
  encoderParams: Set<Param>;
  /** Length of each training example, for length bucketing. */
  lengths: number[];
  /** The training Program for a batch of training examples (by index) and its feeds (targets included). */
  batch(indices: number[]): Promise<{ program: Program; feeds: Record<string, HostTensor> }>;
  /** Scores on dev after each epoch (summary: flat metrics; detail: passed to onBest), or null without dev. */
  evaluateDev: (() => Promise<{ summary: Record<string, number>; detail: D }>) | null;
  /** Summary key that selects the best epoch (higher is better). */
  metric: string;
  /** Runs of each training Program so far (saved with the state; the task passes them back as `skipRuns`). */
  programRuns(): Record<string, number>;
  /** A dev tie: 'earlier' keeps the best epoch so far (default), 'later' moves it to the new epoch (Kim's `>=`). */
  ties?: 'earlier' | 'later';
  /** After each optimizer update, before max-norm: updates of parameters outside `params` from the step's
   *  gradients (aligned with program.trainable); `step` counts from 1. */
  afterStep?(r: StepReport, program: Program, step: number): void;
}

export async function runLoop<D>(
  spec: LoopSpec<D>,
  o: TrainOptions,
  hooks: TrainerHooks<D> = {},
  resume?: ResumeState,
): Promise<TrainResult> {
  const params = spec.params;
  const optimizer = optimizerFor(params, o, spec.encoderParams);
  const maxNormTargets = o.maxNorm > 0 ? params.filter((p) => o.maxNormParams.some((s) => p.name.endsWith(s))) : [];
  const stepsPerEpoch = Math.ceil(spec.lengths.length / o.batchSize);
  const totalSteps = stepsPerEpoch * o.epochs;
  const warmupSteps = o.schedule === 'constant' ? 0 : Math.round(o.warmupRatio * totalSteps);
  const schedule = makeSchedule({ kind: o.schedule, warmupSteps, totalSteps });

  const s: ResumeState = resume ?? {
    epoch: 0,
    stepInEpoch: 0,
    globalStep: 0,
    bestMetric: null,
    bestEpoch: null,
    sinceBest: 0,
    history: [],
    optimizer: optimizer.stateDict(),
  };
  if (resume) optimizer.loadStateDict(resume.optimizer, 'checkpoint optimizer state');
  for (let epoch = s.epoch + 1; epoch <= o.epochs; epoch++) {
    const started = performance.now();
    const batches = lengthBucketBatches(spec.lengths, {
      batchSize: o.batchSize,
      shuffle: true,
      rng: new Rng(o.seed * 7919 + epoch),
    });
    let lossSum = 0;
    let seen = 0;
    for (let i = s.stepInEpoch; i < batches.length; i++) {
      if (hooks.shouldStop?.()) {
        s.stepInEpoch = i;
        s.optimizer = optimizer.stateDict();
        s.programRuns = spec.programRuns();
        await hooks.onCheckpoint?.(s);
        return {
          history: s.history,
          bestEpoch: s.bestEpoch,
          bestMetric: s.bestMetric,
          stoppedEarly: false,
          interrupted: true,
        };
      }
      const idx = batches[i]!;
      const { program, feeds } = await spec.batch(idx);
      const lrScale = schedule(s.globalStep);
      const r = await trainStep(program, optimizer, feeds, { clipNorm: o.clipNorm, lrScale, step: s.globalStep + 1 });
      spec.afterStep?.(r, program, s.globalStep + 1);
      for (const p of maxNormTargets) maxNormRows(p, o.maxNorm);
      s.globalStep++;
      lossSum += r.loss * idx.length;
      seen += idx.length;
      hooks.onStep?.({ epoch, step: s.globalStep, loss: r.loss, lr: o.lr * lrScale, gradNorm: r.gradNorm });
    }
    s.stepInEpoch = 0;
    const dev = spec.evaluateDev ? await spec.evaluateDev() : null;
    const record: EpochRecord = {
      epoch,
      train_loss: seen ? lossSum / seen : Number.NaN,
      seconds: (performance.now() - started) / 1000,
      steps: batches.length,
    };
    if (dev) record.dev = dev.summary;
    s.history.push(record);
    s.epoch = epoch;
    await hooks.onEpoch?.(record);
    const value = dev ? dev.summary[spec.metric] : undefined;
    if (dev && value === undefined)
      throw new TrainingError(`unknown dev metric '${spec.metric}' (have: ${Object.keys(dev.summary).join(', ')})`);
    const better =
      value !== undefined &&
      s.bestMetric !== null &&
      (spec.ties === 'later' ? value >= s.bestMetric : value > s.bestMetric);
    if (value === undefined || s.bestMetric === null || better) {
      s.bestMetric = value ?? null;
      s.bestEpoch = epoch;
      s.sinceBest = 0;
      await hooks.onBest?.(record, dev ? dev.detail : null);
    } else {
      s.sinceBest++;
    }
    s.optimizer = optimizer.stateDict();
    s.programRuns = spec.programRuns();
    await hooks.onCheckpoint?.(s);
    if (o.patience > 0 && s.sinceBest >= o.patience) {
      return {
        history: s.history,
        bestEpoch: s.bestEpoch,
        bestMetric: s.bestMetric,
        stoppedEarly: true,
        interrupted: false,
      };
    }
  }
  return {
    history: s.history,
    bestEpoch: s.bestEpoch,
    bestMetric: s.bestMetric,
    stoppedEarly: false,
    interrupted: false,
  };
}
