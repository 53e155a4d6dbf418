// loadExport(url): any export folder in the browser, by its manifest's "kind" (absent = classification):
//   classification → { kind: 'classification', model: BertcnnClassifier }
//   ner            → { kind: 'ner', model: BertcnnTagger }
//   kim2014        → { kind: 'kim2014', model: BertcnnKimClassifier }
// The manifest is fetched once to pick the loader (which fetches it again with the rest of the folder).
import { parseJsonObject } from '../tokenize/tokenizer-files.ts';
import { BertcnnClassifier, type LoadOptions } from './classifier.ts';
import { defaultFetch, fetchText, folderUrl } from './fetch-files.ts';
import { BertcnnKimClassifier } from './kim-classifier.ts';
import { exportKind } from './kind-manifest.ts';
import { MANIFEST_FILE } from './manifest.ts';
import { BertcnnTagger } from './tagger.ts';

export type LoadedExport =
  | { kind: 'classification'; model: BertcnnClassifier }
  | { kind: 'ner'; model: BertcnnTagger }
  | { kind: 'kim2014'; model: BertcnnKimClassifier };

export async function loadExport(url: string | URL, o: LoadOptions = {}): Promise<LoadedExport> {
  const folder = folderUrl(url);
  const f = o.fetch ?? defaultFetch();
  const manifestUrl = `${folder}${MANIFEST_FILE}`;
  const kind = exportKind(parseJsonObject(await fetchText(f, manifestUrl), manifestUrl), manifestUrl);
  if (kind === 'ner') return { kind, model: await BertcnnTagger.load(folder, { ...o, fetch: f }) };
  if (kind === 'kim2014') return { kind, model: await BertcnnKimClassifier.load(folder, { ...o, fetch: f }) };
  return { kind, model: await BertcnnClassifier.load(folder, { ...o, fetch: f }) };
}
