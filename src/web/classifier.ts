// A bertcnn export folder as a classifier in the browser: load(url) fetches bertcnn-export.json, the tokenizer
// files and model.onnx from the folder, then predict(texts) tokenizes like the Node side, runs the model with
// onnxruntime-web and returns one { text, label | labels, probabilities } per text, as `bertcnn predict` does.
//   texts → encode (truncate to maxLength, pad to the batch's longest) → int64 [B, T] feeds
//         → model.onnx → probabilities [B, C] → decisions (sidecar thresholds, else 0.5)
import { parseJsonObject } from '../tokenize/tokenizer-files.ts';
import { GraphError, UsageError } from '../errors.ts';
import { predictions, type WebPrediction } from './decide.ts';
import { int64Feeds } from './feeds.ts';
import { defaultFetch, fetchBytes, fetchText, folderUrl, type FetchLike } from './fetch-files.ts';
import { MANIFEST_FILE, parseManifest, type ExportManifest } from './manifest.ts';
import { createSession, type OrtOptions, type WebSession } from './ort.ts';
import { loadExportTokenizer, type WebTokenizer } from './tokenizer.ts';

export interface LoadOptions extends OrtOptions {
  /** Fetch function (default: the global fetch). */
  fetch?: FetchLike;
}

export interface PredictOptions {
  /** Decision threshold for binary / multi-label models (default: the sidecar's thresholds, else 0.5). */
  threshold?: number;
  /** Texts per model call (default 32). */
  batchSize?: number;
}

export class BertcnnClassifier {
  private constructor(
    /** The export folder's absolute URL (ends in '/'). */
    readonly url: string,
    /** The parsed bertcnn-export.json: labels, task, maxLength, model_info, check, … */
    readonly manifest: ExportManifest,
    readonly tokenizer: WebTokenizer,
    private readonly session: WebSession,
  ) {}

  /** Loads the export folder at `url` (absolute, or relative to the page: '.', 'exported/'). */
  static async load(url: string | URL, o: LoadOptions = {}): Promise<BertcnnClassifier> {
    const folder = folderUrl(url);
    const f = o.fetch ?? defaultFetch();
    const manifestUrl = `${folder}${MANIFEST_FILE}`;
    const manifest = parseManifest(parseJsonObject(await fetchText(f, manifestUrl), manifestUrl), manifestUrl);
    const modelUrl = `${folder}${manifest.model}`;
    const [tokenizer, model] = await Promise.all([loadExportTokenizer(folder, manifest, f), fetchBytes(f, modelUrl)]);
    const session = await createSession(model, modelUrl, o);
    const want = manifest.inputs.map((i) => i.name).join(', ');
    if (session.inputNames.join(', ') !== want) {
      await session.release();
      throw new GraphError(`${modelUrl}: inputs are ${session.inputNames.join(', ')}, the sidecar says ${want}`);
    }
    return new BertcnnClassifier(folder, manifest, tokenizer, session);
  }

  get labels(): readonly string[] {
    return this.manifest.labels;
  }

  /** probabilities [N, C] row-major (what `bertcnn predict` reports), in the order of `texts`. */
  async probabilities(texts: readonly string[], batchSize = 32): Promise<Float32Array> {
    if (!Array.isArray(texts)) throw new UsageError('predict expects an array of strings');
    texts.forEach((t, i) => {
      if (typeof t !== 'string') throw new UsageError(`text ${i} is a ${typeof t}, expected a string`);
      if (t.trim() === '') throw new UsageError(`text ${i} is empty (bertcnn predict skips empty texts)`);
    });
    if (!(Number.isInteger(batchSize) && batchSize >= 1))
      throw new UsageError(`batchSize must be an integer ≥ 1, got ${batchSize}`);
    const C = this.labels.length;
    const out = new Float32Array(texts.length * C);
    for (let at = 0; at < texts.length; at += batchSize) {
      const batch = texts.slice(at, at + batchSize);
      const p = await this.session.probabilities(int64Feeds(this.tokenizer.encode(batch), this.session.inputNames));
      if (p.length !== batch.length * C)
        throw new GraphError(`model.onnx returned ${p.length} probabilities for ${batch.length} texts × ${C} labels`);
      out.set(p, at * C);
    }
    return out;
  }

  /** One result per text: { text, label, probabilities: { label: p } } ({ labels: [...] } for multi-label). */
  async predict(texts: readonly string[], o: PredictOptions = {}): Promise<WebPrediction[]> {
    const probs = await this.probabilities(texts, o.batchSize);
    return predictions(this.manifest, texts, probs, o.threshold);
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

/** Shorthand for BertcnnClassifier.load. */
export function loadClassifier(url: string | URL, o: LoadOptions = {}): Promise<BertcnnClassifier> {
  return BertcnnClassifier.load(url, o);
}
