// summary() / `bertcnn summary RUN` on a frozen TextCNN over a tiny BERT: one encoder row (frozen) or one row per
// encoder layer with --expand, the head's layers with their output shapes, totals that add up (and equal the
// modules' own parameter counts); pipeline('text-classification', run) predicts like the loaded classifier;
// embed() gives one pooled vector per text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pipeline, TextClassifier, TokenTagger } from '../../src/index.ts';
import { cli, fixture, trainTiny } from '../cli/cli-helpers.ts';

test('summary: table, --expand, --json totals; pipeline and embed on a CLI run', async () => {
  const fx = await fixture('api-summary', { train: 48, dev: 16 });
  const run = join(fx.root, 'run');
  const t = await trainTiny(fx, run); // frozen textcnn, 8 filters, kernels 3/4/5
  assert.equal(t.code, 0, t.err);

  const table = await cli(['summary', run]);
  assert.equal(table.code, 0, table.err);
  assert.match(table.out, /^encoder +bert .*tiny-bert \(2 layers, hidden 32\) +\[B, T, 32\] +[\d,]+ +frozen$/m);
  assert.match(table.out, /^convs\.0 +Conv1d +\[B, 8, T-2\] +776 +trainable$/m); // 8 × 32 × 3 + 8
  assert.match(table.out, /^fc +Linear +\[B, 1\] +25 +trainable$/m); // binary: one logit from 3 × 8 features
  assert.match(table.out, /^Trainable params: 3,121$/m); // 776 + 1,032 + 1,288 + 25

  const expanded = await cli(['summary', run, '--expand', '--json']);
  assert.equal(expanded.code, 0, expanded.err);
  const s = JSON.parse(expanded.out) as {
    rows: { layer: string; outputShape: unknown[] | null; params: number; status: string }[];
    trainable: number;
    frozen: number;
    total: number;
  };
  assert.deepEqual(
    s.rows.map((r) => r.layer),
    ['embeddings', 'encoder.layer.0', 'encoder.layer.1', 'pooler.dense', 'convs.0', 'convs.1', 'convs.2', 'fc'],
  );
  assert.deepEqual(s.rows.find((r) => r.layer === 'encoder.layer.1')!.outputShape, ['B', 'T', 32]);
  assert.equal(
    s.total,
    s.rows.reduce((n, r) => n + r.params, 0),
  );
  assert.equal(s.trainable + s.frozen, s.total);
  assert.equal(s.trainable, 3121);

  const clf = await TextClassifier.load(run);
  try {
    const rows = clf.summaryRows();
    assert.equal(rows.frozen, s.frozen, 'API and CLI count the same encoder parameters');
    assert.equal(
      clf
        .summary({ expandEncoder: true })
        .split('\n')
        .filter((l) => l.startsWith('encoder.layer.')).length,
      2,
    );
    const texts = ['the film was great', 'the plot is dull'];
    const classify = await pipeline('text-classification', run);
    assert.deepEqual(await classify(texts), await clf.predict(texts));
    assert.deepEqual(classify.labels, ['negative', 'positive']);
    await classify.close();
    const vectors = await clf.embed(texts);
    assert.equal(vectors.length, 2);
    assert.equal(vectors[0]!.length, 32); // BERT: pooled size = hidden size
    assert.ok(vectors[0]!.some((v, i) => v !== vectors[1]![i]));
  } finally {
    await clf.close();
  }
  await assert.rejects(TokenTagger.load(run), /is a text classification run; load it with TextClassifier\.load\(\)/);
  const untrained = new TextClassifier({ encoder: fx.model });
  const [v] = await untrained.embed('an untrained classifier embeds with its encoder');
  assert.equal(v!.length, 32);
  await untrained.close();
  const missing = await cli(['summary', join(fx.root, 'nope')]);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /not a bertcnn run folder/);
});
