// The shared word-embedding initialisation (src/features/embedding-init/): the spec's forms and errors, BERT rows
// copied exactly for in-vocabulary words, each OOV policy's rows as documented (unk → [UNK], pieces-mean → the
// mean of the word's WordPiece rows computed here independently), static vectors (exact rows, per-word random or
// one shared 'unk' row), random tables, and char-cnn refused outside the kim2014 preset.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Rng } from '../../src/engine/rng.ts';
import {
  checkOov,
  hasPretrained,
  loadInitSource,
  parseInitSpec,
  wordTable,
  type VectorSource,
} from '../../src/features/embedding-init/index.ts';

const TINY_BERT = resolve(import.meta.dirname, '../fixtures/tiny_bert');

const rowOf = (m: Float32Array, i: number, d: number) => Array.from(m.subarray(i * d, (i + 1) * d));

async function bert(oov: 'unk' | 'pieces-mean') {
  const l = await loadInitSource({ kind: 'bert-matrix', ref: TINY_BERT }, { oov });
  assert.equal(l.source.kind, 'bert');
  return l.source as Extract<VectorSource, { kind: 'bert' }>;
}

test('parseInitSpec reads the three forms and names the flag in errors', () => {
  assert.deepEqual(parseInitSpec('random'), { kind: 'random' });
  assert.deepEqual(parseInitSpec('vectors:wink'), { kind: 'vectors', source: 'wink' });
  assert.deepEqual(parseInitSpec('bert-matrix:a/b:c'), { kind: 'bert-matrix', ref: 'a/b:c' });
  assert.throws(() => parseInitSpec('glove'), /--init-embeddings "glove": expected bert-matrix:/);
  assert.throws(() => parseInitSpec('vectors:'), /needs a source after the colon/);
});

test('checkOov: char-cnn is refused outside kim2014 naming it; pieces-mean needs a BERT matrix', () => {
  const b = { kind: 'bert-matrix', ref: 'x' } as const;
  assert.equal(checkOov('pieces-mean', b, 'tagger-bilstm'), 'pieces-mean');
  assert.equal(checkOov('char-cnn', b, 'kim', { charCnn: true }), 'char-cnn');
  assert.throws(
    () => checkOov('char-cnn', b, 'tagger-bilstm'),
    /char-cnn is implemented for --preset kim2014 only, not tagger-bilstm/,
  );
  assert.throws(() => checkOov('pieces-mean', { kind: 'vectors', source: 'wink' }, 'tagger-cnn'), /needs WordPieces/);
  assert.throws(() => checkOov('unk', { kind: 'random' }, 'tagger-cnn'), /pretrained initialisation/);
});

test('BERT matrix: in-vocabulary words get their row exactly, OOV words the [UNK] row (unk)', async () => {
  const src = await bert('unk');
  const { tokenizer: tok, matrix: M, dim: H } = src.bert;
  const inVocab = ['the', 'a'].filter((w) => tok.tokenToId(w) !== undefined);
  assert.ok(inVocab.length > 0, 'the fixture vocabulary has common words');
  const oovWord = 'zzqxv';
  assert.equal(tok.tokenToId(oovWord), undefined);
  const words = ['<pad>', '<unk>', ...inVocab, oovWord];
  const t = wordTable(words, src, new Rng(1), { padId: 0, unkId: 1 });
  assert.equal(t.dim, H);
  assert.deepEqual(rowOf(t.matrix, 0, H), new Array(H).fill(0), 'padding row is zero');
  const unk = tok.specialIds.unk;
  assert.deepEqual(rowOf(t.matrix, 1, H), rowOf(M, unk, H), '<unk> gets [UNK]');
  inVocab.forEach((w, k) => assert.deepEqual(rowOf(t.matrix, 2 + k, H), rowOf(M, tok.tokenToId(w)!, H), w));
  assert.deepEqual(rowOf(t.matrix, words.length - 1, H), rowOf(M, unk, H), 'OOV word → [UNK]');
  assert.equal(t.info.oov_policy, 'unk');
});

test('BERT matrix, pieces-mean: an OOV word gets the mean of its WordPiece rows', async () => {
  const src = await bert('pieces-mean');
  const { tokenizer: tok, matrix: M, dim: H } = src.bert;
  // a word of several pieces, none of which is the whole word
  const word = ['unaffable', 'playing', 'running', 'thereafter', 'nicely'].find(
    (w) => tok.tokenToId(w) === undefined && tok.tokenize(w).length > 1,
  );
  assert.ok(word, 'a multi-piece word exists in the fixture vocabulary');
  const pieces = tok.tokenize(word).map((p) => tok.tokenToId(p) ?? tok.specialIds.unk);
  const expected = new Array<number>(H).fill(0);
  for (const p of pieces) for (let j = 0; j < H; j++) expected[j]! += M[p * H + j]! / pieces.length;
  const t = wordTable(['<pad>', word], src, new Rng(1));
  rowOf(t.matrix, 1, H).forEach((v, j) => assert.ok(Math.abs(v - expected[j]!) < 1e-6, `dim ${j}`));
  assert.notDeepEqual(rowOf(t.matrix, 1, H), rowOf(M, tok.specialIds.unk, H));
  assert.equal(hasPretrained(src, word), true, 'pieces-mean gives every word a pretrained row');
});

test('static vectors: found words copy their vector; missing ones get random rows, or one shared row with unk', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bertcnn-init-'));
  const path = join(dir, 'v.txt');
  writeFileSync(path, 'paris 0.1 0.2 0.3 0.4\nberlin -0.5 0.25 0 1\nthe 0.3 0.3 0.3 -0.3\n');
  const l = await loadInitSource({ kind: 'vectors', source: path });
  const words = ['<pad>', '<unk>', 'Paris', 'berlin', 'qqq', 'rrr'];
  const each = wordTable(words, l.source, new Rng(1), { padId: 0, unkId: 1 });
  assert.deepEqual(rowOf(each.matrix, 2, 4), [0.1, 0.2, 0.3, 0.4].map(Math.fround), 'lower-case fallback');
  assert.deepEqual(rowOf(each.matrix, 3, 4), [-0.5, 0.25, 0, 1]);
  assert.notDeepEqual(rowOf(each.matrix, 4, 4), rowOf(each.matrix, 5, 4), 'default: a random row per word');
  const a = each.info.a as number;
  for (const i of [1, 4, 5]) for (const v of rowOf(each.matrix, i, 4)) assert.ok(Math.abs(v) <= a + 1e-6);
  const shared = wordTable(words, l.source, new Rng(1), { padId: 0, unkId: 1, oov: 'unk' });
  assert.deepEqual(rowOf(shared.matrix, 4, 4), rowOf(shared.matrix, 5, 4), 'unk: one shared row');
  assert.deepEqual(rowOf(shared.matrix, 1, 4), rowOf(shared.matrix, 4, 4), '<unk> shares it');
  assert.deepEqual(rowOf(shared.matrix, 3, 4), [-0.5, 0.25, 0, 1]);
});

test('random: every row U[-a, a] of the asked size, padding zero', () => {
  const t = wordTable(['<pad>', 'x', 'y'], { kind: 'random' }, new Rng(2), { randomDim: 5, randomBound: 0.1 });
  assert.equal(t.dim, 5);
  assert.deepEqual(rowOf(t.matrix, 0, 5), [0, 0, 0, 0, 0]);
  for (const v of t.matrix.subarray(5)) assert.ok(Math.abs(v) <= 0.1 && v !== 0);
});
