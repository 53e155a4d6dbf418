// exportKimRun(runDir, o): a Kim (2014) run folder (kim.json) → an export folder:
//   model.onnx            ONE graph (kim-graph.ts): input_ids / attention_mask int64 [batch, sequence] in Kim's
//                         padded layout → logits, probabilities [batch, labels] (softmax)
//   bertcnn-export.json   kind "kim2014": labels, the clean_str mode, the vocabulary level, the padded layout
//                         (left / right zeros), inputs/outputs, the check
//   vocab.json            word level: the run's {"words": [...]} (row i = word i; row 0 = <pad>); or, WordPiece
//                         level, the BERT tokenizer files of the run's tokenizer/ folder (tokenizer kind 'wordpiece')
// A consumer cleans each text with clean_str, splits it on whitespace, maps words to ids dropping unknown ones
// (Kim's get_idx_from_sent; WordPiece: pieces, [UNK] for unknown), lays the ids out with left / right zeros, pads
// the batch and reads "probabilities" — what src/web/kim-classifier.ts does and `bertcnn predict` prints.
// The check: the written model vs the in-process run on SAMPLE_TEXTS (check.ts compareProbabilities): fp32 — max
// |Δp| ≤ 1e-4 and every argmax equal (else the model is removed, exit 1); int8 (`o.int8`: kim-graph.ts's
// quantization pass) — every argmax equal (else a warning), max |Δp| reported in the manifest and the output.
// Char-CNN runs are refused (kim-graph.ts).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Session } from '../engine/session.ts';
import { UsageError } from '../errors.ts';
import { defaultReduceRange } from '../encoders/quantize.ts';
import { TOKENIZER_FILES } from '../io/checkpoint.ts';
import { writeBytesAtomic } from '../io/atomic.ts';
import { loadKimRun } from '../presets/kim2014/run-folder.ts';
import { pieceEncoder, wordEncoder, type TextEncoder } from '../presets/kim2014/pipeline.ts';
import { predict } from '../tasks/classification/evaluate.ts';
import { paddedRows } from '../tasks/kim/padded-rows.ts';
import { kimLayout } from '../tasks/kim/vocab.ts';
import { loadWordPieceTokenizer } from '../tokenize/load-tokenizer.ts';
import { BERTCNN_VERSION } from '../tasks/classification/job.ts';
import { compareProbabilities, SAMPLE_TEXTS, settleCheck } from './check.ts';
import type { ExportReport, ExportRunOptions } from './report.ts';
import { exportKim } from './kim-graph.ts';
import { MANIFEST_FILE, MODEL_FILE } from './manifest.ts';
import type { KimExportManifest } from './kind-manifests.ts';

export type { KimExportManifest } from './kind-manifests.ts';
import { prepareOut, writeExportFiles } from './out-folder.ts';

const USAGE =
  'Clean each text with Kim\'s clean_str ("kim.clean_str"), split it on whitespace, map words to vocab.json rows ' +
  '(drop unknown words; WordPiece level: pieces, [UNK] for unknown), lay each row out as kim.left zeros, the ids, ' +
  'kim.right zeros; pad the batch with 0 (attention_mask 1 over each laid-out row, 0 over padding), feed int64 ' +
  '[batch, sequence] and read "probabilities" [batch, labels] (argmax).';

export async function exportKimRun(runDir: string, o: ExportRunOptions): Promise<ExportReport> {
  const int8 = o.int8 === true;
  const run = await loadKimRun(runDir);
  const graph = exportKim(run, { int8, quantize: o.quantize }); // refuses char-CNN runs before anything is written
  await prepareOut(o.out, o.force === true);
  const samples = o.samples ?? SAMPLE_TEXTS;
  if (samples.length === 0) throw new UsageError('the export check needs at least one sample text');
  const level = run.config.level;
  let encode: TextEncoder;
  let files: { name: string; from: string }[];
  if (level === 'word') {
    const words = (JSON.parse(await readFile(join(runDir, 'vocab.json'), 'utf8')) as { words: string[] }).words;
    encode = wordEncoder({ words, ids: new Map(words.map((w, i) => [w, i])), trainCounts: new Map() });
    files = [{ name: 'vocab.json', from: join(runDir, 'vocab.json') }];
  } else {
    const dir = join(runDir, 'tokenizer');
    encode = pieceEncoder(loadWordPieceTokenizer(dir));
    files = TOKENIZER_FILES.filter((f) => existsSync(join(dir, f))).map((name) => ({ name, from: join(dir, name) }));
  }
  const { modelPath, written } = await writeExportFiles(o.out, files, graph.bytes);
  // the check
  const cleaned = samples.map(run.clean);
  const want = (await predict(run.pipeline, run.task, cleaned, run.config.eval_batch_size)).probabilities;
  const layout = kimLayout(run.config.kernel_sizes);
  const rows = paddedRows(
    cleaned.map((c) => encode(c).ids),
    layout,
  );
  const B = rows.inputIds.length;
  const T = rows.inputIds[0]!.length;
  const int64 = (r: number[][]) => ({
    dtype: 'int64' as const,
    shape: [B, T],
    data: BigInt64Array.from(r.flat(), (v) => BigInt(v)),
  });
  const session = await Session.create(graph.bytes, graph.inputs, { label: `exported ${modelPath}` });
  let got: Float32Array;
  try {
    const out = await session.run({ input_ids: int64(rows.inputIds), attention_mask: int64(rows.attentionMask) }, [
      'probabilities',
    ]);
    got = out.probabilities!.data as Float32Array;
  } finally {
    await session.release();
  }
  const check = compareProbabilities(run.task, want, got, B, int8);
  await settleCheck(check, modelPath, 'kim2014 model', o.onWarning);
  const info = (s: { name: string; dtype: string; shape: readonly (string | number)[] }) => ({
    name: s.name,
    dtype: s.dtype,
    shape: [...s.shape],
  });
  const manifest: KimExportManifest = {
    format: 'bertcnn-export',
    version: 1,
    kind: 'kim2014',
    model: MODEL_FILE,
    precision: int8 ? 'int8' : 'fp32',
    task: 'multiclass',
    labels: [...run.labels.labels],
    inputs: graph.inputs.map(info),
    outputs: graph.outputs.map(info),
    tokenizer: { kind: level === 'word' ? 'words' : 'wordpiece', files: files.map((f) => f.name) },
    kim: { variant: run.config.variant, level, clean_str: run.config.clean_str, ...layout },
    int8: int8
      ? {
          quantizedMatMuls: graph.quantizedMatMuls,
          quantizedTables: graph.quantizedTables,
          reduceRange: o.quantize?.reduceRange ?? defaultReduceRange(),
        }
      : null,
    usage: USAGE,
    check,
    source: { run: runDir, created: new Date().toISOString(), bertcnnVersion: BERTCNN_VERSION },
  };
  await writeBytesAtomic(join(o.out, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return {
    out: o.out,
    files: written,
    modelBytes: graph.bytes.byteLength,
    graph: {
      inputs: graph.inputs,
      outputs: graph.outputs,
      quantizedMatMuls: graph.quantizedMatMuls,
      encoderInt8: false,
    },
    check,
    manifest,
  };
}
