// bertcnn in the browser: the entry point of the bundle dist/web/bertcnn-web.js (`npm run build:web`).
//   import { loadClassifier } from './bertcnn-web.js';
//   const clf = await loadClassifier('.');                      // a folder written by `bertcnn export`
//   const [r] = await clf.predict(['a great film']);            // { text, label, probabilities: { neg, pos } }
// onnxruntime-web's ort-wasm-simd-threaded.wasm and .mjs must sit next to the bundle (or pass { wasmPaths });
// `bertcnn web` copies everything needed into the export folder and serves it.
export { BertcnnClassifier, loadClassifier, type LoadOptions, type PredictOptions } from './classifier.ts';
export type { WebPrediction } from './decide.ts';
export type { FetchLike } from './fetch-files.ts';
export type { ExportManifest } from './manifest.ts';
export type { OrtOptions } from './ort.ts';
export type { WebTokenizer } from './tokenizer.ts';
