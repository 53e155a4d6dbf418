// `bertcnn heads [NAME] [--json]` (every head with its shapes and options, from the registries), `train --help`
// pointing to it, and one spelling of head options: kebab-case in flags, in --head-option and in every message,
// camelCase still accepted as an alias; a shorthand flag the head has no option for names the head and its options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HEAD_KINDS } from '../../src/heads/index.ts';
import { TAGGER_KINDS } from '../../src/heads/taggers/index.ts';
import { buildProgram } from '../../src/cli/main.ts';
import { Rng } from '../../src/engine/rng.ts';
import { makeTagger } from '../../src/heads/taggers/index.ts';
import { nerToy, writeConll } from '../helpers/ner-toy.ts';
import { cli, fixture } from './cli-helpers.ts';

const fx = await fixture('heads', { train: 48, dev: 16 });
const config = (out: string) => JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as { head: unknown };

test('heads: every head with its input, output and options (type, default, meaning)', async () => {
  const r = await cli(['heads']);
  assert.equal(r.code, 0, r.err);
  for (const k of [...HEAD_KINDS, ...TAGGER_KINDS])
    assert.match(r.out, new RegExp(`^${k}( \\(--task ner\\))? — `, 'm'));
  assert.match(r.out, /^conv2d — .*\n {2}input: {2}pooled sentence vector \[B, H\]/m);
  assert.match(
    r.out,
    /^textcnn — .*\n {2}input: {2}token features \[B, T, H\] \+ mask \[B, T\]\n {2}output: logits \[B, C\]/m,
  );
  const one = await cli(['heads', 'conv1d']);
  assert.equal(one.code, 0, one.err);
  assert.doesNotMatch(one.out, /^textcnn/m, 'one head only');
  for (const row of [
    /^ {4}batch-norm +true\|false +false +BatchNorm after each conv layer/m,
    /^ {4}layers +integer ≥ 1 or list of \{filters, kernel-size, pool\} +2 +a count of conv layers/m,
    /^ {4}pool-size +integer ≥ 1 +2 +max-pool width/m,
    /^ {4}hidden-units\* +list of integers ≥ 1 +none +hidden Dense layers/m,
    /^ {4}l2\* +number ≥ 0 +0 +L2 penalty/m,
  ])
    assert.match(one.out, row);
  assert.doesNotMatch(one.out, /batchNorm|poolSize|hiddenUnits/, 'kebab-case only');
});

test('heads --json: the same catalog as data; an unknown head exits 2 naming the heads', async () => {
  const r = await cli(['heads', 'conv2d', '--json']);
  assert.equal(r.code, 0, r.err);
  const h = JSON.parse(r.out) as { name: string; input: string; options: Record<string, unknown>[] };
  assert.equal(h.name, 'conv2d');
  assert.deepEqual(
    h.options.map((o) => o.name),
    [
      'filters',
      'kernel-size',
      'pool-size',
      'dropout',
      'hidden-units',
      'hidden-activation',
      'hidden-dropout',
      'l2',
      'l2-bias',
    ],
  );
  assert.deepEqual(h.options[1], {
    name: 'kernel-size',
    type: 'integer ≥ 1',
    default: 3,
    description: 'kernel height along the hidden units',
  });
  const all = JSON.parse((await cli(['heads', '--json'])).out) as { name: string }[];
  assert.deepEqual(
    all.map((x) => x.name),
    [...HEAD_KINDS, ...TAGGER_KINDS],
  );
  const bad = await cli(['heads', 'lstm']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /unknown head 'lstm' \(one of textcnn, conv1d/);
});

test('train --help points to bertcnn heads and lists the hidden-layer and L2 flags', async () => {
  // main(argv)'s own program, its help written to a string (process.stdout is the test runner's channel)
  const argv = ['node', 'bertcnn', 'train', '--help'];
  const program = await buildProgram(argv);
  let help = '';
  program.commands.find((c) => c.name() === 'train')!.configureOutput({ writeOut: (s) => void (help += s) });
  await assert.rejects(program.parseAsync(argv), (e: { code?: string }) => e.code === 'commander.helpDisplayed');
  assert.match(help, /bertcnn heads \[NAME\]/);
  for (const flag of [
    '--hidden-units <list>',
    '--hidden-activation <name>',
    '--hidden-dropout <p>',
    '--l2 <λ>',
    '--l2-bias <λ>',
  ])
    assert.ok(help.includes(flag), flag);
});

const base = (out: string) => ['train', '--train', fx.train, '--dev', fx.dev, '--encoder', fx.model, '--out', out];

test('kebab-case in every head-option message; a flag the head lacks names the head and its options', async () => {
  const cases: [string[], RegExp][] = [
    [
      ['--head', 'conv2d', '--kernel-sizes', '5'],
      /--kernel-sizes: head conv2d has no option kernel-sizes \(its options: filters, kernel-size, pool-size, dropout, hidden-units, hidden-activation, hidden-dropout, l2, l2-bias; see bertcnn heads conv2d\)/,
    ],
    [['--head', 'conv1d', '--head-option', 'batch-norm=maybe'], /head conv1d: invalid options — batch-norm: /],
    [['--head', 'conv1d', '--head-option', 'batchNorm=maybe'], /head conv1d: invalid options — batch-norm: /],
    [
      ['--head', 'conv1d', '--head-option', 'layers=[{"filters":4,"kernel-size":0}]'],
      /head conv1d: invalid options — layers\.0\.kernel-size: /,
    ],
    [
      ['--head', 'conv2d', '--head-option', 'kernel-sizes=[5]'],
      /unknown option kernel-sizes \(its options: filters, kernel-size, pool-size,.*\); see bertcnn heads conv2d/,
    ],
    [['--head', 'linear', '--hidden-units', '64'], /--hidden-units: head linear has no option hidden-units/],
    [
      ['--hidden-activation', 'sigmoid'],
      /--hidden-activation: Invalid option: expected one of "relu"\|"tanh"\|"gelu"\|"linear"/,
    ],
    [['--l2', '-1'], /--l2: Too small/],
  ];
  for (const [extra, msg] of cases) {
    const r = await cli([...base(join(fx.root, 'never')), ...extra]);
    assert.equal(r.code, 2, `${extra.join(' ')} → ${r.err}`);
    assert.match(r.err, msg, extra.join(' '));
    assert.doesNotMatch(r.err, /batchNorm|kernelSize|poolSize|hiddenUnits|Unrecognized/, `camelCase in: ${r.err}`);
  }
});

test('kebab-case and camelCase --head-option keys (at any depth) train the same head', async () => {
  const budget = ['--epochs', '1', '--batch-size', '16', '--quiet'];
  const kebab = join(fx.root, 'kebab');
  const camel = join(fx.root, 'camel');
  const opts = (bn: string, ks: string) => [
    '--head',
    'conv1d',
    '--head-option',
    `${bn}=true`,
    '--head-option',
    `layers=[{"filters":4,"${ks}":2},{"filters":4}]`,
    '--filters',
    '6',
  ];
  const a = await cli([...base(kebab), ...budget, ...opts('batch-norm', 'kernel-size')]);
  assert.equal(a.code, 0, a.err);
  const b = await cli([...base(camel), ...budget, ...opts('batchNorm', 'kernelSize')]);
  assert.equal(b.code, 0, b.err);
  const want = {
    kind: 'conv1d',
    options: { batchNorm: true, layers: [{ filters: 4, kernelSize: 2 }, { filters: 4 }], filters: 6 },
  };
  assert.deepEqual(config(kebab).head, want);
  assert.deepEqual(config(camel).head, want);
  assert.deepEqual(readFileSync(join(kebab, 'model.safetensors')), readFileSync(join(camel, 'model.safetensors')));
});

test("NER taggers take --l2 / --l2-bias: the first step's loss grows by exactly λ·Σw² + λ_b·Σb²", async () => {
  const train = join(fx.root, 'ner-train.conll');
  writeConll(train, nerToy(40, 1));
  const firstStep = async (l2: string, l2Bias: string) => {
    const out = join(fx.root, `ner-l2-${l2}`);
    const r = await cli([
      ...['train', '--task', 'ner', '--head', 'tagger-cnn', '--train', train, '--encoder', fx.model, '--out', out],
      ...['--kernel-sizes', '3', '--filters', '8', '--epochs', '1', '--batch-size', '8', '--log-every', '1'],
      ...['--l2', l2, '--l2-bias', l2Bias, '--quiet'],
    ]);
    assert.equal(r.code, 0, r.err);
    const step = JSON.parse(readFileSync(join(out, 'log.jsonl'), 'utf8').split('\n')[0]!) as { loss: number };
    const cfg = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as {
      head: { options: Record<string, unknown> };
      task: { labels: string[] };
      train: { seed: number };
    };
    return { loss: step.loss, cfg };
  };
  const on = await firstStep('0.01', '0.002');
  const off = await firstStep('0', '0');
  // the tagger before its first update: the run's settings and seed, as training builds it (tiny BERT: 32 wide)
  const { head, task, train: t } = on.cfg;
  const tagger = makeTagger(
    'tagger-cnn',
    { ...head.options, inputDim: 32, numTags: task.labels.length },
    new Rng(t.seed),
  );
  const sq = (re: RegExp) =>
    tagger
      .parameters()
      .filter((p) => re.test(p.name))
      .reduce((s, p) => s + p.data.reduce((a, w) => a + w * w, 0), 0);
  const penalty = 0.01 * sq(/^(convs\.0|fc)\.weight$/) + 0.002 * sq(/^(convs\.0|fc)\.bias$/);
  const diff = on.loss - off.loss;
  assert.ok(Math.abs(diff - penalty) < 1e-5 * penalty + 1e-6, `loss difference ${diff} vs penalty ${penalty}`);
});
