// The seeds' BioBERT Keras model — BERT features → Conv1D → BatchNorm → Dropout (×2) → GlobalMaxPool →
// Dense(128, relu) → Dropout → output, L2 on the kernels — trained for one epoch on the toy task from the exact
// command docs/heads.md documents (its files, encoder and run folder replaced by the fixture's, --epochs by 1),
// through main(argv); the run holds that model: config.json's options and the layers `bertcnn summary` lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HEADS_DOC } from '../../scripts/docs/heads-doc.ts';
import { Rng } from '../../src/engine/rng.ts';
import { buildHead, parseHeadSettings } from '../../src/heads/index.ts';
import { cli, fixture } from './cli-helpers.ts';

interface RunConfig {
  head: { kind: string; options?: unknown };
  train: { seed: number };
}

const fx = await fixture('keras-stack', { train: 96, dev: 32 });

/** The argv of the ```sh block under "The Keras stack of the seeds" in docs/heads.md. */
function documentedCommand(): string[] {
  const doc = readFileSync(HEADS_DOC, 'utf8');
  const section = doc.slice(doc.indexOf('## The Keras stack of the seeds'));
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  assert.ok(block, 'docs/heads.md: no ```sh block in the Keras stack section');
  const argv = block[1]!.replace(/\\\n/g, ' ').trim().split(/\s+/);
  assert.deepEqual(argv.slice(0, 2), ['bertcnn', 'train']);
  return argv.slice(1);
}

test('the documented BioBERT-style Keras stack trains from its one command', async () => {
  const out = join(fx.root, 'biobert-keras');
  const replace: Record<string, string> = {
    '--train': fx.train,
    '--dev': fx.dev,
    '--encoder': fx.model,
    '--out': out,
    '--epochs': '1',
  };
  const argv = documentedCommand();
  for (const [flag, value] of Object.entries(replace)) {
    const i = argv.indexOf(flag);
    assert.ok(i > 0, `the documented command has ${flag}`);
    argv[i + 1] = value;
  }
  const r = await cli([...argv, '--quiet']);
  assert.equal(r.code, 0, r.err);
  const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as { head: unknown };
  assert.deepEqual(config.head, {
    kind: 'conv1d',
    options: {
      layers: 2,
      batchNorm: true,
      layerDropout: 0.5,
      poolSize: 1,
      dropout: 0,
      hiddenUnits: [128],
      hiddenActivation: 'relu',
      hiddenDropout: 0.5,
      l2: 0.01,
    },
  });
  const summary = await cli(['summary', out, '--json']);
  assert.equal(summary.code, 0, summary.err);
  const rows = (JSON.parse(summary.out) as { rows: { layer: string; outputShape: unknown; params: number }[] }).rows;
  const layer = (name: string) => rows.find((x) => x.layer === name);
  for (const name of ['convs.0', 'norms.0', 'convs.1', 'norms.1', 'hidden.0', 'fc']) assert.ok(layer(name), name);
  assert.deepEqual(layer('hidden.0')!.outputShape, ['B', 128]);
  assert.equal(layer('hidden.0')!.params, 128 * 128 + 128);
});

test("--l2 adds exactly λ·Σw² over the head's kernels to the training loss (the documented command, step 1)", async () => {
  const firstLoss = async (l2: string) => {
    const out = join(fx.root, `l2-${l2}`);
    const argv = documentedCommand();
    const set = (flag: string, value: string) => (argv[argv.indexOf(flag) + 1] = value);
    for (const [flag, value] of [
      ['--train', fx.train],
      ['--dev', fx.dev],
      ['--encoder', fx.model],
      ['--out', out],
      ['--epochs', '1'],
      ['--l2', l2],
    ])
      set(flag!, value!);
    const r = await cli([...argv, '--log-every', '1', '--quiet']);
    assert.equal(r.code, 0, r.err);
    const step = JSON.parse(readFileSync(join(out, 'log.jsonl'), 'utf8').split('\n')[0]!) as {
      step: number;
      loss: number;
    };
    assert.equal(step.step, 1);
    return { loss: step.loss, config: JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as RunConfig };
  };
  const withL2 = await firstLoss('0.01');
  const without = await firstLoss('0');
  // the head as it was before its first update: built from the run's settings with the run's seed, as training does
  const { head: settings, train } = withL2.config;
  const head = buildHead(parseHeadSettings(settings), { inputDim: 32, numClasses: 1 }, new Rng(train.seed));
  const kernels = head.parameters().filter((p) => /(convs\.\d|hidden\.\d|fc)\.weight$/.test(p.name));
  assert.deepEqual(
    kernels.map((p) => p.name),
    ['convs.0.weight', 'convs.1.weight', 'hidden.0.weight', 'fc.weight'],
  );
  const penalty = 0.01 * kernels.reduce((s, p) => s + p.data.reduce((a, w) => a + w * w, 0), 0);
  const diff = withL2.loss - without.loss;
  assert.ok(Math.abs(diff - penalty) < 1e-5 * penalty, `loss difference ${diff} vs λ·Σw² ${penalty}`);
});
