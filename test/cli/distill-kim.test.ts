// `bertcnn distill --student kim2014` end to end through main(argv): a frozen BERT + TextCNN teacher on the toy
// sentiment task, Kim's CNN over a tiny vectors file as the student. The student learns from the teacher's logits
// alone (α = 0) and decides as the teacher does on dev far above chance; its vocabulary holds the words of the
// whole transfer set (a word only the unlabeled file has); its folder is a kim2014 run plus distill.json, and
// eval, predict and export --int8 take it. Misuse (--encoder, a classification-only flag, Kim flags without the
// Kim student, a fixed recipe flag) fails with exit 2 naming the flag.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/engine/rng.ts';
import { sentimentToy } from '../helpers/sentiment-toy.ts';
import { cli, FAST, fixture, trainFixture } from './cli-helpers.ts';

const fx = await fixture('distill-kim');
const teacherRun = join(fx.root, 'teacher');
const vectors = join(fx.root, 'vectors.txt');
const rng = new Rng(7);
// Vectors for the frame words only: the opinion words that decide the label start from random rows.
const FRAME =
  'the film this movie story acting plot ending cast script was is truly i thought honestly felt turned out overall';
writeFileSync(
  vectors,
  FRAME.split(' ')
    .map((w) => `${w} ${Array.from({ length: 128 }, () => (rng.next() - 0.5).toFixed(4)).join(' ')}`)
    .join('\n') + '\n',
);
const unlabeled = join(fx.root, 'unlabeled.txt');
// 600 unlabeled texts, each with its own made-up word: a 600+-word vocabulary × 128 dims, past the int8 table floor
writeFileSync(
  unlabeled,
  sentimentToy(600, 9)
    .map((r, i) => `${r.text} zork${i}\n`)
    .join(''),
);
const KIM = ['--student', 'kim2014', '--vectors', vectors, '--variant', 'non-static', '--seed', '1'];
const student = join(fx.root, 'student');
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

test('teacher: a frozen BERT + TextCNN run', async () => {
  const r = await trainFixture(fx, teacherRun, ['--head', 'textcnn', ...FAST, '--quiet']);
  assert.equal(r.code, 0, r.err);
  assert.ok(json(join(teacherRun, 'metrics.json')).dev.accuracy >= 0.8, 'the teacher decides both ways');
});

test('distilled Kim student (α = 0, MSE, unlabeled texts): agrees with its teacher; a kim2014 run + distill.json', async () => {
  const r = await cli([
    'distill',
    '--teacher',
    teacherRun,
    '--train',
    fx.train,
    '--dev',
    fx.dev,
    '--test',
    fx.dev,
    '--unlabeled',
    unlabeled,
    ...KIM,
    '--alpha',
    '0',
    '--epochs',
    '12',
    '--out',
    student,
    '--json',
  ]);
  assert.equal(r.code, 0, r.err);
  const res = JSON.parse(r.out) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.equal(res.student, 'kim2014');
  // 0.88 on this seed after 12 epochs (0.82 after 8); chance is 0.5 (60 dev texts, both labels decided); the
  // student saw no hard label
  assert.ok(res.teacher_agreement.dev >= 0.8, `agreement ${res.teacher_agreement.dev}`);
  assert.deepEqual(res.distill.transfer, {
    labelled: 160,
    augmented: 0,
    unlabeled: 600,
    total: 760,
    teacherComputed: res.distill.transfer.teacherComputed,
  });
  const config = json(join(student, 'config.json'));
  assert.deepEqual([config.kind, config.variant, config.level], ['kim2014', 'non-static', 'word']);
  const words = json(join(student, 'vocab.json')).words as string[];
  assert.ok(words.includes('zork599'), 'a word of the unlabeled file only is in the vocabulary');
  assert.equal(config.vocab_size, words.length);
  assert.deepEqual(json(join(student, 'labels.json')).labels, json(join(teacherRun, 'labels.json')).labels);
  const record = json(join(student, 'distill.json'));
  assert.deepEqual(record.loss, { alpha: 0, temperature: 1, distance: 'mse' });
  assert.equal(record.teacher.dir, teacherRun);
  assert.equal(record.unlabeled, unlabeled);
  const metrics = json(join(student, 'metrics.json'));
  assert.equal(metrics.teacher_agreement.dev, res.teacher_agreement.dev);
  assert.equal(metrics.dev.accuracy, res.dev.accuracy);
});

test('eval, predict and export --int8 take the distilled Kim student', async () => {
  const metrics = json(join(student, 'metrics.json'));
  const ev = await cli(['eval', student, '--data', fx.dev, '--json']);
  assert.equal(ev.code, 0, ev.err);
  assert.equal((JSON.parse(ev.out) as { accuracy: number }).accuracy, metrics.dev.accuracy);
  const texts = join(fx.root, 'texts.txt');
  writeFileSync(texts, 'the film was great\nthe plot was awful\n');
  const p = await cli(['predict', student, '--input', texts, '--quiet']);
  assert.equal(p.code, 0, p.err);
  assert.equal(p.out.trim().split('\n').length, 2);
  const x = await cli(['export', student, '--out', join(fx.root, 'student-int8'), '--int8', '--json']);
  assert.equal(x.code, 0, x.err);
  const e = JSON.parse(x.out) as { precision: string; check: { decisionsAgree: number; samples: number } };
  assert.equal(e.precision, 'int8');
  assert.equal(e.check.decisionsAgree, e.check.samples);
  const m = json(join(fx.root, 'student-int8', 'bertcnn-export.json'));
  assert.equal(m.int8.quantizedTables, 1, 'the word table is stored int8');
});

test('static variant, α = 0.5 with augmented copies (hard term masked to the labelled rows): trains; its word table is frozen', async () => {
  const out = join(fx.root, 'static');
  const r = await cli([
    'distill',
    '--teacher',
    teacherRun,
    '--train',
    fx.train,
    '--dev',
    fx.dev,
    ...KIM.filter((f) => f !== 'non-static' && f !== '--variant'),
    '--variant',
    'static',
    '--alpha',
    '0.5',
    '--augment',
    '--augment-copies',
    '1',
    '--epochs',
    '2',
    '--out',
    out,
    '--json',
  ]);
  assert.equal(r.code, 0, r.err);
  const res = JSON.parse(r.out) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.ok(res.distill.transfer.augmented > 0);
  assert.equal(json(join(out, 'distill.json')).loss.alpha, 0.5);
  assert.deepEqual(json(join(out, 'config.json')).channels, [{ trainable: false }]);
  assert.equal(res.frozen_parameters, res.vocab_size * 128, 'the whole word table is frozen');
});

test('Ctrl-C: exit 130, distill.json and the cached logits kept; --resume trains the student again from them', async () => {
  const out = join(fx.root, 'interrupted');
  const args = ['distill', '--teacher', teacherRun, '--train', fx.train, '--dev', fx.dev, ...KIM, '--epochs', '3'];
  let sent = false;
  const r = await cli([...args, '--out', out], (text) => {
    if (!sent && /^epoch 1:/m.test(text)) {
      sent = true;
      process.emit('SIGINT');
    }
  });
  assert.equal(r.code, 130, r.err);
  assert.match(r.err, /interrupted; a kim2014 student keeps no checkpoint: the same command with --resume/);
  assert.ok(existsSync(join(out, 'distill.json')));
  assert.ok(!existsSync(join(out, 'config.json')), 'no unfinished model is saved');
  const again = await cli([...args, '--out', out, '--resume', '--json']);
  assert.equal(again.code, 0, again.err);
  const res = JSON.parse(again.out) as { epochs_run: number; distill: { transfer: { teacherComputed: number } } };
  assert.equal(res.epochs_run, 3);
  assert.equal(res.distill.transfer.teacherComputed, 0, 'every teacher logit came from the cache');
  const done = await cli([...args, '--out', out, '--resume']);
  assert.equal(done.code, 2);
  assert.match(done.err, /already holds a run.*this one is finished/);
});

test('misuse: --encoder, classification flags, Kim flags without the Kim student, recipe flags (exit 2, named)', async () => {
  const base = ['distill', '--teacher', teacherRun, '--train', fx.train, '--out', join(fx.root, 'bad')];
  const cases: [string[], RegExp][] = [
    [[...KIM, '--encoder', fx.model], /--student kim2014 is Kim's CNN .*drop --encoder/],
    [[...KIM, '--lr', '0.1'], /--student kim2014 fixes --lr/],
    [[...KIM, '--config', vectors], /--student kim2014 fixes the settings/],
    [['--student', 'cnn-alone', '--variant', 'static'], /--variant applies to --student kim2014 only/],
    [[...KIM, '--variant', 'bogus'], /--variant/],
  ];
  for (const [flags, message] of cases) {
    const r = await cli([...base, ...flags]);
    assert.equal(r.code, 2, `${flags.join(' ')}: ${r.err}`);
    assert.match(r.err, message);
    assert.ok(!existsSync(join(fx.root, 'bad')), `${flags.join(' ')}: no folder left`);
  }
});
