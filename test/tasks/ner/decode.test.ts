// Decoding (src/tasks/ner/decode.ts): argmax per word; constrained Viterbi equals brute force over the valid BIO
// paths only (every path checked for validity), and never emits I-X after O, after another type, or first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bruteForceCrf } from '../../../src/engine/losses/viterbi.ts';
import { Rng } from '../../../src/engine/rng.ts';
import { bioConstraints, constrainedCrf, decodeWords } from '../../../src/tasks/ner/decode.ts';
import { validBio } from '../../helpers/ner-toy.ts';

const LABELS = ['O', 'B-LOC', 'I-LOC', 'B-PER', 'I-PER'];
const L = LABELS.length;

test('constraints: start and transitions into I-X', () => {
  const c = bioConstraints(LABELS);
  assert.deepEqual([...c.start], [0, 0, -Infinity, 0, -Infinity]);
  const allowed = (from: string, to: string) => c.transitions[LABELS.indexOf(from) * L + LABELS.indexOf(to)] === 0;
  assert.ok(allowed('B-LOC', 'I-LOC') && allowed('I-LOC', 'I-LOC') && allowed('O', 'B-PER') && allowed('I-PER', 'O'));
  assert.ok(!allowed('O', 'I-LOC') && !allowed('B-PER', 'I-LOC') && !allowed('I-PER', 'I-LOC'));
});

test('argmax per word', () => {
  assert.deepEqual(decodeWords([0, 5, 1, 0, 0, 9, 2, 0, 0, 0], 2, L, null), [1, 0]);
  assert.deepEqual(decodeWords([], 0, L, null), []);
});

test('constrained Viterbi = brute force over valid paths; always valid BIO', () => {
  const rng = new Rng(5);
  for (let trial = 0; trial < 20; trial++) {
    const n = 1 + (trial % 5);
    const e = Float32Array.from({ length: n * L }, () => 3 * rng.normal());
    const crf = {
      start: Float32Array.from({ length: L }, () => rng.normal()),
      end: Float32Array.from({ length: L }, () => rng.normal()),
      // push towards invalid paths: O → I-X and B-PER → I-LOC look attractive
      transitions: Float32Array.from({ length: L * L }, (_, k) => rng.normal() + ([2, 4, 17].includes(k) ? 3 : 0)),
    };
    const tags = decodeWords(e, n, L, constrainedCrf(crf, LABELS)).map((y) => LABELS[y]!);
    assert.ok(validBio(tags), tags.join(' '));
    // brute force over all paths with −∞ scores for invalid ones = best valid path
    const brute = bruteForceCrf(e, [1, n, L], 0, n, constrainedCrf(crf, LABELS));
    assert.deepEqual(
      tags,
      brute.best.map((y) => LABELS[y]!),
    );
  }
});
