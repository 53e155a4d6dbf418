// Transfer-set augmentation (src/tasks/distill/augment.ts): deterministic per seed, different across seeds, the
// masking rate near p_mask, n-gram sampling near p_ng (and n-grams are contiguous pieces of the sentence), and no
// duplicates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/engine/rng.ts';
import { AUGMENT_DEFAULTS, augmentOnce, augmentTexts } from '../../../src/tasks/distill/augment.ts';

const sentences = Array.from({ length: 200 }, (_, i) => `w${i} a b c d e f g h i j k l m n o p q r s`);
const opts = { ...AUGMENT_DEFAULTS, copies: 4, seed: 7 };

test('the same seed gives the same copies; another seed other copies', () => {
  const a = augmentTexts(sentences, opts);
  assert.deepEqual(augmentTexts(sentences, opts), a);
  assert.notDeepEqual(augmentTexts(sentences, { ...opts, seed: 8 }).texts, a.texts);
  assert.ok(a.texts.length > 0 && a.texts.length <= sentences.length * 4);
  assert.equal(a.source.length, a.texts.length);
});

test('masking replaces each word with probability p_mask (no n-gram sampling)', () => {
  const words = Array.from({ length: 20000 }, (_, i) => `w${i}`);
  for (const p of [0.1, 0.3]) {
    const out = augmentOnce(words, { ...opts, maskProb: p, ngramProb: 0 }, new Rng(1));
    assert.equal(out.length, words.length);
    const rate = out.filter((w) => w === '[MASK]').length / words.length;
    assert.ok(Math.abs(rate - p) < 0.01, `p ${p}: rate ${rate}`);
    out.forEach((w, i) => assert.ok(w === '[MASK]' || w === words[i]));
  }
});

test('n-gram sampling cuts a copy to a contiguous 1..5-gram with probability p_ng', () => {
  const words = 'a b c d e f g h i j'.split(' ');
  const rng = new Rng(3);
  let cut = 0;
  const n = 4000;
  for (let i = 0; i < n; i++) {
    const out = augmentOnce(words, { ...opts, maskProb: 0, ngramProb: 0.25 }, rng);
    if (out.length === words.length) continue;
    cut++;
    assert.ok(out.length >= 1 && out.length <= 5, `n-gram of ${out.length}`);
    assert.ok(words.join(' ').includes(out.join(' ')), 'contiguous');
  }
  // a 10-word sentence is never cut to itself, so every sampled copy is shorter
  assert.ok(Math.abs(cut / n - 0.25) < 0.025, `rate ${cut / n}`);
});

test('copies equal to the sentence or to each other are dropped; the mask token is configurable', () => {
  const a = augmentTexts(['x y', 'one two three four'], { ...opts, copies: 30, maskToken: '[UNK]' });
  for (const i of [0, 1]) {
    const mine = a.texts.filter((_, k) => a.source[k] === i);
    assert.equal(new Set(mine).size, mine.length);
    assert.ok(!mine.includes(['x y', 'one two three four'][i]!));
  }
  assert.ok(a.texts.some((t) => t.includes('[UNK]')) && !a.texts.some((t) => t.includes('[MASK]')));
});

test('bad settings are usage errors', () => {
  assert.throws(() => augmentTexts(['a'], { ...opts, copies: 0 }), /augment-copies/);
  assert.throws(() => augmentTexts(['a'], { ...opts, maskProb: 1.5 }), /mask-prob/);
});
