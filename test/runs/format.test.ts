// The run-folder format (src/runs/format.ts): version-1 folders — classification and NER config.json without a
// `kind`, a Kim run's kim.json — load with loadRun and predict; `bertcnn upgrade` rewrites each as version 2
// (kind in config.json, kim.json gone) and the upgraded run predicts exactly the same; a second upgrade changes
// nothing; a cross-validation folder is upgraded fold by fold; a folder of a newer version is refused with what to do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRun } from '../../src/runs/run.ts';
import { folderKind } from '../../src/runs/kind.ts';
import { RUN_FORMAT_VERSION } from '../../src/train/run-config.ts';
import { cli } from '../cli/cli-helpers.ts';
import { writeKimRun, writeNerRun } from '../export/kinds-fixture.ts';
import { tempRoot, tinyBert, writeRun } from '../export/run-fixture.ts';

const root = tempRoot('run-format');
const bert = await tinyBert(root);
const TEXTS = ['Mr John Smith lives in New York.', 'a great film', 'the plot was boring'];
const json = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>;

async function predictions(dir: string): Promise<unknown[]> {
  const run = await loadRun(dir);
  try {
    return await run.predict(TEXTS);
  } finally {
    await run.release();
  }
}

const V1 = {
  classification: () =>
    writeRun(join(root, 'v1-classification'), {
      encoder: bert,
      mode: 'frozen',
      head: 'textcnn',
      headOptions: { filters: 4 },
      kind: 'multiclass',
      labels: ['a', 'b', 'c'],
    }),
  ner: () => writeNerRun(join(root, 'v1-ner'), { encoder: bert, mode: 'frozen', crf: true }),
  kim2014: () => writeKimRun(join(root, 'v1-kim')),
};

for (const [kind, write] of Object.entries(V1)) {
  test(`a version-1 ${kind} run loads, and bertcnn upgrade makes it version 2 with the same predictions`, async () => {
    const dir = await write();
    assert.equal(folderKind(dir), kind);
    const before = await predictions(dir);
    assert.equal(before.length, TEXTS.length);

    const r = await cli(['upgrade', dir]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`${kind} run upgraded from format version 1 to ${RUN_FORMAT_VERSION}`));
    const config = json(join(dir, 'config.json'));
    assert.deepEqual([config.format, config.version, config.kind], ['bertcnn-run', RUN_FORMAT_VERSION, kind]);
    assert.ok(!existsSync(join(dir, 'kim.json')));
    assert.equal(folderKind(dir), kind);
    assert.deepEqual(await predictions(dir), before);

    const again = await cli(['upgrade', dir]);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /already format version 2/);
  });
}

test('a cross-validation folder is upgraded fold by fold', async () => {
  const cv = join(root, 'cv');
  const kim = await writeKimRun(join(root, 'cv-src'));
  cpSync(kim, join(cv, 'fold-1'), { recursive: true });
  cpSync(kim, join(cv, 'fold-2'), { recursive: true });
  writeFileSync(join(cv, 'cv.json'), '{}\n');
  const r = await cli(['upgrade', cv]);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out.trim().split('\n').length, 2);
  for (const f of ['fold-1', 'fold-2']) assert.equal(json(join(cv, f, 'config.json')).kind, 'kim2014');
});

test('a run folder of a newer format version is refused, naming the file and what to do', async () => {
  const dir = await writeNerRun(join(root, 'v9'), { encoder: bert, mode: 'frozen', crf: false });
  const path = join(dir, 'config.json');
  writeFileSync(path, JSON.stringify({ ...json(path), version: 9 }));
  const r = await cli(['predict', dir, '--input', join(root, 'none.txt')]);
  assert.equal(r.code, 1);
  assert.match(r.err, /config\.json.*run format version 9 was written by a newer bertcnn.*update bertcnn/);
  await assert.rejects(loadRun(dir), /newer bertcnn/);
});
