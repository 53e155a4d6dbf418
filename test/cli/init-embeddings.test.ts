// --init-embeddings / --bert-matrix / --oov / --freeze-embeddings through main(argv) (#16 item 1), on the toy NER
// corpus and the tiny fixtures: the taggers over word ids (tagger-bilstm, tagger-cnn; --task ner --mode words) and
// cnn-alone, each initialised randomly, from static vectors and from a BERT matrix. A frozen table is bit-for-bit
// the initial one after training (and counted as frozen), a trained one moves; config.json and vocab.json record
// the init so predict rebuilds the run; misuse is refused naming the flag and the models that take it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Rng } from '../../src/engine/rng.ts';
import { loadInitSource, wordTable } from '../../src/features/embedding-init/index.ts';
import { SafetensorsFile } from '../../src/io/safetensors.ts';
import { nerToy, writeConll } from '../helpers/ner-toy.ts';
import { cli, fixture, type Fixture } from './cli-helpers.ts';

const TINY_BERT = resolve(import.meta.dirname, '../fixtures/tiny_bert');
let fx: Fixture | null = null;
let vectors = '';

async function setup(): Promise<Fixture> {
  if (fx) return fx;
  fx = await fixture('init-emb', { train: 60, dev: 20 });
  writeConll(join(fx.root, 'train.conll'), nerToy(48, 1));
  writeConll(join(fx.root, 'dev.conll'), nerToy(16, 2));
  vectors = join(fx.root, 'vectors.txt'); // GloVe-style text: a few of the toy words, 6-d
  const rng = new Rng(5);
  const ws = ['mr', 'lives', 'in', 'paris', 'berlin', 'john', 'mary', 'the', 'good', 'bad', 'movie', 'film'];
  writeFileSync(
    vectors,
    ws.map((w) => `${w} ${Array.from({ length: 6 }, () => rng.uniform(-1, 1).toFixed(4)).join(' ')}\n`).join(''),
  );
  return fx;
}

const NER = (f: Fixture, out: string) => [
  'train',
  '--task',
  'ner',
  '--train',
  join(f.root, 'train.conll'),
  '--dev',
  join(f.root, 'dev.conll'),
  '--epochs',
  '1',
  '--batch-size',
  '16',
  '--lr',
  '0.01',
  '--out',
  out,
];

async function table(run: string): Promise<Float32Array> {
  const f = await SafetensorsFile.open(join(run, 'model.safetensors'));
  try {
    return (await f.readTensor('embedding.weight')).data as Float32Array;
  } finally {
    await f.close();
  }
}

for (const head of ['tagger-bilstm', 'tagger-cnn']) {
  for (const init of ['random', 'vectors', 'bert-matrix']) {
    test(`${head} over word ids, --init-embeddings ${init}: trains, records the init, predicts`, async () => {
      const f = await setup();
      const out = join(f.root, `${head}-${init}`);
      const flag =
        init === 'random' ? 'random' : init === 'vectors' ? `vectors:${vectors}` : `bert-matrix:${TINY_BERT}`;
      const r = await cli([
        ...NER(f, out),
        '--head',
        head,
        '--init-embeddings',
        flag,
        ...(init === 'bert-matrix' ? ['--oov', 'pieces-mean'] : []),
      ]);
      assert.equal(r.code, 0, r.err);
      const cfg = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
      assert.equal(cfg.mode, 'words');
      assert.equal(cfg.embeddings.init, flag);
      assert.equal(cfg.embeddings.dim, init === 'random' ? 100 : init === 'vectors' ? 6 : 32);
      const vocab = JSON.parse(readFileSync(join(out, 'vocab.json'), 'utf8'));
      assert.equal(vocab.words.length, cfg.embeddings.vocabSize);
      assert.match(r.err, /trainable parameters/);
      if (init !== 'random') assert.match(r.err, /coverage of the data by/);
      const input = join(f.root, `${head}-${init}.txt`);
      writeFileSync(input, 'Mr John lives in Paris .\nQwertyville is unknown\n');
      const p = await cli(['predict', out, '--input', input]);
      assert.equal(p.code, 0, p.err);
      const lines = p.out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      assert.equal(lines.length, 2);
      assert.deepEqual(lines[0].words, ['Mr', 'John', 'lives', 'in', 'Paris', '.']);
      assert.equal(lines[0].tags.length, 6);
    });
  }
}

test('--bert-matrix is --init-embeddings bert-matrix: for a BiLSTM NER tagger; --freeze-embeddings keeps the table bit-for-bit', async () => {
  const f = await setup();
  const frozen = join(f.root, 'bilstm-frozen');
  const r = await cli([
    ...NER(f, frozen),
    '--head',
    'tagger-bilstm',
    '--crf',
    '--bert-matrix',
    TINY_BERT,
    '--freeze-embeddings',
  ]);
  assert.equal(r.code, 0, r.err);
  const cfg = JSON.parse(readFileSync(join(frozen, 'config.json'), 'utf8'));
  assert.equal(cfg.embeddings.init, `bert-matrix:${TINY_BERT}`);
  assert.equal(cfg.embeddings.freeze, true);
  const V = cfg.embeddings.vocabSize;
  const D = cfg.embeddings.dim;
  const frozenCount = (V * D).toLocaleString('en-US');
  assert.match(r.err, new RegExp(`trainable parameters, ${frozenCount} frozen`));
  // the initial table, computed independently from the saved vocabulary
  const words = JSON.parse(readFileSync(join(frozen, 'vocab.json'), 'utf8')).words as string[];
  const src = await loadInitSource({ kind: 'bert-matrix', ref: TINY_BERT });
  const init = wordTable(words, src.source, new Rng(0), { padId: 0, unkId: 1 }).matrix;
  assert.deepEqual(await table(frozen), init, 'frozen rows unchanged after training');
  const trained = join(f.root, 'bilstm-trained');
  const t = await cli([...NER(f, trained), '--head', 'tagger-bilstm', '--crf', '--bert-matrix', TINY_BERT]);
  assert.equal(t.code, 0, t.err);
  assert.doesNotMatch(t.err, / frozen/);
  assert.notDeepEqual(await table(trained), init, 'a trained table moves');
});

for (const init of ['random', 'vectors', 'bert-matrix']) {
  test(`cnn-alone --init-embeddings ${init}: trains over the encoder's WordPieces`, async () => {
    const f = await setup();
    const out = join(f.root, `cnn-alone-${init}`);
    const flag = init === 'random' ? 'random' : init === 'vectors' ? `vectors:${vectors}` : `bert-matrix:${f.model}`;
    const r = await cli([
      'train',
      '--train',
      f.train,
      '--dev',
      f.dev,
      '--encoder',
      f.model,
      '--head',
      'cnn-alone',
      '--filters',
      '4',
      '--epochs',
      '1',
      '--batch-size',
      '16',
      '--init-embeddings',
      flag,
      '--freeze-embeddings',
      '--out',
      out,
    ]);
    assert.equal(r.code, 0, r.err);
    const cfg = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    assert.equal(cfg.head.options.initEmbeddings, flag);
    assert.equal(cfg.head.options.freezeEmbedding, true);
    const dim = init === 'random' ? 300 : init === 'vectors' ? 6 : 32;
    if (init !== 'random') assert.equal(cfg.head.options.embeddingDim, dim);
    assert.match(r.err, new RegExp(`trainable parameters, ${(30522 * dim).toLocaleString('en-US')} frozen`));
    if (init === 'bert-matrix') {
      const src = await loadInitSource({ kind: 'bert-matrix', ref: f.model });
      assert.deepEqual(await table(out), (src.source as { bert: { matrix: Float32Array } }).bert.matrix);
    }
  });
}

test('misuse is refused naming the flag and the models that take it', async () => {
  const f = await setup();
  const char = await cli([
    ...NER(f, join(f.root, 'x1')),
    '--head',
    'tagger-bilstm',
    '--bert-matrix',
    TINY_BERT,
    '--oov',
    'char-cnn',
  ]);
  assert.equal(char.code, 2);
  assert.match(char.err, /--oov char-cnn is implemented for --preset kim2014 only, not tagger-bilstm/);
  const textcnn = await cli([
    'train',
    '--train',
    f.train,
    '--encoder',
    f.model,
    '--init-embeddings',
    'random',
    '--out',
    join(f.root, 'x2'),
  ]);
  assert.equal(textcnn.code, 2);
  assert.match(
    textcnn.err,
    /--init-embeddings applies to models with a word embedding: .*cnn-alone.*kim2014; not --head textcnn/,
  );
  const frozenFeatures = await cli([
    ...NER(f, join(f.root, 'x3')),
    '--mode',
    'frozen',
    '--encoder',
    f.model,
    '--freeze-embeddings',
  ]);
  assert.equal(frozenFeatures.code, 2);
  assert.match(frozenFeatures.err, /--freeze-embeddings applies to models with a word embedding/);
  const oovCnnAlone = await cli([
    'train',
    '--train',
    f.train,
    '--encoder',
    f.model,
    '--head',
    'cnn-alone',
    '--init-embeddings',
    `bert-matrix:${f.model}`,
    '--oov',
    'unk',
    '--out',
    join(f.root, 'x4'),
  ]);
  assert.equal(oovCnnAlone.code, 2);
  assert.match(oovCnnAlone.err, /cnn-alone reads WordPiece ids/);
});
