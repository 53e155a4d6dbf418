// SGD with momentum, exactly torch.optim.SGD (maximize=false):
//   g ← g + wd·p                                L2 weight decay on the gradient (0 for noDecay params)
//   b ← g                   on the first step   momentum_buffer (torch clones the gradient)
//   b ← μ·b + (1 − τ)·g     afterwards          τ = dampening (default 0)
//   d ← g + μ·b if nesterov, else b
//   p ← p − lr·d
// With momentum 0 there is no buffer and d = g.

import { Optimizer, checkNumber, type UpdateSettings, type BaseOptions, type ParamGroup } from './optimizer.ts';
import { UsageError } from '../../errors.ts';
import type { Param } from '../param.ts';

export interface SGDOptions extends BaseOptions {
  /** Default 1e-3 (torch ≥ 2.3's default). */
  lr?: number;
  /** Default 0. */
  momentum?: number;
  /** Default 0. */
  dampening?: number;
  /** Default false; needs momentum > 0 and dampening 0. */
  nesterov?: boolean;
  /** L2 on the gradient; default 0. */
  weightDecay?: number;
}

export class SGD extends Optimizer {
  protected readonly bufferNames: readonly string[];
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;

  constructor(groups: ParamGroup[] | Param[], options: SGDOptions = {}) {
    super('SGD', groups, { lr: options.lr ?? 1e-3, weightDecay: options.weightDecay ?? 0 });
    this.momentum = checkNumber('momentum', options.momentum ?? 0, 0);
    this.dampening = checkNumber('dampening', options.dampening ?? 0, 0, 1);
    this.nesterov = options.nesterov ?? false;
    if (this.nesterov && (this.momentum <= 0 || this.dampening !== 0)) {
      throw new UsageError('SGD: nesterov momentum requires momentum > 0 and dampening 0');
    }
    this.bufferNames = this.momentum > 0 ? ['momentum_buffer'] : [];
    this.allocate();
  }

  protected update(p: Float32Array, g: Float32Array, bufs: Float32Array[], u: UpdateSettings): void {
    const { lr, wd, step, gradScale: gs } = u;
    const n = p.length;
    const mu = this.momentum;
    if (mu === 0) {
      for (let i = 0; i < n; i++) p[i] = p[i]! - lr * (Math.fround(g[i]! * gs) + wd * p[i]!); // clipped g (optimizer.ts step)
      return;
    }
    const b = bufs[0]!;
    // torch: the buffer is created from the first gradient; after loadStateDict, `step` carries on.
    const first = step === 1;
    const c = first ? 1 : 1 - this.dampening;
    const keep = first ? 0 : mu;
    if (this.nesterov) {
      for (let i = 0; i < n; i++) {
        const gi = Math.fround(g[i]! * gs) + wd * p[i]!;
        const bi = keep * b[i]! + c * gi;
        b[i] = bi;
        p[i] = p[i]! - lr * (gi + mu * bi);
      }
    } else {
      for (let i = 0; i < n; i++) {
        const gi = Math.fround(g[i]! * gs) + wd * p[i]!;
        const bi = keep * b[i]! + c * gi;
        b[i] = bi;
        p[i] = p[i]! - lr * bi;
      }
    }
  }
}
