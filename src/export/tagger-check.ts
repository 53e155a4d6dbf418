// The export check of a NER tagger: runs the written model.onnx in a fresh ONNX Runtime session on sample
// sentences (SAMPLE_TEXTS split into words by tokenize/words.ts splitWords, as `bertcnn predict` splits raw text)
// and compares it with the in-process tagger:
//   emissions  the rows read for decoding (each labelled word's first sub-token), max |Δ| ≤ TAGGER_TOLERANCE
//              (emissions are scores, not probabilities: a looser bound than check.ts's 1e-4)
// A tagger over word ids (mode 'words') is fed word-id rows built by tasks/ner/word-rows.ts (the rule its vocab.json
// consumers follow) instead of the tokenizer's.
//   tags       decoded from the exported emissions exactly as a consumer does (tasks/ner/decode.ts decodeAligned: argmax, or
//              Viterbi over the manifest's CRF scores with the BIO constraints) = predictTags' tags, per sentence
// fp32: both must hold, else the check fails; int8 graphs: the tags must agree, the difference is reported.
import { readFile } from 'node:fs/promises';
import { INPUT_IDS } from '../encoders/backbone.ts';
import { Session, type InputSpec } from '../engine/session.ts';
import { decodeAligned } from '../tasks/ner/decode.ts';
import { inferencePrograms, predictTags } from '../tasks/ner/evaluate.ts';
import { sentenceKey } from '../tasks/ner/pipeline.ts';
import { taggerEncoder, type Tagger } from '../tasks/ner/tagger.ts';
import { wordRows } from '../tasks/ner/word-rows.ts';
import type { HostTensor } from '../engine/tensor.ts';
import { exportFeeds, type ExportCheck } from './check.ts';
import { EMISSIONS } from './tagger-graph.ts';

export const TAGGER_TOLERANCE = 1e-3;

export async function checkTaggerExport(
  path: string,
  tagger: Tagger,
  inputs: InputSpec[],
  sentences: readonly (readonly string[])[],
  int8: boolean,
): Promise<ExportCheck> {
  const { pipeline, task } = tagger;
  const labels = task.labels;
  const L = labels.length;
  const N = sentences.length;
  await pipeline.prepare(sentences);
  const want = (await predictTags(pipeline, task, sentences, tagger.config.train.evalBatchSize)).tags;
  const aligns = sentences.map((w) => pipeline.alignment(w));
  // in-process emissions of the whole sample as one batch
  const programs = inferencePrograms(pipeline);
  let ref: Float32Array;
  let refT: number;
  try {
    refT = programs.padded(Math.max(...aligns.map((a) => a.tokens)));
    const program = await programs.get(refT);
    ref = (await program.run(await pipeline.feeds(sentences, refT))).outputs.emissions!.data as Float32Array;
  } finally {
    await programs.release();
  }
  const maxLength = tagger.config.encoder.maxLength;
  const feeds = tagger.words
    ? wordFeeds(tagger.words.vocab.ids, sentences, maxLength)
    : exportFeeds(taggerEncoder(tagger, 'ONNX export'), sentences.map(sentenceKey), maxLength, inputs);
  const T = feeds[INPUT_IDS]!.shape[1] as number;
  const session = await Session.create(await readFile(path), inputs, { label: `exported ${path}` });
  let got: Float32Array;
  try {
    got = (await session.run(feeds, [EMISSIONS]))[EMISSIONS]!.data as Float32Array;
  } finally {
    await session.release();
  }
  let maxAbsDiff = got.length === N * T * L ? 0 : Infinity;
  let decisionsAgree = 0;
  const crf = tagger.head.crf ? tagger.head.crf.host() : null;
  if (maxAbsDiff !== Infinity) {
    aligns.forEach((a, b) => {
      for (const w of a.labelled) {
        const t = a.firstToken[w]!;
        for (let l = 0; l < L; l++) {
          const d = Math.abs(got[(b * T + t) * L + l]! - ref[(b * refT + t) * L + l]!);
          maxAbsDiff = Number.isNaN(d) ? Infinity : Math.max(maxAbsDiff, d);
        }
      }
      if (decodeAligned(got, b, T, labels, a, crf).join() === want[b]!.join()) decisionsAgree++;
    });
  }
  const tolerance = int8 ? null : TAGGER_TOLERANCE;
  const passed = decisionsAgree === N && maxAbsDiff !== Infinity && (tolerance === null || maxAbsDiff <= tolerance);
  return { samples: N, maxAbsDiff, tolerance, decisionsAgree, passed };
}

/** input_ids / attention_mask int64 [B, T] of word-id rows (mode 'words'). */
function wordFeeds(
  ids: ReadonlyMap<string, number>,
  sentences: readonly (readonly string[])[],
  maxLength: number,
): Record<string, HostTensor> {
  const rows = wordRows(ids, sentences, maxLength);
  const B = sentences.length;
  const T = rows.inputIds[0]!.length;
  const flat = (r: Int32Array[]) =>
    BigInt64Array.from(
      r.flatMap((x) => Array.from(x)),
      (v) => BigInt(v),
    );
  return {
    input_ids: { dtype: 'int64', shape: [B, T], data: flat(rows.inputIds) },
    attention_mask: { dtype: 'int64', shape: [B, T], data: flat(rows.attentionMask) },
  };
}
