// `bertcnn train --preset kim2014` end to end on a tiny synthetic task (tsv files and a GloVe-format vectors file
// written here, no wink): the run folder's files, eval and predict on the run equal what training measured
// (accuracy exactly, probabilities ≤ 1e-5), --folds writes cv.json with the folds' mean, refused flags and bad
// inputs fail with their name (exit 2) or file:line (exit 1), and CNN-rand needs no vectors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { Rng } from '../../src/engine/rng.ts';
import { registerTrain } from '../../src/cli/commands/train.ts';
import { kimSettings } from '../../src/cli/kim-flags.ts';
import { trainKim } from '../../src/presets/kim2014/job.ts';
import { DATA_FLAGS, ENCODER_FLAGS, HEAD_FLAGS, OPTION_FLAGS, RUN_FLAGS } from '../../src/cli/train-flags.ts';
import { cli } from './cli-helpers.ts';
import { tinySplits } from '../tasks/kim/helpers.ts';

const root = mkdtempSync(join(tmpdir(), 'bertcnn-kim-preset-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
const data = tinySplits(120, 3, 40);
const tsv = (name: string, s: { texts: string[]; y: (number | number[])[] }) => {
  const path = join(root, name);
  // Upper-case first letters and punctuation, so clean_str has work to do.
  writeFileSync(
    path,
    s.texts.map((t, i) => `${data.labels[s.y[i] as number]}\t${t[0]!.toUpperCase()}${t.slice(1)}!`).join('\n') + '\n',
  );
  return path;
};
const train = tsv('train.tsv', data.train);
const testFile = tsv('test.tsv', data.test);
const vectors = join(root, 'vectors.txt');
const rng = new Rng(7);
const vocab = 'the a movie film story plot was is very really and but it this that not bad good'.split(' ');
writeFileSync(
  vectors,
  vocab.map((w) => `${w} ${Array.from({ length: 6 }, () => (rng.next() - 0.5).toFixed(4)).join(' ')}`).join('\n') +
    '\n',
);
const BASE = ['train', '--preset', 'kim2014', '--train', train, '--vectors', vectors, '--epochs', '2', '--quiet'];
const out = (name: string) => join(root, name);
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const TRAIN_FLAGS = [...DATA_FLAGS, ...ENCODER_FLAGS, ...HEAD_FLAGS, ...OPTION_FLAGS, ...RUN_FLAGS];

test('train writes the run folder; eval on the test file reports the accuracy of metrics.json', async () => {
  const run = out('static');
  const r = await cli([...BASE, '--test', testFile, '--out', run]);
  assert.equal(r.code, 0, r.err);
  for (const f of ['config.json', 'vocab.json', 'labels.json', 'model.safetensors', 'metrics.json', 'log.jsonl'])
    assert.ok(existsSync(join(run, f)), f);
  assert.ok(!existsSync(join(run, 'kim.json')), 'the version-1 kim.json is no longer written');
  const kim = json(join(run, 'config.json'));
  assert.deepEqual([kim.format, kim.version, kim.kind], ['bertcnn-run', 2, 'kim2014']);
  assert.equal(kim.variant, 'static');
  assert.equal(kim.clean_str, 'default');
  assert.equal(kim.vocab_size, json(join(run, 'vocab.json')).words.length);
  assert.ok(kim.coverage.token_rate > 0.5);
  assert.deepEqual(json(join(run, 'labels.json')).labels, ['neg', 'pos']);
  assert.equal(readFileSync(join(run, 'log.jsonl'), 'utf8').trim().split('\n').length, 2);
  const metrics = json(join(run, 'metrics.json'));
  const ev = await cli(['eval', run, '--data', testFile, '--json']);
  assert.equal(ev.code, 0, ev.err);
  assert.equal(JSON.parse(ev.out).accuracy, metrics.test.accuracy);
  assert.equal(JSON.parse(ev.out).records, data.test.texts.length);
  const again = await cli([...BASE, '--out', run]);
  assert.equal(again.code, 2);
  assert.match(again.err, /already holds a run/);
});

for (const variant of ['non-static', 'multichannel']) {
  test(`${variant}: predict gives the training evaluator's test probabilities`, async () => {
    const run = out(`p-${variant}`);
    const argv = [
      '--train',
      train,
      '--test',
      testFile,
      '--vectors',
      vectors,
      '--variant',
      variant,
      '--epochs',
      '2',
      '--out',
      run,
      '--preset',
      'kim2014',
    ];
    if (variant === 'multichannel') argv.push('--combine', 'separate');
    const parsed: Record<string, unknown> = {};
    for (let i = 0; i < argv.length; i += 2)
      parsed[argv[i]!.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = argv[i + 1];
    const r = await trainKim(kimSettings(parsed, TRAIN_FLAGS));
    const trained = r.units[0]!.fit!.test!.probabilities;
    assert.ok(Math.max(...trained) - Math.min(...trained) > 1e-3, 'the probabilities differ between texts');
    const p = await cli(['predict', run, '--input', testFile, '--quiet']);
    assert.equal(p.code, 0, p.err);
    const lines = p.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { probabilities: Record<string, number> });
    assert.equal(lines.length, data.test.texts.length);
    lines.forEach((l, i) => {
      assert.ok(
        Math.abs(l.probabilities.neg! - trained[2 * i]!) <= 1e-5,
        `row ${i}: ${l.probabilities.neg} vs ${trained[2 * i]}`,
      );
      assert.ok(Math.abs(l.probabilities.pos! - trained[2 * i + 1]!) <= 1e-5);
    });
    assert.equal(json(join(run, 'config.json')).channels.length, variant === 'multichannel' ? 2 : 1);
  });
}

test('--folds 2 writes fold-1, fold-2 and cv.json with dev and test named; per-fold sizes on stderr', async () => {
  const run = out('cv');
  const r = await cli([...BASE.filter((f) => f !== '--quiet'), '--folds', '2', '--out', run]);
  assert.equal(r.code, 0, r.err);
  const cv = json(join(run, 'cv.json'));
  const folds = [1, 2].map((i) => json(join(run, `fold-${i}`, 'metrics.json')));
  assert.equal(cv.folds, 2);
  assert.ok(!('mean' in cv) && !('test_mean' in cv), 'the one cv.json shape: dev and test named');
  assert.match(cv.protocol, /fold i is test/);
  assert.ok(Math.abs(cv.test.mean.accuracy - (folds[0]!.test.accuracy + folds[1]!.test.accuracy) / 2) < 1e-12);
  assert.ok(Math.abs(cv.dev.mean.accuracy - (folds[0]!.dev.accuracy + folds[1]!.dev.accuracy) / 2) < 1e-12);
  assert.ok(Math.abs(cv.test.std.accuracy - Math.abs(folds[0]!.test.accuracy - folds[1]!.test.accuracy) / 2) < 1e-12);
  // stderr: the file's records, then what each fold trains, selects and scores on (not "N examples" of a part).
  assert.match(r.err, /train\.tsv: 120 examples/);
  assert.match(r.err, /fold 1\/2: 54 train, 6 dev, 60 test \(test = this fold, dev = part of the others\)/);
  // No --test: each fold's test split is its held-out fold (half of train).
  assert.equal(
    folds[0]!.test.per_class.reduce((s: number, c: { support: number }) => s + c.support, 0),
    60,
  );
});

test('empty rows are skipped and counted, as plain train does (CR has 4, MPQA 3)', async () => {
  const withEmpty = join(root, 'with-empty.tsv');
  writeFileSync(withEmpty, `${readFileSync(train, 'utf8')}${data.labels[0]}\t\n${data.labels[1]}\t   \n`);
  const r = await cli([
    'train',
    '--preset',
    'kim2014',
    '--train',
    withEmpty,
    '--vectors',
    vectors,
    '--epochs',
    '1',
    '--out',
    out('empty'),
  ]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /with-empty\.tsv: 120 examples \(2 empty text\(s\) skipped\)/);
});

test('Ctrl-C during a Kim cross-validation: exit 130 naming the kept folds; --resume reads them back and trains the rest', async () => {
  const run = out('cv-interrupted');
  const args = [...BASE.filter((f) => f !== '--quiet'), '--epochs', '3', '--folds', '3', '--out', run];
  let sent = false;
  const r = await cli(args, (text) => {
    if (!sent && /fold 2\/3 epoch 1:/.test(text)) {
      sent = true;
      process.emit('SIGINT');
    }
  });
  assert.equal(r.code, 130, r.err);
  assert.match(
    r.err,
    /interrupted during fold 2 of 3; 1 finished fold\(s\) kept in .*cv-interrupted\. Resume: the same command with --resume/,
  );
  assert.ok(existsSync(join(run, 'fold-1', 'metrics.json')));
  assert.ok(!existsSync(join(run, 'fold-2', 'metrics.json')), 'the unfinished fold is not saved');
  assert.ok(!existsSync(join(run, 'cv.json')));
  const fold1 = readFileSync(join(run, 'fold-1', 'model.safetensors'));
  const again = await cli([...args, '--resume']);
  assert.equal(again.code, 0, again.err);
  assert.match(again.err, /fold 1\/3: kept from the interrupted run/);
  assert.ok(readFileSync(join(run, 'fold-1', 'model.safetensors')).equals(fold1), 'fold 1 was not retrained');
  const cv = json(join(run, 'cv.json'));
  assert.equal(cv.per_fold.length, 3);
  // Without --resume the folder is refused, as for any run.
  const refused = await cli(args);
  assert.equal(refused.code, 2);
  assert.match(refused.err, /already holds a run/);
});

test('flags the preset fixes are refused by name; unknown preset; Kim flags without --preset', async () => {
  for (const [flag, value] of [
    ['--lr', '0.1'],
    ['--encoder', 'x'],
    ['--head', 'textcnn'],
    ['--task', 'ner'],
    ['--kernel-sizes', '3'],
    ['--batch-size', '8'],
    ['--dropout', '0.1'],
  ] as const) {
    const r = await cli([...BASE, '--out', out('refused'), flag, value]);
    assert.equal(r.code, 2, flag);
    assert.ok(r.err.includes(`--preset kim2014 fixes ${flag}`), r.err);
  }
  const u = await cli([...BASE, '--out', out('refused'), '--preset', 'kim2015']);
  assert.equal(u.code, 2);
  assert.match(u.err, /--preset must be one of kim2014/);
  const v = await cli(['train', '--train', train, '--encoder', 'x', '--out', out('refused'), '--variant', 'rand']);
  assert.equal(v.code, 2);
  assert.match(v.err, /--variant applies to --preset kim2014/);
  assert.ok(!existsSync(out('refused')));
});

test('a vectors file with a bad line fails naming file:line, leaving no run folder', async () => {
  const bad = join(root, 'bad-vectors.txt');
  writeFileSync(bad, 'the 0.1 0.2 0.3\nmovie 0.1 0.2 0.3\nfilm 0.1 oops 0.3\n');
  const run = out('bad');
  const r = await cli(['train', '--preset', 'kim2014', '--train', train, '--vectors', bad, '--out', run, '--quiet']);
  assert.equal(r.code, 1);
  assert.ok(r.err.includes(`${bad}:3`), r.err);
  assert.ok(!existsSync(run));
});

test('--variant rand needs no vectors; keep-case clean_str keeps capitals in the vocabulary', async () => {
  const run = out('rand');
  const r = await cli([
    'train',
    '--preset',
    'kim2014',
    '--train',
    train,
    '--variant',
    'rand',
    '--clean-str',
    'keep-case',
    '--epochs',
    '1',
    '--out',
    run,
    '--json',
  ]);
  assert.equal(r.code, 0, r.err);
  const res = JSON.parse(r.out) as { variant: string; dev: { accuracy: number } };
  assert.equal(res.variant, 'rand');
  assert.ok(res.dev.accuracy >= 0);
  const kim = json(join(run, 'config.json'));
  assert.equal(kim.source.kind, 'random');
  assert.equal(kim.dim, 300);
  assert.ok((json(join(run, 'vocab.json')).words as string[]).some((w) => /^[A-Z]/.test(w)));
});

test('the preset flags are in train --help', async () => {
  const program = new Command();
  registerTrain(program);
  const help = program.commands.find((c) => c.name() === 'train')!.helpInformation();
  for (const f of [
    '--preset',
    '--variant',
    '--vectors',
    '--vector-format',
    '--vector-scale',
    '--bert-matrix',
    '--oov',
    '--level',
    '--clean-str',
  ])
    assert.ok(help.includes(`${f} <`), f);
  assert.match(help, /\(--preset kim2014\)/);
});
