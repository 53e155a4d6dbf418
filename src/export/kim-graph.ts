// A Kim (2014) run's sentence CNN as ONE self-contained ONNX inference graph:
//   input_ids      int64 [batch, sequence]   Kim's padded layout per row: (h_max − 1) zeros, the word (or
//                                            WordPiece) ids of the cleaned sentence — words outside the vocabulary
//                                            dropped — then h_max zeros; rows padded with 0 to the longest
//   attention_mask int64 [batch, sequence]   1 over that padded sentence span, 0 over batch padding
//   → word mask = (id ≠ 0) (id 0 is the padding row), window mask = attention_mask, both float32
//   → zero-padded to the CNN's widest kernel → KimCnn.forward (every channel's whole [V, D] table as a constant)
//   → logits [batch, C] → probabilities [batch, C] (softmax: Kim runs are multi-class)
// This is exactly what presets/kim2014/pipeline.ts feeds the model (with whole-table, identity channels), so
// the graph reproduces `bertcnn predict` on the run. Char-CNN runs (the char-cnn OOV policy) are refused: their
// per-word character ids are not part of this interface.
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
}

export function exportKim(run: LoadedKimRun): KimGraph {
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
      return { logits, probabilities: op.softmax(logits, -1) };
    },
  });
  const outputs: InputSpec[] = [
    { name: 'logits', dtype: 'float32', shape: ['batch', C] },
    { name: 'probabilities', dtype: 'float32', shape: ['batch', C] },
  ];
  return { bytes, inputs, outputs };
}
