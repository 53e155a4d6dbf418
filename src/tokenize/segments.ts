// Small span helpers for the WordPiece tokenizer (wordpiece.ts):
//   splitAddedTokens — splits raw text around added/special tokens typed in it ("hello [SEP] world"), which
//     Hugging Face matches on the original text for BERT's non-normalized added tokens. Tokenizers.js does this
//     internally but returns no positions, so it is redone here with offsets.
//   pieceSpans — where each WordPiece piece sits inside its word.
// All positions are UTF-16 indices.

export interface AddedToken {
  content: string;
  id: number;
}

export interface Segment {
  text: string;
  /** UTF-16 start of `text` in the original string. */
  at: number;
  /** Set when the segment is an added token. */
  id?: number;
}

/** Splits `text` around occurrences of `added` tokens: the earliest match wins, the longest one on ties. */
export function* splitAddedTokens(text: string, added: readonly AddedToken[]): Generator<Segment> {
  let cursor = 0;
  while (cursor < text.length) {
    let best: { at: number; token: AddedToken } | null = null;
    for (const token of added) {
      if (token.content.length === 0) continue;
      const at = text.indexOf(token.content, cursor);
      if (at >= 0 && (!best || at < best.at || (at === best.at && token.content.length > best.token.content.length))) {
        best = { at, token };
      }
    }
    if (!best) break;
    if (best.at > cursor) yield { text: text.slice(cursor, best.at), at: cursor };
    yield { text: best.token.content, at: best.at, id: best.token.id };
    cursor = best.at + best.token.content.length;
  }
  if (cursor < text.length) yield { text: text.slice(cursor), at: cursor };
}

/**
 * [start, end) of each piece inside its word: continuation pieces lose their `prefix` ("##"). When the pieces do
 * not spell the word (a single [UNK]), every piece spans the whole word.
 */
export function pieceSpans(pieces: readonly string[], wordLength: number, prefix: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let at = 0;
  pieces.forEach((p, k) => {
    const len = k > 0 && p.startsWith(prefix) ? p.length - prefix.length : p.length;
    spans.push([at, at + len]);
    at += len;
  });
  return at === wordLength ? spans : pieces.map((): [number, number] => [0, wordLength]);
}
