// The USE-lite weights, picked out of the TF.js graph by their node names and checked against the shapes the
// graph (KonaTransformer, 2 layers) is known to have. E = 256 (embedding width), H = 512 (hidden), F = 1536.
//   embeddings [8002, E]        timing [128, E] = [sin(p·inv) | cos(p·inv)], inv [128] from the graph
//   layer 0: ln1 [E], qkv [E, 3E] (3 × 4 heads × 64), out [E, H], residual dense [E, H], ln2 [H], ffn [H, F], [F, H]
//   layer 1: ln1 [H], qkv [H, 3H] (3 × 4 heads × 128), out [H, H], ln2 [H], ffn [H, F], [F, H]
//   tanh layer [H, H] + bias [H], then L2 normalisation (ε on the squared norm)
// The 1×1 Conv2D kernels [1, 1, in, out] of the graph are plain [in, out] matrices.
import { DataError } from '../../errors.ts';
import { REINSTALL, type RawWeight, type UseLitePackage } from './files.ts';

const P = 'module_apply_default/Encoder_en/KonaTransformer/';
const V = 'module/Encoder_en/KonaTransformer/';
/** The graph node whose output is the per-token contextual state [B, T, 512]. */
export const TOKEN_NODE = `${P}Encode/TransformerStack/Layer_1/TransformerLayer/FFN/layer_postprocess/add`;
/** The graph's output: the L2-normalised sentence vector [B, 512]. */
export const OUTPUT_NODE = 'module_apply_default/Encoder_en/hidden_layers/l2_normalize';

export interface Dense {
  w: Float32Array; // [in, out] row-major
  b: Float32Array; // [out]
  inDim: number;
  outDim: number;
}

export interface Norm {
  scale: Float32Array;
  bias: Float32Array;
}

export interface UseLiteLayer {
  ln1: Norm;
  qkv: Dense; // [in, 3·width]
  heads: number;
  /** Query scale (1/√head size) as stored in the graph. */
  qScale: number;
  out: Dense; // [width, H]
  /** Layer 0 only: projects the E-wide input to H for the residual connection. */
  residual: Dense | null;
  ln2: Norm;
  ffn1: Dense; // [H, F]
  ffn2: Dense; // [F, H]
}

export interface UseLiteWeights {
  embeddings: Float32Array; // [vocabRows, E]
  vocabRows: number;
  embedDim: number;
  hidden: number;
  /** Longest input the graph encodes (ClipToMaxLength drops later tokens). */
  maxLength: number;
  timing: Float32Array; // [maxLength, E]
  layers: UseLiteLayer[];
  lnEps: number;
  /** Added to attention logits at padded keys (−1e9). */
  maskBias: number;
  tanh: Dense;
  l2Eps: number;
}

/** Reads the weights out of a package; every missing name or wrong shape is a DataError on model.json. */
export function useLiteWeights(pkg: UseLitePackage): UseLiteWeights {
  const where = `${pkg.dir}/model.json`;
  const get = (name: string, shape: number[]): RawWeight => {
    const w = pkg.weights.get(name);
    if (!w) throw new DataError(where, `weight ${name} is missing from the manifest — ${REINSTALL}`);
    if (w.shape.join() !== shape.join()) {
      throw new DataError(where, `weight ${name} has shape [${w.shape}], expected [${shape}] — ${REINSTALL}`);
    }
    return w;
  };
  const f32 = (name: string, shape: number[]) => {
    const d = get(name, shape).data;
    if (!(d instanceof Float32Array)) throw new DataError(where, `weight ${name} must be float32 — ${REINSTALL}`);
    return d;
  };
  const num = (name: string) => Number(get(name, []).data[0]);
  const dense = (w: string, b: string, inDim: number, outDim: number, conv = false): Dense => ({
    w: f32(w, conv ? [1, 1, inDim, outDim] : [inDim, outDim]),
    b: f32(b, [outDim]),
    inDim,
    outDim,
  });
  const norm = (prefix: string, dim: number): Norm => ({
    scale: f32(`${prefix}/layer_norm_scale/ConcatPartitions/concat`, [dim]),
    bias: f32(`${prefix}/layer_norm_bias/ConcatPartitions/concat`, [dim]),
  });
  for (const node of [TOKEN_NODE, OUTPUT_NODE]) {
    if (!pkg.nodeNames.has(node)) throw new DataError(where, `graph node ${node} is missing — ${REINSTALL}`);
  }

  const E = 256;
  const H = 512;
  const F = 1536;
  const vocabRows = pkg.weights.get('module/Embeddings_en')?.shape[0] ?? 0;
  const embeddings = f32('module/Embeddings_en', [Math.max(vocabRows, pkg.vocab.length), E]);
  const heads = num(
    `${P}Encode/TransformerStack/Layer_1/TransformerLayer/MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/2`,
  );
  const layers = [0, 1].map((l): UseLiteLayer => {
    const width = l === 0 ? E : H;
    const enc = `${P}Encode/Layer_${l}/TransformerLayer/`;
    const stack = `${P}Encode/TransformerStack/Layer_${l}/TransformerLayer/`;
    const split = get(`${stack}MultiheadAttention/Const`, [3]).data;
    if (![...split].every((s) => s === width))
      throw new DataError(where, `layer ${l}: q/k/v split [${split}] is not 3 × ${width} — ${REINSTALL}`);
    const attn = `${V}Encode/Layer_${l}/TransformerLayer/MultiheadAttention/`;
    return {
      ln1: norm(`${enc}layer_prepostprocess/layer_norm`, width),
      qkv: dense(
        `${attn}qkv_transform_single/kernel/part_0`,
        `${enc}MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat`,
        width,
        3 * width,
        true,
      ),
      heads,
      qScale: num(`${stack}MultiheadAttention/mul/y`),
      out: dense(
        `${attn}output_transform_single/kernel/part_0`,
        `${enc}MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat`,
        width,
        H,
        true,
      ),
      residual:
        l === 0
          ? dense(`${enc}dense/kernel/ConcatPartitions/concat`, `${enc}dense/bias/ConcatPartitions/concat`, E, H)
          : null,
      ln2: norm(`${enc}FFN/layer_prepostprocess/layer_norm`, H),
      ffn1: dense(`${stack}FFN/conv1/Tensordot/Reshape_1`, `${enc}FFN/conv1/bias/ConcatPartitions/concat`, H, F),
      ffn2: dense(`${stack}FFN/conv2/Tensordot/Reshape_1`, `${enc}FFN/conv2/bias/ConcatPartitions/concat`, F, H),
    };
  });
  const maxLength = num(`${P}ClipToMaxLength/Less/y`);
  const inv = f32(`${P}Encode/TransformerStack/Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1`, [1, E / 2]);
  return {
    embeddings,
    vocabRows,
    embedDim: E,
    hidden: H,
    maxLength,
    timing: timingSignal(inv, maxLength),
    layers,
    lnEps: num(`${P}Encode/TransformerStack/Layer_1/TransformerLayer/FFN/layer_prepostprocess/layer_norm/Cast/x`),
    maskBias: num(
      `${P}Encode/TransformerStack/Layer_1/TransformerLayer/MultiheadAttention/DotProductAttention/attention_bias_ignore_padding/mul/y`,
    ),
    tanh: dense(
      'module/Encoder_en/hidden_layers/tanh_layer_0/weights',
      'module/Encoder_en/hidden_layers/tanh_layer_0/bias',
      H,
      H,
    ),
    l2Eps: num('module_apply_default/Encoder_en/hidden_layers/l2_normalize/Maximum/y'),
  };
}

/** The graph's AddTimingSignal, precomputed: row p = [sin(p·inv) | cos(p·inv)], in float32 like TF.js. */
export function timingSignal(inv: Float32Array, positions: number): Float32Array {
  const half = inv.length;
  const out = new Float32Array(positions * 2 * half);
  for (let p = 0; p < positions; p++) {
    for (let i = 0; i < half; i++) {
      const x = Math.fround(p * inv[i]!);
      out[p * 2 * half + i] = Math.sin(x);
      out[p * 2 * half + half + i] = Math.cos(x);
    }
  }
  return out;
}
