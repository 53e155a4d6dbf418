// `bertcnn train` settings: --config merging (flags override the file; the resolved settings land in train.json
// and config.json), validation errors (exit 2 naming the key or flag), bad flags, impossible combinations, and
// Ctrl-C: a SIGINT mid-training saves a checkpoint, exits 130 saying how to resume, and `--resume` finishes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, FAST, fixture } from './cli-helpers.ts';

const fx = await fixture('train-config');
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

test('--config: file values apply, flags override them, kebab-case keys are accepted', async () => {
  const cfg = join(fx.root, 'run.json');
  writeFileSync(
    cfg,
    JSON.stringify({
      train: fx.train,
      dev: fx.dev,
      encoder: fx.model,
      epochs: 5,
      'batch-size': 8,
      kernelSizes: [2, 3],
      filters: 4,
      headOptions: { activation: 'leaky_relu' },
      maxLength: 24,
    }),
  );
  const out = join(fx.root, 'run-config');
  const r = await cli([
    'train',
    '--config',
    cfg,
    '--out',
    out,
    '--epochs',
    '2',
    '--head-option',
    'dropout=0.1',
    '--quiet',
  ]);
  assert.equal(r.code, 0, r.err);
  const config = json(join(out, 'config.json')) as {
    train: Record<string, unknown>;
    head: { options: Record<string, unknown> };
    encoder: { maxLength: number };
  };
  assert.equal(config.train.epochs, 2, 'the flag wins');
  assert.equal(config.train.batchSize, 8, 'the file applies');
  assert.deepEqual(config.head.options, { activation: 'leaky_relu', dropout: 0.1, kernelSizes: [2, 3], filters: 4 });
  assert.equal(config.encoder.maxLength, 24);
  const saved = json(join(out, 'train.json'));
  assert.equal(saved.epochs, 2);
  assert.equal(saved.train, fx.train);
  assert.equal(r.out, '', '--quiet prints nothing');
});

test('config validation: unknown keys are named; bad values name the key and the file (exit 2)', async () => {
  const cfg = join(fx.root, 'bad.json');
  writeFileSync(cfg, JSON.stringify({ train: fx.train, encoder: fx.model, epochs: 3, kernelSize: [3], batchsize: 4 }));
  let r = await cli(['train', '--config', cfg, '--out', join(fx.root, 'x')]);
  assert.equal(r.code, 2);
  assert.match(r.err, /bad\.json: unknown keys "kernelSize", "batchsize"/);
  writeFileSync(cfg, JSON.stringify({ train: fx.train, encoder: fx.model, epochs: 0, optimizer: 'adamax' }));
  r = await cli(['train', '--config', cfg, '--out', join(fx.root, 'x')]);
  assert.equal(r.code, 2);
  assert.match(r.err, /bad\.json: epochs: Too small/);
  assert.match(r.err, /bad\.json: optimizer: Invalid option/);
  r = await cli(['train', '--config', cfg, '--out', join(fx.root, 'x'), '--epochs', '-1', '--optimizer', 'sgd']);
  assert.match(r.err, /--epochs: Too small/, 'a bad flag value names the flag');
  writeFileSync(cfg, '{"train": ');
  r = await cli(['train', '--config', cfg, '--out', join(fx.root, 'x')]);
  assert.equal(r.code, 2);
  assert.match(r.err, /bad\.json: not valid JSON/);
});

test('bad flags and combinations exit 2 with a message naming the flag', async () => {
  const base = ['train', '--train', fx.train, '--encoder', fx.model, '--out', join(fx.root, 'never')];
  const cases: [string[], RegExp][] = [
    [['--no-such-flag'], /unknown option '--no-such-flag'/],
    [['--batch-size', 'abc'], /--batch-size must be an integer, got 'abc'/],
    [['--lr', '1e-3x'], /--lr must be a number/],
    [['--head', 'lstm'], /--head: Invalid option/],
    [['--mode', 'half'], /--mode: Invalid option/],
    [
      ['--head', 'linear', '--kernel-sizes', '3,4'],
      /--kernel-sizes: head linear has no option kernel-sizes \(its options: dropout, init-std, l2, l2-bias;/,
    ],
    [['--head-option', 'nonsense=1'], /head textcnn: invalid options.*nonsense/],
    [['--head-option', 'novalue'], /--head-option must look like key=value/],
    [['--dev', fx.dev, '--dev-split', '0.1'], /--dev and --dev-split exclude each other/],
    [['--folds', '3', '--dev', fx.dev], /--folds: cross-validation makes its own dev folds; drop --dev/],
    [['--folds', '1'], /--folds: Too small/],
    [['--metric', 'auc'], /--metric: unknown metric 'auc'/],
    [['--layers', 'first'], /--layers must be 'last' or layer indices/],
    [['--class-weights', '1,x'], /--class-weights must be a number/],
    [['--freeze-layers', '1'], /--freeze-layers applies to --mode finetune only/],
    [['--mode', 'finetune', '--cache', fx.root], /--cache applies to --mode frozen/],
  ];
  for (const [extra, msg] of cases) {
    const r = await cli([...base, ...extra]);
    assert.equal(r.code, 2, `${extra.join(' ')} → ${r.err}`);
    assert.match(r.err, msg, extra.join(' '));
  }
  const missing = await cli(['train', '--train', fx.train, '--out', join(fx.root, 'never')]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /missing --encoder/);
});

test('Ctrl-C saves a resumable checkpoint and exits 130; --resume finishes the run from its saved settings', async () => {
  const out = join(fx.root, 'run-interrupted');
  let sent = false;
  const r = await cli(
    ['train', '--train', fx.train, '--dev', fx.dev, '--encoder', fx.model, '--out', out, ...FAST],
    (s) => {
      if (!sent && s.startsWith('epoch 2/')) {
        sent = true;
        process.emit('SIGINT');
      }
    },
  );
  assert.equal(r.code, 130, r.err);
  assert.match(r.err, /interrupted after 2 complete epoch\(s\); checkpoint saved/);
  assert.equal(existsSync(join(out, 'run.lock')), false, 'the run lock is released');
  assert.match(
    r.err,
    new RegExp(`resume with: bertcnn train --out ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} --resume`),
  );
  const state = json(join(out, 'checkpoint', 'state.json'));
  assert.equal(state.epoch, 2);
  const resumed = await cli(['train', '--out', out, '--resume', '--json']);
  assert.equal(resumed.code, 0, resumed.err);
  const res = JSON.parse(resumed.out) as { epochs_run: number; dev: { accuracy: number } };
  assert.equal(res.epochs_run, 6);
  const epochs = readFileSync(join(out, 'log.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; epoch: number })
    .filter((l) => l.type === 'epoch');
  assert.deepEqual(
    epochs.map((e) => e.epoch),
    [1, 2, 3, 4, 5, 6],
  );
  assert.equal(process.listenerCount('SIGINT'), 0, 'the SIGINT handler is removed after training');
});
