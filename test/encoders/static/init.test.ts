// Embedding initialisation: Kim's variance-matched U[−a, a] for words without a vector, and BERT's word-embedding
// matrix (generated checkpoint, real bert-base-uncased vocabulary) with each OOV policy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/engine/rng.ts';
import { VectorsBuilder } from '../../../src/encoders/static/vectors.ts';
import { initFromVectors, uniformInit, varianceMatchedBound } from '../../../src/encoders/static/embedding-init.ts';
import { bertPieceTable, initWordsFromBert, readBertWordEmbeddings } from '../../../src/encoders/static/bert-init.ts';
import { generateBertCheckpoint } from '../../../src/encoders/bert/generate.ts';
import { tempDir } from '../helpers.ts';

function vectorsWithStd(std: number, words: string[], dim = 50) {
  const b = new VectorsBuilder('test', 'test');
  b.setDim(dim, words.length);
  const rng = new Rng(1);
  const enc = new TextEncoder();
  for (const w of words) {
    const bytes = enc.encode(w);
    b.add(bytes, 0, bytes.length, rng.fillNormal(new Float32Array(dim), std), 'x');
  }
  return b.finish();
}

const variance = (x: Float32Array) => {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  return x.reduce((a, b) => a + (b - m) ** 2, 0) / x.length;
};

test("Kim's rule: U[−a, a] rows get the pretrained rows' variance (a = √(3·Var))", () => {
  const known = Array.from({ length: 400 }, (_, i) => `w${i}`);
  const v = vectorsWithStd(0.144, known); // word2vec-like: Var ≈ 0.0208 → a ≈ 0.25 (Kim's constant)
  const a = varianceMatchedBound(v);
  assert.ok(Math.abs(a - 0.25) < 0.01, `a = ${a}`);
  const words = ['<pad>', ...known.slice(0, 300), 'W5', ...Array.from({ length: 300 }, (_, i) => `oov${i}`)];
  const r = initFromVectors(words, v, new Rng(2));
  assert.deepEqual([r.found, r.foundLower, r.random], [301, 1, 300]);
  assert.ok(
    r.matrix.subarray(0, 50).every((x) => x === 0),
    'padding row zero',
  );
  assert.deepEqual([...r.matrix.subarray(50, 100)], [...v.vector('w0')!]);
  assert.deepEqual([...r.matrix.subarray(301 * 50, 302 * 50)], [...v.vector('w5')!], 'W5 via lower case');
  const randomRows = r.matrix.subarray(302 * 50);
  assert.ok(randomRows.every((x) => Math.abs(x) <= r.a));
  const ratio = variance(randomRows) / variance(r.matrix.subarray(50, 302 * 50));
  assert.ok(Math.abs(ratio - 1) < 0.1, `variance ratio ${ratio}`);
  const fixed = initFromVectors(words, v, new Rng(2), { a: 0.1 });
  assert.equal(fixed.a, 0.1);
});

test('std option: pretrained rows rescaled by one constant to the target entry std, random rows U[−√3·std, √3·std]', () => {
  const known = Array.from({ length: 300 }, (_, i) => `w${i}`);
  const v = vectorsWithStd(0.5, known); // GloVe-like scale
  const words = ['<pad>', ...known.slice(0, 200), ...Array.from({ length: 200 }, (_, i) => `oov${i}`)];
  const target = 0.25 / Math.sqrt(3);
  const r = initFromVectors(words, v, new Rng(2), { std: target });
  const D = 50;
  const pre = r.matrix.subarray(D, 201 * D);
  assert.ok(Math.abs(Math.sqrt(variance(pre)) - target) < 1e-4, `pretrained std ${Math.sqrt(variance(pre))}`);
  assert.ok(Math.abs(r.scale - target / Math.sqrt(v.stats(known.slice(0, 200).map((_, i) => i)).variance)) < 1e-6);
  for (const i of [1, 57, 200]) {
    const src = v.vector(words[i]!)!;
    r.matrix
      .subarray(i * D, (i + 1) * D)
      .forEach((x, j) => assert.ok(Math.abs(x - r.scale * src[j]!) < 1e-6, `row ${i} is scale × the vector`));
  }
  assert.ok(Math.abs(r.a - 0.25) < 1e-9, `a = ${r.a}`);
  const randomRows = r.matrix.subarray(201 * D);
  assert.ok(randomRows.every((x) => Math.abs(x) <= 0.25) && Math.abs(variance(randomRows) / variance(pre) - 1) < 0.1);
  assert.ok(
    r.matrix.subarray(0, D).every((x) => x === 0),
    'padding row zero',
  );
  assert.equal(initFromVectors(words, v, new Rng(2)).scale, 1, 'no rescaling without std');
  assert.throws(() => initFromVectors(words, v, new Rng(2), { std: 0 }), /std must be a positive number/);
});

test('CNN-rand table: U[−0.25, 0.25] with a zero padding row', () => {
  const r = uniformInit(100, 30, new Rng(3));
  assert.equal(r.a, 0.25);
  assert.ok(r.matrix.subarray(0, 30).every((x) => x === 0));
  assert.ok(Math.abs(variance(r.matrix.subarray(30)) - 0.25 ** 2 / 3) < 0.002);
});

test('BERT word-embedding matrix: word-level with unk / pieces-mean / char-cnn, and WordPiece-level', async () => {
  const dir = tempDir('bert-init');
  await generateBertCheckpoint(dir, { layers: 1, hidden: 16, heads: 2, vocab: 'bert-base-uncased', prefix: 'bert.' });
  const bert = await readBertWordEmbeddings(dir);
  assert.deepEqual([bert.vocabSize, bert.dim, bert.tensor], [30522, 16, 'bert.embeddings.word_embeddings.weight']);
  const t = bert.tokenizer;
  const row = (id: number) => [...bert.matrix.subarray(id * 16, (id + 1) * 16)];
  const words = ['<pad>', 'movie', 'Movie', 'unfunnyish', 'qzxj'];
  const unk = initWordsFromBert(words, bert, 'unk');
  assert.deepEqual([unk.inVocab, unk.oov, unk.charCnn], [2, 2, false]);
  const at = (m: Float32Array, i: number) => [...m.subarray(i * 16, (i + 1) * 16)];
  assert.ok(at(unk.matrix, 0).every((x) => x === 0));
  assert.deepEqual(at(unk.matrix, 1), row(t.tokenToId('movie')!));
  assert.deepEqual(at(unk.matrix, 2), row(t.tokenToId('movie')!), 'Movie → movie');
  assert.deepEqual(at(unk.matrix, 3), row(t.specialIds.unk));
  const mean = initWordsFromBert(words, bert, 'pieces-mean');
  const pieces = t.tokenize('unfunnyish').map((p) => t.tokenToId(p)!);
  assert.ok(pieces.length > 1, `several pieces: ${t.tokenize('unfunnyish')}`);
  const expected = row(pieces[0]!).map((_, j) => pieces.reduce((s, p) => s + row(p)[j]!, 0) / pieces.length);
  at(mean.matrix, 3).forEach((x, j) => assert.ok(Math.abs(x - expected[j]!) < 1e-6));
  assert.notDeepEqual(at(mean.matrix, 3), row(t.specialIds.unk));
  const chars = initWordsFromBert(words, bert, 'char-cnn');
  assert.equal(chars.charCnn, true);
  assert.deepEqual(at(chars.matrix, 4), row(t.specialIds.unk), 'OOV rows are [UNK]; the char CNN is concatenated');
  assert.throws(() => initWordsFromBert(words, bert, 'nope' as never), /unknown OOV policy/);
  const pieceTable = bertPieceTable(bert);
  assert.equal(pieceTable.length, 30522 * 16);
  assert.notEqual(pieceTable, bert.matrix);
});
