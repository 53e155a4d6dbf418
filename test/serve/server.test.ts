// The HTTP API on a tiny trained run (generated 2-layer BERT, frozen TextCNN, 2 epochs), through fastify's inject:
// predictions equal `bertcnn predict`'s for the same texts (labels, probabilities within 1e-6), also when the
// requests are micro-batched together; --threshold matches predict's; empty strings are valid; validation errors
// name the field; limits (texts per request, body size) answer 400 / 413; /health and /v1/model.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadServedModel, type ServedModel } from '../../src/serve/model.ts';
import { createServer } from '../../src/serve/server.ts';
import { cli, fixture, trainTiny } from '../cli/cli-helpers.ts';
import { sentimentToy } from '../helpers/sentiment-toy.ts';

const fx = await fixture('serve', { train: 64, dev: 24 });
const run = join(fx.root, 'run');
const TEXTS = [
  ...sentimentToy(10, 7).map((r) => r.text),
  'a',
  'the film was great but the ending , honestly , felt a bit long',
];
let model: ServedModel;
let app: FastifyInstance;

interface Row {
  text: string;
  label: string;
  probabilities: Record<string, number>;
}

async function predictCli(texts: string[], extra: string[] = []): Promise<Row[]> {
  const input = join(fx.root, 'texts.txt');
  writeFileSync(input, `${texts.join('\n')}\n`);
  const r = await cli(['predict', run, '--input', input, '--quiet', ...extra]);
  assert.equal(r.code, 0, r.err);
  return r.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Row);
}

function assertSame(got: Row[], want: Row[]): void {
  assert.equal(got.length, want.length);
  got.forEach((g, i) => {
    const w = want[i]!;
    assert.equal(g.text, w.text);
    assert.equal(g.label, w.label, `label of "${w.text}"`);
    assert.deepEqual(Object.keys(g.probabilities), Object.keys(w.probabilities));
    for (const [l, p] of Object.entries(w.probabilities))
      assert.ok(Math.abs(g.probabilities[l]! - p) <= 1e-6, `"${w.text}" ${l}: ${g.probabilities[l]} vs ${p}`);
  });
}

const post = (body: unknown, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: '/v1/predict',
    payload: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  });

before(async () => {
  const r = await trainTiny(fx, run, ['--head', 'textcnn', '--mode', 'frozen']);
  assert.equal(r.code, 0, r.err);
  model = await loadServedModel(run, { maxBatch: 4 });
  app = createServer(model, { maxBatch: 4, maxWaitMs: 20, maxTexts: 20, bodyLimit: 4096 });
});

after(async () => {
  await app?.close();
  await model?.close();
});

test('POST /v1/predict {"texts"}: the same labels and probabilities as bertcnn predict', async () => {
  const res = await post({ texts: TEXTS });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json() as { predictions: Row[]; model: { name: string; task: string } };
  assert.deepEqual(body.model, { name: 'run', task: 'binary' });
  assertSame(body.predictions, await predictCli(TEXTS));
});

test('single-text requests are micro-batched together and each caller gets its own prediction', async () => {
  const before = (await app.inject({ url: '/health' })).json() as {
    batches: number;
    items: number;
    largestBatch: number;
  };
  const replies = await Promise.all(TEXTS.slice(0, 8).map((text) => post({ text })));
  const rows = replies.map((r) => {
    assert.equal(r.statusCode, 200, r.body);
    const { predictions } = r.json() as { predictions: Row[] };
    assert.equal(predictions.length, 1);
    return predictions[0]!;
  });
  assertSame(rows, await predictCli(TEXTS.slice(0, 8)));
  const h = (await app.inject({ url: '/health' })).json() as { batches: number; items: number; largestBatch: number };
  assert.equal(h.items - before.items, 8);
  assert.ok(h.batches - before.batches < 8, `8 requests ran in ${h.batches - before.batches} batches`);
  assert.equal(h.largestBatch, 4);
});

test('--threshold moves binary decisions exactly like predict --threshold; empty strings are valid', async () => {
  const strict = await loadServedModel(run, { threshold: 0.9 });
  try {
    const texts = TEXTS.slice(0, 6);
    assertSame(
      (await strict.predict(texts)).map((p, i) => ({ text: texts[i]!, ...p }) as Row),
      await predictCli(texts, ['--threshold', '0.9']),
    );
  } finally {
    await strict.close();
  }
  const res = await post({ texts: ['', 'the film was great', ''] });
  assert.equal(res.statusCode, 200, res.body);
  const { predictions } = res.json() as { predictions: Row[] };
  assert.equal(predictions.length, 3);
  assert.equal(predictions[0]!.text, '');
  assert.ok(['negative', 'positive'].includes(predictions[0]!.label));
  assert.ok(Math.abs(predictions[0]!.probabilities.negative! + predictions[0]!.probabilities.positive! - 1) < 1e-5);
  assert.deepEqual(predictions[2], predictions[0]);
  assert.deepEqual((await post({ texts: [] })).json(), { predictions: [], model: { name: 'run', task: 'binary' } });
});

test('validation errors are 400s that name the field', async () => {
  const cases: [unknown, RegExp][] = [
    [{ texts: ['a', 'b', 'c', 7] }, /^texts\[3\] must be a string, got number 7$/],
    [{ texts: 'the film' }, /^texts must be an array of strings, got a string$/],
    [{ text: null }, /^text must be a string, got null$/],
    [{ txt: 'x' }, /unknown field 'txt'/],
    [{}, /body needs 'texts' \(an array of strings\) or 'text' \(a string\)/],
    [{ text: 'a', texts: ['b'] }, /either 'text' or 'texts', not both/],
    [[1, 2], /body must be a JSON object/],
    [{ texts: Array.from({ length: 21 }, () => 'x') }, /texts holds 21 texts; at most 20 per request \(--max-texts\)/],
    ['{"texts": [', /JSON/],
  ];
  for (const [body, message] of cases) {
    const res = await post(body);
    assert.equal(res.statusCode, 400, `${JSON.stringify(body)} → ${res.body}`);
    const e = res.json() as { error: { code: string; message: string } };
    assert.equal(e.error.code, 'invalid_request');
    assert.match(e.error.message, message);
  }
});

test('body size limit → 413; wrong content type → 415; unknown route → 404', async () => {
  const big = await post({ texts: ['x'.repeat(5000)] });
  assert.equal(big.statusCode, 413);
  assert.match((big.json() as { error: { message: string } }).error.message, /larger than 4096 bytes \(--body-limit\)/);
  const form = await app.inject({
    method: 'POST',
    url: '/v1/predict',
    payload: 'texts=a',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(form.statusCode, 415);
  assert.match(form.body, /application\/json/);
  const nf = await app.inject({ url: '/v2/predict' });
  assert.equal(nf.statusCode, 404);
  assert.match(nf.body, /POST \/v1\/predict/);
});

test('GET /health and GET /v1/model', async () => {
  const h = await app.inject({ url: '/health' });
  assert.equal(h.statusCode, 200);
  assert.equal((h.json() as { status: string }).status, 'ok');
  const m = await app.inject({ url: '/v1/model' });
  assert.equal(m.statusCode, 200);
  const info = m.json() as {
    name: string;
    task: { kind: string; labels: string[] };
    mode: string;
    encoder: { ref: string; maxLength: number };
    head: { kind: string };
    metrics: { dev: { accuracy: number } } | null;
    serving: { maxBatch: number; maxTexts: number };
  };
  assert.equal(info.name, 'run');
  assert.deepEqual(info.task, { kind: 'binary', labels: ['negative', 'positive'] });
  assert.equal(info.mode, 'frozen');
  assert.equal(info.encoder.ref, fx.model);
  assert.equal(info.head.kind, 'textcnn');
  assert.ok(info.metrics && typeof info.metrics.dev.accuracy === 'number');
  assert.deepEqual([info.serving.maxBatch, info.serving.maxTexts], [4, 20]);
});
