// Test helper: an independent reference implementation of BERT's published tokenization algorithm
// (google-research/bert tokenization.py: BasicTokenizer + WordpieceTokenizer, and run_classifier.py's
// [CLS]/[SEP] layout with _truncate_seq_pair), written step by step from that file — no code shared with
// src/tokenize and no @huggingface/tokenizers. Hugging Face's generalisation of strip_accents (None/True/False)
// is included. Every character carries the [start, end) UTF-16 span of the original code point it came from, so
// the reference also yields the offsets and word ids the tokenizer must report.

/** A single code point of the working text plus where it came from in the original string. */
interface Ch {
  c: string;
  start: number;
  end: number;
}

export interface RefOptions {
  doLowerCase: boolean;
  stripAccents?: boolean | null;
  tokenizeChineseChars?: boolean;
  maxInputCharsPerWord?: number;
}

export interface RefToken {
  piece: string;
  start: number;
  end: number;
  word: number;
}

const cat = (c: string, re: RegExp) => re.test(c);

// _is_whitespace: " ", \t, \n, \r, or category Zs.
function isWhitespace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || cat(c, /^\p{Zs}$/u);
}

// _is_control: \t \n \r are not; otherwise category starting with "C".
function isControl(c: string): boolean {
  if (c === '\t' || c === '\n' || c === '\r') return false;
  return cat(c, /^\p{C}$/u);
}

// _is_punctuation: non-letter/number ASCII ranges, or category starting with "P".
function isPunctuation(c: string): boolean {
  const cp = c.codePointAt(0)!;
  if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126))
    return true;
  return cat(c, /^\p{P}$/u);
}

// _is_chinese_char, verbatim ranges.
function isChineseChar(cp: number): boolean {
  const ranges = [
    [0x4e00, 0x9fff],
    [0x3400, 0x4dbf],
    [0x20000, 0x2a6df],
    [0x2a700, 0x2b73f],
    [0x2b740, 0x2b81f],
    [0x2b820, 0x2ceaf],
    [0xf900, 0xfaff],
    [0x2f800, 0x2fa1f],
  ];
  return ranges.some(([lo, hi]) => cp >= lo! && cp <= hi!);
}

// Python's str.isspace() set, used by str.split() inside whitespace_tokenize.
const PY_SPACE = /^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u;

// whitespace_tokenize: text.strip().split()
function whitespaceTokenize(chars: Ch[]): Ch[][] {
  const out: Ch[][] = [];
  let cur: Ch[] = [];
  for (const ch of chars) {
    if (PY_SPACE.test(ch.c)) {
      if (cur.length) out.push(cur);
      cur = [];
    } else cur.push(ch);
  }
  if (cur.length) out.push(cur);
  return out;
}

/**
 * Applies a per-token string function (Python's token.lower(), or NFD + drop Mn) keeping origins: each input
 * character's own result gives its share of the output; the content comes from the whole token (lower() is
 * context-sensitive for final sigma). Throws if the two disagree in length, which would make the test fail loudly.
 */
function mapToken(token: Ch[], f: (s: string) => string): Ch[] {
  const whole = [...f(token.map((t) => t.c).join(''))];
  const out: Ch[] = [];
  for (const t of token) {
    for (const _ of f(t.c)) {
      const c = whole[out.length];
      if (c === undefined) throw new Error(`reference: per-character ${f.name} does not match the whole token`);
      out.push({ c, start: t.start, end: t.end });
    }
  }
  if (out.length !== whole.length) throw new Error(`reference: per-character ${f.name} does not match the whole token`);
  return out;
}

const lower = (s: string) => s.toLowerCase();
// _run_strip_accents
const stripAccents = (s: string) => [...s.normalize('NFD')].filter((c) => !/^\p{Mn}$/u.test(c)).join('');

// _run_split_on_punc
function splitOnPunc(token: Ch[]): Ch[][] {
  const output: Ch[][] = [];
  let startNewWord = true;
  for (const ch of token) {
    if (isPunctuation(ch.c)) {
      output.push([ch]);
      startNewWord = true;
    } else {
      if (startNewWord) output.push([]);
      startNewWord = false;
      output[output.length - 1]!.push(ch);
    }
  }
  return output;
}

/** BasicTokenizer.tokenize: the list of basic tokens, each a list of characters with origins. */
export function basicTokenize(text: string, o: RefOptions): Ch[][] {
  // _clean_text
  let chars: Ch[] = [];
  let i = 0;
  for (const c of text) {
    const cp = c.codePointAt(0)!;
    const ch = { c, start: i, end: i + c.length };
    i += c.length;
    if (cp === 0 || cp === 0xfffd || isControl(c)) continue;
    chars.push(isWhitespace(c) ? { ...ch, c: ' ' } : ch);
  }
  // _tokenize_chinese_chars
  if (o.tokenizeChineseChars !== false) {
    chars = chars.flatMap((ch) =>
      isChineseChar(ch.c.codePointAt(0)!) ? [{ ...ch, c: ' ' }, ch, { ...ch, c: ' ' }] : [ch],
    );
  }
  const splitTokens: Ch[][] = [];
  for (let token of whitespaceTokenize(chars)) {
    if (o.doLowerCase) token = mapToken(token, lower);
    const strip = o.doLowerCase ? o.stripAccents !== false : o.stripAccents === true;
    if (strip) token = mapToken(token, stripAccents);
    splitTokens.push(...splitOnPunc(token));
  }
  // whitespace_tokenize(" ".join(split_tokens)): drops empty tokens
  return splitTokens.flatMap((t) => whitespaceTokenize(t));
}

/** FullTokenizer.tokenize with origins: greedy longest-match-first WordPiece over each basic token. */
export function refTokenize(text: string, vocab: ReadonlyMap<string, number>, o: RefOptions): RefToken[] {
  const maxChars = o.maxInputCharsPerWord ?? 100;
  const out: RefToken[] = [];
  basicTokenize(text, o).forEach((chars, word) => {
    const whole = { start: chars[0]!.start, end: chars[chars.length - 1]!.end };
    if (chars.length > maxChars) return void out.push({ piece: '[UNK]', ...whole, word });
    const sub: RefToken[] = [];
    let start = 0;
    while (start < chars.length) {
      let end = chars.length;
      let cur: string | null = null;
      while (start < end) {
        let substr = chars
          .slice(start, end)
          .map((c) => c.c)
          .join('');
        if (start > 0) substr = `##${substr}`;
        if (vocab.has(substr)) {
          cur = substr;
          break;
        }
        end -= 1;
      }
      if (cur === null) return void out.push({ piece: '[UNK]', ...whole, word });
      sub.push({ piece: cur, start: chars[start]!.start, end: chars[end - 1]!.end, word });
      start = end;
    }
    out.push(...sub);
  });
  return out;
}

export interface RefEncoding {
  ids: number[];
  typeIds: number[];
  wordIds: (number | null)[];
  offsets: Array<[number, number]>;
  truncated: boolean;
}

/** run_classifier.convert_single_example: [CLS] a [SEP] (b [SEP]), truncated to maxSeqLength, unpadded. */
export function refEncode(
  text: string,
  pair: string | null,
  vocab: ReadonlyMap<string, number>,
  o: RefOptions,
  maxSeqLength = 512,
): RefEncoding {
  let a = refTokenize(text, vocab, o);
  let b = pair === null ? null : refTokenize(pair, vocab, o);
  const before = a.length + (b?.length ?? 0);
  if (b) {
    // _truncate_seq_pair(tokens_a, tokens_b, max_seq_length - 3)
    while (a.length + b.length > maxSeqLength - 3) {
      if (a.length > b.length) a = a.slice(0, -1);
      else b = b.slice(0, -1);
    }
  } else if (a.length > maxSeqLength - 2) a = a.slice(0, maxSeqLength - 2);
  const enc: RefEncoding = {
    ids: [],
    typeIds: [],
    wordIds: [],
    offsets: [],
    truncated: a.length + (b?.length ?? 0) < before,
  };
  const special = (piece: string, type: number) => {
    enc.ids.push(vocab.get(piece)!);
    enc.typeIds.push(type);
    enc.wordIds.push(null);
    enc.offsets.push([0, 0]);
  };
  const seq = (tokens: RefToken[], type: number) => {
    for (const t of tokens) {
      enc.ids.push(vocab.get(t.piece)!);
      enc.typeIds.push(type);
      enc.wordIds.push(t.word);
      enc.offsets.push([t.start, t.end]);
    }
  };
  special('[CLS]', 0);
  seq(a, 0);
  special('[SEP]', 0);
  if (b) {
    seq(b, 1);
    special('[SEP]', 1);
  }
  return enc;
}

/** vocab.txt lines → token → id (later duplicates win, like load_vocab). */
export function vocabMap(lines: readonly string[]): Map<string, number> {
  return new Map(lines.map((t, i) => [t, i]));
}
