// A tagging pipeline is "sentences → per-sub-token emissions" for one mode, as the tagging trainer and evaluator
// see it (the counterpart of pipeline.ts for classification):
//   frozen:   words → text → FeatureSource (encoder features, in memory or the feature cache) → tagger → [B, T, L]
//   finetune: words → text → tokenizer → encoder graph → tagger → [B, T, L]   (encoder and tagger train together)
// It also owns each sentence's word ↔ sub-token alignment (src/tasks/ner/alignment.ts), computed once with the
// same tokenizer and max length as the features; the trainer turns it into word-level targets and the evaluator
// reads tags back per word with it. A sentence's text is its words joined by single spaces.
import type { Value } from '../../engine/graph.ts';
import type { Param } from '../../engine/param.ts';
import type { BuildContext } from '../../engine/program.ts';
import type { InputSpec } from '../../engine/session.ts';
import type { HostTensor } from '../../engine/tensor.ts';
import type { Encoder, LayerSelection } from '../../encoders/encoder.ts';
import type { TaggerHead } from '../../heads/taggers/index.ts';
import { alignSentence } from './alignment.ts';
import type { WordAlignment } from './types.ts';
import type { FeatureSource } from '../../features/source.ts';
import { padColumns } from '../../train/pipeline.ts';

type Words = readonly string[];

export interface TaggingPipeline {
  readonly mode: 'frozen' | 'finetune' | 'words';
  readonly head: TaggerHead;
  /** Everything the optimizer may update (frozen encoder parameters are marked trainable = false). */
  parameters(): Param[];
  /** Aligns (and, frozen, computes features for) every sentence that will be asked for. */
  prepare(sentences: readonly Words[], onProgress?: (done: number, total: number) => void): Promise<void>;
  alignment(words: Words): WordAlignment;
  /** Token-level Program inputs for padded length T (a number = static). */
  inputSpecs(T: number | 'T'): InputSpec[];
  /** Token-level inputs of a batch, padded to exactly T (≥ every sentence's token count). */
  feeds(sentences: readonly Words[], T: number): Promise<Record<string, HostTensor>>;
  /** Emissions [B, T, L]. */
  build(ctx: BuildContext, inputs: Record<string, Value>): Value;
}

export const sentenceKey = (words: Words): string => words.join(' ');

/** Alignments by sentence, computed in chunks through the encoder's tokenizer. */
class Alignments {
  private readonly byWords = new Map<string, WordAlignment>();

  constructor(
    private readonly encoder: Encoder,
    private readonly maxLength: number | undefined,
  ) {}

  private static key(words: Words): string {
    return words.join('\u0001');
  }

  compute(sentences: readonly Words[]): void {
    const todo = new Map<string, Words>();
    for (const w of sentences) if (!this.byWords.has(Alignments.key(w))) todo.set(Alignments.key(w), w);
    const list = [...todo.values()];
    for (let i = 0; i < list.length; i += 64) {
      const chunk = list.slice(i, i + 64);
      const enc = this.encoder.tokenize(chunk.map(sentenceKey), { maxLength: this.maxLength });
      chunk.forEach((w, b) => this.byWords.set(Alignments.key(w), alignSentence(w, enc.offsets[b]!, enc.lengths[b]!)));
    }
  }

  get(words: Words): WordAlignment {
    const a = this.byWords.get(Alignments.key(words));
    if (!a) throw new Error(`tagging pipeline: sentence was not prepared: "${sentenceKey(words).slice(0, 60)}"`);
    return a;
  }
}

export function frozenTaggingPipeline(
  encoder: Encoder,
  source: FeatureSource,
  head: TaggerHead,
  maxLength?: number,
): TaggingPipeline {
  const aligned = new Alignments(encoder, maxLength);
  return {
    mode: 'frozen',
    head,
    parameters: () => head.parameters(),
    async prepare(sentences, onProgress) {
      aligned.compute(sentences);
      await source.prepare(sentences.map(sentenceKey), onProgress);
      for (const w of sentences) {
        const n = source.length(sentenceKey(w));
        if (n !== aligned.get(w).tokens) {
          throw new Error(
            `tagging pipeline: features have ${n} tokens, the tokenizer ${aligned.get(w).tokens}: "${sentenceKey(w).slice(0, 60)}"`,
          );
        }
      }
    },
    alignment: (w) => aligned.get(w),
    inputSpecs: (T) => [
      { name: 'features', dtype: 'float32', shape: ['B', T, source.tokenDim] },
      { name: 'mask', dtype: 'float32', shape: ['B', T] },
    ],
    async feeds(sentences, T) {
      const b = await source.batch(sentences.map(sentenceKey), T);
      return { features: b.tokens!, mask: b.mask };
    },
    build: (ctx, x) => head.forward(ctx, x.features!, x.mask!),
  };
}

export function finetuneTaggingPipeline(
  encoder: Encoder,
  head: TaggerHead,
  opts: { maxLength?: number; layers?: LayerSelection } = {},
): TaggingPipeline {
  const aligned = new Alignments(encoder, opts.maxLength);
  return {
    mode: 'finetune',
    head,
    parameters: () => [...encoder.module.parameters(), ...head.parameters()],
    async prepare(sentences) {
      aligned.compute(sentences);
    },
    alignment: (w) => aligned.get(w),
    inputSpecs: (T) => encoder.inputSpecs.map((s) => ({ ...s, shape: s.shape.map((d) => (d === 'T' ? T : d)) })),
    feeds: async (sentences, T) =>
      padColumns(encoder.feeds(encoder.tokenize(sentences.map(sentenceKey), { maxLength: opts.maxLength })), T),
    build(ctx, x) {
      const enc = encoder.build(ctx, x, { layers: opts.layers });
      return head.forward(ctx, enc.tokens, enc.mask); // [B, T, L]
    },
  };
}
