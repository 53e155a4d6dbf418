// Typed access to @huggingface/tokenizers (Tokenizers.js 0.2).
// The package's .d.ts files use extensionless relative imports, which TypeScript's NodeNext resolution cannot
// follow, so its exports type as `any`/missing here. This file states the small surface bertcnn uses (checked
// against the package's dist/tokenizers.mjs) and is the only place that touches the untyped module.

import * as hf from '@huggingface/tokenizers';

export interface LibPostProcessor {
  (tokens: string[], pair: string[] | null, addSpecialTokens: boolean): { tokens: string[]; token_type_ids?: number[] };
  config: unknown;
}

/** The parts of Tokenizers.js' `Tokenizer` used by wordpiece.ts and template.ts. */
export interface LibTokenizer {
  normalizer: ((text: string) => string) | null;
  pre_tokenizer: ((text: string) => string[]) | null;
  model: ((words: string[]) => string[]) | null;
  post_processor: LibPostProcessor | null;
  token_to_id(token: string): number | undefined;
  id_to_token(id: number): string | undefined;
  decode(ids: number[], options?: { skip_special_tokens?: boolean }): string;
}

interface HfModule {
  Tokenizer: new (tokenizerJson: object, tokenizerConfig: object) => LibTokenizer;
  BertNormalizer: new (config: object) => { normalize(text: string): string };
}

const lib = hf as unknown as HfModule;

/** `new Tokenizer(tokenizer.json, tokenizer_config.json)` from the library. */
export function createLibTokenizer(tokenizerJson: object, tokenizerConfig: object): LibTokenizer {
  return new lib.Tokenizer(tokenizerJson, tokenizerConfig);
}

/** The library's BertNormalizer (used by tests to document where bert-normalizer.ts differs). */
export function createLibBertNormalizer(config: object): { normalize(text: string): string } {
  return new lib.BertNormalizer({ type: 'BertNormalizer', ...config });
}
