// The "trained parameters" line counts what trained (#16 item 4): a fine-tuned run with --freeze-layers 1 reports
// its frozen encoder tensors (embeddings and layer 0) apart, not as trained. Through main(argv) on the tiny fixture;
// the expected numbers are summed here from the run's own weight files by tensor name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SafetensorsFile } from '../../src/io/safetensors.ts';
import { cli, fixture, TINY_BUDGET, trainFixture } from './cli-helpers.ts';

const fx = await fixture('counts', { train: 32, dev: 16 });

async function elements(path: string, pick: (name: string) => boolean): Promise<number> {
  const f = await SafetensorsFile.open(path);
  try {
    return f.names.filter(pick).reduce((n, name) => n + f.info(name).shape.reduce((a, b) => a * b, 1), 0);
  } finally {
    await f.close();
  }
}

const num = (s: string) => Number(s.replace(/,/g, ''));

test('finetune --freeze-layers 1: embeddings and layer 0 are counted frozen, not trained', async () => {
  const out = join(fx.root, 'ft');
  const r = await trainFixture(fx, out, [
    ...TINY_BUDGET,
    '--epochs',
    '1',
    '--mode',
    'finetune',
    '--freeze-layers',
    '1',
  ]);
  assert.equal(r.code, 0, r.err);
  const m = /^ {2}([\d,]+) trained parameters \(([\d,]+) frozen, not trained\), /m.exec(r.out);
  assert.ok(m, r.out);
  const enc = join(out, 'encoder', 'model.safetensors');
  const isFrozen = (n: string) => /(^|\.)embeddings\./.test(n) || /(^|\.)layer\.0\./.test(n);
  const frozen = await elements(enc, isFrozen);
  const trainedEncoder = await elements(enc, (n) => !isFrozen(n));
  const head = await elements(join(out, 'model.safetensors'), () => true);
  assert.ok(frozen > 0 && trainedEncoder > 0);
  assert.equal(num(m[2]!), frozen);
  assert.equal(num(m[1]!), head + trainedEncoder);

  const json = await cli(['summary', out, '--json']);
  assert.equal(json.code, 0, json.err);
  const totals = JSON.parse(json.out) as { trainable: number; frozen: number };
  assert.deepEqual([totals.trainable, totals.frozen], [num(m[1]!), num(m[2]!)], 'as bertcnn summary counts them');
});
