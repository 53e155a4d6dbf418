// A trained NER tagger over word ids (mode 'words': word table + tagger head, no encoder) as ONE self-contained
// ONNX inference graph:
//   input_ids      int64 [batch, sequence]   word ids by vocab.json (tasks/ner/word-rows.ts: unknown → 1, pad 0)
//   attention_mask int64 [batch, sequence]   1 = a word, 0 = padding (cast inside)
//   → Gather in the word table [V, D] (a constant)                    words [batch, sequence, D]
//   → tagger head                                                     emissions [batch, sequence, L]
// — the computation of tasks/ner/word-pipeline.ts's build, so the graph reproduces `bertcnn predict` on the run.
// With int8 (`export --int8`) the pass of the other exports runs on it: weight MatMuls → DynamicQuantizeMatMul,
// the word table (when large: quantize-tables.ts MIN_TABLE_ELEMENTS) → int8 rows + per-row scales, conv kernels
// → int8 behind a DequantizeLinear. BiLSTM taggers are refused, as by tagger-graph.ts (unrolled over a static length).
import { exportOnnx } from '../engine/export.ts';
import * as op from '../engine/ops/index.ts';
import type { InputSpec } from '../engine/session.ts';
import { ATTENTION_MASK, INPUT_IDS } from '../encoders/backbone.ts';
import { quantizeWeightMatMuls, type QuantizeOptions } from '../encoders/quantize.ts';
import { quantizeGatherTables, storeConvWeightsInt8 } from '../encoders/quantize-tables.ts';
import { UsageError } from '../errors.ts';
import type { Tagger } from '../tasks/ner/tagger.ts';
import { constantContext, INPUT_DIMS } from './classifier-graph.ts';
import { EMISSIONS, type TaggerGraph } from './tagger-graph.ts';

export interface WordTaggerGraph extends TaggerGraph {
  /** int8: word tables stored as int8 rows and conv kernels stored int8. */
  quantizedTables: number;
}

export function exportWordTagger(
  tagger: Tagger,
  opts: { int8?: boolean; quantize?: QuantizeOptions } = {},
): WordTaggerGraph {
  const cfg = tagger.config;
  const words = tagger.words;
  if (!words) throw new Error("exportWordTagger: not a tagger over word ids (mode 'words')");
  if (tagger.head.staticLength) {
    throw new UsageError(
      `head ${cfg.head.kind} is unrolled over a static length and cannot be exported as one graph for any sentence ` +
        'length; use bertcnn predict or bertcnn serve on the run instead',
    );
  }
  const inputs: InputSpec[] = [INPUT_IDS, ATTENTION_MASK].map((name) => ({
    name,
    dtype: 'int64',
    shape: [...INPUT_DIMS],
  }));
  const L = tagger.task.labels.length;
  let quantizedMatMuls = 0;
  let quantizedTables = 0;
  const bytes = exportOnnx({
    label: `words ${cfg.head.kind} tagger`,
    inputs,
    docString:
      `bertcnn NER tagger over word ids: ${words.vocab.words.length} × ${words.embedding.dim} word table + ` +
      `${cfg.head.kind}; tags ${tagger.task.labels.join(', ')}`,
    build(outer, x) {
      const ctx = constantContext(outer);
      const mask = op.cast(x[ATTENTION_MASK]!, 'float32'); // [batch, sequence]
      const vectors = words.embedding.forward(ctx, x[INPUT_IDS]!); // [batch, sequence, D]
      const emissions = tagger.head.forward(ctx, vectors, mask); // [batch, sequence, L]
      if (opts.int8) {
        quantizedMatMuls = quantizeWeightMatMuls(ctx.g, opts.quantize);
        quantizedTables = quantizeGatherTables(ctx.g) + storeConvWeightsInt8(ctx.g);
      }
      return { [EMISSIONS]: emissions };
    },
  });
  const outputs: InputSpec[] = [{ name: EMISSIONS, dtype: 'float32', shape: [...INPUT_DIMS, L] }];
  return { bytes, inputs, outputs, quantizedMatMuls, quantizedTables, encoderInt8: false };
}
