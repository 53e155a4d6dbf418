// Host-side optimizers, gradient clipping, max-norm constraints and lr schedules for the training engine.
// `makeOptimizer('adamw', groups, { lr: 2e-5 })` — names as in configs and the CLI.

import { UsageError } from '../../errors.ts';
import type { Param } from '../param.ts';
import { Adadelta, type AdadeltaOptions } from './adadelta.ts';
import { Adam, type AdamOptions } from './adam.ts';
import { AdamW, type AdamWOptions } from './adamw.ts';
import type { Optimizer, ParamGroup } from './optimizer.ts';
import { SGD, type SGDOptions } from './sgd.ts';

export {
  Optimizer,
  type ParamGroup,
  type ResolvedGroup,
  type OptimizerState,
  type Grads,
  type UpdateSettings,
} from './optimizer.ts';
export { AdamW, type AdamWOptions } from './adamw.ts';
export { Adam, type AdamOptions } from './adam.ts';
export { SGD, type SGDOptions } from './sgd.ts';
export { Adadelta, type AdadeltaOptions } from './adadelta.ts';
export { clipGradNorm, clipScale, globalGradNorm, maxNormRows } from './clip.ts';
export { makeSchedule, SCHEDULE_KINDS, type Schedule, type ScheduleKind, type ScheduleOptions } from './schedule.ts';
export { paramGroups, type GroupSettings } from './groups.ts';

export type OptimizerName = 'adamw' | 'adam' | 'sgd' | 'adadelta';
export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['adamw', 'adam', 'sgd', 'adadelta'];

export interface OptimizerOptionsByName {
  adamw: AdamWOptions;
  adam: AdamOptions;
  sgd: SGDOptions;
  adadelta: AdadeltaOptions;
}

/** Options a given optimizer does not know are rejected, so a typo in a config does not pass silently. */
const KNOWN: Record<OptimizerName, readonly string[]> = {
  adamw: ['lr', 'weightDecay', 'betas', 'eps'],
  adam: ['lr', 'weightDecay', 'betas', 'eps'],
  sgd: ['lr', 'weightDecay', 'momentum', 'dampening', 'nesterov'],
  adadelta: ['lr', 'weightDecay', 'rho', 'eps'],
};

export function makeOptimizer<N extends OptimizerName>(
  name: N,
  groups: ParamGroup[] | Param[],
  options: OptimizerOptionsByName[N] = {},
): Optimizer {
  if (!OPTIMIZER_NAMES.includes(name)) {
    throw new UsageError(`unknown optimizer ${JSON.stringify(name)} (expected one of ${OPTIMIZER_NAMES.join(', ')})`);
  }
  const unknown = Object.keys(options).filter((k) => !KNOWN[name].includes(k));
  if (unknown.length) {
    throw new UsageError(`optimizer ${name}: unknown option ${unknown.join(', ')} (known: ${KNOWN[name].join(', ')})`);
  }
  switch (name) {
    case 'adamw':
      return new AdamW(groups, options as AdamWOptions);
    case 'adam':
      return new Adam(groups, options as AdamOptions);
    case 'sgd':
      return new SGD(groups, options as SGDOptions);
    default:
      return new Adadelta(groups, options as AdadeltaOptions);
  }
}
