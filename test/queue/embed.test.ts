// `bertcnn embed --redis` with a real redis-server and an in-process worker on a generated tiny BERT: the cache
// the producer writes holds exactly the features (and lengths, truncation flags) a local `bertcnn embed` writes,
// in the same space folder; a second run sends no chunks; a worker started for other feature options (another
// queue) gets no jobs. Skips when redis-server is not installed.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateBertCheckpoint } from '../../src/encoders/bert/generate.ts';
import { FeatureCache } from '../../src/features/feature-cache.ts';
import { featureFlags } from '../../src/cli/feature-flags.ts';
import { connectRedis } from '../../src/queue/connection.ts';
import { openEmbedHandler } from '../../src/queue/embed-handler.ts';
import { startWorker } from '../../src/queue/worker.ts';
import { cli } from '../cli/cli-helpers.ts';
import { tempDir } from '../encoders/helpers.ts';
import { NO_REDIS, startRedis } from './redis-server.ts';

const url = await startRedis();
const root = tempDir('queue-embed');
const model = join(root, 'bert');
await generateBertCheckpoint(model, {
  layers: 2,
  hidden: 32,
  heads: 2,
  ffn: 64,
  maxPositions: 64,
  vocab: 'bert-base-uncased',
  seed: 5,
});
const words = ['fine', 'dull', 'film', 'cast', 'superb', 'slow', 'plot', 'a', 'the', 'is', 'very', 'not'];
const texts = Array.from({ length: 37 }, (_, i) =>
  Array.from({ length: 1 + ((i * 7) % 13) }, (_, j) => words[(i + j * 5) % words.length]).join(' '),
);
texts.push(texts[3]!, `${'long '.repeat(30)}text`);
const tsv = join(root, 'data.tsv');
writeFileSync(tsv, `${texts.map((t) => `pos\t${t}`).join('\n')}\n`);
const flags = { layers: '-2,-1', combine: 'sum', pooling: 'mean', tokens: true, maxLength: '16', precision: 'fp32' };
const args = [
  '--model',
  model,
  '--input',
  tsv,
  '--max-length',
  '16',
  '--layers',
  '-2,-1',
  '--combine',
  'sum',
  '--pooling',
  'mean',
  '--json',
  '--threads',
  '1',
];

test(
  'embed --redis: the producer’s cache equals a local embed’s, value for value',
  { skip: url ? false : NO_REDIS },
  async () => {
    const link = await connectRedis(url!);
    const worker = await startWorker(link, await openEmbedHandler(model, featureFlags(flags), { threads: 1 }));
    const other = await startWorker(
      link,
      await openEmbedHandler(model, featureFlags({ ...flags, pooling: 'cls' }), { threads: 1 }),
    );
    after(async () => {
      await worker.close();
      await other.close();
      link.close();
    });
    assert.notEqual(worker.queue, other.queue);

    const local = await cli(['embed', ...args, '--out', join(root, 'local')]);
    assert.equal(local.code, 0, local.err);
    const remote = await cli(['embed', ...args, '--out', join(root, 'remote'), '--redis', url!, '--chunk', '8']);
    assert.equal(remote.code, 0, remote.err);
    const l = JSON.parse(local.out) as Record<string, unknown>;
    const r = JSON.parse(remote.out) as Record<string, unknown>;
    assert.equal(r.queue, worker.queue);
    for (const k of ['space', 'texts', 'unique', 'new', 'cached', 'truncated', 'layers', 'pooling', 'max_length'])
      assert.equal(r[k], l[k], k);
    assert.equal(r.new, 38);
    assert.equal(r.truncated, 1);
    assert.equal(worker.completed, 1 + 5); // describe + ⌈38 / 8⌉ chunks
    assert.equal(other.completed, 0);

    const a = await FeatureCache.openSpace(join(root, 'local', String(l.space)));
    const b = await FeatureCache.openSpace(join(root, 'remote', String(r.space)));
    const all = texts.map((_, i) => i);
    const x = a.dataset(texts).batch(all);
    const y = b.dataset(texts).batch(all);
    assert.deepEqual([...y.lengths], [...x.lengths]);
    assert.deepEqual(y.tokens!.shape, x.tokens!.shape);
    assert.deepEqual(y.pooled!.shape, x.pooled!.shape);
    let maxDiff = 0;
    for (const [u, v] of [
      [x.tokens!.data, y.tokens!.data],
      [x.pooled!.data, y.pooled!.data],
    ] as const) {
      for (let i = 0; i < u.length; i++) maxDiff = Math.max(maxDiff, Math.abs((u[i] as number) - (v[i] as number)));
    }
    assert.equal(maxDiff, 0);
    for (const t of texts) assert.equal(b.has(t), true);
    a.close();
    b.close();

    const again = await cli(['embed', ...args, '--out', join(root, 'remote'), '--redis', url!, '--chunk', '8']);
    assert.equal(again.code, 0, again.err);
    const s = JSON.parse(again.out) as Record<string, unknown>;
    assert.equal(s.new, 0);
    assert.equal(s.cached, 38);
    assert.equal(worker.completed, 1 + 5 + 1); // only the describe job
  },
);
