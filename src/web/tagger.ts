// A NER export folder (bertcnn export on a `--task ner` run; manifest kind "ner") as a tagger in the browser:
// load(url) fetches bertcnn-export.json, the tokenizer files and model.onnx; predict(texts) tags raw text and
// returns, per text, what `bertcnn predict` prints for raw-text NER:
//   { words, tags (in the run's scheme), entities: [{ type, start, end, char_start, char_end, text }] }
//   text → words with offsets (tokenize/words.ts splitWords) → words joined by single spaces → tokenizer (offsets,
//   truncated to maxLength) → model.onnx emissions [B, T, L] → each word's row at its first sub-token
//   (tasks/ner/alignment.ts; words cut by truncation: 'O') → argmax, or Viterbi over the manifest's CRF scores
//   with the BIO constraints (tasks/ner/decode.ts decodeAligned) → entities (metrics/entities.ts) with character
//   offsets into the text → tags converted to the scheme (tasks/ner/scheme.ts). Every step is the Node code itself.
// A NER export over word ids (tokenizer kind 'words': a tagger with no encoder, e.g. a distilled student) maps the
// words to ids by its vocab.json instead of tokenizing (tagger-rows.ts; each word is its own row, at most maxLength).
// A text without words gives { words: [], tags: [], entities: [] } (bertcnn predict skips such lines).
import { GraphError, UsageError } from '../errors.ts';
import { extractEntities } from '../metrics/entities.ts';
import { decodeAligned } from '../tasks/ner/decode.ts';
import { fromBio } from '../tasks/ner/scheme.ts';
import { parseJsonObject } from '../tokenize/tokenizer-files.ts';
import { splitWords } from '../tokenize/words.ts';
import { int64Feeds } from './feeds.ts';
import { defaultFetch, fetchBytes, fetchText, folderUrl } from './fetch-files.ts';
import { parseTaggerManifest, type TaggerExportManifest } from './kind-manifest.ts';
import type { LoadOptions } from './classifier.ts';
import { MANIFEST_FILE } from './manifest.ts';
import { createSession, type WebSession } from './ort.ts';
import { loadTaggerInputs, type TaggerInputs } from './tagger-rows.ts';
import type { WebTokenizer } from './tokenizer.ts';

export interface WebEntity {
  type: string;
  /** Word span [start, end). */
  start: number;
  end: number;
  /** UTF-16 offsets into the text: text.slice(char_start, char_end) is the entity's text. */
  char_start: number;
  char_end: number;
  text: string;
}

export interface WebTagged {
  words: string[];
  tags: string[];
  entities: WebEntity[];
}

export class BertcnnTagger {
  private constructor(
    readonly url: string,
    readonly manifest: TaggerExportManifest,
    private readonly inputs: TaggerInputs,
    private readonly session: WebSession,
  ) {}

  /** The sub-word tokenizer; null for an export over word ids (tokenizer kind 'words'). */
  get tokenizer(): WebTokenizer | null {
    return this.inputs.tokenizer;
  }

  /** Rows of vocab.json for an export over word ids, else null. */
  get vocabSize(): number | null {
    return this.inputs.vocabSize;
  }

  /** Loads the NER export folder at `url` (absolute, or relative to the page). */
  static async load(url: string | URL, o: LoadOptions = {}): Promise<BertcnnTagger> {
    const folder = folderUrl(url);
    const f = o.fetch ?? defaultFetch();
    const manifestUrl = `${folder}${MANIFEST_FILE}`;
    const manifest = parseTaggerManifest(parseJsonObject(await fetchText(f, manifestUrl), manifestUrl), manifestUrl);
    const modelUrl = `${folder}${manifest.model}`;
    const [inputs, model] = await Promise.all([loadTaggerInputs(folder, manifest, f), fetchBytes(f, modelUrl)]);
    const session = await createSession(model, modelUrl, o, 'emissions');
    const want = manifest.inputs.map((i) => i.name).join(', ');
    if (session.inputNames.join(', ') !== want) {
      await session.release();
      throw new GraphError(`${modelUrl}: inputs are ${session.inputNames.join(', ')}, the sidecar says ${want}`);
    }
    return new BertcnnTagger(folder, manifest, inputs, session);
  }

  get labels(): readonly string[] {
    return this.manifest.labels;
  }

  /** One result per text, in order (see the header). */
  async predict(texts: readonly string[], o: { batchSize?: number } = {}): Promise<WebTagged[]> {
    if (!Array.isArray(texts)) throw new UsageError('predict expects an array of strings');
    texts.forEach((t, i) => {
      if (typeof t !== 'string') throw new UsageError(`text ${i} is a ${typeof t}, expected a string`);
    });
    const batchSize = o.batchSize ?? 32;
    if (!(Number.isInteger(batchSize) && batchSize >= 1))
      throw new UsageError(`batchSize must be an integer ≥ 1, got ${batchSize}`);
    const m = this.manifest;
    const L = m.labels.length;
    const spans = texts.map(splitWords);
    const out: WebTagged[] = spans.map(() => ({ words: [], tags: [], entities: [] }));
    const todo = spans.flatMap((s, i) => (s.length ? [i] : []));
    for (let at = 0; at < todo.length; at += batchSize) {
      const idx = todo.slice(at, at + batchSize);
      const words = idx.map((i) => spans[i]!.map((w) => w.text));
      const enc = this.inputs.encode(words);
      const em = await this.session.run(int64Feeds(enc.rows, this.session.inputNames), 'emissions');
      const [B, T, L2] = em.dims;
      if (B !== idx.length || L2 !== L) throw new GraphError(`model.onnx returned emissions [${em.dims.join(', ')}]`);
      idx.forEach((i, b) => {
        const bio = decodeAligned(em.data, b, T!, m.labels, enc.aligns[b]!, m.crf ?? null);
        const sp = spans[i]!;
        const entities = extractEntities(bio).map((e) => {
          const [cs, ce] = [sp[e.start]!.start, sp[e.end - 1]!.end];
          return {
            type: e.type,
            start: e.start,
            end: e.end,
            char_start: cs,
            char_end: ce,
            text: texts[i]!.slice(cs, ce),
          };
        });
        out[i] = { words: words[b]!, tags: fromBio(bio, m.scheme), entities };
      });
    }
    return out;
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

/** Shorthand for BertcnnTagger.load. */
export function loadTagger(url: string | URL, o: LoadOptions = {}): Promise<BertcnnTagger> {
  return BertcnnTagger.load(url, o);
}
