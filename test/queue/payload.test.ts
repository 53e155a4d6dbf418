// Payload encoding, pure (no Redis): embed rows and probabilities survive the JSON + base64 round trip bit for
// bit (fp16 NaN/Inf/-0 patterns included); a payload of the wrong size, row count or version is refused with a
// message naming the chunk; queue names separate models, feature options and run contents.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeEmbedRows, decodeProbabilities, encodeEmbedRows, encodeProbabilities } from '../../src/queue/payload.ts';
import { embedQueueName, predictQueueName, type EmbedFeatureOptions } from '../../src/queue/naming.ts';

const D = 3;
const P = 2;

function rows() {
  const lengths = Int32Array.from([2, 0, 1]);
  const n = lengths.reduce((s, l) => s + l * D + P, 0);
  const data = Uint16Array.from({ length: n }, (_, i) => (i * 7919) & 0xffff);
  data[0] = 0x7e00; // NaN
  data[1] = 0x7c00; // +Inf
  data[2] = 0x8000; // -0
  return { lengths, truncated: Uint8Array.from([0, 0, 1]), data };
}

test('embed rows: JSON + base64 round trip is exact', () => {
  const r = rows();
  const wire = JSON.parse(JSON.stringify(encodeEmbedRows(r))) as unknown;
  const back = decodeEmbedRows(wire, { n: 3, D, P }, 'chunk 1/1');
  assert.deepEqual([...back.lengths], [...r.lengths]);
  assert.deepEqual([...back.truncated], [...r.truncated]);
  assert.deepEqual([...back.data], [...r.data]);
});

test('embed rows: wrong row count, byte count or version are refused, naming the chunk', () => {
  const p = encodeEmbedRows(rows());
  assert.throws(() => decodeEmbedRows(p, { n: 4, D, P }, 'chunk 2/5'), /chunk 2\/5.*4/);
  assert.throws(() => decodeEmbedRows(p, { n: 3, D: 4, P }, 'chunk 2/5'), /chunk 2\/5.*feature bytes/);
  assert.throws(() => decodeEmbedRows({ ...p, v: 99 }, { n: 3, D, P }, 'chunk 2/5'), /version 99/);
  assert.throws(() => decodeEmbedRows({ ...p, truncated: [7] }, { n: 3, D, P }, 'c'), /row 7/);
  assert.throws(() => decodeEmbedRows(null, { n: 3, D, P }, 'c'), /version/);
});

test('probabilities: exact float32 round trip; shape checked', () => {
  const probs = Float32Array.from([0.1, 0.9, 1 / 3, 2 / 3, 1e-30, 1]);
  const wire = JSON.parse(JSON.stringify(encodeProbabilities(probs, 3, 2))) as unknown;
  assert.deepEqual([...decodeProbabilities(wire, { n: 3, c: 2 }, 'c')], [...probs]);
  assert.throws(() => decodeProbabilities(wire, { n: 2, c: 3 }, 'chunk 1/2'), /chunk 1\/2/);
});

test('queue names: one per model reference and feature options; one per run content', async () => {
  const f: EmbedFeatureOptions = {
    layers: { layers: 'last', combine: 'concat' },
    pooling: null,
    tokens: true,
    precision: 'fp32',
  };
  const a = embedQueueName('bert-base-uncased', f);
  assert.match(a, /^bertcnn-embed-[0-9a-f]{16}$/);
  assert.equal(embedQueueName('bert-base-uncased', { ...f }), a);
  assert.notEqual(embedQueueName('bert-base-cased', f), a);
  assert.notEqual(embedQueueName('bert-base-uncased', { ...f, pooling: 'mean' }), a);
  assert.notEqual(embedQueueName('bert-base-uncased', { ...f, maxLength: 64 }), a);
  assert.notEqual(embedQueueName('bert-base-uncased', { ...f, layers: { layers: [-1], combine: 'sum' } }), a);
  const run = mkdtempSync(join(tmpdir(), 'bertcnn-qname-'));
  after(() => rmSync(run, { recursive: true, force: true }));
  writeFileSync(join(run, 'config.json'), '{"x": 1}');
  writeFileSync(join(run, 'model.safetensors'), 'weights-1');
  const q1 = await predictQueueName(run);
  assert.match(q1, /^bertcnn-predict-[0-9a-f]{16}$/);
  assert.equal(await predictQueueName(run), q1);
  writeFileSync(join(run, 'model.safetensors'), 'weights-2');
  assert.notEqual(await predictQueueName(run), q1);
  await assert.rejects(predictQueueName(join(run, 'nope')), /not a run folder/);
});
