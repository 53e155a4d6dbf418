// Runs a serialised graph with ONNX Runtime. Sessions are expensive to create (graph optimisation, weight
// pre-packing), so callers build one per model/mode/shape class and keep it; `SessionCache` does that by key.
// Feeds are checked against the graph's declared inputs first, so a wrong shape is reported with the input's
// name and both shapes instead of a bare ONNX Runtime message.
import os from 'node:os';
import ort from 'onnxruntime-node';
import { GraphError } from '../errors.ts';
import { formatShape, type Shape } from './shape.ts';
import { fromOrt, type HostTensor, toOrt } from './tensor.ts';
import type { DType } from './dtype.ts';

export interface SessionOptions {
  /** Intra-op threads; default = all cores. */
  threads?: number;
  /** Label used in error messages, e.g. `textcnn train step`. */
  label?: string;
  /** ONNX Runtime's CPU memory arena (default on): keeps the largest activations' memory between runs, which
   *  saves allocations for one long-lived session but adds up over many (see ProgramCache). Results are the same
   *  either way. */
  memoryArena?: boolean;
}

export interface InputSpec {
  name: string;
  dtype: DType;
  shape: Shape;
}

export function defaultThreads(): number {
  const env = Number(process.env.BERTCNN_THREADS);
  return Number.isInteger(env) && env > 0 ? env : os.availableParallelism();
}

export class Session {
  private constructor(
    private readonly ortSession: ort.InferenceSession,
    readonly inputs: InputSpec[],
    readonly outputNames: string[],
    readonly label: string,
  ) {}

  static async create(model: Uint8Array, inputs: InputSpec[], opts: SessionOptions = {}): Promise<Session> {
    const label = opts.label ?? 'graph';
    const threads = opts.threads ?? defaultThreads();
    let s: ort.InferenceSession;
    try {
      s = await ort.InferenceSession.create(model, {
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
        enableCpuMemArena: opts.memoryArena ?? true,
        // EliminateDropout deletes a Dropout whose mask output is unused — which is every Dropout no gradient
        // flows through (e.g. after a frozen encoder in a training graph), silently turning dropout off.
        extra: { optimization: { disable_specified_optimizers: 'EliminateDropout' } },
        // BERTCNN_PROFILE=prefix writes ONNX Runtime's per-op profile (chrome trace JSON) for performance work.
        ...(process.env.BERTCNN_PROFILE
          ? { enableProfiling: true, profileFilePrefix: process.env.BERTCNN_PROFILE }
          : {}),
      });
    } catch (e) {
      throw new GraphError(`${label}: ONNX Runtime rejected the graph: ${(e as Error).message}`);
    }
    return new Session(s, inputs, [...s.outputNames], label);
  }

  /** Runs the graph; returns every output by name. */
  async run(feeds: Record<string, HostTensor>, outputs?: string[]): Promise<Record<string, HostTensor>> {
    this.check(feeds);
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const spec of this.inputs) ortFeeds[spec.name] = toOrt(feeds[spec.name]!);
    let result: ort.InferenceSession.ReturnType;
    try {
      result = await this.ortSession.run(ortFeeds, outputs ?? this.outputNames);
    } catch (e) {
      const shapes = this.inputs
        .filter((s) => !s.name.includes('.'))
        .map((s) => `${s.name}${formatShape(feeds[s.name]!.shape)}`)
        .join(', ');
      throw new GraphError(`${this.label}: run failed (${shapes}): ${(e as Error).message}`);
    }
    const out: Record<string, HostTensor> = {};
    for (const [k, v] of Object.entries(result)) out[k] = fromOrt(v);
    return out;
  }

  async release(): Promise<void> {
    if (process.env.BERTCNN_PROFILE) this.ortSession.endProfiling();
    await this.ortSession.release();
  }

  /** Validates dtypes, ranks, static dims and that each symbolic dim has one value across all feeds. */
  private check(feeds: Record<string, HostTensor>): void {
    const bound = new Map<string, [number, string]>();
    for (const spec of this.inputs) {
      const t = feeds[spec.name];
      if (!t)
        throw new GraphError(`${this.label}: missing input '${spec.name}' ${spec.dtype}${formatShape(spec.shape)}`);
      const bad = (why: string) =>
        new GraphError(
          `${this.label}: input '${spec.name}' ${why}: expected ${spec.dtype}${formatShape(spec.shape)}, got ${t.dtype}${formatShape(t.shape)}`,
        );
      if (t.dtype !== spec.dtype) throw bad('has the wrong dtype');
      if (t.shape.length !== spec.shape.length) throw bad('has the wrong rank');
      spec.shape.forEach((d, i) => {
        const got = t.shape[i]!;
        if (typeof d === 'number') {
          if (d !== got) throw bad(`has size ${got} on axis ${i}`);
        } else if (/^[A-Za-z_]\w*$/.test(d)) {
          const prev = bound.get(d);
          if (prev && prev[0] !== got) {
            throw bad(`binds ${d}=${got} on axis ${i}, but '${prev[1]}' bound ${d}=${prev[0]}`);
          }
          bound.set(d, [got, spec.name]);
        }
      });
    }
  }
}

/** Keeps sessions by key (model + mode + shape class) so each graph is compiled once. */
export class SessionCache {
  private readonly sessions = new Map<string, Promise<Session>>();

  get(key: string, make: () => Promise<Session>): Promise<Session> {
    let s = this.sessions.get(key);
    if (!s) {
      s = make();
      this.sessions.set(key, s);
      s.catch(() => this.sessions.delete(key));
    }
    return s;
  }

  get size(): number {
    return this.sessions.size;
  }

  async clear(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const s of all) await (await s).release();
  }
}
