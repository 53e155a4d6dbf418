// Base class for host-side optimizers: parameter groups (own lr / weight decay), the per-step driver, and the
// optimizer state (step count + per-parameter moment buffers) as a plain dict a checkpoint can store.
//
// Gradients come from the graph engine as Float32Array, one per parameter, aligned with `optimizer.params`
// (the groups' params flattened in order, frozen ones included; a frozen param's entry is ignored and may be
// null or empty). Subclasses implement `update()`: one tight loop over one parameter, no allocation.

import { UsageError, DataError } from '../../errors.ts';
import { numel, type Param } from '../param.ts';

export interface ParamGroup {
  params: Param[];
  /** Overrides the optimizer's lr for this group (e.g. a smaller lr for lower encoder layers). */
  lr?: number;
  /** Overrides the optimizer's weight decay for this group. */
  weightDecay?: number;
  name?: string;
}

/** A group after defaults are applied. `lr` and `weightDecay` may be changed between steps. */
export interface ResolvedGroup {
  name: string;
  params: Param[];
  lr: number;
  weightDecay: number;
}

export interface OptimizerState {
  /** Number of steps taken (torch's per-param `step`; the same for every param here). */
  step: number;
  /** `<param name>.<buffer>` → values, e.g. `head.fc.weight.exp_avg`. */
  buffers: Record<string, Float32Array>;
}

export interface BaseOptions {
  lr?: number;
  weightDecay?: number;
}

/** What one `update` call of a subclass uses besides the param, its gradient and its buffers. */
export interface UpdateSettings {
  /** This group's lr times the schedule's multiplier. */
  lr: number;
  /** Weight decay (0 for noDecay params). */
  wd: number;
  /** 1 on the first step (after increment), as in torch. */
  step: number;
  /** The gradient to use is `Math.fround(g[i] * gradScale)`: clipping, applied as the gradient is read (`step`). */
  gradScale: number;
}

/** A gradient list as the engine returns it; frozen params may have null/empty entries. */
export type Grads = ReadonlyArray<Float32Array | null | undefined>;

export function checkNumber(name: string, value: number, min: number, max = Infinity, maxOpen = false): number {
  const bad = !Number.isFinite(value) || value < min || value > max || (maxOpen && value === max);
  if (bad) {
    const range = `[${min}, ${max}${maxOpen ? ')' : ']'}`;
    throw new UsageError(`optimizer option ${name} must be a number in ${range}, got ${String(value)}`);
  }
  return value;
}

export abstract class Optimizer {
  readonly groups: ResolvedGroup[];
  /** All params of all groups, in order; `step()`'s grads are aligned with this list. */
  readonly params: Param[];
  protected stepCount = 0;
  /** buffers[i][k]: buffer `bufferNames[k]` of params[i]; empty for frozen params. */
  protected readonly buffers: Float32Array[][];
  private readonly groupOf: number[];

  /** Names of the per-parameter state buffers, e.g. ['exp_avg', 'exp_avg_sq'] (torch's names). */
  protected abstract readonly bufferNames: readonly string[];

  constructor(
    readonly kind: string,
    groups: ParamGroup[] | Param[],
    defaults: { lr: number; weightDecay: number },
  ) {
    checkNumber('lr', defaults.lr, 0);
    checkNumber('weightDecay', defaults.weightDecay, 0);
    const list: ParamGroup[] =
      groups.length > 0 && !('params' in groups[0]!) ? [{ params: groups as Param[] }] : (groups as ParamGroup[]);
    const seen = new Set<string>();
    this.groups = list.map((g, gi) => {
      const name = g.name ?? `group${gi}`;
      if (!Array.isArray(g.params)) throw new UsageError(`${kind}: parameter group ${name} has no params array`);
      for (const p of g.params) {
        if (seen.has(p.name))
          throw new UsageError(`${kind}: parameter ${p.name} appears twice (names must be unique across groups)`);
        seen.add(p.name);
        if (p.data.length !== numel(p.shape)) {
          throw new UsageError(
            `${kind}: parameter ${p.name} has ${p.data.length} values but shape [${p.shape.join(', ')}]`,
          );
        }
      }
      return {
        name,
        params: g.params,
        lr: checkNumber(`${name}.lr`, g.lr ?? defaults.lr, 0),
        weightDecay: checkNumber(`${name}.weightDecay`, g.weightDecay ?? defaults.weightDecay, 0),
      };
    });
    this.params = this.groups.flatMap((g) => g.params);
    this.groupOf = this.groups.flatMap((g, gi) => g.params.map(() => gi));
    this.buffers = this.params.map(() => []);
  }

  /** Allocates zeroed buffers (called by subclasses once `bufferNames` is set). Zero pages cost no RSS until written. */
  protected allocate(): void {
    this.params.forEach((p, i) => {
      this.buffers[i] = p.trainable ? this.bufferNames.map(() => new Float32Array(p.data.length)) : [];
    });
  }

  get steps(): number {
    return this.stepCount;
  }

  /**
   * One update of every trainable param. `lrScale` multiplies every group's lr (the schedule's multiplier for
   * this step, as torch's LambdaLR does); decoupled weight decay scales with it too, as in torch.
   * `gradScale` multiplies every gradient as it is read (each product rounded to float32), which is exactly what
   * clipping them in place first would do (clip.ts `clipScale`) without a separate pass over all of them; the
   * gradients themselves are not modified.
   */
  step(grads: Grads, lrScale = 1, gradScale = 1): void {
    checkNumber('lrScale', lrScale, 0);
    checkNumber('gradScale', gradScale, 0);
    const params = this.params;
    if (grads.length !== params.length) {
      throw new UsageError(
        `${this.kind}.step: got ${grads.length} gradients for ${params.length} params (order: optimizer.params)`,
      );
    }
    for (let i = 0; i < params.length; i++) {
      const p = params[i]!;
      const g = grads[i];
      if (!p.trainable) continue;
      if (!g) throw new UsageError(`${this.kind}.step: no gradient for trainable param ${p.name}`);
      if (g.length !== p.data.length) {
        throw new UsageError(
          `${this.kind}.step: gradient for ${p.name} has ${g.length} values, param has ${p.data.length}`,
        );
      }
      const state = this.buffers[i]!;
      if (state.length !== this.bufferNames.length || (state[0] !== undefined && state[0].length !== p.data.length)) {
        throw new UsageError(
          `${this.kind}.step: ${p.name} was frozen or had another size when the optimizer was built; ` +
            'build a new optimizer after unfreezing or resizing params',
        );
      }
    }
    this.stepCount++;
    for (let i = 0; i < params.length; i++) {
      const p = params[i]!;
      if (!p.trainable) continue;
      const group = this.groups[this.groupOf[i]!]!;
      const wd = p.noDecay ? 0 : group.weightDecay;
      this.update(p.data, grads[i]!, this.buffers[i]!, { lr: group.lr * lrScale, wd, step: this.stepCount, gradScale });
    }
  }

  /** Updates one param in place (see UpdateSettings); `g` is left as it is. */
  protected abstract update(p: Float32Array, g: Float32Array, bufs: Float32Array[], u: UpdateSettings): void;

  /**
   * The state as plain data. The buffers are live views (no copy of up to ~1 GB of moments): serialise them
   * before the next `step()`.
   */
  stateDict(): OptimizerState {
    const buffers: Record<string, Float32Array> = {};
    this.params.forEach((p, i) => {
      this.bufferNames.forEach((b, k) => {
        const buf = this.buffers[i]![k];
        if (buf) buffers[`${p.name}.${b}`] = buf;
      });
    });
    return { step: this.stepCount, buffers };
  }

  /** Restores a `stateDict()` (values are copied). Missing, unexpected or mis-sized buffers are errors. */
  loadStateDict(state: OptimizerState, where = 'optimizer state'): void {
    if (!Number.isInteger(state.step) || state.step < 0)
      throw new DataError(where, `step must be a non-negative integer, got ${String(state.step)}`);
    const expected = this.stateDict().buffers;
    const missing = Object.keys(expected).filter((k) => !(k in state.buffers));
    const unexpected = Object.keys(state.buffers).filter((k) => !(k in expected));
    const problems: string[] = [];
    if (missing.length)
      problems.push(
        `missing keys: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` (+${missing.length - 5} more)` : ''}`,
      );
    if (unexpected.length)
      problems.push(
        `unexpected keys: ${unexpected.slice(0, 5).join(', ')}${unexpected.length > 5 ? ` (+${unexpected.length - 5} more)` : ''}`,
      );
    for (const [k, buf] of Object.entries(expected)) {
      const got = state.buffers[k];
      if (got && got.length !== buf.length) problems.push(`${k} has ${got.length} values, expected ${buf.length}`);
    }
    if (problems.length)
      throw new DataError(where, `${this.kind} state does not match the params: ${problems.join('; ')}`);
    for (const [k, buf] of Object.entries(expected)) buf.set(state.buffers[k]!);
    this.stepCount = state.step;
  }
}
