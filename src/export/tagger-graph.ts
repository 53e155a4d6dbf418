// A trained NER tagger (encoder + tagger head) as ONE self-contained ONNX inference graph:
//   input_ids      int64 [batch, sequence]
//   attention_mask int64 [batch, sequence]   1 = real sub-token, 0 = padding (cast inside)
//   token_type_ids int64 [batch, sequence]   only for encoders with token types (BERT)
//   → encoder (Encoder.build, weights as constants, the run's layer selection)  tokens [batch, sequence, D]
//   → tagger head                                                               emissions [batch, sequence, L]
// One score per tag for every sub-token; a consumer reads each word's row at its first sub-token and decodes it
// (argmax, or Viterbi over the CRF scores the manifest carries, restricted to valid BIO paths) — what
// tasks/ner/evaluate.ts predictTags does in process. Frozen and fine-tuned runs export the same way (a frozen
// run's features come from the same encoder graph); a run trained on int8 frozen features gets its encoder
// quantized (as predict computes its features). BiLSTM taggers are refused: they are unrolled over a static
// length, and one graph must accept any sequence length.
import { exportOnnx } from '../engine/export.ts';
import * as op from '../engine/ops/index.ts';
import type { InputSpec } from '../engine/session.ts';
import { ATTENTION_MASK, INPUT_IDS, TOKEN_TYPE_IDS } from '../encoders/backbone.ts';
import { quantizeWeightMatMuls, type QuantizeOptions } from '../encoders/quantize.ts';
import { quantizeGatherTables, storeConvWeightsInt8 } from '../encoders/quantize-tables.ts';
import { UsageError } from '../errors.ts';
import { layerSelection } from '../tasks/classification/classifier.ts';
import { taggerEncoder, type Tagger } from '../tasks/ner/tagger.ts';
import { constantContext, INPUT_DIMS } from './classifier-graph.ts';

export const EMISSIONS = 'emissions';

export interface TaggerGraph {
  bytes: Uint8Array;
  inputs: InputSpec[];
  outputs: InputSpec[];
  quantizedMatMuls: number;
  encoderInt8: boolean;
}

export function exportTagger(tagger: Tagger, opts: { int8?: boolean; quantize?: QuantizeOptions } = {}): TaggerGraph {
  const cfg = tagger.config;
  if (tagger.head.staticLength) {
    throw new UsageError(
      `head ${cfg.head.kind} is unrolled over a static length and cannot be exported as one graph for any sentence ` +
        'length; use bertcnn predict or bertcnn serve on the run instead',
    );
  }
  const encoder = taggerEncoder(tagger, 'ONNX export');
  const names = encoder.inputSpecs.map((s) => s.name);
  const inputs: InputSpec[] = [INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS]
    .filter((n) => names.includes(n))
    .map((name) => ({ name, dtype: 'int64', shape: [...INPUT_DIMS] }));
  const encoderInt8 = opts.int8 === true || (cfg.mode === 'frozen' && cfg.encoder.precision === 'int8');
  let quantizedMatMuls = 0;
  const L = tagger.task.labels.length;
  const bytes = exportOnnx({
    label: `${cfg.mode} ${cfg.head.kind} tagger`,
    inputs,
    docString: `bertcnn ${cfg.mode} NER tagger: ${cfg.encoder.ref} + ${cfg.head.kind}; tags ${tagger.task.labels.join(', ')}`,
    build(outer, x) {
      const ctx = constantContext(outer);
      const encIn = { ...x, [ATTENTION_MASK]: op.cast(x[ATTENTION_MASK]!, 'float32') };
      let tokens;
      let mask;
      try {
        const enc = encoder.build(ctx, encIn, { layers: layerSelection(cfg) });
        tokens = enc.tokens; // [batch, sequence, D]
        mask = enc.mask; // [batch, sequence]
      } catch (e) {
        throw new UsageError(
          `encoder '${cfg.encoder.ref}' (${encoder.modelType}) cannot be built into an ONNX graph for export: ${(e as Error).message}`,
        );
      }
      if (encoderInt8) quantizedMatMuls += quantizeWeightMatMuls(ctx.g, opts.int8 ? opts.quantize : undefined);
      const emissions = tagger.head.forward(ctx, tokens, mask); // [batch, sequence, L]
      if (opts.int8) {
        quantizedMatMuls += quantizeWeightMatMuls(ctx.g, opts.quantize);
        quantizeGatherTables(ctx.g); // large id → vector tables: int8 rows + per-row scales (4× smaller)
        storeConvWeightsInt8(ctx.g); // conv kernels stored int8, dequantized once when the session loads
      }
      return { [EMISSIONS]: emissions };
    },
  });
  const outputs: InputSpec[] = [{ name: EMISSIONS, dtype: 'float32', shape: [...INPUT_DIMS, L] }];
  return { bytes, inputs, outputs, quantizedMatMuls, encoderInt8 };
}
