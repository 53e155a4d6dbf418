// Model feeds from a padded batch encoding, as ONNX Runtime wants them: every graph input int64 [B, T] row-major.
//   input_ids      ← inputIds       [B][T]
//   attention_mask ← attentionMask  [B][T]  1 = token, 0 = padding
//   token_type_ids ← tokenTypeIds   [B][T]  (only when the graph has that input)
// Independent of onnxruntime-web (plain arrays), so it is tested in Node.
import { GraphError } from '../errors.ts';
import type { BatchEncoding } from '../tokenize/encode-batch.ts';

export interface Int64Feed {
  data: BigInt64Array;
  dims: [number, number];
}

type Rows = Pick<BatchEncoding, 'inputIds' | 'attentionMask' | 'tokenTypeIds'>;

const SOURCE: Record<string, (e: Rows) => ArrayLike<number>[]> = {
  input_ids: (e) => e.inputIds,
  attention_mask: (e) => e.attentionMask,
  token_type_ids: (e) => e.tokenTypeIds,
};

export function int64Feeds(enc: Rows, inputNames: readonly string[]): Record<string, Int64Feed> {
  const B = enc.inputIds.length;
  const T = B > 0 ? enc.inputIds[0]!.length : 0;
  const out: Record<string, Int64Feed> = {};
  for (const name of inputNames) {
    const rows = SOURCE[name]?.(enc);
    if (!rows) throw new GraphError(`the model asks for input '${name}', which a bertcnn tokenizer does not produce`);
    const data = new BigInt64Array(B * T);
    rows.forEach((row, b) => {
      if (row.length !== T)
        throw new GraphError(`${name}: row ${b} has ${row.length} entries, expected ${T} (unpadded batch)`);
      for (let t = 0; t < T; t++) data[b * T + t] = BigInt(row[t]!);
    });
    out[name] = { data, dims: [B, T] };
  }
  return out;
}
