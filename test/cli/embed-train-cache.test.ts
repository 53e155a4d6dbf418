// `bertcnn embed` then `bertcnn train --cache` share one feature-cache space with every setting left at its default
// (#16 item 4: embed defaulted to the model's max length, 512 for BERT, train to 128, so train embedded everything
// again into a second space). Through main(argv) on the tiny fixture: after embedding the train and dev files,
// train computes no features (its feature line says so) and the cache gains no shard; a train with another
// --max-length does compute (so the check can fail). embed's summary names the layer selection as train records it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, fixture, TINY_BUDGET, trainFixture } from './cli-helpers.ts';

const fx = await fixture('embed-train', { train: 64, dev: 24 });
const cache = join(fx.root, 'cache');

/** Shard files over every space of the cache: [spaces, shards]. */
function shards(): [number, number] {
  const spaces = readdirSync(cache, { withFileTypes: true }).filter((d) => d.isDirectory());
  const n = spaces.reduce(
    (sum, d) => sum + readdirSync(join(cache, d.name)).filter((f) => /^shard-.*\.bin$/.test(f)).length,
    0,
  );
  return [spaces.length, n];
}

test('embed then train --cache with default settings: train finds every text cached and computes none', async () => {
  for (const file of [fx.train, fx.dev]) {
    const r = await cli(['embed', '--encoder', fx.model, '--input', file, '--out', cache, '--threads', '1']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /cache .*\(layers last, combine concat, pooling none, fp32\)/);
    assert.doesNotMatch(r.out, /:sum|:concat/, 'the space key is not shown as the layer selection');
    assert.match(r.out, /truncated to 128 tokens/, "train's default max length");
  }
  const before = shards();
  assert.equal(before[0], 1, 'one space');

  const t = await trainFixture(fx, join(fx.root, 'run'), [...TINY_BUDGET, '--cache', cache]);
  assert.equal(t.code, 0, t.err);
  assert.match(t.err, /features: every text found in the feature cache, none computed/);
  assert.doesNotMatch(t.err, /features: computing/);
  assert.deepEqual(shards(), before, 'train wrote nothing to the cache');

  // Another max length is another space: computed, and said so.
  const other = await trainFixture(fx, join(fx.root, 'run-64'), [
    ...TINY_BUDGET,
    '--cache',
    cache,
    '--max-length',
    '64',
  ]);
  assert.equal(other.code, 0, other.err);
  assert.match(other.err, /features: computing \d+ text\(s\)/);
  assert.equal(shards()[0], 2);
});
