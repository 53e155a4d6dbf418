// Head settings, the one shape from flags to config.json: `{ kind, options }` as a union keyed by kind, options kept
// as given (no defaults filled, so a saved config shows what was asked for), unknown option names failing with their
// name; a run's config.json validates its head with the same schema. Also the one zod issue formatter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError, formatIssues, UsageError } from '../../src/errors.ts';
import { Rng } from '../../src/engine/rng.ts';
import { buildHead, HEAD_KINDS, parseHeadSettings } from '../../src/heads/index.ts';
import { parseTaggerSettings, TAGGER_KINDS } from '../../src/heads/taggers/index.ts';
import { parseRunConfig } from '../../src/train/run-config.ts';

const usage = (re: RegExp) => (e: unknown) => e instanceof UsageError && re.test((e as Error).message);

test('every kind parses with no options; options are kept as given (no defaults filled)', () => {
  for (const kind of HEAD_KINDS) assert.deepEqual(parseHeadSettings({ kind }), { kind, options: {} });
  for (const kind of TAGGER_KINDS) assert.deepEqual(parseTaggerSettings({ kind }), { kind, options: {} });
  assert.deepEqual(parseHeadSettings({ kind: 'textcnn', options: { filters: 8 } }), {
    kind: 'textcnn',
    options: { filters: 8 },
  });
  assert.deepEqual(parseTaggerSettings({ kind: 'tagger-cnn', options: { crf: true } }).options, { crf: true });
});

test('bad settings name the head and the option', () => {
  assert.throws(
    () => parseHeadSettings({ kind: 'textcnn', options: { filterz: 8 } }),
    usage(
      /^head textcnn: invalid options — unknown option filterz \(its options: kernel-sizes, filters, activation, dropout, hidden-units, .*, l2, l2-bias\); see bertcnn heads textcnn$/,
    ),
  );
  assert.throws(
    () => parseHeadSettings({ kind: 'linear', options: { kernelSizes: [3] } }),
    usage(/head linear: invalid options — unknown option kernel-sizes \(its options: dropout, init-std, l2, l2-bias\)/),
  );
  assert.throws(
    () => parseHeadSettings({ kind: 'conv1d', options: { layers: [{ filters: 4, kernelSize: 0 }] } }),
    usage(/head conv1d: invalid options — layers\.0\.kernel-size: /),
  );
  assert.throws(
    () => parseHeadSettings({ kind: 'textcnn', options: { inputDim: 8 } }),
    usage(/unknown option input-dim/),
  );
  assert.throws(() => parseHeadSettings({ kind: 'tagger-cnn' }), usage(/unknown head "tagger-cnn" \(expected one of/));
  assert.throws(
    () => parseTaggerSettings({ kind: 'tagger-cnn', options: { crf: 'yes' } }),
    usage(/head tagger-cnn: invalid options — crf: /),
  );
});

test('buildHead: settings + the sizes of encoder and task', () => {
  const rng = new Rng(1);
  const head = buildHead(
    parseHeadSettings({ kind: 'textcnn', options: { filters: 4 } }),
    { inputDim: 8, numClasses: 3 },
    rng,
  );
  assert.ok(head.parameters().length > 0);
  const alone = buildHead(
    parseHeadSettings({ kind: 'cnn-alone', options: { embeddingDim: 4, filters: 2 } }),
    {
      vocabSize: 10,
      numClasses: 2,
    },
    rng,
  );
  assert.ok(alone.parameters().length > 0);
});

const config = (head: unknown) => ({
  format: 'bertcnn-run',
  version: 1,
  task: { kind: 'binary', labels: ['neg', 'pos'] },
  mode: 'frozen',
  encoder: { ref: 'bert' },
  head,
  train: {},
  created: '2024-01-01T00:00:00Z',
  bertcnnVersion: '0.1.0',
});

test("config.json's head: the saved {kind, options} shape parses typed; a bad one names the file and the key", () => {
  const cfg = parseRunConfig(
    config({ kind: 'textcnn', options: { filters: 8, kernelSizes: [2, 3] } }),
    'run/config.json',
  );
  assert.equal(cfg.head.kind, 'textcnn');
  assert.deepEqual(cfg.head.options, { filters: 8, kernelSizes: [2, 3] });
  const bad = (head: unknown, re: RegExp) =>
    assert.throws(
      () => parseRunConfig(config(head), 'run/config.json'),
      (e: unknown) => e instanceof DataError && re.test((e as Error).message),
    );
  bad({ kind: 'textcnn', options: { filterz: 8 } }, /^run\/config\.json: .*unknown key head\.options\.filterz/);
  bad({ kind: 'textcnn', options: { filters: 'x' } }, /head\.options\.filters: /);
  bad({ kind: 'nope', options: {} }, /head\.kind: unknown head \(expected one of textcnn/);
});

test('formatIssues: field paths, the root, unknown keys named in full', () => {
  const issues = [
    { path: ['a', 0, 'b'], message: 'too small' },
    { path: [], message: 'expected object' },
    { path: ['head', 'options'], message: 'Unrecognized keys', code: 'unrecognized_keys', keys: ['x', 'y'] },
  ];
  assert.equal(
    formatIssues(issues),
    'a.0.b: too small; (root): expected object; unknown keys head.options.x, head.options.y',
  );
  assert.equal(
    formatIssues(issues.slice(2), { name: (p) => `options.${p.join('.')}`, unknown: 'option' }),
    'unknown options options.head.options.x, options.head.options.y',
  );
});
