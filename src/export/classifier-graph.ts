// The whole trained classifier (encoder + head) as ONE self-contained ONNX inference graph:
//   input_ids      int64 [batch, sequence]
//   attention_mask int64 [batch, sequence]   1 = real token, 0 = padding (Hugging Face convention; cast inside)
//   token_type_ids int64 [batch, sequence]   only for encoders with token types (BERT; not DistilBERT, use-lite)
//   → zero-padded along the sequence axis to T = max(sequence, head.minLength), as predict's batches are
//   → encoder (Encoder.build, weights as constants)  tokens [batch, T, D], mask [batch, T] / pooled [batch, P]
//   → head                                           logits        [batch, K]  (K = 1 for binary, else C)
//   → what `bertcnn predict` reports                 probabilities [batch, C]  softmax (multi-class),
//                                                    σ per label (multi-label), [1 − σ(z), σ(z)] (binary)
// cnn-alone runs (mode 'ids') have no encoder pass: input_ids and attention_mask go straight into the head.
// Weights become graph constants (ONNX initializers) through a context whose param() returns a constant, so the
// project's quantizer (encoders/quantize.ts) can swap weight MatMuls for int8 DynamicQuantizeMatMul. A run whose
// frozen features were computed in int8 gets its encoder quantized in every export: its head was trained on
// (and predict computes) int8 features. constantContext and padSequence are shared with tagger-graph.ts / kim-graph.ts.
import { exportOnnx } from '../engine/export.ts';
import { attr, type Graph, type Value } from '../engine/graph.ts';
import * as op from '../engine/ops/index.ts';
import type { Param } from '../engine/param.ts';
import type { BuildContext } from '../engine/program.ts';
import type { InputSpec } from '../engine/session.ts';
import { int64 } from '../engine/tensor.ts';
import { ATTENTION_MASK, INPUT_IDS, TOKEN_TYPE_IDS } from '../encoders/backbone.ts';
import { quantizeWeightMatMuls, type QuantizeOptions } from '../encoders/quantize.ts';
import { quantizeGatherTables, storeConvWeightsInt8 } from '../encoders/quantize-tables.ts';
import { UsageError } from '../errors.ts';
import { headInput } from '../heads/index.ts';
import { outputSize, type ClassificationTask } from '../tasks/classification/task.ts';
import type { Classifier } from '../tasks/classification/classifier.ts';

/** Dynamic axes of every graph input. */
export const INPUT_DIMS = ['batch', 'sequence'] as const;

export interface ClassifierGraphOptions {
  /** Quantize every weight MatMul (encoder and head) to int8. */
  int8?: boolean;
  /** Options of the --int8 quantization (default: the project's, see quantize.ts). */
  quantize?: QuantizeOptions;
}

export interface ClassifierGraph {
  bytes: Uint8Array;
  inputs: InputSpec[];
  outputs: InputSpec[];
  /** Weight MatMuls replaced by DynamicQuantizeMatMul (0 for a plain fp32 export). */
  quantizedMatMuls: number;
  /** True when the encoder part is int8 (an --int8 export, or a run trained on int8 frozen features). */
  encoderInt8: boolean;
}

/** A BuildContext that turns every parameter into a constant of the graph (inference only). */
export function constantContext(ctx: BuildContext): BuildContext {
  const values = new Map<Param, Value>();
  return {
    g: ctx.g,
    training: false,
    seed: ctx.seed,
    update: ctx.update,
    param(p) {
      let v = values.get(p);
      if (!v) values.set(p, (v = ctx.g.constant({ dtype: 'float32', shape: [...p.shape], data: p.data }, p.name)));
      return v;
    },
  };
}

/** x [batch, sequence] → [batch, T], T = max(sequence, minLength), new columns 0 (a no-op when long enough). */
export function padSequence(g: Graph, x: Value, minLength: number): Value {
  const seq = op.slice(op.shapeOf(x), 0, 1, 2); // int64 [1]
  const short = op.sub(g.constant(int64([1], [minLength]), 'min_length'), seq); // [1]
  const extra = g.node('Max', [short, g.constant(int64([1], [0]), 'zero')], [{ dtype: 'int64', shape: [1] }])[0]!;
  const pads = op.concat([op.constInts(x, [0, 0, 0]), extra], 0); // [4]: begins (batch, seq), ends (batch, seq)
  return g.node('Pad', [x, pads], [{ dtype: x.dtype, shape: [x.shape[0]!, 'T'] }], {
    mode: attr.string('constant'),
  })[0]!;
}

/** logits [batch, K] → probabilities [batch, C], as tasks/classification/task.ts's probabilities(). */
function probabilitiesOf(task: ClassificationTask, logits: Value): Value {
  if (task.kind === 'multiclass') return op.softmax(logits, -1);
  const p = op.sigmoid(logits);
  return task.kind === 'multilabel' ? p : op.concat([op.sub(1, p), p], 1); // binary: [1 − p, p]
}

/** The graph input names of a classifier (what a caller feeds, in this order). */
export function classifierInputNames(clf: Classifier): string[] {
  if (clf.config.mode === 'ids') return [INPUT_IDS, ATTENTION_MASK];
  const names = clf.encoder.inputSpecs.map((s) => s.name);
  return [INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS].filter((n) => names.includes(n));
}

export function exportClassifier(clf: Classifier, opts: ClassifierGraphOptions = {}): ClassifierGraph {
  const cfg = clf.config;
  const kind = cfg.head.kind;
  const input = headInput(kind);
  const inputs: InputSpec[] = classifierInputNames(clf).map((name) => ({
    name,
    dtype: 'int64',
    shape: [...INPUT_DIMS],
  }));
  const encoderInt8 =
    cfg.mode !== 'ids' && (opts.int8 === true || (cfg.mode === 'frozen' && cfg.encoder.precision === 'int8'));
  let quantizedMatMuls = 0;
  const C = cfg.task.labels.length;
  const bytes = exportOnnx({
    label: `${cfg.mode} ${kind} classifier`,
    inputs,
    docString: `bertcnn ${cfg.mode} classifier: ${cfg.mode === 'ids' ? '' : `${cfg.encoder.ref} + `}${kind}; ${cfg.task.kind}, labels ${cfg.task.labels.join(', ')}`,
    build(outer, x) {
      const ctx = constantContext(outer);
      const g = ctx.g;
      const T = clf.head.minLength;
      const ids = padSequence(g, x[INPUT_IDS]!, T); // [batch, T] int64
      const mask = padSequence(g, op.cast(x[ATTENTION_MASK]!, 'float32'), T); // [batch, T] float32
      let logits: Value;
      if (cfg.mode === 'ids') {
        logits = clf.head.forward(ctx, ids, mask);
      } else {
        const encIn: Record<string, Value> = { [INPUT_IDS]: ids, [ATTENTION_MASK]: mask };
        if (x[TOKEN_TYPE_IDS]) encIn[TOKEN_TYPE_IDS] = padSequence(g, x[TOKEN_TYPE_IDS], T);
        let features: Value[];
        try {
          const enc = clf.encoder.build(ctx, encIn, {
            layers: { layers: cfg.encoder.layers, combine: cfg.encoder.combine },
            pooling: cfg.encoder.pooling,
          });
          features = input === 'pooled' ? [enc.pooled] : [enc.tokens, enc.mask]; // [batch, P] | [batch, T, D], [batch, T]
        } catch (e) {
          throw new UsageError(
            `encoder '${cfg.encoder.ref}' (${clf.encoder.modelType}) cannot be built into an ONNX graph for export: ${(e as Error).message}`,
          );
        }
        // Quantize the encoder now, before the head exists, so an fp32 head stays fp32 (int8-feature runs).
        if (encoderInt8) quantizedMatMuls += quantizeWeightMatMuls(g, opts.int8 ? opts.quantize : undefined);
        logits = clf.head.forward(ctx, features[0]!, features[1]);
      }
      if (opts.int8) {
        quantizedMatMuls += quantizeWeightMatMuls(g, opts.quantize);
        quantizeGatherTables(g); // large id → vector tables: int8 rows + per-row scales (4× smaller)
        storeConvWeightsInt8(g); // conv kernels stored int8, dequantized once when the session loads
      }
      return { logits, probabilities: probabilitiesOf(cfg.task, logits) };
    },
  });
  const outputs: InputSpec[] = [
    { name: 'logits', dtype: 'float32', shape: ['batch', outputSize(cfg.task)] },
    { name: 'probabilities', dtype: 'float32', shape: ['batch', C] },
  ];
  return { bytes, inputs, outputs, quantizedMatMuls, encoderInt8 };
}
