// `bertcnn export RUN_DIR --out DIR [--int8] [--force]`: a trained run as ONE ONNX file for any ONNX Runtime
// (Node, Python, C#, the browser), usable without the run folder. Every kind of run exports (src/export):
//   NER runs      → model.onnx emissions [batch, sequence, tags]; the manifest carries the tags, scheme and CRF
//                   scores (kind "ner"); checked on sample sentences (emissions and decoded tags); taggers over
//                   word ids (--mode words) take word ids by the run's vocab.json (copied); BiLSTM taggers refused
//   kim2014 runs  → model.onnx over word ids in Kim's padded layout → probabilities; vocab.json + clean_str mode
//                   (kind "kim2014"); char-CNN runs are refused; --int8 as for classifiers (int8 word tables)
//   cross-validation folders are refused (export one fold)
// For a classification run DIR receives:
//   model.onnx            inputs input_ids / attention_mask (/ token_type_ids) int64 [batch, sequence];
//                         outputs logits and probabilities [batch, labels] (what `bertcnn predict` reports)
//   bertcnn-export.json   labels, task, inputs, max length, tokenizer kind, the check result
//   tokenizer files       vocab.txt / tokenizer.json / tokenizer_config.json / … (use-lite: vocab.json)
// The written model is checked on sample texts against the in-process classifier: fp32 max |Δp| ≤ 1e-4 (else
// exit 1, model removed); int8 decisions must agree (a warning otherwise) and the difference is reported.
// Existing export files in DIR are never replaced without --force (exit 2).
import type { Command } from 'commander';
import { exportRun } from '../../export/export-run.ts';
import { readPredictInput } from '../predict-input.ts';

interface ExportFlags {
  allowIncomplete?: boolean;
  out: string;
  int8?: boolean;
  force?: boolean;
  samples?: string;
  json?: boolean;
  quiet?: boolean;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'export a trained run (classification, NER or kim2014) as one ONNX file + bertcnn-export.json + tokenizer files',
    )
    .argument('<run>', 'run folder written by bertcnn train')
    .requiredOption('--out <dir>', 'export folder: receives model.onnx, bertcnn-export.json and the tokenizer files')
    .option(
      '--int8',
      'dynamic int8 quantization of every weight MatMul (DynamicQuantizeMatMul); large embedding tables stored as ' +
        'int8 rows with per-row scales, conv kernels as int8; 7-bit weights on x86 CPUs without VNNI ' +
        '(BERTCNN_INT8_REDUCE_RANGE=1 forces them, for files meant for older CPUs)',
    )
    .option('--force', 'replace export files already in --out')
    .option('--samples <file>', 'texts (one per line) for the export check (default: built-in samples)')
    .option('--json', 'print the result as one JSON object')
    .option('--allow-incomplete', 'use a run whose training did not finish (default: refuse it, naming its status)')
    .option('--quiet', 'print nothing but errors (and --json)')
    .addHelpText('after', LAYOUT)
    .action((run: string, o: ExportFlags) => runExport(run, o));
}

const LAYOUT = `
Layout of --out (a folder; created when missing):
  model.onnx            encoder + head in one graph, weights inside
                        inputs  input_ids, attention_mask (, token_type_ids): int64 [batch, sequence]
                        outputs logits [batch, K], probabilities [batch, labels] (as bertcnn predict)
  bertcnn-export.json   labels, task, inputs/outputs, max length, tokenizer kind, the export check
  vocab.txt, tokenizer.json, tokenizer_config.json, special_tokens_map.json   (those the encoder has;
                        use-lite: vocab.json) — tokenize with these, truncate to the max length
NER runs: model.onnx outputs emissions [batch, sequence, tags]; bertcnn-export.json has kind "ner", the tags,
  their scheme and the CRF scores (--crf runs); a tagger over word ids (--mode words) takes input_ids = word ids
  by vocab.json (copied; unknown words → 1), one per word; BiLSTM taggers are refused. kim2014 runs: inputs are word ids in Kim's padded layout, outputs
  logits and probabilities; vocab.json holds the words, bertcnn-export.json the clean_str mode and the layout.`;

const mb = (n: number) => `${(n / 1e6).toFixed(n < 1e7 ? 2 : 1)} MB`;

export async function runExport(runDir: string, o: ExportFlags): Promise<void> {
  const say = (s: string) => {
    if (!o.quiet) process.stderr.write(`${s}\n`);
  };
  const samples = o.samples === undefined ? undefined : (await readPredictInput(o.samples, { format: 'text' })).texts;
  const r = await exportRun(runDir, {
    out: o.out,
    int8: o.int8,
    force: o.force,
    samples,
    allowIncomplete: o.allowIncomplete,
    onWarning: (m) => say(`warning: ${m}`),
  });
  const c = r.check;
  const m = r.manifest;
  if (o.json) {
    console.log(
      JSON.stringify({
        out: r.out,
        files: r.files,
        model_bytes: r.modelBytes,
        precision: m.precision,
        quantized_matmuls: r.graph.quantizedMatMuls,
        kind: m.kind ?? 'classification',
        inputs: m.inputs.map((i) => i.name),
        outputs: m.outputs.map((i) => i.name),
        check: c,
      }),
    );
    return;
  }
  if (o.quiet) return;
  const tables = (m.int8 && 'quantizedTables' in m.int8 && m.int8.quantizedTables) || 0; // word tables / conv kernels
  const parts = [
    ...(r.graph.quantizedMatMuls ? [`${r.graph.quantizedMatMuls} weight MatMuls quantized`] : []),
    ...(tables ? [`${tables} tables / conv kernels stored int8`] : []),
  ];
  const quant = parts.length ? ` (${parts.join(', ')})` : '';
  const bound = c.tolerance === null ? 'int8, reported' : `≤ ${c.tolerance}`;
  const ner = m.kind === 'ner';
  const what = ner
    ? 'sample sentences vs the in-process tagger: max |Δ emissions|'
    : `sample texts vs the in-process ${m.kind === 'kim2014' ? 'kim2014 model' : 'classifier'}: max |Δp|`;
  const limit = 'maxLength' in m ? `, max length ${m.maxLength}` : ` (kim2014: clean_str ${m.kim.clean_str})`;
  console.log(`exported ${runDir} → ${r.out}`);
  console.log(
    `  model.onnx   ${mb(r.modelBytes)}  ${m.precision}${quant}; inputs ${m.inputs.map((i) => i.name).join(', ')} → ${m.outputs.map((o) => o.name).join(', ')}`,
  );
  console.log(
    `  check        ${c.passed ? 'ok' : 'WARNING'}: ${c.samples} ${what} ${c.maxAbsDiff.toExponential(2)} (${bound}); ${ner ? 'tags' : 'decisions'} agree ${c.decisionsAgree}/${c.samples}`,
  );
  console.log(`  files        ${r.files.join(', ')}  (tokenizer: ${m.tokenizer.kind}${limit})`);
}
