// A run trained through the library stores its local encoder folder as an absolute path, as the CLI does (#16
// item 4): fit() from one working directory with a relative --encoder, then load() and predict() from another.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { TextClassifier } from '../../src/index.ts';
import { fixture } from '../cli/cli-helpers.ts';

test('fit with a relative encoder folder: config.json holds it absolute; load and predict work from elsewhere', async () => {
  const fx = await fixture('api-encoder-ref', { train: 48, dev: 16 });
  const out = join(fx.root, 'run');
  const cwd = process.cwd();
  try {
    process.chdir(fx.root);
    const clf = new TextClassifier({ encoder: 'tiny-bert', epochs: 1, batchSize: 16, headOptions: { filters: 8 } });
    await clf.fit(fx.train, { dev: fx.dev, out });
    await clf.close();
  } finally {
    process.chdir(cwd);
  }
  const ref = (JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as { encoder: { ref: string } }).encoder.ref;
  assert.ok(isAbsolute(ref), ref);
  assert.equal(ref, join(fx.root, 'tiny-bert'));
  const loaded = await TextClassifier.load(out); // cwd is the repository now, not fx.root
  const [p] = await loaded.predict(['a great film']);
  assert.ok(p && 'probabilities' in p);
  await loaded.close();
});
