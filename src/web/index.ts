// bertcnn in the browser: the entry point of the bundle dist/web/bertcnn-web.js (`npm run build:web`).
//   import { loadClassifier } from './bertcnn-web.js';
//   const clf = await loadClassifier('.');                      // a folder written by `bertcnn export`
//   const [r] = await clf.predict(['a great film']);            // { text, label, probabilities: { neg, pos } }
//   const tagger = await loadTagger('ner/');                    // a NER export: { words, tags, entities } per text
//   const kim = await loadKimClassifier('kim/');                // a kim2014 export: { text, label, probabilities }
//   const model = await loadExport('.');                        // any export: { kind, model } by the manifest's kind
// onnxruntime-web's ort-wasm-simd-threaded.wasm and .mjs must sit next to the bundle (or pass { wasmPaths });
// `bertcnn web` copies everything needed into the export folder and serves it.
export { BertcnnClassifier, loadClassifier, type LoadOptions, type PredictOptions } from './classifier.ts';
export { BertcnnTagger, loadTagger, type WebEntity, type WebTagged } from './tagger.ts';
export { BertcnnKimClassifier, loadKimClassifier } from './kim-classifier.ts';
export { loadExport, type LoadedExport } from './load-export.ts';
export type { KimExportManifest, TaggerExportManifest } from './kind-manifest.ts';
export type { WebPrediction } from './decide.ts';
export type { FetchLike } from './fetch-files.ts';
export type { ExportManifest } from './manifest.ts';
export type { OrtOptions } from './ort.ts';
export type { WebTokenizer } from './tokenizer.ts';
