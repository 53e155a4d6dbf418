// BERT text normalization with an alignment back to the original string.
//
// Implements the normalizer steps of BERT's BasicTokenizer (google-research/bert tokenization.py, the same steps
// as Hugging Face's `BertNormalizer`): remove NUL, U+FFFD and control characters (Unicode category C*, except
// \t \n \r), map whitespace (space, \t, \n, \r, category Zs) to " ", put spaces around CJK ideographs, lower-case,
// and strip accents (NFD, then drop category Mn).
//
// Why this exists instead of @huggingface/tokenizers' BertNormalizer: that normalizer returns only a string (no
// offsets), and it departs from BERT in two places — it tests CJK per UTF-16 unit, so ideographs outside the BMP
// (U+20000…, CJK Extension B+) are not split, and its control test omits category Cn (unassigned code points),
// which BERT removes. Both are covered by tests. The library's normalizer is still used through
// `alignPerCodePoint` for any non-Bert normalizer found in a tokenizer.json.
//
// Alignment: every UTF-16 unit of the normalized text records the [start, end) UTF-16 span of the original code
// point that produced it. Context-free steps run per code point. Case mapping and accent stripping take their
// content from the whole string (lower-casing is context-sensitive: final sigma "Σ" → "ς") and their lengths from
// the per-code-point results; both agree in length because the only contextual mapping (final sigma) is 1:1 and
// canonical reordering only permutes marks.

export interface BertNormalizerOptions {
  cleanText: boolean;
  handleChineseChars: boolean;
  lowercase: boolean;
  /** null: strip accents exactly when lower-casing (BERT's behaviour); true/false force it. */
  stripAccents: boolean | null;
}

export interface AlignedText {
  /** The normalized text. */
  text: string;
  /** [text.length] original UTF-16 start of the code point each normalized unit came from. */
  start: Int32Array;
  /** [text.length] original UTF-16 end (exclusive) of that code point. */
  end: Int32Array;
}

const CONTROL = /^\p{C}$/u;
const SPACE_SEPARATOR = /^\p{Zs}$/u;
const NONSPACING_MARK = /\p{Mn}/gu;
const ALL_ASCII = /^[\x00-\x7f]*$/;

/** BERT's _is_control: category C* (Cc, Cf, Cn, Co, Cs) except tab, newline, carriage return. */
export function isBertControl(ch: string): boolean {
  if (ch === '\t' || ch === '\n' || ch === '\r') return false;
  return CONTROL.test(ch);
}

/** BERT's _is_whitespace: space, tab, newline, carriage return, or category Zs. */
export function isBertWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || SPACE_SEPARATOR.test(ch);
}

/** BERT's _is_chinese_char: the CJK Unified Ideographs blocks (and compatibility ideographs), by code point. */
export function isChineseCodePoint(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

interface Pieces {
  out: string[]; // normalized output of each original code point
  start: number[]; // original span of each code point
  end: number[];
}

function splitCodePoints(text: string): Pieces {
  const p: Pieces = { out: [], start: [], end: [] };
  let i = 0;
  for (const ch of text) {
    p.out.push(ch);
    p.start.push(i);
    i += ch.length;
    p.end.push(i);
  }
  return p;
}

/**
 * Applies a string transform to every piece: content from `f(whole string)`, lengths from `f(piece)`.
 * Falls back to the per-piece results if the lengths disagree (not expected for the transforms used here).
 */
function transformPieces(p: Pieces, f: (s: string) => string, asciiSafe = false): void {
  // asciiSafe: f maps every ASCII character to one ASCII character, so all-ASCII pieces keep their length and
  // skip the per-piece call. The whole piece must be tested, not its first unit: a CJK piece is " X " (starts
  // with a space), and X can change length (compatibility ideograph U+2F800, 2 units, NFD → U+4E3D, 1 unit).
  const skip = p.out.map((s) => asciiSafe && ALL_ASCII.test(s));
  const per = p.out.map((s, k) => (skip[k] ? s : f(s)));
  const whole = f(p.out.join(''));
  let total = 0;
  for (const s of per) total += s.length;
  if (total !== whole.length) {
    // fallback: the per-piece results, with f applied to the skipped pieces too (they hold unmapped text)
    p.out = per.map((s, k) => (skip[k] ? f(s) : s));
    return;
  }
  let at = 0;
  p.out = per.map((s) => {
    const slice = whole.slice(at, at + s.length);
    at += s.length;
    return slice;
  });
}

function assemble(p: Pieces): AlignedText {
  const text = p.out.join('');
  const start = new Int32Array(text.length);
  const end = new Int32Array(text.length);
  let at = 0;
  p.out.forEach((s, k) => {
    start.fill(p.start[k]!, at, at + s.length);
    end.fill(p.end[k]!, at, at + s.length);
    at += s.length;
  });
  return { text, start, end };
}

const PLAIN_ASCII = /^[\t\n\r\x20-\x7e]*$/;

/** Normalizes `text` as BERT's BasicTokenizer does, keeping the alignment to `text`. */
export function bertNormalize(text: string, o: BertNormalizerOptions): AlignedText {
  if (PLAIN_ASCII.test(text)) {
    // fast path, same result: printable ASCII + tab/newline/CR maps one unit to one unit
    let out = o.cleanText ? text.replace(/[\t\n\r]/g, ' ') : text;
    if (o.lowercase) out = out.toLowerCase();
    const start = Int32Array.from({ length: text.length }, (_, i) => i);
    return { text: out, start, end: start.map((i) => i + 1) };
  }
  const p = splitCodePoints(text);
  p.out = p.out.map((ch) => {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80 && o.cleanText) {
      if (cp === 0x20 || cp === 0x09 || cp === 0x0a || cp === 0x0d) return ' ';
      return cp < 0x20 || cp === 0x7f ? '' : ch; // ASCII controls; the rest is kept
    }
    if (o.cleanText) {
      if (cp === 0 || cp === 0xfffd || isBertControl(ch)) return '';
      if (isBertWhitespace(ch)) return ' ';
    }
    if (o.handleChineseChars && isChineseCodePoint(cp)) return ` ${ch} `;
    return ch;
  });
  const strip = o.lowercase ? o.stripAccents !== false : o.stripAccents === true;
  if (o.lowercase || strip) {
    const f = (s: string) => {
      const lowered = o.lowercase ? s.toLowerCase() : s;
      return strip ? lowered.normalize('NFD').replace(NONSPACING_MARK, '') : lowered;
    };
    transformPieces(p, f, true);
  }
  return assemble(p);
}

/** Aligns an arbitrary string normalizer (e.g. the library's) by applying it per code point. */
export function alignPerCodePoint(text: string, normalize: (s: string) => string): AlignedText {
  const p = splitCodePoints(text);
  transformPieces(p, normalize);
  return assemble(p);
}

/** Identity alignment (no normalizer). */
export function alignIdentity(text: string): AlignedText {
  return alignPerCodePoint(text, (s) => s);
}
