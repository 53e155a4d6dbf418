// The tagging pipeline of a tagger over word ids (mode 'words', no encoder): each CoNLL word is one position, so
// the alignment is the identity (word i → position i), cut at maxLength words (the rest predicted 'O', as the
// encoder modes do for sub-tokens beyond --max-length).
//   words → ids [B, T] int64 (unknown → <unk>), mask [B, T] → Embedding [B, T, D] → tagger → emissions [B, T, L]
// The embedding table is trained with the head unless frozen (--freeze-embeddings: its Param is not trainable).
import type { Embedding } from '../../nn/embedding.ts';
import type { TaggerHead } from '../../heads/taggers/index.ts';
import type { TaggingPipeline } from './pipeline.ts';
import { wordAlignment } from './word-rows.ts';
import { wordIds, type TaggerVocab } from './word-vocab.ts';

export { wordAlignment } from './word-rows.ts';

export function wordsTaggingPipeline(
  vocab: TaggerVocab,
  embedding: Embedding,
  head: TaggerHead,
  maxLength: number,
): TaggingPipeline {
  return {
    mode: 'words',
    head,
    parameters: () => [...embedding.parameters(), ...head.parameters()],
    async prepare() {},
    alignment: (w) => wordAlignment(w.length, maxLength),
    inputSpecs: (T) => [
      { name: 'ids', dtype: 'int64', shape: ['B', T] },
      { name: 'mask', dtype: 'float32', shape: ['B', T] },
    ],
    async feeds(sentences, T) {
      const B = sentences.length;
      const ids = new BigInt64Array(B * T);
      const mask = new Float32Array(B * T);
      sentences.forEach((s, b) => {
        const row = wordIds(vocab, s.slice(0, Math.min(s.length, maxLength, T)));
        row.forEach((id, t) => {
          ids[b * T + t] = BigInt(id);
          mask[b * T + t] = 1;
        });
      });
      return {
        ids: { dtype: 'int64', shape: [B, T], data: ids },
        mask: { dtype: 'float32', shape: [B, T], data: mask },
      };
    },
    build: (ctx, x) => head.forward(ctx, embedding.forward(ctx, x.ids!), x.mask!),
  };
}
