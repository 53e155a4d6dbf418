// A tagger kept ready for many predict() calls (server, queue worker, loadRun): the inference Programs (one per
// padded length, inferencePrograms) are compiled once and shared by every call, while each call gets a fresh
// pipeline — its own word alignments and, for frozen runs, a BatchFeatureSource holding that call's features
// only — so a long-lived server does not keep every sentence it has seen. Calls are serialized.
// Raw texts are split into words the CoNLL/PTB way (src/tokenize/words.ts splitWords), and every entity carries
// its word span [start, end) and its character span [char_start, char_end) into the text, whose characters are
// the entity's `text` — the objects `bertcnn predict` prints for raw-text NER.
import { BatchFeatureSource } from '../../features/batch-source.ts';
import { extractEntities } from '../../metrics/entities.ts';
import { splitWords } from '../../tokenize/words.ts';
import { checkMaxBatch } from '../classification/predictor.ts';
import { inferencePrograms, predictTags } from './evaluate.ts';
import { finetuneTaggingPipeline, frozenTaggingPipeline, type TaggingPipeline } from './pipeline.ts';
import { fromBio } from './scheme.ts';
import { layerSelection } from '../classification/classifier.ts';
import { taggerEncoder, taggingFeatureOptions, type Tagger } from './tagger.ts';
import { wordsTaggingPipeline } from './word-pipeline.ts';
import type { TaggingTask } from './types.ts';
import { serialCalls } from '../../train/serial-calls.ts';

/** One entity of a tagged text. */
export interface TextEntity {
  type: string;
  /** Word span [start, end) into `words`. */
  start: number;
  end: number;
  /** Character span [char_start, char_end) into the text (UTF-16 offsets). */
  char_start: number;
  char_end: number;
  /** The text's own characters of the entity. */
  text: string;
}

/** One tagged text: its words, a tag per word (in the run's scheme), its entities. */
export interface TaggedText {
  words: string[];
  tags: string[];
  entities: TextEntity[];
}

export interface TaggerPredictor {
  readonly task: TaggingTask;
  /** Tags (BIO) per word of each sentence, in input order. */
  tagWords(sentences: readonly (readonly string[])[]): Promise<string[][]>;
  /** Raw texts → words, tags and entities with character offsets, in input order. */
  predict(texts: readonly string[]): Promise<TaggedText[]>;
  release(): Promise<void>;
}

/** A pipeline like the tagger's own, with nothing cached across calls (the Programs are shared separately; a NER
 *  distillation teacher scores its transfer set the same way, src/tasks/distill/ner-teacher.ts). */
export function callPipeline(t: Tagger): TaggingPipeline {
  const cfg = t.config;
  const maxLength = cfg.encoder.maxLength;
  if (t.words) return wordsTaggingPipeline(t.words.vocab, t.words.embedding, t.head, maxLength);
  const encoder = taggerEncoder(t, 'an encoder pipeline');
  if (cfg.mode === 'finetune')
    return finetuneTaggingPipeline(encoder, t.head, { maxLength, layers: layerSelection(cfg) });
  return frozenTaggingPipeline(encoder, new BatchFeatureSource(encoder, taggingFeatureOptions(cfg)), t.head, maxLength);
}

/** A predictor around an assembled tagger (weights loaded); release() releases the tagger too. */
export async function taggerPredictor(tagger: Tagger, o: { maxBatch?: number } = {}): Promise<TaggerPredictor> {
  const maxBatch = checkMaxBatch(o.maxBatch);
  const task = tagger.task;
  const programs = inferencePrograms(callPipeline(tagger));
  async function tagWords(sentences: readonly (readonly string[])[]): Promise<string[][]> {
    if (sentences.length === 0) return [];
    const pipeline = callPipeline(tagger);
    await pipeline.prepare(sentences);
    const p = await predictTags(pipeline, task, sentences, maxBatch, programs);
    return p.tags;
  }
  const calls = serialCalls();
  const serial = <T>(f: () => Promise<T>): Promise<T> => calls.run(f);
  return {
    task,
    tagWords: (sentences) => serial(() => tagWords(sentences)),
    predict: (texts) =>
      serial(async () => {
        const spans = texts.map((t) => splitWords(t));
        const nonEmpty = spans.flatMap((s, i) => (s.length ? [i] : []));
        const bio = await tagWords(nonEmpty.map((i) => spans[i]!.map((w) => w.text)));
        const out: TaggedText[] = texts.map(() => ({ words: [], tags: [], entities: [] }));
        nonEmpty.forEach((i, k) => {
          const words = spans[i]!;
          const entities = extractEntities(bio[k]!).map((e) => {
            const [charStart, charEnd] = [words[e.start]!.start, words[e.end - 1]!.end];
            return { ...e, char_start: charStart, char_end: charEnd, text: texts[i]!.slice(charStart, charEnd) };
          });
          out[i] = { words: words.map((w) => w.text), tags: fromBio(bio[k]!, task.scheme), entities };
        });
        return out;
      }),
    async release() {
      if (calls.closed) return;
      await calls.close();
      await programs.release();
      await tagger.release();
    },
  };
}
