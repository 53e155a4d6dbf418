// `bertcnn distill` with a NER teacher (issue #18): a frozen tiny-BERT tagger-cnn + CRF teacher, tagger students
// over word ids (--mode words). The student's folder is a NER run that eval and predict take, plus distill.json and
// metrics.json teacher_agreement; a distilled student tags dev words as the teacher does more often than a student
// distilled towards random scores (the property fails if the teacher term is not learned); the teacher's scores
// are cached, so a second student over the same sentences, or --resume, never calls the teacher (library level, a
// counting teacher); a classification --train file, tags outside the teacher's set and a classification student are refused
// naming the file / flag.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/engine/rng.ts';
import { runNerDistillJob } from '../../src/tasks/distill/ner-job.ts';
import { openNerTeacher, type NerTeacher } from '../../src/tasks/distill/ner-teacher.ts';
import { nerToy, writeConll } from '../helpers/ner-toy.ts';
import { cli, fixture } from './cli-helpers.ts';

const fx = await fixture('distill-ner', { train: 4, dev: 4 });
const conll = (name: string) => join(fx.root, `${name}.conll`);
writeConll(conll('train'), nerToy(120, 1));
writeConll(conll('dev'), nerToy(40, 2));
writeConll(conll('test'), nerToy(30, 3));
const teacherRun = join(fx.root, 'teacher');
const DATA = ['--train', conll('train'), '--dev', conll('dev'), '--test', conll('test')];
const BUDGET = ['--epochs', '6', '--batch-size', '16', '--lr', '0.01', '--schedule', 'constant', '--seed', '1'];
const STUDENT = [...DATA, ...BUDGET, '--filters', '16', '--quiet'];

test('teacher: a frozen tiny-BERT tagger-cnn + CRF NER run', async () => {
  const r = await cli([
    'train',
    '--task',
    'ner',
    ...DATA,
    '--encoder',
    fx.model,
    '--crf',
    ...BUDGET,
    '--out',
    teacherRun,
    '--quiet',
  ]);
  assert.equal(r.code, 0, r.err);
});

test('distill → a NER run over word ids (distill.json, agreement) that eval and predict take', async () => {
  const out = join(fx.root, 'student');
  const d = await cli([
    'distill',
    '--teacher',
    teacherRun,
    '--crf',
    '--alpha',
    '0.5',
    ...STUDENT,
    '--out',
    out,
    '--json',
  ]);
  assert.equal(d.code, 0, d.err);
  const res = JSON.parse(d.out) as {
    task: string;
    student: string;
    crf: boolean;
    mode: string;
    teacher_agreement: Record<string, number>;
  };
  assert.deepEqual([res.task, res.student, res.crf, res.mode], ['ner', 'tagger-cnn', true, 'words']);
  const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as {
    kind: string;
    task: { labels: string[] };
  };
  const teacherConfig = JSON.parse(readFileSync(join(teacherRun, 'config.json'), 'utf8')) as {
    task: { labels: string[] };
  };
  assert.equal(config.kind, 'ner');
  assert.deepEqual(config.task.labels, teacherConfig.task.labels);
  const record = JSON.parse(readFileSync(join(out, 'distill.json'), 'utf8')) as {
    loss: { alpha: number };
    transfer: { labelled: number; total: number; teacherComputed: number };
  };
  assert.equal(record.loss.alpha, 0.5);
  // the teacher scores each distinct sentence once (the toy corpus repeats some)
  const distinct = new Set(nerToy(120, 1).map((s) => s.words.join(' '))).size;
  assert.deepEqual(
    [record.transfer.labelled, record.transfer.total, record.transfer.teacherComputed],
    [120, 120, distinct],
  );
  const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as {
    test: { f1: number };
    teacher_agreement: { dev: number; test: number };
  };
  for (const k of ['dev', 'test'] as const)
    assert.ok(metrics.teacher_agreement[k]! > 0.5, `${k} ${metrics.teacher_agreement[k]}`);
  const e = await cli(['eval', out, '--data', conll('test'), '--json']);
  assert.equal(e.code, 0, e.err);
  assert.ok(Math.abs((JSON.parse(e.out) as { f1: number }).f1 - metrics.test.f1) < 1e-9);
  writeFileSync(join(fx.root, 'raw.txt'), 'Mr John lives in Paris .\n');
  const p = await cli(['predict', out, '--input', join(fx.root, 'raw.txt')]);
  assert.equal(p.code, 0, p.err);
  assert.match(p.out, /"entities"/);
});

/** A teacher whose scores are random (same shapes): the control a real teacher must beat. */
function randomTeacher(t: NerTeacher): NerTeacher {
  const rng = new Rng(7);
  return {
    ...t,
    id: `${t.id}-random`,
    async emissions(sentences) {
      const real = await t.emissions(sentences);
      return real.map((r) => Float32Array.from(r, () => 4 * (rng.next() - 0.5)));
    },
  };
}

test('distilled on the teacher alone (α = 0), a student agrees with the teacher more than one distilled on random scores', async () => {
  const teacher = await openNerTeacher(teacherRun);
  const job = (out: string) => ({
    out: join(fx.root, out),
    trainFile: conll('train'),
    devFile: conll('dev'),
    mode: 'words' as const,
    encoder: { ref: '' },
    head: { kind: 'tagger-cnn' as const, options: { filters: 16 } },
    embeddings: {},
    options: { epochs: 6, batchSize: 16, lr: 0.01, schedule: 'constant' as const, seed: 1 },
    loss: { alpha: 0, temperature: 1, distance: 'mse' as const },
  });
  try {
    const real = await runNerDistillJob(job('alpha0'), teacher);
    const random = await runNerDistillJob(job('alpha0-random'), randomTeacher(teacher));
    const a = (r: typeof real) => (r.metrics.teacher_agreement as { dev: number }).dev;
    // The random-teacher student's agreement is scored against the real teacher's tags (its own teacher's
    // decode uses the same CRF); the real student must be clearly closer.
    assert.ok(a(real) > a(random) + 0.1, `real ${a(real)}, random ${a(random)}`);
    assert.ok(a(real) > 0.8, `real ${a(real)}`);
  } finally {
    await teacher.release();
  }
});

test('the teacher scores a sentence once: a second student over a shared cache, or --resume, never calls it', async () => {
  const teacher = await openNerTeacher(teacherRun);
  let calls = 0;
  const counting: NerTeacher = {
    ...teacher,
    emissions: (s) => {
      calls += s.length;
      return teacher.emissions(s);
    },
  };
  const cacheRoot = join(fx.root, 'shared-cache');
  const job = (out: string) => ({
    out: join(fx.root, out),
    trainFile: conll('train'),
    devFile: conll('dev'),
    mode: 'words' as const,
    encoder: { ref: '' },
    head: { kind: 'tagger-linear' as const, options: {} },
    embeddings: {},
    options: { epochs: 1, batchSize: 16, lr: 0.01, seed: 1 },
    loss: { alpha: 0.5, temperature: 2, distance: 'kl' as const },
    augment: { copies: 2, maskProb: 0.1, ngramProb: 0.25, maxNgram: 5, maskToken: '[UNK]', seed: 3 },
    logitCache: cacheRoot,
  });
  try {
    const first = await runNerDistillJob(job('cache-1'), counting);
    assert.ok(first.distill.transfer!.augmented > 0);
    const before = calls;
    assert.ok(first.distill.transfer!.teacherComputed > 0);
    assert.ok(before > first.distill.transfer!.teacherComputed); // the transfer set, then dev (agreement)
    const second = await runNerDistillJob(job('cache-2'), counting);
    assert.equal(calls, before);
    assert.equal(second.distill.transfer!.teacherComputed, 0);
    // --resume continues the first student from its checkpoint for a second epoch, over the cached scores
    const resumed = await runNerDistillJob(
      { ...job('cache-1'), resume: true, options: { epochs: 2, batchSize: 16, lr: 0.01, seed: 1 } },
      counting,
    );
    assert.equal(calls, before);
    assert.equal(resumed.result.interrupted, false);
    assert.equal(resumed.result.history.at(-1)!.epoch, 2);
    assert.ok(existsSync(join(fx.root, 'cache-1', 'metrics.json')));
  } finally {
    await teacher.release();
  }
});

test('unlabeled sentences: raw lines (split into words) or a CoNLL file, teacher term only', async () => {
  const raw = join(fx.root, 'unlabeled.txt');
  writeFileSync(raw, 'Mr Anna went to Berlin.\n\nthey said that Mr Emma moved to Tokyo .\n');
  const out = join(fx.root, 'unlabeled');
  const d = await cli([
    'distill',
    '--teacher',
    teacherRun,
    '--unlabeled',
    raw,
    ...STUDENT,
    '--epochs',
    '1',
    '--out',
    out,
  ]);
  assert.equal(d.code, 0, d.err);
  const record = JSON.parse(readFileSync(join(out, 'distill.json'), 'utf8')) as { transfer: { unlabeled: number } };
  assert.equal(record.transfer.unlabeled, 2);
  const out2 = join(fx.root, 'unlabeled-conll');
  const d2 = await cli([
    'distill',
    '--teacher',
    teacherRun,
    '--unlabeled',
    conll('test'),
    ...STUDENT,
    '--epochs',
    '1',
    '--out',
    out2,
  ]);
  assert.equal(d2.code, 0, d2.err);
  const r2 = JSON.parse(readFileSync(join(out2, 'distill.json'), 'utf8')) as { transfer: { unlabeled: number } };
  assert.equal(r2.transfer.unlabeled, 30);
});

test('bad input: a classification --train file, tags the teacher lacks, a classification student', async () => {
  const tsv = join(fx.root, 'sentences.tsv');
  writeFileSync(tsv, 'text\tlabel\na fine film\tpos\n');
  const a = await cli([
    'distill',
    '--teacher',
    teacherRun,
    ...STUDENT,
    '--train',
    tsv,
    '--out',
    join(fx.root, 'bad-a'),
  ]);
  assert.notEqual(a.code, 0);
  assert.match(a.err, /sentences\.tsv/);
  const other = join(fx.root, 'other-tags.conll');
  writeFileSync(other, 'Acme\tB-ORG\nworks\tO\n');
  const b = await cli([
    'distill',
    '--teacher',
    teacherRun,
    ...STUDENT,
    '--train',
    other,
    '--out',
    join(fx.root, 'bad-b'),
  ]);
  assert.equal(b.code, 1, b.err);
  assert.match(b.err, /other-tags\.conll: .*line 1/);
  assert.match(b.err, /B-ORG/);
  const skipped = await cli([
    'distill',
    '--teacher',
    teacherRun,
    ...STUDENT,
    '--train',
    other,
    '--unknown-label',
    'skip',
    '--out',
    join(fx.root, 'bad-b'),
  ]);
  assert.equal(skipped.code, 1, skipped.err);
  assert.match(skipped.err, /other-tags\.conll: no sentences left to train on/);
  const c = await cli([
    'distill',
    '--teacher',
    teacherRun,
    ...STUDENT,
    '--student',
    'textcnn',
    '--out',
    join(fx.root, 'bad-c'),
  ]);
  assert.equal(c.code, 2, c.err);
  assert.match(c.err, /tagger/);
  for (const d of ['bad-a', 'bad-b', 'bad-c']) assert.equal(existsSync(join(fx.root, d)), false, d);
});
