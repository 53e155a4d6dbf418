// A Kim (2014) run's sentence CNN as ONE self-contained ONNX inference graph:
//   input_ids      int64 [batch, sequence]   Kim's padded layout per row: (h_max − 1) zeros, the word (or
//                                            WordPiece) ids of the cleaned sentence — words outside the vocabulary
//                                            dropped — then h_max zeros; rows padded with 0 to the longest
//   attention_mask int64 [batch, sequence]   1 over that padded sentence span, 0 over batch padding
//   → word mask = (id ≠ 0) (id 0 is the padding row), window mask = attention_mask, both float32
//   → zero-padded to the CNN's widest kernel → KimCnn.forward (every channel's whole [V, D] table as a constant)
//   → logits [batch, C] → probabilities [batch, C] (softmax: Kim runs are multi-class)
// This is exactly what presets/kim2014/pipeline.ts feeds the model (with whole-table, identity channels), so
// the graph reproduces `bertcnn predict` on the run. With int8 (`export --int8`) the classifier export's pass
// runs on it: weight MatMuls → DynamicQuantizeMatMul, large word tables → int8 rows + per-row scales, conv kernels
// → int8 behind a DequantizeLinear (encoders/quantize.ts, quantize-tables.ts). Char-CNN runs (the char-cnn OOV policy) are refused: their
// per-word character ids are not part of this interface.
import { quantizeWeightMatMuls, type QuantizeOptions } from '../encoders/quantize.ts';
import { quantizeGatherTables, storeConvWeightsInt8 } from '../encoders/quantize-tables.ts';
import { exportOnnx } from '../engine/export.ts';
import * as op from '../engine/ops/index.ts';
import type { InputSpec } from '../engine/session.ts';
import { int64 } from '../engine/tensor.ts';
import { UsageError } from '../errors.ts';
import type { LoadedKimRun } from '../presets/kim2014/run-folder.ts';
import { constantContext, INPUT_DIMS, padSequence } from './classifier-graph.ts';

export interface KimGraph {
  bytes: Uint8Array;
  inputs: InputSpec[];
  outputs: InputSpec[];
  /** int8: weight MatMuls made DynamicQuantizeMatMul (the filters of the unfold CNN, the softmax layer). */
  quantizedMatMuls: number;
  /** int8: word tables stored as int8 rows + per-row scales, and conv kernels stored int8 (the conv1d CNN). */
  quantizedTables: number;
}

export interface KimGraphOptions {
  /** The quantization pass of `export --int8` (as the classifier export's: classifier-graph.ts). */
  int8?: boolean;
  quantize?: QuantizeOptions;
}

export function exportKim(run: LoadedKimRun, opts: KimGraphOptions = {}): KimGraph {
  const model = run.model;
  if (model.charCnn) {
    throw new UsageError(
      'this kim2014 run uses the char-cnn OOV policy (a character CNN over every word): its export is not supported; ' +
        'use bertcnn predict or bertcnn serve on the run instead',
    );
  }
  if (!model.channels.every((c) => c.identity)) throw new Error('exportKim: the run was not loaded with whole tables');
  const inputs: InputSpec[] = ['input_ids', 'attention_mask'].map((name) => ({
    name,
    dtype: 'int64',
    shape: [...INPUT_DIMS],
  }));
  const C = run.labels.labels.length;
  let quantizedMatMuls = 0;
  let quantizedTables = 0;
  const bytes = exportOnnx({
    label: `kim2014 ${run.config.variant} CNN`,
    inputs,
    docString: `bertcnn kim2014 ${run.config.variant} (${run.config.level} level); labels ${run.labels.labels.join(', ')}`,
    build(outer, x) {
      const ctx = constantContext(outer);
      const g = ctx.g;
      const ids = padSequence(g, x.input_ids!, model.minLength); // [batch, T]
      const one = g.constant(int64([1], [1]), 'one');
      const isWord = g.node('Min', [ids, one], [{ dtype: 'int64', shape: ids.shape }])[0]!; // 1 = a word, 0 = pad
      const wordMask = op.cast(isWord, 'float32'); // [batch, T]
      const windowMask = padSequence(g, op.cast(x.attention_mask!, 'float32'), model.minLength); // [batch, T]
      const logits = model.forward(ctx, ids, wordMask, windowMask); // [batch, C]
      if (opts.int8) {
        quantizedMatMuls = quantizeWeightMatMuls(g, opts.quantize);
        quantizedTables = quantizeGatherTables(g) + storeConvWeightsInt8(g); // [V, D] tables: int8 rows, 4× smaller
      }
      return { logits, probabilities: op.softmax(logits, -1) };
    },
  });
  const outputs: InputSpec[] = [
    { name: 'logits', dtype: 'float32', shape: ['batch', C] },
    { name: 'probabilities', dtype: 'float32', shape: ['batch', C] },
  ];
  return { bytes, inputs, outputs, quantizedMatMuls, quantizedTables };
}
