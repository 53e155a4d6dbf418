// Test helper (not a test): the TF.js Universal Sentence Encoder tokenizer as @energetic-ai/embeddings ships it
// (a port of SentencePiece's EncodeAsIds), reached through its EmbeddingsModel.tokenizer with a stub model.
// Its package bundles TF.js, so tests that load the tfjs reference (reference.ts) must not import this one.
import { initModel } from '@energetic-ai/embeddings';

export async function referenceTokenizer(
  vocab: ReadonlyArray<readonly [string, number]>,
): Promise<(text: string) => number[]> {
  const stub = async () => ({ vocabulary: vocab as Array<[string, number]>, model: null as never });
  const m = (await initModel(stub)) as unknown as { tokenizer: { encode(s: string): number[] } };
  return (text) => m.tokenizer.encode(text);
}
