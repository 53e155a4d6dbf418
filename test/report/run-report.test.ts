// `bertcnn report` on every kind of folder bertcnn train writes (tiny generated runs): an NER run (entity-level
// and per-type scores equal to metrics.json), a Kim (2014) run (per-class table, kim.json settings, curves from its
// log.jsonl), cross-validation folders of classification and Kim folds (per-fold rows and mean ± std equal to
// cv.json's, one curve per fold) and an interrupted one without cv.json (figures computed from the folds present,
// and said so). Bad files name the file and the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nerToy, writeConll } from '../helpers/ner-toy.ts';
import { cli, fixture, TINY_BUDGET } from '../cli/cli-helpers.ts';

const fx = await fixture('report', { train: 80, dev: 40 });
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const f4 = (x: number) => x.toFixed(4);

async function report(run: string, extra: string[] = []): Promise<string> {
  const out = join(fx.root, `${run.split('/').slice(-2).join('-')}.html`);
  const r = await cli(['report', run, '--out', out, '--quiet', ...extra]);
  assert.equal(r.code, 0, r.err);
  const html = readFileSync(out, 'utf8');
  assert.ok(!/src="http|href="http|<script/.test(html), 'self-contained, no scripts');
  return html;
}

/** The rows of the table with id `id`, as arrays of cell texts. */
function rows(html: string, id: string): string[][] {
  const m = new RegExp(`<table id="${id}">.*?<tbody>(.*?)</tbody>`).exec(html);
  assert.ok(m, `table ${id}`);
  return [...m[1]!.matchAll(/<tr>(.*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<td>(.*?)<\/td>/g)].map((c) => c[1]!));
}

test('NER run: curves, entity-level scores per split and per type equal to metrics.json, the config', async () => {
  for (const [name, n, seed] of [
    ['train', 60, 1],
    ['dev', 20, 2],
    ['test', 20, 3],
  ] as const)
    writeConll(join(fx.root, `${name}.conll`), nerToy(n, seed));
  const run = join(fx.root, 'ner');
  const t = await cli([
    'train',
    '--task',
    'ner',
    ...['--train', join(fx.root, 'train.conll'), '--dev', join(fx.root, 'dev.conll')],
    ...['--test', join(fx.root, 'test.conll'), '--encoder', fx.model, '--out', run],
    ...[
      '--head',
      'tagger-linear',
      '--epochs',
      '4',
      '--batch-size',
      '8',
      '--lr',
      '0.05',
      '--schedule',
      'constant',
      '--quiet',
    ],
  ]);
  assert.equal(t.code, 0, t.err);
  const html = await report(run);
  const m = json(join(run, 'metrics.json'));
  assert.ok(m.dev.f1 > 0 && m.test.f1 > 0, `entity F1 dev ${m.dev.f1}, test ${m.test.f1}: nothing to compare`);
  assert.match(html, /<h1>NER · tagger-linear · frozen · tiny-bert on train\.conll<\/h1>/);
  assert.equal((html.match(/<svg /g) ?? []).length, 2); // loss, dev metrics
  assert.match(html, /data-name="f1"/);
  const scores = rows(html, 'entity-scores');
  assert.deepEqual(
    scores.map((r) => r.slice(0, 4)),
    ['dev', 'test'].map((s) => [s, f4(m[s].precision), f4(m[s].recall), f4(m[s].f1)]),
  );
  for (const s of ['dev', 'test']) {
    const types = Object.keys(m[s].per_type);
    assert.deepEqual(types.sort(), ['LOC', 'PER']);
    assert.deepEqual(
      rows(html, `per-type-${s}`),
      types.map((k) => {
        const p = m[s].per_type[k];
        return [k, f4(p.precision), f4(p.recall), f4(p.f1), String(p.support), String(p.predicted), String(p.correct)];
      }),
    );
  }
  assert.match(html, /&quot;kind&quot;: &quot;ner&quot;/); // config.json
  const onlyTest = await report(run, ['--split', 'test']);
  assert.equal(rows(onlyTest, 'entity-scores').length, 1);
  assert.ok(!onlyTest.includes('per-type-dev'));
  // A metrics.json without per-type scores names the file and the field.
  const broken = join(fx.root, 'ner-broken');
  cpSync(run, broken, { recursive: true });
  delete m.dev.per_type.PER.f1;
  writeFileSync(join(broken, 'metrics.json'), JSON.stringify(m));
  const bad = await cli(['report', broken, '--quiet']);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /ner-broken\/metrics\.json: 'dev\.per_type\.PER\.f1' is not a number/);
});

test('Kim --folds 2: the CV report (cv.json figures, curve per fold) and a fold as a Kim run', async () => {
  const cv = join(fx.root, 'kim-cv');
  const t = await cli([
    'train',
    '--preset',
    'kim2014',
    ...['--train', fx.train, '--variant', 'rand', '--epochs', '2', '--folds', '2', '--out', cv, '--quiet'],
  ]);
  assert.equal(t.code, 0, t.err);
  const c = json(join(cv, 'cv.json'));
  const html = await report(cv);
  assert.match(html, /<h1>2-fold cross-validation · kim2014 · kim-cv<\/h1>/);
  const mean = rows(html, 'cv-mean');
  const acc = mean.find((r) => r[0] === 'accuracy')!;
  assert.deepEqual(acc, [
    'accuracy',
    `${f4(c.dev.mean.accuracy)} ± ${f4(c.dev.std.accuracy)}`,
    `${f4(c.test.mean.accuracy)} ± ${f4(c.test.std.accuracy)}`,
  ]);
  const test = rows(html, 'cv-folds-test');
  assert.deepEqual(
    test.map((r) => r[0]),
    ['fold-1', 'fold-2', 'mean', 'std'],
  );
  assert.equal(test[1]![1], String(c.per_fold[1].best_epoch));
  assert.ok(test[1]!.includes(f4(c.per_fold[1].test.accuracy)));
  assert.equal(
    (html.match(/class="series" data-name="fold-1"/g) ?? []).length,
    (html.match(/class="series" data-name="fold-2"/g) ?? []).length,
  );
  assert.match(html, /<svg [^>]*aria-label="Train loss per epoch"/);
  assert.match(html, /<svg [^>]*aria-label="Dev accuracy per epoch"/);
  // One fold is a Kim run: per-class table, confusion matrix, kim.json's settings, the logged curves.
  const fold = await report(join(cv, 'fold-1'));
  const fm = json(join(cv, 'fold-1', 'metrics.json'));
  assert.match(fold, /<h1>kim2014 CNN-rand · .* \(fold 1\/2/);
  assert.match(fold, /Evaluation \(dev\)/);
  assert.match(fold, new RegExp(`<b>accuracy</b> ${f4(fm.dev.accuracy)}`));
  assert.match(fold, /Confusion matrix/);
  assert.match(fold, /&quot;preset&quot;: &quot;kim2014&quot;/);
  assert.match(fold, /data-name="train loss"/);
});

test('classification --folds 2: per-fold rows and mean ± std equal cv.json; interrupted (no cv.json): computed and said so', async () => {
  const cv = join(fx.root, 'cls-cv');
  const t = await cli([
    'train',
    '--train',
    fx.train,
    '--encoder',
    fx.model,
    '--out',
    cv,
    '--folds',
    '2',
    ...TINY_BUDGET,
  ]);
  assert.equal(t.code, 0, t.err);
  const c = json(join(cv, 'cv.json'));
  const html = await report(cv);
  assert.match(html, /2-fold cross-validation · classification/);
  assert.match(html, /selected by dev accuracy/);
  const keys = Object.keys(c.dev.mean);
  assert.deepEqual(
    rows(html, 'cv-mean'),
    keys.map((k) => [k, `${f4(c.dev.mean[k])} ± ${f4(c.dev.std[k])}`, `${f4(c.test.mean[k])} ± ${f4(c.test.std[k])}`]),
  );
  const dev = rows(html, 'cv-folds-dev');
  for (const i of [0, 1]) {
    const f = c.per_fold[i];
    assert.deepEqual(dev[i], [`fold-${f.fold}`, String(f.best_epoch), ...keys.map((k) => f4(f.dev[k]))]);
  }
  const heldOut = rows(html, 'cv-folds-test'); // fold i is the test split
  for (const i of [0, 1]) assert.ok(heldOut[i]!.includes(f4(c.per_fold[i].test.accuracy)));
  assert.ok(!html.includes('cv.json is absent'));
  // Interrupted during fold 2: no cv.json, fold-2 without metrics.json.
  const cut = join(fx.root, 'cls-cut');
  cpSync(cv, cut, { recursive: true });
  rmSync(join(cut, 'cv.json'));
  rmSync(join(cut, 'fold-2', 'metrics.json'));
  const h2 = await report(cut);
  assert.match(
    h2,
    /cv\.json is absent \(the run was interrupted\): mean ± std computed here from the 1 finished fold\(s\) present; fold-2 has no metrics\.json/,
  );
  assert.deepEqual(
    rows(h2, 'cv-mean').find((r) => r[0] === 'accuracy'),
    ['accuracy', `${f4(c.per_fold[0].dev.accuracy)} ± 0.0000`, `${f4(c.per_fold[0].test.accuracy)} ± 0.0000`],
  );
  assert.deepEqual(
    rows(h2, 'cv-folds-dev').map((r) => r[0]),
    ['fold-1', 'mean', 'std'],
  );
  // A cv.json with a wrong field names the file and the field; the report file is not written.
  writeFileSync(join(cut, 'cv.json'), JSON.stringify({ ...c, per_fold: [{ ...c.per_fold[0], fold: 'one' }] }));
  const bad = await cli(['report', cut, '--out', join(cut, 'bad.html'), '--quiet']);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /cls-cut\/cv\.json: 'per_fold\[0\]\.fold' is not a number/);
  assert.ok(!readdirSync(cut).some((f) => f.startsWith('bad.html')));
});
