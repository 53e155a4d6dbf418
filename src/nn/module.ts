// Module: a named bundle of parameters and child modules, like torch.nn.Module. Parameter names are dotted
// paths built from module names (`encoder.layer.0.attention.self.query.weight`), mirroring Hugging Face so a
// checkpoint's state dict maps onto `namedParameters()` with no table.
import { numel, type Param } from '../engine/param.ts';

export function joinPath(...parts: (string | number)[]): string {
  return parts.filter((p) => p !== '').join('.');
}

export interface ParamOptions {
  trainable?: boolean;
  noDecay?: boolean;
  group?: string;
}

export abstract class Module {
  private readonly own: Param[] = [];
  private readonly children: Module[] = [];

  /** `name` is the full dotted path of this module ('' for a root). */
  constructor(readonly name: string) {}

  /** Path of a child or parameter under this module. */
  protected path(local: string | number): string {
    return joinPath(this.name, local);
  }

  protected addParam(local: string, shape: number[], init: Float32Array, opts: ParamOptions = {}): Param {
    if (init.length !== numel(shape)) {
      throw new Error(`${this.path(local)}: initial values (${init.length}) do not fill shape [${shape}]`);
    }
    const p: Param = {
      name: this.path(local),
      shape,
      data: init,
      trainable: opts.trainable ?? true,
      noDecay: opts.noDecay,
      group: opts.group,
    };
    this.own.push(p);
    return p;
  }

  protected addChild<M extends Module>(m: M): M {
    this.children.push(m);
    return m;
  }

  /** Direct child modules in definition order (for model summaries and walkers). */
  childModules(): readonly Module[] {
    return this.children;
  }

  /** Parameters owned by this module itself, not by its children. */
  ownParameters(): readonly Param[] {
    return this.own;
  }

  /** All parameters, depth-first in definition order. */
  parameters(): Param[] {
    return [...this.own, ...this.children.flatMap((c) => c.parameters())];
  }

  namedParameters(): Map<string, Param> {
    return new Map(this.parameters().map((p) => [p.name, p]));
  }

  /** Freezes (or unfreezes) every parameter under this module. */
  setTrainable(trainable: boolean): void {
    for (const p of this.parameters()) p.trainable = trainable;
  }

  /** Number of scalar parameters (optionally only trainable ones). */
  countParameters(trainableOnly = false): number {
    return this.parameters()
      .filter((p) => !trainableOnly || p.trainable)
      .reduce((n, p) => n + p.data.length, 0);
  }
}
