// Run folders store encoder references that resolve from anywhere (#16 item 4, src/encoders/run-ref.ts): a run
// trained with a relative --encoder path stores the folder's absolute path, so predict and eval work from another
// directory. Runs written before (a relative encoder.ref) are found relative to the run folder, then the current
// directory; when neither holds the folder the error names both paths tried. Through main(argv), with
// process.chdir between commands (this file's own process).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, fixture, TINY_BUDGET } from './cli-helpers.ts';

const fx = await fixture('paths', { train: 48, dev: 16 });
const elsewhere = join(fx.root, 'elsewhere', 'deeper');
mkdirSync(elsewhere, { recursive: true });
const texts = join(fx.root, 'texts.txt');
writeFileSync(texts, 'a wonderful film\na dull and boring mess\n');
const run = join(fx.root, 'run');
const configPath = join(run, 'config.json');

async function inDir<T>(dir: string, f: () => Promise<T>): Promise<T> {
  const before = process.cwd();
  process.chdir(dir);
  try {
    return await f();
  } finally {
    process.chdir(before);
  }
}

const predictFromElsewhere = () => inDir(elsewhere, () => cli(['predict', run, '--input', texts]));

function setRef(ref: string): void {
  const cfg = JSON.parse(readFileSync(configPath, 'utf8')) as { encoder: { ref: string } };
  cfg.encoder.ref = ref;
  writeFileSync(configPath, JSON.stringify(cfg));
}

test('train with a relative --encoder path from one folder, predict and eval from another', async () => {
  const t = await inDir(fx.root, () =>
    cli([
      'train',
      '--train',
      'train.tsv',
      '--dev',
      'dev.tsv',
      '--encoder',
      'tiny-bert',
      '--out',
      'run',
      ...TINY_BUDGET,
      '--quiet',
    ]),
  );
  assert.equal(t.code, 0, t.err);
  const cfg = JSON.parse(readFileSync(configPath, 'utf8')) as { encoder: { ref: string } };
  assert.equal(cfg.encoder.ref, fx.model, 'stored as the absolute folder path');

  const p = await predictFromElsewhere();
  assert.equal(p.code, 0, p.err);
  assert.equal(p.out.trim().split('\n').length, 2);
  const e = await inDir(elsewhere, () => cli(['eval', run, '--input', fx.dev, '--json']));
  assert.equal(e.code, 0, e.err);
});

test('a run that stored a relative encoder path: found beside the run, then from the cwd, else both paths named', async () => {
  setRef('../tiny-bert'); // relative to the run folder
  const beside = await predictFromElsewhere();
  assert.equal(beside.code, 0, beside.err);

  setRef('./tiny-bert'); // relative to where training ran (fx.root)
  const fromTrainingDir = await inDir(fx.root, () => cli(['predict', run, '--input', texts]));
  assert.equal(fromTrainingDir.code, 0, fromTrainingDir.err);
  assert.equal(fromTrainingDir.out, beside.out, 'same model, same predictions');

  const lost = await predictFromElsewhere();
  assert.equal(lost.code, 1);
  assert.ok(lost.err.includes(configPath), lost.err);
  assert.ok(lost.err.includes(join(run, 'tiny-bert')), `names the run-relative path: ${lost.err}`);
  assert.ok(lost.err.includes(join(elsewhere, 'tiny-bert')), `names the cwd-relative path: ${lost.err}`);
  setRef(fx.model);
});
