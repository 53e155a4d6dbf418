// A kim2014 export folder (bertcnn export on a `--preset kim2014` run; manifest kind "kim2014") as a classifier
// in the browser: load(url) fetches bertcnn-export.json, the vocabulary (vocab.json, or the WordPiece tokenizer
// files) and model.onnx; predict(texts) returns one { text, label, probabilities } per text, as `bertcnn predict`:
//   text → clean_str of the run (tasks/kim/clean-str.ts) → whitespace words → vocabulary ids, unknown words dropped
//   (Kim's get_idx_from_sent; WordPiece level: pieces, [UNK]) — presets/kim2014/pipeline.ts's encoders → Kim's
//   padded layout (tasks/kim/padded-rows.ts) → model.onnx → probabilities [B, C] → argmax
import { DataError, GraphError, UsageError } from '../errors.ts';
import { pieceEncoder, wordEncoder, type TextEncoder } from '../presets/kim2014/pipeline.ts';
import { cleaner } from '../tasks/kim/clean-str.ts';
import { paddedRows } from '../tasks/kim/padded-rows.ts';
import { parseJsonObject, wordPieceFromFiles, type TokenizerFileName } from '../tokenize/tokenizer-files.ts';
import type { LoadOptions } from './classifier.ts';
import { predictions, type WebPrediction } from './decide.ts';
import { int64Feeds } from './feeds.ts';
import { defaultFetch, fetchBytes, fetchText, folderUrl, type FetchLike } from './fetch-files.ts';
import { parseKimManifest, type KimExportManifest } from './kind-manifest.ts';
import { MANIFEST_FILE } from './manifest.ts';
import { createSession, type WebSession } from './ort.ts';

async function loadEncoder(folder: string, m: KimExportManifest, f: FetchLike): Promise<TextEncoder> {
  if (m.tokenizer.kind === 'words') {
    const url = `${folder}vocab.json`;
    const v = parseJsonObject(await fetchText(f, url), url) as { words?: unknown };
    if (!Array.isArray(v.words) || !v.words.every((w) => typeof w === 'string'))
      throw new DataError(url, 'expected {"words": [strings…]} (a kim2014 word vocabulary)');
    const words = v.words as string[];
    return wordEncoder({ words, ids: new Map(words.map((w, i) => [w, i])), trainCounts: new Map() });
  }
  const texts = new Map<string, string>();
  await Promise.all(m.tokenizer.files.map(async (n) => texts.set(n, await fetchText(f, `${folder}${n}`))));
  const tok = wordPieceFromFiles(
    (name) => texts.get(name),
    (name: TokenizerFileName) => `${folder}${name}`,
    folder,
  );
  return pieceEncoder(tok);
}

export class BertcnnKimClassifier {
  private constructor(
    readonly url: string,
    readonly manifest: KimExportManifest,
    private readonly encode: TextEncoder,
    private readonly session: WebSession,
  ) {}

  static async load(url: string | URL, o: LoadOptions = {}): Promise<BertcnnKimClassifier> {
    const folder = folderUrl(url);
    const f = o.fetch ?? defaultFetch();
    const manifestUrl = `${folder}${MANIFEST_FILE}`;
    const manifest = parseKimManifest(parseJsonObject(await fetchText(f, manifestUrl), manifestUrl), manifestUrl);
    const modelUrl = `${folder}${manifest.model}`;
    const [encode, model] = await Promise.all([loadEncoder(folder, manifest, f), fetchBytes(f, modelUrl)]);
    const session = await createSession(model, modelUrl, o);
    return new BertcnnKimClassifier(folder, manifest, encode, session);
  }

  get labels(): readonly string[] {
    return this.manifest.labels;
  }

  /** probabilities [N, C] row-major, in the order of `texts`. */
  async probabilities(texts: readonly string[], batchSize = 32): Promise<Float32Array> {
    if (!Array.isArray(texts)) throw new UsageError('predict expects an array of strings');
    texts.forEach((t, i) => {
      if (typeof t !== 'string') throw new UsageError(`text ${i} is a ${typeof t}, expected a string`);
      if (t.trim() === '') throw new UsageError(`text ${i} is empty (bertcnn predict skips empty texts)`);
    });
    const clean = cleaner(this.manifest.kim.clean_str);
    const C = this.labels.length;
    const out = new Float32Array(texts.length * C);
    for (let at = 0; at < texts.length; at += batchSize) {
      const batch = texts.slice(at, at + batchSize);
      const rows = paddedRows(
        batch.map((t) => this.encode(clean(t)).ids),
        this.manifest.kim,
      );
      const p = await this.session.probabilities(
        int64Feeds(
          {
            inputIds: rows.inputIds.map((r) => Int32Array.from(r)),
            attentionMask: rows.attentionMask.map((r) => Int32Array.from(r)),
            tokenTypeIds: [],
          },
          this.session.inputNames,
        ),
      );
      if (p.length !== batch.length * C)
        throw new GraphError(`model.onnx returned ${p.length} probabilities for ${batch.length} texts × ${C} labels`);
      out.set(p, at * C);
    }
    return out;
  }

  /** One { text, label, probabilities } per text (argmax: kim2014 runs are multi-class). */
  async predict(texts: readonly string[], o: { batchSize?: number } = {}): Promise<WebPrediction[]> {
    const probs = await this.probabilities(texts, o.batchSize);
    return predictions({ task: 'multiclass', labels: this.manifest.labels }, texts, probs);
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

export function loadKimClassifier(url: string | URL, o: LoadOptions = {}): Promise<BertcnnKimClassifier> {
  return BertcnnKimClassifier.load(url, o);
}
