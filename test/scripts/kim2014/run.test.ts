// The reproduction script on a tiny slice (1 fold / 1 seed, 1 epoch, 200 rows) of each dataset in
// ../shared/data, with a small GloVe file instead of the 307 MB wink vectors, so the script cannot rot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataRoot } from '../../../scripts/kim2014/datasets.ts';
import { main } from '../../../scripts/kim2014/run.ts';
import { tempDir } from '../../encoders/helpers.ts';

const haveData = existsSync(join(dataRoot(), 'MR/all.tsv'));

test('run.ts: mr / sst2 / trec on a tiny slice', { skip: !haveData && 'no ../shared/data' }, async () => {
  const dir = tempDir('kim-run');
  const vectors = join(dir, 'tiny.glove.txt');
  const common = 'the a , . film movie good bad is it \\? What How who'.split(' ');
  writeFileSync(vectors, common.map((w, i) => `${w} ${[0.1 * i, -0.2, 0.3].join(' ')}`).join('\n') + '\n');
  const out = join(dir, 'results.jsonl');
  const quick = ['--epochs', '1', '--limit', '200', '--vectors', vectors, '--out', out, '--quiet'];
  const mr = await main(['--dataset', 'mr', '--variant', 'static', '--folds', '1', ...quick]);
  assert.deepEqual([mr.runs, mr.dataset, mr.variant], [1, 'mr', 'static']);
  assert.ok(mr.coverage && mr.coverage.type_rate > 0 && mr.coverage.type_rate < 1);
  const sst = await main(['--dataset', 'sst2', '--variant', 'multichannel', ...quick]);
  const trec = await main(['--dataset', 'trec', '--variant', 'rand', '--seeds', '1', ...quick]);
  for (const s of [mr, sst, trec]) assert.ok(s.mean >= 0 && s.mean <= 100, `${s.dataset}: ${s.mean}`);
  const lines = readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(lines.filter((l) => l.summary).length, 3);
  assert.ok(lines.some((l) => l.dataset === 'trec' && typeof l.test_accuracy === 'number' && l.nproc));
});

test(
  'run.ts: --first-seed runs seeds S…N only (one cell spread over processes); out of range is refused',
  { skip: !haveData && 'no ../shared/data' },
  async () => {
    const out = join(tempDir('kim-run-seeds'), 'results.jsonl');
    const quick = [
      '--dataset',
      'trec',
      '--variant',
      'rand',
      '--epochs',
      '1',
      '--limit',
      '200',
      '--out',
      out,
      '--quiet',
    ];
    const s = await main([...quick, '--seeds', '3', '--first-seed', '2']);
    assert.equal(s.runs, 2);
    const seeds = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { seed?: number })
      .flatMap((l) => (l.seed ? [l.seed] : []));
    assert.deepEqual(seeds, [2, 3]);
    await assert.rejects(
      main([...quick, '--seeds', '2', '--first-seed', '3']),
      /--first-seed must be an integer in 1…2/,
    );
  },
);
