// What a user of an export does, written independently of src/export: tokenize with the export folder's own
// tokenizer files, pad to the longest row, feed int64 tensors to a fresh onnxruntime-node session, read
// `probabilities` [N, C].
import ort from 'onnxruntime-node';
import { join } from 'node:path';
import { loadWordPieceTokenizer } from '../../src/tokenize/load-tokenizer.ts';
import type { BatchEncoding } from '../../src/tokenize/encode-batch.ts';

const int64 = (rows: ArrayLike<number>[], T: number) =>
  new ort.Tensor(
    'int64',
    BigInt64Array.from({ length: rows.length * T }, (_, i) => BigInt(rows[Math.floor(i / T)]![i % T]!)),
    [rows.length, T],
  );

/** Feeds for the session's inputs from a padded encoding. */
export function ortFeeds(
  session: ort.InferenceSession,
  enc: Pick<BatchEncoding, 'inputIds' | 'attentionMask' | 'tokenTypeIds'>,
): Record<string, ort.Tensor> {
  const T = enc.inputIds[0]!.length;
  const rows: Record<string, ArrayLike<number>[]> = {
    input_ids: enc.inputIds,
    attention_mask: enc.attentionMask,
    token_type_ids: enc.tokenTypeIds,
  };
  return Object.fromEntries(session.inputNames.map((n) => [n, int64(rows[n]!, T)]));
}

export async function runProbabilities(
  session: ort.InferenceSession,
  enc: Pick<BatchEncoding, 'inputIds' | 'attentionMask' | 'tokenTypeIds'>,
): Promise<Float32Array> {
  const out = await session.run(ortFeeds(session, enc));
  return out.probabilities!.data as Float32Array;
}

/** Probabilities of `texts` from an export folder alone (WordPiece exports): its tokenizer, its model.onnx. */
export async function runExportFolder(
  dir: string,
  texts: string[],
  maxLength: number,
): Promise<{ probs: Float32Array; session: ort.InferenceSession }> {
  const tokenizer = loadWordPieceTokenizer(dir);
  const session = await ort.InferenceSession.create(join(dir, 'model.onnx'));
  const probs = await runProbabilities(session, tokenizer.encodeBatch(texts, { maxLength }));
  return { probs, session };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

export function argmaxRows(p: ArrayLike<number>, C: number): number[] {
  return Array.from({ length: p.length / C }, (_, b) => {
    let best = 0;
    for (let c = 1; c < C; c++) if (p[b * C + c]! > p[b * C + best]!) best = c;
    return best;
  });
}
