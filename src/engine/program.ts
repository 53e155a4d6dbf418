// A Program is one compiled graph for one model, mode and shape class: the forward pass, plus (when it has a
// loss and trains) the backward pass producing gradients for every trainable parameter it uses.
// Parameters are graph inputs named by their dotted names and fed from `Param.data` on every run, so the
// optimizer's in-place updates are seen without recompiling. For inference, `bakeParams` stores them as
// initializers instead (ONNX Runtime can then constant-fold and pre-pack weights).
// Random ops (Dropout) take their seed as an attribute and ONNX Runtime draws run n's mask from seed + n, so a
// Program's random state is just its run count: `runs` reports it, and a Program compiled with `skipRuns: n`
// (resume) draws exactly the masks the original would have drawn from its (n+1)-th run on.
import { TrainingError } from '../errors.ts';
import { gradients } from './autodiff.ts';
import { Graph, type Value } from './graph.ts';
import { serialize } from './onnx.ts';
import type { Param } from './param.ts';
import { Rng } from './rng.ts';
import { type InputSpec, Session } from './session.ts';
import type { HostTensor } from './tensor.ts';

export interface BuildContext {
  readonly g: Graph;
  readonly training: boolean;
  /** The graph value of a parameter (declared as an input on first use). */
  param(p: Param): Value;
  /** Records the new value of a state buffer (e.g. BatchNorm running mean) computed by this run. */
  update(p: Param, v: Value): void;
  /** A fresh seed for a random op (dropout). */
  seed(): number;
}

export interface ProgramSpec {
  /** Used in error messages, e.g. `textcnn train step [B, T]`. */
  label: string;
  /** Data inputs with symbolic shapes, e.g. { name: 'features', dtype: 'float32', shape: ['B', 'T', 768] }. */
  inputs: InputSpec[];
  training: boolean;
  build(ctx: BuildContext, inputs: Record<string, Value>): { loss?: Value; outputs?: Record<string, Value> };
  /** Store parameters inside the model (inference only). */
  bakeParams?: boolean;
  seed?: number;
  /** Random ops continue as if the Program had already run this many times (a resumed run's `runs`). */
  skipRuns?: number;
  threads?: number;
  /** ONNX Runtime's CPU memory arena (SessionOptions.memoryArena; default on). */
  memoryArena?: boolean;
}

export interface StepResult {
  loss: number;
  outputs: Record<string, HostTensor>;
  /** Gradients aligned with `Program.trainable`. */
  grads: Float32Array[];
}

export class Program {
  private runCount: number;

  private constructor(
    readonly label: string,
    readonly graph: Graph,
    private readonly session: Session,
    /** Every parameter the graph reads, in first-use order. */
    readonly params: Param[],
    /** Parameters that receive gradients, aligned with StepResult.grads. */
    readonly trainable: Param[],
    private readonly outputNames: Record<string, string>,
    private readonly lossName: string | null,
    private readonly gradNames: string[],
    private readonly updates: [Param, string][],
    private readonly baked: boolean,
    skipRuns: number,
  ) {
    this.runCount = skipRuns;
  }

  /** Runs so far, counting the `skipRuns` it was compiled with: the state of its random ops. */
  get runs(): number {
    return this.runCount;
  }

  static async compile(spec: ProgramSpec): Promise<Program> {
    const g = new Graph(spec.label);
    const inputs: Record<string, Value> = {};
    for (const s of spec.inputs) inputs[s.name] = g.input(s.name, s.dtype, s.shape);
    const paramValues = new Map<Param, Value>();
    const updates: [Param, Value][] = [];
    const rng = new Rng(spec.seed ?? 1234);
    const skipRuns = spec.skipRuns ?? 0;
    if (!(Number.isSafeInteger(skipRuns) && skipRuns >= 0))
      throw new TrainingError(`${spec.label}: skipRuns must be a whole number ≥ 0, got ${skipRuns}`);
    const ctx: BuildContext = {
      g,
      training: spec.training,
      param(p) {
        let v = paramValues.get(p);
        if (!v) {
          v = g.input(p.name, 'float32', p.shape);
          paramValues.set(p, v);
        }
        return v;
      },
      update(p, v) {
        updates.push([p, v]);
      },
      seed: () => rng.seed() + skipRuns, // ORT's run n uses seed + n
    };
    const built = spec.build(ctx, inputs);
    const params = [...paramValues.keys()];
    const outputNames: Record<string, string> = {};
    for (const [k, v] of Object.entries(built.outputs ?? {})) outputNames[k] = g.output(v)[0]!.name;
    let lossName: string | null = null;
    let trainable: Param[] = [];
    let gradNames: string[] = [];
    if (built.loss) {
      lossName = g.output(built.loss)[0]!.name;
      if (spec.training) {
        trainable = params.filter((p) => p.trainable);
        const grads = gradients(
          built.loss,
          trainable.map((p) => paramValues.get(p)!),
        );
        gradNames = g.output(...grads).map((v) => v.name);
      }
    }
    const updateNames = updates.map(([p, v]): [Param, string] => [p, g.output(v)[0]!.name]);
    const bake = new Map<string, HostTensor>();
    if (spec.bakeParams) {
      if (spec.training) throw new TrainingError(`${spec.label}: cannot bake parameters into a training graph`);
      for (const p of params) bake.set(p.name, { dtype: 'float32', shape: [...p.shape], data: p.data });
    }
    const feedSpecs = g.inputs.filter((v) => !bake.has(v.name));
    const session = await Session.create(serialize(g, { bake }), feedSpecs, {
      label: spec.label,
      threads: spec.threads,
      memoryArena: spec.memoryArena,
    });
    return new Program(
      spec.label,
      g,
      session,
      params,
      trainable,
      outputNames,
      lossName,
      gradNames,
      updateNames,
      spec.bakeParams ?? false,
      skipRuns,
    );
  }

  /** Runs one step. State updates (running statistics) are written back into their Param.data. */
  async run(data: Record<string, HostTensor>): Promise<StepResult> {
    const feeds: Record<string, HostTensor> = { ...data };
    if (!this.baked) {
      for (const p of this.params) feeds[p.name] = { dtype: 'float32', shape: [...p.shape], data: p.data };
    }
    const out = await this.session.run(feeds);
    this.runCount++;
    const outputs: Record<string, HostTensor> = {};
    for (const [k, name] of Object.entries(this.outputNames)) outputs[k] = out[name]!;
    for (const [p, name] of this.updates) p.data.set(out[name]!.data as Float32Array);
    return {
      loss: this.lossName ? Number(out[this.lossName]!.data[0]) : Number.NaN,
      outputs,
      grads: this.gradNames.map((n) => out[n]!.data as Float32Array),
    };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
