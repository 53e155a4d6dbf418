// Every command on every kind of run (issue #15): one tiny run of each kind written by `bertcnn train` itself —
// classification (TextCNN, frozen), NER (tagger-cnn + CRF, frozen), kim2014 (CNN-rand) — plus a cross-validation
// folder (--folds 2), then for each kind:
//   eval     exit 0 with scores (--json)
//   predict  exit 0, one JSON line per input text
//   report   exit 0, an HTML file
//   export   exit 0, model.onnx + bertcnn-export.json of the run's kind
//   serve    POST /v1/predict answers what predict printed (the served Run, src/runs/run.ts)
//   queue    a predict worker's job handler returns what predict printed (probabilities, or tagged texts)
//   web      the browser runtime (run in Node on onnxruntime-web) on the export gives predict's decisions
// and a cross-validation folder: report works; eval / predict / export / serve / worker name a fold to use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openPredictHandler } from '../../src/queue/predict-handler.ts';
import { decodeProbabilities, decodeTagged } from '../../src/queue/payload.ts';
import { loadServedModel } from '../../src/serve/model.ts';
import { createServer } from '../../src/serve/server.ts';
import { loadExport } from '../../src/web/load-export.ts';
import { nerToy, writeConll } from '../helpers/ner-toy.ts';
import { cli, fixture } from '../cli/cli-helpers.ts';
import { fileFetch, BASE } from '../web/file-fetch.ts';

const f = await fixture('matrix', { train: 60, dev: 20 });
writeConll(join(f.root, 'train.conll'), nerToy(60, 1));
writeConll(join(f.root, 'dev.conll'), nerToy(20, 2));
const TEXTS = ['a great film', 'the plot was boring and bad', 'Mr John Smith lives in New York.', 'ok'];
const input = join(f.root, 'texts.txt');
writeFileSync(input, `${TEXTS.join('\n')}\n`);

const COMMON = ['--epochs', '1', '--seed', '1', '--quiet'];
const RUNS = {
  classification: {
    train: [
      '--train',
      f.train,
      '--dev',
      f.dev,
      '--encoder',
      f.model,
      '--head',
      'textcnn',
      '--head-option',
      'filters=8',
    ],
    data: f.dev,
  },
  ner: {
    train: [
      '--task',
      'ner',
      '--train',
      join(f.root, 'train.conll'),
      '--dev',
      join(f.root, 'dev.conll'),
      '--encoder',
      f.model,
      '--head',
      'tagger-cnn',
      '--crf',
      '--batch-size',
      '16',
    ],
    data: join(f.root, 'dev.conll'),
  },
  kim2014: { train: ['--preset', 'kim2014', '--variant', 'rand', '--train', f.train, '--dev', f.dev], data: f.dev },
} as const;
type Kind = keyof typeof RUNS;

const trained = new Map<string, string>();
async function run(kind: Kind | 'cross-validation'): Promise<string> {
  const have = trained.get(kind);
  if (have) return have;
  const out = join(f.root, `run-${kind}`);
  const args =
    kind === 'cross-validation'
      ? ['train', '--train', f.train, '--encoder', f.model, '--head', 'textcnn', '--folds', '2', '--out', out]
      : ['train', ...RUNS[kind].train, '--out', out];
  const r = await cli([...args, ...COMMON]);
  assert.equal(r.code, 0, `train ${kind}: ${r.err}`);
  trained.set(kind, out);
  return out;
}

/** What `bertcnn predict RUN` prints for TEXTS, without the text field. */
async function predicted(dir: string): Promise<Record<string, unknown>[]> {
  const r = await cli(['predict', dir, '--input', input, '--quiet']);
  assert.equal(r.code, 0, r.err);
  const rows = r.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(rows.length, TEXTS.length);
  return rows.map(({ text: _text, ...rest }) => rest);
}

const decision = (p: Record<string, unknown>) => (p.entities ? { tags: p.tags, entities: p.entities } : p.label);

const wasmPaths = pathToFileURL(
  `${dirname(createRequire(import.meta.url).resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'))}/`,
).href;

for (const kind of Object.keys(RUNS) as Kind[]) {
  test(`${kind} run: eval, predict, report, export, serve, queue and web all accept it`, async () => {
    const dir = await run(kind);
    const ev = await cli(['eval', dir, '--data', RUNS[kind].data, '--json']);
    assert.equal(ev.code, 0, `eval: ${ev.err}`);
    assert.ok(Object.keys(JSON.parse(ev.out) as object).length > 0);

    const expected = await predicted(dir);

    const html = join(f.root, `report-${kind}.html`);
    const rep = await cli(['report', dir, '--out', html, '--quiet']);
    assert.equal(rep.code, 0, `report: ${rep.err}`);
    assert.match(readFileSync(html, 'utf8'), /<html/i);

    const exp = join(f.root, `export-${kind}`);
    const ex = await cli(['export', dir, '--out', exp, '--json']);
    assert.equal(ex.code, 0, `export: ${ex.err}`);
    const manifest = JSON.parse(readFileSync(join(exp, 'bertcnn-export.json'), 'utf8')) as { kind?: string };
    assert.equal(manifest.kind ?? 'classification', kind);

    const served = await loadServedModel(dir);
    const app = createServer(served);
    try {
      assert.equal(served.info.kind, kind);
      const res = await app.inject({ method: 'POST', url: '/v1/predict', payload: { texts: TEXTS } });
      assert.equal(res.statusCode, 200, res.body);
      const body = JSON.parse(res.body) as { predictions: Record<string, unknown>[] };
      assert.deepEqual(
        body.predictions.map(({ text: _t, ...rest }) => rest),
        expected,
      );
    } finally {
      await app.close();
      await served.close();
    }

    const handler = await openPredictHandler(dir);
    try {
      const value = await handler.handle({ kind: 'predict', texts: [...TEXTS] });
      if (kind === 'ner') {
        assert.deepEqual(decodeTagged(value, TEXTS.length, 'test'), expected);
      } else {
        const labels = Object.keys(expected[0]!.probabilities as object);
        const probs = decodeProbabilities(value, { n: TEXTS.length, c: labels.length }, 'test');
        expected.forEach((e, i) =>
          labels.forEach((l, c) =>
            assert.ok(Math.abs(probs[i * labels.length + c]! - (e.probabilities as Record<string, number>)[l]!) < 1e-5),
          ),
        );
      }
    } finally {
      await handler.close();
    }

    const web = await loadExport(`${BASE}export-${kind}/`, { fetch: fileFetch(f.root), wasmPaths });
    try {
      assert.equal(web.kind, kind);
      const rows = (await web.model.predict(TEXTS)) as unknown as Record<string, unknown>[];
      assert.deepEqual(rows.map(decision), expected.map(decision));
    } finally {
      await web.model.release();
    }
  });
}

test('a cross-validation folder: report works; commands that need one model name a fold', async () => {
  const dir = await run('cross-validation');
  assert.ok(existsSync(join(dir, 'cv.json')));
  const rep = await cli(['report', dir, '--out', join(f.root, 'cv.html'), '--quiet']);
  assert.equal(rep.code, 0, rep.err);
  for (const args of [
    ['eval', dir, '--data', f.dev],
    ['predict', dir, '--input', input],
    ['export', dir, '--out', join(f.root, 'cv-export')],
    ['serve', dir, '--port', '0'],
  ]) {
    const r = await cli(args);
    assert.notEqual(r.code, 0, args[0]);
    assert.match(r.err, /fold-1/, `${args[0]}: ${r.err}`);
  }
  await assert.rejects(openPredictHandler(dir), /fold-1/);
});
