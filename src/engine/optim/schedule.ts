// Learning-rate schedules as multipliers of the base lr, functions of the 0-based step index, matching
// Hugging Face transformers' schedulers (torch LambdaLR): call `optimizer.step(grads, schedule(k))` for the k-th
// update, k = 0, 1, 2, … — so with warmup the very first update uses multiplier 0, exactly as in transformers.
//   constant               1
//   constant_with_warmup   k/W for k < W, then 1                       get_constant_schedule_with_warmup
//   linear                 k/W for k < W, then max(0, (T−k)/(T−W))     get_linear_schedule_with_warmup
//   cosine                 k/W for k < W, then                         get_cosine_schedule_with_warmup
//                          max(0, ½(1 + cos(π·2c·(k−W)/(T−W)))), c = numCycles (0.5: one half-cosine to 0)
// (denominators are max(1, ·), as in transformers).

import { UsageError } from '../../errors.ts';

export type ScheduleKind = 'constant' | 'constant_with_warmup' | 'linear' | 'cosine';
export const SCHEDULE_KINDS: readonly ScheduleKind[] = ['constant', 'constant_with_warmup', 'linear', 'cosine'];

export interface ScheduleOptions {
  kind: ScheduleKind;
  /** W; default 0. */
  warmupSteps?: number;
  /** T, the number of optimizer updates in the whole run; required for linear and cosine. */
  totalSteps?: number;
  /** Cosine only; default 0.5. */
  numCycles?: number;
}

/** Multiplier for the 0-based step index. */
export type Schedule = (step: number) => number;

function count(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 0)
    throw new UsageError(`schedule: ${name} must be a non-negative integer, got ${String(v)}`);
  return v;
}

export function makeSchedule(options: ScheduleOptions): Schedule {
  const { kind } = options;
  if (!SCHEDULE_KINDS.includes(kind)) {
    throw new UsageError(
      `schedule: unknown kind ${JSON.stringify(kind)} (expected one of ${SCHEDULE_KINDS.join(', ')})`,
    );
  }
  const warmup = count('warmupSteps', options.warmupSteps ?? 0);
  if (kind === 'constant') {
    if (warmup > 0) throw new UsageError('schedule: kind "constant" has no warmup; use "constant_with_warmup"');
    return () => 1;
  }
  const warm = (k: number): number => k / Math.max(1, warmup);
  if (kind === 'constant_with_warmup') return (k) => (k < warmup ? warm(k) : 1);
  if (options.totalSteps === undefined) throw new UsageError(`schedule: kind "${kind}" needs totalSteps`);
  const total = count('totalSteps', options.totalSteps);
  if (warmup > total) throw new UsageError(`schedule: warmupSteps (${warmup}) exceeds totalSteps (${total})`);
  const span = Math.max(1, total - warmup);
  if (kind === 'linear') return (k) => (k < warmup ? warm(k) : Math.max(0, (total - k) / span));
  const cycles = options.numCycles ?? 0.5;
  if (!(cycles > 0) || !Number.isFinite(cycles))
    throw new UsageError(`schedule: numCycles must be > 0, got ${String(cycles)}`);
  return (k) => {
    if (k < warmup) return warm(k);
    const progress = (k - warmup) / span;
    return Math.max(0, 0.5 * (1 + Math.cos(Math.PI * cycles * 2 * progress)));
  };
}
