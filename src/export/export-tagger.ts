// exportTaggerRun(runDir, o): a NER run folder (config.json with task.kind 'ner') → an export folder:
//   model.onnx            ONE graph, encoder + tagger head (tagger-graph.ts): input_ids / attention_mask
//                         (/ token_type_ids) int64 [batch, sequence] → emissions float32 [batch, sequence, tags]
//   bertcnn-export.json   kind "ner": the BIO tag set, the scheme of the run's data (for output), the decoding —
//                         "argmax", or "crf" with the CRF's start / end / transitions scores (constrained to valid
//                         BIO paths when decoding) — inputs/outputs, max length, tokenizer, the check
//   tokenizer files       as for classification exports (tokenizer-files.ts)
// A consumer splits raw text into words (src/tokenize/words.ts), joins them with single spaces, tokenizes with
// offsets, reads each word's emission row at its first sub-token (words cut by truncation: 'O'), decodes, and
// converts the BIO tags to the scheme — what src/web/tagger.ts does and `bertcnn predict` prints.
// A tagger over word ids (mode 'words': --init-embeddings, distilled NER students) exports through
// word-tagger-graph.ts instead: input_ids are word ids, and the run's vocab.json (row order) replaces the tokenizer
// files (tokenizer kind 'words'; the manifest's "words" record states the rule of tasks/ner/word-rows.ts: exact
// match, unknown → 1, at most maxLength words). BiLSTM taggers are refused in every mode (tagger-graph.ts).
import { DataError, GraphError } from '../errors.ts';
import { defaultReduceRange } from '../encoders/quantize.ts';
import { loadLabelMap } from '../data/labels.ts';
import { join } from 'node:path';
import { splitWords } from '../tokenize/words.ts';
import { BERTCNN_VERSION } from '../tasks/classification/job.ts';
import { readTaggingRunConfig } from '../tasks/ner/run-config.ts';
import { assembleTagger } from '../tasks/ner/tagger.ts';
import { SAMPLE_TEXTS } from './check.ts';
import type { ExportReport, ExportRunOptions } from './report.ts';
import { MODEL_FILE } from './manifest.ts';
import type { TaggerExportManifest } from './kind-manifests.ts';

export type { TaggerExportManifest } from './kind-manifests.ts';
import { MANIFEST_FILE } from './manifest.ts';
import { prepareOut, writeExportFiles } from './out-folder.ts';
import { checkTaggerExport } from './tagger-check.ts';
import { exportTagger } from './tagger-graph.ts';
import { tokenizerFiles } from './tokenizer-files.ts';
import { exportWordTagger } from './word-tagger-graph.ts';
import { PAD_ID, UNK_ID } from '../tasks/ner/word-rows.ts';
import { VOCAB_FILE } from '../tasks/ner/word-vocab.ts';
import { rm } from 'node:fs/promises';
import { writeBytesAtomic } from '../io/atomic.ts';

const WORDS_USAGE =
  'Split the text into words (runs of letters/digits/marks with inner apostrophes, hyphens and dots; any other ' +
  'non-space character alone), map each of the first maxLength words to its row in vocab.json "words" (exact, ' +
  'case-sensitive match; a word not there → words.unknownId), pad the batch with 0 (attention_mask 1 over words, 0 ' +
  'over padding), feed int64 [batch, sequence], read "emissions" [batch, sequence, tags] at each word\'s position ' +
  '(words beyond maxLength: O), decode (argmax; or Viterbi over "crf" with I-X allowed only at no sentence start and ' +
  'only after B-X / I-X), and convert the BIO tags to "scheme".';

const USAGE =
  'Split the text into words (runs of letters/digits/marks with inner apostrophes, hyphens and dots; any other ' +
  'non-space character alone), join them with single spaces, tokenize with the tokenizer files here (offsets; ' +
  'truncate to maxLength), feed the inputs as int64 [batch, sequence], read "emissions" [batch, sequence, tags] at ' +
  'each word\'s first sub-token (words without one: O), decode (argmax; or Viterbi over "crf" with I-X allowed only ' +
  'at no sentence start and only after B-X / I-X), and convert the BIO tags to "scheme".';

export async function exportTaggerRun(runDir: string, o: ExportRunOptions): Promise<ExportReport> {
  const config = await readTaggingRunConfig(runDir);
  const labelMap = await loadLabelMap(join(runDir, 'labels.json'));
  if (labelMap.labels.join('\u0000') !== config.task.labels.join('\u0000'))
    throw new DataError(
      join(runDir, 'labels.json'),
      `tags differ from config.json's (${config.task.labels.join(', ')})`,
    );
  await prepareOut(o.out, o.force === true);
  const sentences = (o.samples ?? SAMPLE_TEXTS).map((t) => splitWords(t).map((w) => w.text)).filter((s) => s.length);
  if (sentences.length === 0) throw new DataError('samples', 'the export check needs at least one sample sentence');
  const int8 = o.int8 === true;
  const tagger = await assembleTagger(config, { runDir, onWarning: o.onWarning });
  try {
    const words = config.mode === 'words';
    const tok = words
      ? { kind: 'words' as const, files: [{ name: VOCAB_FILE, from: join(runDir, VOCAB_FILE) }] }
      : await tokenizerFiles(runDir, config);
    const { bytes, ...graph } = words
      ? exportWordTagger(tagger, { int8, quantize: o.quantize })
      : { quantizedTables: 0, ...exportTagger(tagger, { int8, quantize: o.quantize }) };
    if (int8 && graph.quantizedMatMuls + graph.quantizedTables === 0)
      o.onWarning?.(`--int8: no weight MatMul${words ? ', word table or conv kernel' : ''} to quantize`);
    const { modelPath, written } = await writeExportFiles(o.out, tok.files, bytes);
    const check = await checkTaggerExport(modelPath, tagger, graph.inputs, sentences, int8 || graph.encoderInt8);
    if (!check.passed && check.tolerance !== null) {
      await rm(modelPath, { force: true });
      throw new GraphError(
        `export check failed: the exported tagger differs from the in-process one (max |Δ emissions| = ${check.maxAbsDiff}, ` +
          `${check.decisionsAgree}/${check.samples} sentences tagged alike); ${modelPath} was removed`,
      );
    }
    if (!check.passed)
      o.onWarning?.(
        `int8: ${check.samples - check.decisionsAgree} of ${check.samples} sample sentences tagged differently`,
      );
    const crf = tagger.head.crf?.host();
    const info = (s: { name: string; dtype: string; shape: readonly (string | number)[] }) => ({
      name: s.name,
      dtype: s.dtype,
      shape: [...s.shape],
    });
    const manifest: TaggerExportManifest = {
      format: 'bertcnn-export',
      version: 1,
      kind: 'ner',
      model: MODEL_FILE,
      precision: int8 ? 'int8' : 'fp32',
      task: 'ner',
      labels: [...config.task.labels],
      scheme: config.task.scheme,
      decoding: crf ? 'crf' : 'argmax',
      ...(crf
        ? { crf: { start: Array.from(crf.start), end: Array.from(crf.end), transitions: Array.from(crf.transitions) } }
        : {}),
      inputs: graph.inputs.map(info),
      outputs: graph.outputs.map(info),
      maxLength: config.encoder.maxLength,
      tokenizer: { kind: tok.kind, files: tok.files.map((f) => f.name) },
      ...(words ? { words: { padId: PAD_ID, unknownId: UNK_ID, caseSensitive: true as const } } : {}),
      int8:
        int8 || graph.encoderInt8
          ? {
              quantizedMatMuls: graph.quantizedMatMuls,
              reduceRange: o.quantize?.reduceRange ?? defaultReduceRange(),
              encoder: graph.encoderInt8,
              ...(words ? { quantizedTables: graph.quantizedTables } : {}),
            }
          : null,
      model_info: {
        mode: config.mode,
        encoder: words ? null : config.encoder.ref,
        layers: config.encoder.layers,
        combine: config.encoder.combine,
        encoderPrecision: config.encoder.precision,
        head: config.head.kind,
        headOptions: config.head.options,
      },
      usage: words ? WORDS_USAGE : USAGE,
      check,
      source: { run: runDir, created: new Date().toISOString(), bertcnnVersion: BERTCNN_VERSION },
    };
    await writeBytesAtomic(join(o.out, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    return { out: o.out, files: written, modelBytes: bytes.byteLength, graph, check, manifest };
  } finally {
    await tagger.release();
  }
}
