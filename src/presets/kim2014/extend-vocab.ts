// `predict/eval --extend-vocab` on a Kim (2014) run over static vectors: words of the input that are not in the
// run's vocabulary but have a vector in the run's source get a row, instead of being dropped (Kim's
// get_idx_from_sent). Kim built his vocabulary over every sentence of a dataset, test included, so his model had a
// vector for each test word; a run trained here only knows its training data's words. The row is what training
// would have given a word it never saw: the vector, rescaled by the run's own factor (the factor is recomputed from
// the run's vocabulary exactly as training computed it), in every channel — a non-static channel only moves the
// rows of words it trained on, so an unseen word's row is its initial vector there too.
// Words the source lacks are still dropped (their training-time row would be random). Off by default: serve,
// workers and exports use the run's vocabulary, so `predict` and `predict --redis` agree unless it is asked for.
import { DataError, UsageError } from '../../errors.ts';
import { Rng } from '../../engine/rng.ts';
import { initFromVectors } from '../../encoders/static/index.ts';
import { loadInitSource } from '../../features/embedding-init/index.ts';
import { words } from '../../tasks/kim/clean-str.ts';
import type { KimRunConfig } from '../../tasks/kim/kim-run-config.ts';
import { KIM2014 } from '../../tasks/kim/paper.ts';

/** Rows for words outside a run's vocabulary. */
export interface VocabExtension {
  /** The new words, in first-seen order. */
  words: string[];
  /** [words.length, D] row-major: each word's rescaled vector. */
  rows: Float32Array;
  /** Word tokens (not types) of the input that stay unknown: the source has no vector for them. */
  stillDropped: number;
  /** The source, for messages. */
  description: string;
}

/** What `--extend-vocab` needs from a run: word level, static vectors with a recorded path, no char CNN. */
function checkExtendable(config: KimRunConfig, dir: string): string {
  const why =
    config.level !== 'word'
      ? 'it reads WordPieces, every text is covered already'
      : config.source.kind !== 'vectors'
        ? `its table came from ${config.source.kind === 'random' ? 'no vectors (CNN-rand)' : 'a BERT matrix'}`
        : config.char_cnn
          ? 'its unknown words go through its character CNN'
          : !config.source.path
            ? 'its run config records no vectors path (source.path)'
            : null;
  if (why) throw new UsageError(`--extend-vocab does not apply to the kim2014 run ${dir}: ${why}`);
  return config.source.path!;
}

/** Rows for the words of `cleaned` texts that `vocab` lacks and the run's vectors have. */
export async function extendVocab(
  config: KimRunConfig,
  dir: string,
  vocab: readonly string[],
  cleaned: readonly string[],
): Promise<VocabExtension> {
  const path = checkExtendable(config, dir);
  const known = new Set(vocab);
  const unknown = new Map<string, number>(); // word → tokens
  for (const t of cleaned) for (const w of words(t)) if (!known.has(w)) unknown.set(w, (unknown.get(w) ?? 0) + 1);
  const format = config.source.format;
  const loaded = await loadInitSource(
    { kind: 'vectors', source: path },
    format ? { format: format as 'auto' } : {},
  ).catch((e: unknown) => {
    throw new DataError(
      path,
      `cannot load the run's vectors for --extend-vocab (kim2014 run ${dir}, source.path): ${(e as Error).message}`,
    );
  });
  if (loaded.source.kind !== 'vectors') throw new Error('extendVocab: a vectors source expected');
  const vectors = loaded.source.vectors;
  if (vectors.dim !== config.dim)
    throw new DataError(path, `vectors of ${vectors.dim} dimensions; the kim2014 run ${dir} has ${config.dim}`);
  // The run's factor, computed as training did (same words, same order → the same variance, bit for bit).
  const scale =
    config.vector_scale === 'kim' ? initFromVectors(vocab, vectors, new Rng(0), { std: KIM2014.vectorStd }).scale : 1;
  const D = vectors.dim;
  const found: string[] = [];
  const rows: number[] = [];
  let stillDropped = 0;
  const row = new Float32Array(D);
  for (const [w, n] of unknown) {
    const hit = vectors.lookup(w);
    if (!hit) {
      stillDropped += n;
      continue;
    }
    found.push(w);
    row.set(vectors.row(hit.id)); // float32, then × scale, exactly as initFromVectors does
    for (let j = 0; j < D; j++) rows.push(Math.fround(row[j]! * scale));
  }
  return { words: found, rows: Float32Array.from(rows), stillDropped, description: loaded.description };
}
