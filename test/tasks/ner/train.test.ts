// NER end to end on a generated tiny BERT and the synthetic corpus of test/helpers/ner-toy.ts: a frozen CNN
// tagger learns it (entity F1 ≥ 0.9) and writes a complete run folder; a CRF tagger trained on IOB1 data decodes
// valid BIO, reloads with the same scores and predicts in the data's scheme; truncation is counted and predicted
// 'O'; fine-tuning with a CRF (static-length graphs) saves the encoder; bad files fail early, naming file:line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBertCheckpoint } from '../../../src/encoders/bert/generate.ts';
import { DataError } from '../../../src/errors.ts';
import { runTaggingJob, type TaggingJob } from '../../../src/tasks/ner/job.ts';
import { evaluateConllFile, predictSentences } from '../../../src/tasks/ner/inference.ts';
import { nerToy, validBio, writeConll } from '../../helpers/ner-toy.ts';

const root = mkdtempSync(join(tmpdir(), 'bertcnn-ner-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
const file = (name: string) => join(root, name);
let model = '';

async function setup(): Promise<string> {
  if (model) return model;
  model = file('tiny-bert');
  await generateBertCheckpoint(model, {
    vocab: 'bert-base-uncased',
    layers: 2,
    hidden: 32,
    heads: 2,
    ffn: 64,
    seed: 3,
  });
  writeConll(file('train.conll'), nerToy(120, 1));
  writeConll(file('dev.conll'), nerToy(40, 2));
  writeConll(file('test.conll'), nerToy(40, 3));
  writeConll(file('train-iob1.conll'), nerToy(120, 1), 'IOB1');
  writeConll(file('dev-bioes.conll'), nerToy(40, 2), 'BIOES');
  return model;
}

const quiet = { onWarning: () => {} };
const job = (out: string, head: TaggingJob['head'], extra: Partial<TaggingJob> = {}): TaggingJob => ({
  out: file(out),
  trainFile: file('train.conll'),
  devFile: file('dev.conll'),
  mode: 'frozen',
  encoder: { ref: model },
  head,
  options: { epochs: 8, batchSize: 16, lr: 5e-3, seed: 1, schedule: 'constant' },
  ...extra,
});

test('frozen tagger-cnn learns the synthetic NER task (entity F1 ≥ 0.9); metrics.json and the run folder', async () => {
  await setup();
  const losses: number[] = [];
  const r = await runTaggingJob(
    job('cnn', { kind: 'tagger-cnn', options: { filters: 32, dropout: 0.1 } }, { testFile: file('test.conll') }),
    {
      ...quiet,
      onEpoch: (e) => losses.push(e.train_loss),
    },
  );
  const dev = r.metrics.dev as Record<string, number> & { per_type: Record<string, Record<string, number>> };
  assert.ok(dev.f1! >= 0.9, `dev entity F1 ${dev.f1}`);
  assert.ok(losses.at(-1)! < losses[0]! / 4, `loss ${losses[0]} → ${losses.at(-1)}`);
  for (const f of [
    'config.json',
    'labels.json',
    'model.safetensors',
    'metrics.json',
    'log.jsonl',
    'checkpoint/state.json',
  ]) {
    assert.ok(existsSync(join(file('cnn'), f)), `missing ${f}`);
  }
  const saved = JSON.parse(readFileSync(join(file('cnn'), 'metrics.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(saved).sort(), ['best_epoch', 'dev', 'stopped_early', 'test']);
  for (const split of ['dev', 'test']) {
    const s = saved[split] as Record<string, unknown>;
    for (const k of ['precision', 'recall', 'f1', 'token_accuracy', 'entities', 'predicted', 'sentences', 'cut_words'])
      assert.equal(typeof s[k], 'number', `${split}.${k}`);
    const perType = s.per_type as Record<string, Record<string, number>>;
    assert.deepEqual(Object.keys(perType), ['LOC', 'PER']);
    for (const k of ['precision', 'recall', 'f1', 'support', 'predicted', 'correct'])
      assert.equal(typeof perType.PER![k], 'number');
    assert.equal(s.sentences, 40);
  }
  assert.equal(dev.entities, dev.per_type.LOC!.support! + dev.per_type.PER!.support!);
  const cfg = JSON.parse(readFileSync(join(file('cnn'), 'config.json'), 'utf8')) as { task: unknown; head: unknown };
  assert.deepEqual(cfg.task, { kind: 'ner', labels: ['O', 'B-LOC', 'I-LOC', 'B-PER', 'I-PER'], scheme: 'BIO' });
  assert.deepEqual(JSON.parse(readFileSync(join(file('cnn'), 'labels.json'), 'utf8')).labels, [
    'O',
    'B-LOC',
    'I-LOC',
    'B-PER',
    'I-PER',
  ]);
});

test('CRF tagger on IOB1 data: valid BIO decoding, same scores after reload, predictions in IOB1', async () => {
  await setup();
  const out = file('crf');
  const r = await runTaggingJob(
    {
      ...job('crf', { kind: 'tagger-cnn', options: { filters: 32, dropout: 0.1, crf: true } }),
      trainFile: file('train-iob1.conll'),
      devFile: file('dev-bioes.conll'),
    },
    quiet,
  );
  assert.equal(r.config.task.scheme, 'IOB1');
  const dev = r.metrics.dev as { f1: number };
  assert.ok(dev.f1 >= 0.8, `CRF dev F1 ${dev.f1}`);
  const again = await evaluateConllFile(out, file('dev.conll'), quiet); // same sentences, BIO this time
  assert.equal(again.evaluation.scores.summary.f1, dev.f1);
  assert.ok(again.evaluation.tags.every(validBio), 'constrained Viterbi only emits valid BIO');
  const p = await predictSentences(
    out,
    [
      ['Mr', 'Peter', 'Smith', 'lives', 'in', 'Berlin', '.'],
      ['Mr', 'John', 'and', 'Mr', 'Laura', 'went', 'to', 'Paris', '.'],
    ],
    quiet,
  );
  assert.deepEqual(p.tags[0], ['O', 'I-PER', 'I-PER', 'O', 'O', 'I-LOC', 'O']); // IOB1, as the training data
  assert.deepEqual(p.entities[0], [
    { type: 'PER', start: 1, end: 3 },
    { type: 'LOC', start: 5, end: 6 },
  ]);
  assert.deepEqual(
    p.entities[1]!.map((e) => e.type),
    ['PER', 'PER', 'LOC'],
  );
});

test('words cut by truncation: counted, not trained on, predicted O', async () => {
  await setup();
  const warnings: string[] = [];
  const r = await runTaggingJob(
    job(
      'short',
      { kind: 'tagger-linear' },
      { encoder: { ref: model, maxLength: 8 }, options: { epochs: 1, batchSize: 32, seed: 1 } },
    ),
    {
      onWarning: (m) => warnings.push(m),
    },
  );
  assert.ok(
    warnings.some((w) =>
      /^train: \d+ word\(s\) in \d+ sentence\(s\) lie beyond --max-length 8 tokens: not trained on$/.test(w),
    ),
    warnings.join('\n'),
  );
  assert.ok(warnings.some((w) => /^dev: .* predicted 'O'$/.test(w)));
  assert.ok((r.metrics.dev as { cut_words: number }).cut_words > 0);
  const long = ['the', 'weather', 'is', 'nice', 'today', 'and', 'Mr', 'John', 'lives', 'in', 'Paris'];
  const p = await predictSentences(file('short'), [long], quiet);
  assert.deepEqual(p.tags[0]!.slice(6), ['O', 'O', 'O', 'O', 'O']); // [CLS] + 6 words + [SEP] fill 8 tokens
  assert.equal(p.cutWords, 5);
});

test('fine-tuning with a CRF (static-length graphs) learns and saves the encoder', async () => {
  await setup();
  const r = await runTaggingJob(
    job(
      'ft',
      { kind: 'tagger-linear', options: { crf: true } },
      {
        mode: 'finetune',
        options: { epochs: 4, batchSize: 16, lr: 5e-3, encoderLr: 1e-3, seed: 1, schedule: 'constant' },
      },
    ),
    quiet,
  );
  assert.ok((r.metrics.dev as { f1: number }).f1 >= 0.8, JSON.stringify(r.metrics.dev).slice(0, 120));
  assert.ok(existsSync(join(file('ft'), 'encoder', 'model.safetensors')));
  assert.equal(r.config.encoderSaved, true);
});

test('bad input fails before training: CoNLL line, malformed tag, unknown tag in dev', async () => {
  await setup();
  writeFileSync(file('bad-line.conll'), 'Mr\tO\nJohn\tB-PER\n\nin\tO\nParis\tB-LOC\textra\n');
  writeFileSync(file('bad-tag.conll'), 'Mr\tO\nJohn\tPERSON\n');
  writeFileSync(file('dev-org.conll'), 'Mr\tO\nJohn\tB-PER\n\nthe\tB-ORG\nUN\tI-ORG\n');
  const fails = async (j: TaggingJob, re: RegExp) => {
    await assert.rejects(
      runTaggingJob(j, quiet),
      (e: unknown) => e instanceof DataError && re.test(e.message),
      String(re),
    );
    assert.ok(!existsSync(join(j.out, 'config.json')), 'no run written');
  };
  await fails(
    { ...job('e1', { kind: 'tagger-cnn' }), trainFile: file('bad-line.conll') },
    /bad-line\.conll:5: expected 2 columns/,
  );
  await fails(
    { ...job('e2', { kind: 'tagger-cnn' }), trainFile: file('bad-tag.conll') },
    /bad-tag\.conll:2: tag "PERSON" is not O or B-/,
  );
  await fails(
    { ...job('e3', { kind: 'tagger-cnn' }), devFile: file('dev-org.conll') },
    /dev-org\.conll: 2 tags not in the model's label map: "B-ORG" \(1×, first at line 4\), "I-ORG"/,
  );
});
