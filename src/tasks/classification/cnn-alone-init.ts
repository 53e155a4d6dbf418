// The initial embedding table of a cnn-alone run (`--head cnn-alone --init-embeddings …`): cnn-alone reads the
// WordPiece ids of --encoder's tokenizer, so its table has one row per token of that vocabulary —
//   bert-matrix:<ref>     the checkpoint's word-embedding matrix as is (same vocabulary size required: every
//                         piece has its own row, so there are no OOV words to apply a policy to)
//   vectors:<src>         each token's vector (a continuation piece `##x` gets that of `x`), the rest random
//   random                the head's own N(0, 1) init (no table is computed)
// The shared initialisation (src/features/embedding-init/) does the work; this maps the encoder onto it.
import { UsageError } from '../../errors.ts';
import {
  pieceTable,
  loadInitSource,
  parseInitSpec,
  coverageLine,
  coverage,
} from '../../features/embedding-init/index.ts';
import { resolveModel } from '../../io/hub.ts';
import { loadWordPieceTokenizer } from '../../tokenize/load-tokenizer.ts';

export interface CnnAloneInit {
  /** [V, D] row-major, V = the tokenizer's vocabulary. */
  table: Float32Array;
  dim: number;
  description: string;
}

/** The table `init` (an --init-embeddings value) gives cnn-alone over `encoderRef`'s tokenizer; null for random. */
export async function cnnAloneInit(
  init: string,
  encoderRef: string,
  seed: number,
  onInfo?: (line: string) => void,
): Promise<CnnAloneInit | null> {
  const spec = parseInitSpec(init, 'initEmbeddings (--init-embeddings)');
  if (spec.kind === 'random') return null;
  const tokenizer = loadWordPieceTokenizer((await resolveModel(encoderRef)).dir);
  const tokens = Array.from({ length: tokenizer.vocabSize }, (_, i) => tokenizer.idToToken(i) ?? '');
  const loaded = await loadInitSource(spec, { level: 'wordpiece' });
  if (loaded.source.kind === 'vectors') {
    const cov = coverage(loaded.source, new Map(tokens.map((t) => [t.replace(/^##(?=.)/, ''), 1])));
    if (cov) onInfo?.(coverageLine(cov, `${loaded.description} over ${encoderRef}'s WordPieces`));
  }
  const t = pieceTable(tokens, loaded.source, seed);
  if (t.matrix.length !== tokens.length * t.dim)
    throw new UsageError(
      `--init-embeddings ${init}: table of ${t.matrix.length / t.dim} rows for ${tokens.length} tokens`,
    );
  return { table: t.matrix, dim: t.dim, description: loaded.description };
}
