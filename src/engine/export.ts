// Export: the inference graph of a model as one self-contained ONNX model (weights stored inside as
// initializers); src/io writes it to disk atomically. The file runs in any ONNX Runtime (Node, Python, the browser's
// onnxruntime-web) with only the data inputs fed.
import { Graph, type Value } from './graph.ts';
import { serialize } from './onnx.ts';
import type { Param } from './param.ts';
import type { BuildContext } from './program.ts';
import type { InputSpec } from './session.ts';
import type { HostTensor } from './tensor.ts';

export interface ExportSpec {
  label: string;
  inputs: InputSpec[];
  /** Builds the inference graph (training = false); returns named outputs, e.g. { logits }. */
  build(ctx: BuildContext, inputs: Record<string, Value>): Record<string, Value>;
  docString?: string;
}

/** ONNX bytes with every parameter baked in; graph outputs carry the names given by `build`. */
export function exportOnnx(spec: ExportSpec): Uint8Array {
  const g = new Graph(spec.label);
  const inputs: Record<string, Value> = {};
  for (const s of spec.inputs) inputs[s.name] = g.input(s.name, s.dtype, s.shape);
  const used = new Map<Param, Value>();
  const ctx: BuildContext = {
    g,
    training: false,
    param(p) {
      let v = used.get(p);
      if (!v) used.set(p, (v = g.input(p.name, 'float32', p.shape)));
      return v;
    },
    update() {
      throw new Error(`${spec.label}: inference graphs do not update state`);
    },
    seed: () => 0,
  };
  const outputs = spec.build(ctx, inputs);
  for (const [name, v] of Object.entries(outputs)) g.namedOutput(v, name);
  const bake = new Map<string, HostTensor>();
  for (const p of used.keys()) bake.set(p.name, { dtype: 'float32', shape: [...p.shape], data: p.data.slice() });
  return serialize(g, { bake, docString: spec.docString });
}
