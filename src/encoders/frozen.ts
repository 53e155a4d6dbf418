// The frozen fast path: inference Programs with the weights baked in as graph constants, compiled once per
// (precision, layer selection, pooling, outputs) with dynamic B and T axes, and reused for every batch.
//   run: input_ids / token_type_ids int64 [B, T], attention_mask float32 [B, T]
//        → tokens [B, T, D] float32 (padding 0), pooled [B, P] float32
// Weights become constants through a BuildContext whose param() returns a constant (ONNX initializer): the same
// effect as Program's bakeParams, and it lets quantize.ts swap fp32 weights for int8 ones before the model is
// serialised (a baked parameter input could not be removed). The weights are copied into ONNX Runtime when a
// program is compiled; change them afterwards (fine-tuning) and call release() so the next run recompiles.
// The context also marks the graph as fused inference (fused.ts): attention and the FFN activation become ONNX
// Runtime's contrib kernels (Attention, Gelu/FastGelu), residual LayerNorms stay plain ops (fused.ts); int8
// turns Attention into QAttention and the other weight MatMuls into DynamicQuantizeMatMul (quantize.ts).
// Lives in src/encoders/ rather than bert/ because DistilBERT (and any Backbone) uses it unchanged.
import type { Value } from '../engine/graph.ts';
import type { Param } from '../engine/param.ts';
import { type BuildContext, Program } from '../engine/program.ts';
import type { HostTensor } from '../engine/tensor.ts';
import {
  ATTENTION_MASK,
  type Backbone,
  backboneInputSpecs,
  encoderGraph,
  INPUT_IDS,
  TOKEN_TYPE_IDS,
} from './backbone.ts';
import type { Pooling, Precision } from './encoder.ts';
import type { FusedContext } from './fused.ts';
import type { ResolvedLayers } from './features.ts';
import { quantizeWeightMatMuls, type QuantizeOptions } from './quantize.ts';

export interface RunSpec {
  precision: Precision;
  layers: ResolvedLayers;
  pooling: Pooling;
  outputs: 'tokens' | 'pooled' | 'both';
}

/** One padded batch, row-major. */
export interface PaddedBatch {
  B: number;
  T: number;
  inputIds: BigInt64Array; // [B·T]
  tokenTypeIds: BigInt64Array; // [B·T] (ignored by models without token types)
  attentionMask: Float32Array; // [B·T]
}

export interface FrozenOptions {
  threads?: number;
  /** Names programs in errors, e.g. the model id. */
  label?: string;
  quantize?: QuantizeOptions;
  /** Emit fused contrib kernels (default true); false builds the plain-op graph (for parity checks). */
  fused?: boolean;
}

/** A BuildContext that turns every parameter into a constant of the graph (inference only). */
function constantContext(ctx: BuildContext, fused: boolean): BuildContext | FusedContext {
  const values = new Map<Param, Value>();
  return {
    g: ctx.g,
    training: false,
    ...(fused ? { fusedInference: true as const } : {}),
    seed: ctx.seed,
    update: ctx.update,
    param(p) {
      let v = values.get(p);
      if (!v) {
        v = ctx.g.constant({ dtype: 'float32', shape: [...p.shape], data: p.data }, p.name);
        values.set(p, v);
      }
      return v;
    },
  };
}

export class FrozenRunner {
  private readonly programs = new Map<string, Promise<Program>>();

  constructor(
    private readonly backbone: Backbone,
    private readonly opts: FrozenOptions = {},
  ) {}

  /** The compiled program for a spec (compiled on first use). */
  program(spec: RunSpec): Promise<Program> {
    const key = `${spec.precision}|${spec.layers.key}|${spec.pooling}|${spec.outputs}`;
    let p = this.programs.get(key);
    if (!p) {
      p = this.compile(spec, key);
      this.programs.set(key, p);
      p.catch(() => this.programs.delete(key));
    }
    return p;
  }

  private compile(spec: RunSpec, key: string): Promise<Program> {
    const b = this.backbone;
    return Program.compile({
      label: `${this.opts.label ?? b.modelType} frozen [${key}]`,
      inputs: backboneInputSpecs(b),
      training: false,
      threads: this.opts.threads,
      build: (ctx, inputs) => {
        const out = encoderGraph(constantContext(ctx, this.opts.fused ?? true), b, inputs, spec.layers, spec.pooling);
        const outputs: Record<string, Value> = {};
        if (spec.outputs !== 'pooled') outputs.tokens = out.tokens;
        if (spec.outputs !== 'tokens') outputs.pooled = out.pooled;
        if (spec.precision === 'int8') quantizeWeightMatMuls(ctx.g, this.opts.quantize);
        return { outputs };
      },
    });
  }

  async run(batch: PaddedBatch, spec: RunSpec): Promise<{ tokens: HostTensor | null; pooled: HostTensor | null }> {
    const program = await this.program(spec);
    const shape = [batch.B, batch.T];
    const feeds: Record<string, HostTensor> = {
      [INPUT_IDS]: { dtype: 'int64', shape, data: batch.inputIds },
      [ATTENTION_MASK]: { dtype: 'float32', shape, data: batch.attentionMask },
    };
    if (this.backbone.hasTokenTypes) feeds[TOKEN_TYPE_IDS] = { dtype: 'int64', shape, data: batch.tokenTypeIds };
    const r = await program.run(feeds);
    return { tokens: r.outputs.tokens ?? null, pooled: r.outputs.pooled ?? null };
  }

  /** Number of compiled programs. */
  get size(): number {
    return this.programs.size;
  }

  async release(): Promise<void> {
    const all = [...this.programs.values()];
    this.programs.clear();
    for (const p of all) await (await p.catch(() => null))?.release();
  }
}
