// The loop's optimizer: the trainable parameters in two groups — the head's at o.lr and the encoder's (fine-tune
// mode) at o.encoderLr — with the optimizer the options name (AdamW, Adam, SGD with momentum, or Adadelta with ρ).
import { makeOptimizer, type Optimizer } from '../engine/optim/index.ts';
import type { Param } from '../engine/param.ts';
import type { TrainOptions } from './options.ts';

export function optimizerFor(params: Param[], o: TrainOptions, encoderParams: Set<Param>): Optimizer {
  const trainable = params.filter((p) => p.trainable);
  const head = trainable.filter((p) => !encoderParams.has(p));
  const enc = trainable.filter((p) => encoderParams.has(p));
  const groups = [
    { name: 'head', params: head, lr: o.lr },
    ...(enc.length ? [{ name: 'encoder', params: enc, lr: o.encoderLr }] : []),
  ];
  const extra = o.optimizer === 'sgd' ? { momentum: o.momentum } : o.optimizer === 'adadelta' ? { rho: o.rho } : {};
  return makeOptimizer(o.optimizer, groups, { lr: o.lr, weightDecay: o.weightDecay, ...extra } as never);
}
