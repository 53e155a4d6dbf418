// Fuzz targets for src/tokenize: the WordPiece tokenizer (against the reference BERT algorithm), the BERT
// normalizer (against BERT's steps written out plainly), the NER word splitter, and tokenizer.json parsing.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DataError, UsageError } from '../../../src/errors.ts';
import { bertNormalize, type BertNormalizerOptions } from '../../../src/tokenize/bert-normalizer.ts';
import { loadBertBaseUncasedVocab } from '../../../src/tokenize/bert-vocab.ts';
import { buildBertTokenizerJson } from '../../../src/tokenize/tokenizer-json.ts';
import { WordPieceTokenizer } from '../../../src/tokenize/wordpiece.ts';
import { splitWords } from '../../../src/tokenize/words.ts';
import { refEncode, vocabMap, type RefOptions } from '../../tokenize/bert-reference.ts';
import { applyJsonEdits, hostileJson, someJsonEdits } from '../mutate.ts';
import type { FuzzTarget } from '../target.ts';
import { expectOnly } from '../target.ts';
import { fuzzText } from './text.ts';

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
/** True when index `at` of `s` falls between the two halves of a surrogate pair. */
const splitsPair = (s: string, at: number) => isLow(s.charCodeAt(at)) && isHigh(s.charCodeAt(at - 1));

let bertVocab: { lines: readonly string[]; map: Map<string, number> } | undefined;
const tokenizers = new Map<string, WordPieceTokenizer>();

function tokenizerFor(o: RefOptions, specials: boolean): WordPieceTokenizer {
  bertVocab ??= (() => {
    const lines = loadBertBaseUncasedVocab();
    return { lines, map: vocabMap(lines) };
  })();
  const key = JSON.stringify([o, specials]);
  let t = tokenizers.get(key);
  if (!t) {
    t = WordPieceTokenizer.fromVocab(bertVocab.lines, o, { recognizeSpecialTokens: specials });
    tokenizers.set(key, t);
  }
  return t;
}

const refOptions: fc.Arbitrary<RefOptions> = fc.record({
  doLowerCase: fc.boolean(),
  stripAccents: fc.constantFrom(null, true, false),
  tokenizeChineseChars: fc.boolean(),
});

/** Offsets inside the text, ordered, never splitting a surrogate pair; ids < vocabSize; word ids ordered. */
function checkRow(s: string, e: ReturnType<WordPieceTokenizer['encode']>, vocabSize: number): void {
  let prev: [number, number] = [0, 0];
  let prevWord = -1;
  e.inputIds.forEach((id, k) => {
    assert.ok(Number.isInteger(id) && id >= 0 && id < vocabSize, `id ${id} outside [0, ${vocabSize})`);
    const word = e.wordIds[k];
    if (word === null) return assert.deepEqual(e.offsets[k], [0, 0], 'a special token has offsets [0, 0]');
    const [start, end] = e.offsets[k]!;
    assert.ok(0 <= start && start < end && end <= s.length, `offsets [${start}, ${end}) outside 0..${s.length}`);
    assert.ok(start >= prev[0] && end >= prev[1], 'offsets go backwards');
    assert.ok(word! >= prevWord, 'word ids go backwards');
    assert.ok(!splitsPair(s, start) && !splitsPair(s, end), `offsets [${start}, ${end}) split a surrogate pair`);
    prev = [start, end];
    prevWord = word!;
  });
}

const wordpiece: FuzzTarget = {
  name: 'wordpiece',
  area: 'tokenize',
  what: 'WordPiece encoding (bert-base-uncased vocab, any lower-case/accent/CJK option, pairs, truncation) of random text never throws, equals the reference BERT algorithm, and every id is < vocabSize with offsets inside the text, ordered and never splitting a surrogate pair',
  property: () =>
    fc.property(
      refOptions,
      fuzzText,
      fc.option(fuzzText, { nil: null }),
      fc.integer({ min: 3, max: 40 }),
      (o, a, b, maxLength) => {
        const tok = tokenizerFor(o, false);
        const e = tok.encode(a, { maxLength, textPair: b ?? undefined });
        const ref = refEncode(a, b, bertVocab!.map, o, maxLength);
        assert.deepEqual([...e.inputIds], ref.ids, 'ids differ from the reference');
        assert.deepEqual([...e.tokenTypeIds], ref.typeIds, 'token types differ from the reference');
        assert.deepEqual(e.wordIds, ref.wordIds, 'word ids differ from the reference');
        assert.deepEqual(e.offsets, ref.offsets, 'offsets differ from the reference');
        assert.ok(e.inputIds.length <= maxLength, 'longer than maxLength');
        if (b === null) checkRow(a, e, tok.vocabSize);
        // special tokens typed in the text: recognized as single ids, still in range and in order
        const withSpecials = tokenizerFor(o, true);
        checkRow(a, withSpecials.encode(a, { maxLength }), withSpecials.vocabSize);
      },
    ),
};

// BERT's BasicTokenizer normalization steps written out plainly (google-research/bert tokenization.py):
// _clean_text, _tokenize_chinese_chars, lower() of the whole text, _run_strip_accents (NFD, drop Mn).
function referenceNormalize(text: string, o: BertNormalizerOptions): string {
  let out = '';
  for (const c of text) {
    const cp = c.codePointAt(0)!;
    if (o.cleanText) {
      const control = c !== '\t' && c !== '\n' && c !== '\r' && /^\p{C}$/u.test(c);
      if (cp === 0 || cp === 0xfffd || control) continue;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || /^\p{Zs}$/u.test(c)) {
        out += ' ';
        continue;
      }
    }
    const cjk = [
      [0x4e00, 0x9fff],
      [0x3400, 0x4dbf],
      [0x20000, 0x2a6df],
      [0x2a700, 0x2b73f],
      [0x2b740, 0x2b81f],
      [0x2b820, 0x2ceaf],
      [0xf900, 0xfaff],
      [0x2f800, 0x2fa1f],
    ].some(([lo, hi]) => cp >= lo! && cp <= hi!);
    out += o.handleChineseChars && cjk ? ` ${c} ` : c;
  }
  if (o.lowercase) out = out.toLowerCase();
  const strip = o.lowercase ? o.stripAccents !== false : o.stripAccents === true;
  if (strip) out = [...out.normalize('NFD')].filter((c) => !/^\p{Mn}$/u.test(c)).join('');
  return out;
}

const normalizer: FuzzTarget = {
  name: 'bert-normalizer',
  area: 'tokenize',
  what: "BERT normalization of random text (any option) equals BERT's clean/CJK/lower-case/strip-accents steps, and every normalized UTF-16 unit maps back to one whole code point of the input, in order",
  property: () =>
    fc.property(
      fc.record({
        cleanText: fc.boolean(),
        handleChineseChars: fc.boolean(),
        lowercase: fc.boolean(),
        stripAccents: fc.constantFrom(null, true, false),
      }),
      fuzzText,
      (o, s) => {
        const r = bertNormalize(s, o);
        assert.equal(r.text, referenceNormalize(s, o), 'normalized text differs from the reference');
        assert.equal(r.start.length, r.text.length);
        assert.equal(r.end.length, r.text.length);
        let prev = 0;
        for (let i = 0; i < r.text.length; i++) {
          const [a, b] = [r.start[i]!, r.end[i]!];
          assert.ok(a >= prev, `unit ${i}: span [${a}, ${b}) goes backwards`);
          assert.ok(0 <= a && a < b && b <= s.length, `unit ${i}: span [${a}, ${b}) outside 0..${s.length}`);
          const cp = String.fromCodePoint(s.codePointAt(a)!);
          assert.ok(!splitsPair(s, a) && cp.length === b - a, `unit ${i}: [${a}, ${b}) is not one code point`);
          prev = a;
        }
      },
    ),
};

const words: FuzzTarget = {
  name: 'split-words',
  area: 'tokenize',
  what: 'The NER word splitter on random text returns non-empty words in order whose offsets slice out exactly the word, and leaves out only whitespace',
  property: () =>
    fc.property(fuzzText, (s) => {
      let at = 0;
      for (const w of splitWords(s)) {
        assert.ok(w.text.length > 0, 'empty word');
        assert.equal(s.slice(w.start, w.end), w.text, `offsets [${w.start}, ${w.end}) do not slice out the word`);
        assert.ok(w.start >= at, 'words overlap or go backwards');
        assert.match(s.slice(at, w.start), /^\s*$/u, `non-whitespace left out before offset ${w.start}`);
        assert.doesNotMatch(w.text, /\s/u, 'a word holds whitespace');
        at = w.end;
      }
      assert.match(s.slice(at), /^\s*$/u, `non-whitespace left out at the end (from ${at})`);
    }),
};

/** A small valid tokenizer.json: the specials plus random pieces. */
const tokenizerJson = fc
  .uniqueArray(fc.string({ unit: fc.constantFrom('a', 'b', 'é', '#', '中', '!', 'X'), minLength: 1, maxLength: 4 }), {
    maxLength: 12,
  })
  .map((pieces) =>
    buildBertTokenizerJson(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', ...pieces.filter((p) => !p.startsWith('['))]),
  );

const tokenizerConfig = fc.option(
  fc.dictionary(
    fc.constantFrom(
      'do_lower_case',
      'strip_accents',
      'tokenize_chinese_chars',
      'unk_token',
      'cls_token',
      'pad_token',
      'model_max_length',
    ),
    fc.oneof(fc.boolean(), hostileJson, fc.constantFrom('[UNK]', '[CLS]', { content: '[SEP]' })),
    { maxKeys: 3 },
  ),
  { nil: undefined },
);

const tokenizerJsonTarget: FuzzTarget = {
  name: 'tokenizer-json',
  area: 'tokenize',
  what: 'tokenizer.json (+ tokenizer_config.json) mutated or random: either a tokenizer whose vocabSize is a positive integer and whose ids for random text are < vocabSize, or a DataError naming the file — never a TypeError/RangeError',
  property: () =>
    fc.property(
      fc.oneof(
        { weight: 4, arbitrary: fc.tuple(tokenizerJson, someJsonEdits).map(([j, e]) => applyJsonEdits(j, e)) },
        { weight: 1, arbitrary: hostileJson },
      ),
      tokenizerConfig,
      fuzzText,
      (json, config, text) => {
        let tok: WordPieceTokenizer;
        try {
          tok = WordPieceTokenizer.fromTokenizerJson(json, { where: 'fz/tokenizer.json', config });
        } catch (e) {
          return expectOnly(e, DataError, /^(fz\/tokenizer\.json|tokenizer_config\.json): /);
        }
        assert.ok(Number.isInteger(tok.vocabSize) && tok.vocabSize > 0, `vocabSize ${tok.vocabSize}`);
        assert.ok(tok.specialIds.unk >= 0 && tok.specialIds.unk < tok.vocabSize, `unk id ${tok.specialIds.unk}`);
        let ids: ArrayLike<number>;
        try {
          ids = tok.encode(text).inputIds;
        } catch (e) {
          // a pre_tokenizer that rewrites the text is refused when encoding, by design
          return expectOnly(e, UsageError, /pre_tokenizer rewrites text/);
        }
        for (const id of Array.from(ids))
          assert.ok(Number.isInteger(id) && id >= 0 && id < tok.vocabSize, `id ${id} outside [0, ${tok.vocabSize})`);
      },
    ),
};

export const TOKENIZE_TARGETS: FuzzTarget[] = [wordpiece, normalizer, words, tokenizerJsonTarget];
