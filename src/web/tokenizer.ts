// The tokenizer of an export folder, in the browser, encoding exactly as the Node side does (the same code):
//   wordpiece → the project's WordPieceTokenizer built from the folder's tokenizer.json / vocab.txt /
//               tokenizer_config.json / special_tokens_map.json by tokenize/tokenizer-files.ts (the core that
//               load-tokenizer.ts uses in Node), over @huggingface/tokenizers (pure JS)
//   use-lite  → the project's UseLiteTokenizer over the folder's vocab.json ([piece, score] pairs; the package's
//               null scores read as 0, as encoders/use-lite/files.ts reads them)
// encode(texts) truncates to the sidecar's maxLength (special tokens included) and pads to the longest row:
//   inputIds / attentionMask / tokenTypeIds [B][T].
import { DataError } from '../errors.ts';
import { UseLiteTokenizer } from '../encoders/use-lite/tokenizer.ts';
import type { BatchEncoding } from '../tokenize/encode-batch.ts';
import { wordPieceFromFiles, type TokenizerFileName } from '../tokenize/tokenizer-files.ts';
import { fetchText, type FetchLike } from './fetch-files.ts';
import type { ExportManifest } from './manifest.ts';

export interface WebTokenizer {
  readonly kind: 'wordpiece' | 'use-lite';
  readonly vocabSize: number;
  /** Encodes like the Node encoder's tokenize(texts, { maxLength }): truncated, padded to the longest row. */
  encode(texts: readonly string[]): BatchEncoding;
}

/** vocab.json of USE-lite: [piece, score] pairs (more than the 6 reserved entries); null scores read as 0. */
export function parseUseLiteVocab(text: string, url: string): Array<[string, number]> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new DataError(url, `cannot read JSON: ${(e as Error).message}`);
  }
  const entry = (e: unknown) =>
    Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && (e[1] === null || Number.isFinite(e[1]));
  if (!(Array.isArray(v) && v.length > 6 && v.every(entry))) {
    throw new DataError(url, 'is not a SentencePiece vocabulary (expected an array of [piece, score] pairs)');
  }
  return (v as Array<[string, number | null]>).map(([p, s]) => [p, s ?? 0]);
}

/** Fetches the tokenizer files the sidecar lists (from `folder`, an absolute URL ending in '/') and builds it. */
export async function loadExportTokenizer(
  folder: string,
  m: Pick<ExportManifest, 'maxLength' | 'tokenizer'>,
  f: FetchLike,
): Promise<WebTokenizer> {
  const maxLength = m.maxLength;
  const files = m.tokenizer.files;
  if (m.tokenizer.kind === 'use-lite') {
    if (!files.includes('vocab.json'))
      throw new DataError(`${folder}bertcnn-export.json`, 'a use-lite export needs vocab.json');
    const url = `${folder}vocab.json`;
    const tok = new UseLiteTokenizer(parseUseLiteVocab(await fetchText(f, url), url), maxLength);
    return { kind: 'use-lite', vocabSize: tok.vocabSize, encode: (texts) => tok.encodeBatch(texts, { maxLength }) };
  }
  const texts = new Map<string, string>();
  await Promise.all(files.map(async (name) => texts.set(name, await fetchText(f, `${folder}${name}`))));
  const where = (name: TokenizerFileName) => `${folder}${name}`;
  const tok = wordPieceFromFiles((name) => texts.get(name), where, folder);
  return { kind: 'wordpiece', vocabSize: tok.vocabSize, encode: (t) => tok.encodeBatch(t, { maxLength }) };
}
