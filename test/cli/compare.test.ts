// `bertcnn compare`: linear (pooled) vs TextCNN (token features) vs CNN-alone (token ids) with the same budget;
// a table with one row per model on stdout, compare.json in --out, or --json rows with no folder kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, fixture, TINY_BUDGET } from './cli-helpers.ts';

const fx = await fixture('compare', { train: 96, dev: 40 });
const BUDGET = [...TINY_BUDGET, '--embedding-dim', '8', '--seed', '2'];

interface Row {
  name: string;
  dir: string;
  input: string;
  dev: Record<string, number>;
  parameters: number;
  train_seconds: number;
  total_seconds: number;
}

test('compare prints the three rows and writes compare.json', async () => {
  const out = join(fx.root, 'cmp');
  const r = await cli([
    'compare',
    '--train',
    fx.train,
    '--dev',
    fx.dev,
    '--encoder',
    fx.model,
    ...BUDGET,
    '--out',
    out,
  ]);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.split('\n');
  assert.match(lines[0]!, /model\s+input\s+lr\s+dev acc\s+dev macro-F1\s+train s\s+total s\s+parameters/);
  assert.match(lines[1]!, /^linear\s+pooled\s+0\.05\s+\d\.\d{4}\s+\d\.\d{4}\s+\d+\.\d\s+\d+\.\d\s+33$/); // 32 + 1 (binary)
  assert.match(lines[2]!, /^textcnn\s+token features\s+0\.005\s+\d\.\d{4}/);
  assert.match(lines[3]!, /^cnn-alone\s+token ids\s+0\.005\s+\d\.\d{4}/);
  const saved = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8')) as {
    budget: Record<string, unknown>;
    rows: Row[];
  };
  assert.deepEqual(
    saved.rows.map((x) => x.name),
    ['linear', 'textcnn', 'cnn-alone'],
  );
  assert.equal(saved.budget.epochs, 2);
  assert.equal(saved.rows[1]!.parameters, 32 * 8 * 12 + 24 + 25);
  assert.equal(saved.rows[2]!.parameters, 30522 * 8 + 8 * 8 * 12 + 24 + 25, 'CNN-alone trains its own embedding table');
  for (const m of ['linear', 'textcnn', 'cnn-alone']) {
    const cfg = JSON.parse(readFileSync(join(out, m, 'config.json'), 'utf8')) as {
      train: { epochs: number; batchSize: number; seed: number; lr: number };
      mode: string;
    };
    assert.deepEqual([cfg.train.epochs, cfg.train.batchSize, cfg.train.seed], [2, 16, 2], `${m}: same budget`);
    assert.equal(cfg.train.lr, m === 'linear' ? 0.05 : 0.005, `${m}: the frozen linear head trains at 10× --lr`);
    assert.equal(cfg.mode, m === 'cnn-alone' ? 'ids' : 'frozen');
  }
});

test('compare --json without --out: rows as JSON, nothing kept', async () => {
  const r = await cli(['compare', '--train', fx.train, '--dev', fx.dev, '--encoder', fx.model, ...BUDGET, '--json']);
  assert.equal(r.code, 0, r.err);
  const res = JSON.parse(r.out) as { rows: Row[]; out?: string };
  assert.equal(res.rows.length, 3);
  assert.equal(res.out, undefined);
  for (const row of res.rows) {
    assert.ok(row.dev.accuracy! >= 0 && row.dev.accuracy! <= 1);
    assert.ok(row.total_seconds >= row.train_seconds);
    assert.ok(!existsSync(row.dir), 'temporary runs are removed');
  }
});

test('compare --folds K cross-validates every model; --linear-lr sets the linear head lr', async () => {
  const out = join(fx.root, 'cmp-folds');
  const args = [
    'compare',
    '--train',
    fx.train,
    '--encoder',
    fx.model,
    ...BUDGET,
    '--folds',
    '2',
    '--linear-lr',
    '0.02',
  ];
  const r = await cli([...args, '--out', out]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /2-fold cross-validation: mean ± std over the folds/);
  assert.match(r.out, /^linear\s+pooled\s+0\.02\s+\d\.\d{4} ± \d\.\d{4}/m);
  const saved = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8')) as {
    folds: number;
    rows: (Row & { folds: number; dev_std: Record<string, number>; lr: number })[];
  };
  assert.equal(saved.folds, 2);
  for (const row of saved.rows) {
    assert.equal(row.folds, 2);
    type Split = { mean: Record<string, number>; std: Record<string, number> };
    const cv = JSON.parse(readFileSync(join(out, row.name, 'cv.json'), 'utf8')) as { dev: Split; test: Split };
    assert.equal(row.dev.accuracy, cv.dev.mean.accuracy, `${row.name}: the row is the folds' mean`);
    assert.equal(row.dev_std.accuracy, cv.dev.std.accuracy);
    assert.equal((row as { test?: Record<string, number> }).test?.accuracy, cv.test.mean.accuracy, 'held-out folds');
    for (const f of [1, 2]) assert.ok(existsSync(join(out, row.name, `fold-${f}`, 'metrics.json')));
  }
  assert.deepEqual(
    saved.rows.map((x) => x.lr),
    [0.02, 0.005, 0.005],
  );
  const bad = await cli([...args.slice(0, -2), '--dev', fx.dev]);
  assert.notEqual(bad.code, 0);
  assert.match(bad.err, /cross-validation makes its own dev folds/);
  const badLr = await cli(['compare', '--train', fx.train, '--encoder', fx.model, '--linear-lr', '-1']);
  assert.notEqual(badLr.code, 0);
  assert.match(badLr.err, /--linear-lr must be a positive number/);
});
