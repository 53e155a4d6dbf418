// A CoNLL token file given to a classification `train` (no --task ner) is refused with the way to train a tagger
// — by its extension, or, under any name, because its "texts" are nearly all tags — instead of training a
// classifier on single words (issue 16). Exit 2, nothing written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { nerToy, writeConll } from '../helpers/ner-toy.ts';
import { cli, fixture } from './cli-helpers.ts';

const fx = await fixture('conll-as-classification', { train: 8, dev: 4 });
const conll = join(fx.root, 'train.conll');
writeConll(conll, nerToy(20, 1));
const renamed = join(fx.root, 'tokens.tsv');
copyFileSync(conll, renamed);

for (const [what, file, detail] of [
  ['a .conll file', conll, /looks like a CoNLL token file \(one token per line/],
  ['a CoNLL file named .tsv', renamed, /looks like a CoNLL token file \(one token per line, \d+ of \d+ texts are tags/],
] as const) {
  test(`train without --task ner refuses ${what}, naming --task ner`, async () => {
    const out = join(fx.root, `run-${what.length}`);
    const r = await cli(['train', '--train', file, '--encoder', fx.model, '--out', out, '--epochs', '1']);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, detail);
    assert.match(r.err, /--task ner/);
    assert.equal(existsSync(join(out, 'config.json')), false);
  });
}

test('an ordinary label<TAB>text file still trains', async () => {
  const r = await cli([
    'train',
    '--train',
    fx.train,
    '--encoder',
    fx.model,
    '--out',
    join(fx.root, 'ok'),
    '--epochs',
    '1',
    '--quiet',
  ]);
  assert.equal(r.code, 0, r.err);
});
