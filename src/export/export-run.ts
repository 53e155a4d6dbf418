// exportRun(runDir, { out }): a trained run folder → an export folder usable with any ONNX Runtime, without the
// run folder, the model cache or bertcnn. Every kind of run (runs/kind.ts) exports: NER runs → export-tagger.ts
// (emissions + tags + CRF scores), kim2014 runs → export-kim.ts (clean_str + word ids → probabilities),
// classification runs → below; a cross-validation folder is refused, naming a fold to export instead.
// Layout of `out` for a classification run (a folder; created when missing):
//   model.onnx            ONE graph, encoder + head (classifier-graph.ts), weights inside; int8 with `int8`
//   bertcnn-export.json   labels, task, inputs/outputs, max length, tokenizer kind, check result (manifest.ts)
//   vocab.txt, tokenizer.json, tokenizer_config.json, special_tokens_map.json   (whichever the encoder has), or
//   vocab.json            (use-lite) — the tokenizer files (tokenizer-files.ts)
// Steps: read the run (config.json, labels.json — errors name the file) → refuse to overwrite any export file
// already in `out` unless `force` → rebuild the classifier as predict does → one graph → write the tokenizer files
// and model.onnx (each atomically) → check the written model.onnx against the in-process classifier (check.ts) →
// write the sidecar last. A failed fp32 check removes model.onnx and throws: that export would be wrong. Graphs
// holding int8 MatMuls (--int8, or a run trained on int8 features) are checked on decisions only (check.ts).
// Runs trained with --window-stride are refused: one graph over [batch, sequence] ids cannot window long texts.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeBytesAtomic } from '../io/atomic.ts';
import { defaultReduceRange } from '../encoders/quantize.ts';
import { UsageError } from '../errors.ts';
import { runKind } from '../runs/kind.ts';
import { checkComplete } from '../runs/status.ts';
import { assembleClassifier } from '../tasks/classification/classifier.ts';
import { loadRunInfo } from '../tasks/classification/inference.ts';
import { checkExport, SAMPLE_TEXTS, settleCheck } from './check.ts';
import { exportClassifier } from './classifier-graph.ts';
import { exportKimRun } from './export-kim.ts';
import { exportTaggerRun } from './export-tagger.ts';
import { exportManifest, MANIFEST_FILE } from './manifest.ts';
import type { ExportReport, ExportRunOptions } from './report.ts';
import { prepareOut, writeExportFiles } from './out-folder.ts';
import { tokenizerFiles } from './tokenizer-files.ts';

export type { ExportReport, ExportRunOptions } from './report.ts';

export async function exportRun(runDir: string, o: ExportRunOptions): Promise<ExportReport> {
  // a cross-validation folder: an error naming a fold; a missing folder: loadRunInfo's error naming config.json
  const kind = existsSync(runDir) ? runKind(runDir) : 'classification';
  if (existsSync(runDir)) await checkComplete(runDir, o); // unfinished runs: refused unless allowed
  if (kind === 'ner') return exportTaggerRun(runDir, o);
  if (kind === 'kim2014') return exportKimRun(runDir, o);
  const run = await loadRunInfo(runDir);
  const stride = run.config.encoder.windowStride;
  if (stride !== undefined) {
    throw new UsageError(
      `${runDir} was trained with --window-stride ${stride}: one ONNX graph cannot window texts longer than --max-length ` +
        `${run.config.encoder.maxLength} (it would truncate them); use bertcnn predict or bertcnn serve on the run instead`,
    );
  }
  await prepareOut(o.out, o.force === true);
  const samples = o.samples ?? SAMPLE_TEXTS;
  if (samples.length === 0) throw new UsageError('the export check needs at least one sample text');
  const int8 = o.int8 === true;
  const clf = await assembleClassifier(run.config, { runDir, onWarning: o.onWarning });
  try {
    const tok = await tokenizerFiles(runDir, run.config);
    const { bytes, ...graph } = exportClassifier(clf, { int8, quantize: o.quantize });
    if (int8 && graph.quantizedMatMuls === 0) {
      o.onWarning?.('--int8: no weight MatMul to quantize (embeddings, convolutions and Gemm layers stay fp32)');
    }
    const { modelPath, written } = await writeExportFiles(o.out, tok.files, bytes);
    // Dynamic quantization scales activations per run, so an int8 graph depends on the batch: int8 criterion.
    const check = await checkExport(modelPath, clf, graph.inputs, samples, int8 || graph.encoderInt8);
    await settleCheck(check, modelPath, 'classifier', o.onWarning);
    const reduceRange = o.quantize?.reduceRange ?? defaultReduceRange();
    const manifest = exportManifest({
      runDir,
      config: run.config,
      graph: { bytes, ...graph },
      int8,
      reduceRange,
      check,
      tokenizer: { kind: tok.kind, files: tok.files.map((f) => f.name) },
    });
    await writeBytesAtomic(join(o.out, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    return { out: o.out, files: written, modelBytes: bytes.byteLength, graph, check, manifest };
  } finally {
    await clf.release();
  }
}
