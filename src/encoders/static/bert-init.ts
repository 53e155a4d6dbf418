// Embedding initialisation from a BERT checkpoint's word-embedding matrix (seed 003:
// nn.Embedding.from_pretrained(bert.embeddings.word_embeddings.weight)), for a model over words or over WordPieces.
//   WordPiece level: the table IS the matrix [V_bert, H]; texts are WordPiece-tokenized (no OOV: the tokenizer
//     already maps unknown pieces to [UNK]).
//   Word level: a word that is one WordPiece token (exactly, else lower-cased) gets that row; any other word
//     follows the OOV policy —
//       unk          the [UNK] row
//       pieces-mean  the mean of the rows of the word's WordPieces (its [UNK] row if it has none)
//       char-cnn     the [UNK] row here, and the model CONCATENATES a character-CNN vector learned jointly
//                    (tasks/kim/char-cnn.ts) to every word's row — so OOV words are told apart by spelling.
// The padding row (0) is zero.
import { DataError, UsageError } from '../../errors.ts';
import { openCheckpoint } from '../../io/checkpoint.ts';
import { bf16ToF32, f16ToF32 } from '../../io/fp16.ts';
import { loadWordPieceTokenizer } from '../../tokenize/load-tokenizer.ts';
import type { WordPieceTokenizer } from '../../tokenize/wordpiece.ts';

export const OOV_POLICIES = ['unk', 'pieces-mean', 'char-cnn'] as const;
export type OovPolicy = (typeof OOV_POLICIES)[number];

export interface BertWordEmbeddings {
  /** [vocabSize, dim] row-major, float32. */
  matrix: Float32Array;
  vocabSize: number;
  dim: number;
  tokenizer: WordPieceTokenizer;
  /** Name of the tensor read, e.g. `bert.embeddings.word_embeddings.weight`. */
  tensor: string;
  dir: string;
}

/** Reads `embeddings.word_embeddings.weight` (any prefix) and the tokenizer of a Hugging Face BERT folder. */
export async function readBertWordEmbeddings(dir: string): Promise<BertWordEmbeddings> {
  const ckpt = await openCheckpoint(dir);
  try {
    const name = ckpt.weights.names.find(
      (n) => n === 'embeddings.word_embeddings.weight' || n.endsWith('.embeddings.word_embeddings.weight'),
    );
    if (!name) throw new DataError(dir, 'no embeddings.word_embeddings.weight tensor in the checkpoint');
    const t = await ckpt.weights.readTensor(name);
    if (t.shape.length !== 2) throw new DataError(dir, `${name} has shape [${t.shape}], expected [vocab, hidden]`);
    const data =
      t.dtype === 'F32'
        ? (t.data as Float32Array)
        : t.dtype === 'F16'
          ? f16ToF32(t.data as Uint16Array)
          : t.dtype === 'BF16'
            ? bf16ToF32(t.data as Uint16Array)
            : null;
    if (!data) throw new DataError(dir, `${name} has dtype ${t.dtype}; expected F32, F16 or BF16`);
    const tokenizer = loadWordPieceTokenizer(dir);
    const [vocabSize, dim] = t.shape as [number, number];
    if (tokenizer.vocabSize > vocabSize)
      throw new DataError(dir, `the tokenizer has ${tokenizer.vocabSize} tokens but ${name} only ${vocabSize} rows`);
    return { matrix: data, vocabSize, dim, tokenizer, tensor: name, dir };
  } finally {
    await ckpt.close();
  }
}

export interface BertWordInit {
  /** [words, dim] row-major. */
  matrix: Float32Array;
  dim: number;
  policy: OovPolicy;
  /** Words that are a single WordPiece token (exactly, or lower-cased). */
  inVocab: number;
  /** Words handled by the OOV policy. */
  oov: number;
  /** The model must add a character CNN (policy char-cnn). */
  charCnn: boolean;
}

/** Word-level table: words [V] (id → word, row 0 = padding) → [V, H] from BERT's matrix. */
export function initWordsFromBert(
  words: readonly string[],
  bert: BertWordEmbeddings,
  policy: OovPolicy,
  opts: { padId?: number } = {},
): BertWordInit {
  if (!(OOV_POLICIES as readonly string[]).includes(policy)) {
    throw new UsageError(`unknown OOV policy ${JSON.stringify(policy)} (expected one of ${OOV_POLICIES.join(', ')})`);
  }
  const padId = opts.padId ?? 0;
  const { dim: H, tokenizer, matrix: M } = bert;
  const unk = tokenizer.specialIds.unk;
  const out = new Float32Array(words.length * H);
  const row = (id: number) => M.subarray(id * H, (id + 1) * H);
  let inVocab = 0;
  let oov = 0;
  words.forEach((w, i) => {
    if (i === padId) return;
    const id = tokenizer.tokenToId(w) ?? tokenizer.tokenToId(w.toLowerCase());
    if (id !== undefined) {
      out.set(row(id), i * H);
      inVocab++;
      return;
    }
    oov++;
    const dst = out.subarray(i * H, (i + 1) * H);
    if (policy !== 'pieces-mean') return void dst.set(row(unk));
    const pieces = tokenizer.tokenize(w).map((p) => tokenizer.tokenToId(p) ?? unk);
    if (pieces.length === 0) return void dst.set(row(unk));
    for (const p of pieces) {
      const r = row(p);
      for (let j = 0; j < H; j++) dst[j] = dst[j]! + r[j]! / pieces.length;
    }
  });
  return { matrix: out, dim: H, policy, inVocab, oov, charCnn: policy === 'char-cnn' };
}

/** WordPiece-level table: a copy of the whole matrix (row 0 is BERT's [PAD], which the Kim model masks out). */
export function bertPieceTable(bert: BertWordEmbeddings): Float32Array {
  if (bert.tokenizer.specialIds.pad !== 0)
    throw new DataError(bert.dir, `[PAD] must be id 0 for the padding scheme, got ${bert.tokenizer.specialIds.pad}`);
  return Float32Array.from(bert.matrix);
}
