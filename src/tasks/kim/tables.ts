// Initial embedding tables for Kim's four variants, from one source of vectors:
//   rand          one trainable channel, 300-d U[−0.25, 0.25] (Kim's W2)
//   static        one frozen channel from the source
//   non-static    one trainable channel from the source
//   multichannel  a frozen and a trainable copy of the source table
// Sources: static vectors (word2vec/GloVe/fastText/wink, rescaled to Kim's entry std unless vectorScale 'raw';
// Kim's variance-matched U[−a, a] for words without a vector) or a BERT word-embedding matrix (word level with an
// OOV policy, or WordPiece level; used as is).
import { UsageError } from '../../errors.ts';
import { Rng } from '../../engine/rng.ts';
import { hasPretrained, wordTable, type VectorSource } from '../../features/embedding-init/index.ts';
import { KIM2014, type KimVariant, type VectorScale } from './paper.ts';
import type { ChannelSpec } from './model.ts';

export { hasPretrained, type VectorSource };

export interface Tables {
  vocabSize: number;
  dim: number;
  channels: ChannelSpec[];
  /** What happened, for the report: pretrained / random rows, the U[−a, a] bound, OOV policy. */
  info: Record<string, number | string | boolean>;
  /** Factor the pretrained static vectors were multiplied by (1 when not rescaled). */
  scale: number;
  charCnn: boolean;
}

/** The base table comes from the shared initialisation (src/features/embedding-init/table.ts) with Kim's settings:
 *  CNN-rand 300-d U[−0.25, 0.25], static vectors rescaled to his entry std unless vectorScale 'raw'. */
export function buildTables(
  variant: KimVariant,
  source: VectorSource,
  words: readonly string[] | null,
  seed: number,
  vectorScale: VectorScale = 'kim',
): Tables {
  const rng = new Rng(seed * 31 + 7);
  const src: VectorSource = variant === 'rand' ? { kind: 'random' } : source;
  const wordLevel = !(src.kind === 'bert' && src.level === 'wordpiece');
  if (wordLevel && !words)
    throw new UsageError(`${src.kind === 'random' ? 'CNN-rand' : 'a word-level table'} needs a word vocabulary`);
  const t = wordTable(words ?? [''], src, rng, {
    randomDim: KIM2014.randDim,
    randomBound: KIM2014.randBound,
    ...(src.kind === 'vectors' && vectorScale === 'kim' ? { std: KIM2014.vectorStd } : {}),
  });
  const [base, dim, info, charCnn, scale] = [t.matrix, t.dim, t.info, t.charCnn, t.scale];
  const vocabSize = base.length / dim;
  const channels: ChannelSpec[] =
    variant === 'multichannel'
      ? [
          { init: base, trainable: false },
          { init: Float32Array.from(base), trainable: true },
        ]
      : [{ init: base, trainable: variant !== 'static' }];
  return { vocabSize, dim, channels, info, charCnn, scale };
}
