// One ONNX graph per classifier (encoder + head): a fresh onnxruntime-node session fed only tokenized ids
// reproduces the in-process classifier's probabilities (what `bertcnn predict` reports) within 1e-4, for every
// pipeline (frozen tokens, fine-tuned pooled, cnn-alone ids), every task (binary [1 − p, p], softmax,
// multi-label sigmoid), BERT (token_type_ids) and DistilBERT (none), any batch size and length — including one
// text shorter than the CNN's widest kernel (the graph pads to head.minLength) — and a run trained on int8 frozen
// features (its encoder is quantized in the fp32 export too). --int8 turns weight MatMuls into
// DynamicQuantizeMatMul and keeps the decisions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { generateDistilBertCheckpoint } from '../../src/encoders/distilbert/generate.ts';
import { exportClassifier } from '../../src/export/classifier-graph.ts';
import { assembleClassifier, type Classifier } from '../../src/tasks/classification/classifier.ts';
import { predict } from '../../src/tasks/classification/evaluate.ts';
import { readRunConfig } from '../../src/train/run-dir.ts';
import { argmaxRows, maxAbsDiff, runProbabilities } from './ort-run.ts';
import { tempRoot, tinyBert, writeRun, type RunSpec } from './run-fixture.ts';

const root = tempRoot('graph');
const bert = await tinyBert(root);
const distil = join(root, 'tiny-distilbert');
await generateDistilBertCheckpoint(distil, { vocab: 'tiny', layers: 2, dim: 32, heads: 2, hiddenDim: 64, seed: 4 });

const TEXTS = [
  'ok',
  'a great film with a fun story',
  'the plot was boring and the acting was really bad',
  'worst movie',
];

async function classifier(name: string, spec: RunSpec): Promise<Classifier> {
  const dir = await writeRun(join(root, name), spec);
  return assembleClassifier(await readRunConfig(dir), { runDir: dir });
}

async function reference(clf: Classifier, texts: string[]): Promise<Float32Array> {
  if (clf.source) await clf.source.prepare(texts);
  return (await predict(clf.pipeline, clf.task, texts, 2)).probabilities;
}

/**
 * Exports, checks the interface, and compares a batched run and one-by-one runs with predict. `oneByOne` null:
 * only decisions are compared one by one (int8 activations are scaled per batch, see src/export/check.ts).
 */
async function parity(clf: Classifier, inputs: string[], oneByOne: number | null = 1e-4): Promise<number> {
  const { bytes, outputs } = exportClassifier(clf);
  const session = await ort.InferenceSession.create(bytes);
  assert.deepEqual(session.inputNames, inputs);
  assert.deepEqual(session.outputNames, ['logits', 'probabilities']);
  const C = clf.task.labels.length;
  assert.deepEqual(outputs[1]!.shape, ['batch', C]);
  const want = await reference(clf, TEXTS);
  const enc = (texts: string[]) => clf.encoder.tokenize(texts, { maxLength: clf.config.encoder.maxLength });
  const diff = maxAbsDiff(await runProbabilities(session, enc(TEXTS)), want); // the batch predict ran
  assert.ok(diff <= 1e-4, `batched: max |Δp| ${diff}`);
  for (let i = 0; i < TEXTS.length; i++) {
    const one = await runProbabilities(session, enc([TEXTS[i]!])); // B = 1, T = this text's own length
    const row = want.subarray(i * C, (i + 1) * C);
    if (oneByOne !== null)
      assert.ok(maxAbsDiff(one, row) <= oneByOne, `'${TEXTS[i]}' alone: max |Δp| ${maxAbsDiff(one, row)}`);
    else assert.deepEqual(argmaxRows(one, C), argmaxRows(row, C), `'${TEXTS[i]}' alone`);
  }
  await session.release();
  return diff;
}

test('frozen BERT + TextCNN, binary: [1 − p, p], B and T dynamic, short text padded to the widest kernel', async () => {
  const clf = await classifier('frozen-textcnn', {
    encoder: bert,
    mode: 'frozen',
    head: 'textcnn',
    headOptions: { filters: 8, kernelSizes: [3, 4, 5] },
    kind: 'binary',
    labels: ['neg', 'pos'],
  });
  try {
    assert.equal(clf.head.minLength, 5);
    assert.equal(clf.encoder.tokenize(['ok']).inputIds[0]!.length, 3, '[CLS] ok [SEP] is shorter than the kernel');
    await parity(clf, ['input_ids', 'attention_mask', 'token_type_ids']);
  } finally {
    await clf.release();
  }
});

test('fine-tuned BERT + linear head on the pooler, multi-class softmax', async () => {
  const clf = await classifier('ft-linear', {
    encoder: bert,
    mode: 'finetune',
    head: 'linear',
    kind: 'multiclass',
    labels: ['a', 'b', 'c'],
    pooling: 'pooler',
  });
  try {
    await parity(clf, ['input_ids', 'attention_mask', 'token_type_ids']);
  } finally {
    await clf.release();
  }
});

test('cnn-alone (no encoder): the graph input is the token ids; multi-label sigmoid', async () => {
  const clf = await classifier('ids', {
    encoder: bert,
    mode: 'ids',
    head: 'cnn-alone',
    headOptions: { filters: 4, embeddingDim: 8 },
    kind: 'multilabel',
    labels: ['x', 'y', 'z'],
  });
  try {
    await parity(clf, ['input_ids', 'attention_mask']);
  } finally {
    await clf.release();
  }
});

test('DistilBERT (no token types) + Conv1D stack over the last two layers', async () => {
  const clf = await classifier('distil', {
    encoder: distil,
    mode: 'frozen',
    head: 'conv1d',
    headOptions: { layers: [{ filters: 8, kernelSize: 3 }] },
    kind: 'multiclass',
    labels: ['a', 'b', 'c'],
    layers: [-2, -1],
  });
  try {
    await parity(clf, ['input_ids', 'attention_mask']);
  } finally {
    await clf.release();
  }
});

test('a run trained on int8 frozen features: the fp32 export quantizes the encoder (only) and matches predict', async () => {
  const clf = await classifier('int8-features', {
    encoder: bert,
    mode: 'frozen',
    head: 'textcnn',
    headOptions: { filters: 8 },
    kind: 'binary',
    labels: ['neg', 'pos'],
    precision: 'int8',
  });
  try {
    const g = exportClassifier(clf);
    assert.equal(g.encoderInt8, true);
    assert.equal(g.quantizedMatMuls, 2 * 6, '2 layers × (Q, K, V, attention output, FFN in, FFN out)');
    await parity(clf, ['input_ids', 'attention_mask', 'token_type_ids'], null);
  } finally {
    await clf.release();
  }
});

test('--int8: weight MatMuls become DynamicQuantizeMatMul, the file shrinks, decisions are kept', async () => {
  const clf = await classifier('int8', {
    encoder: bert,
    mode: 'finetune',
    head: 'linear',
    kind: 'multiclass',
    labels: ['a', 'b', 'c'],
    pooling: 'pooler',
  });
  try {
    const fp32 = exportClassifier(clf);
    const int8 = exportClassifier(clf, { int8: true, quantize: { reduceRange: true } });
    assert.equal(int8.encoderInt8, true);
    // 2 layers × (Q, K, V, attention output, FFN in, FFN out); the pooler and the head are Gemm on [B, H]: fp32.
    assert.equal(int8.quantizedMatMuls, 2 * 6);
    assert.ok(int8.bytes.byteLength < fp32.bytes.byteLength, `${int8.bytes.byteLength} < ${fp32.bytes.byteLength}`);
    const ops = onnxProto.onnx.ModelProto.decode(int8.bytes).graph!.node!.map((n) => n.opType);
    assert.equal(ops.filter((o) => o === 'DynamicQuantizeMatMul').length, 12);
    const session = await ort.InferenceSession.create(int8.bytes);
    const got = await runProbabilities(session, clf.encoder.tokenize(TEXTS, { maxLength: 64 }));
    const want = await reference(clf, TEXTS);
    assert.deepEqual(argmaxRows(got, 3), argmaxRows(want, 3));
    assert.ok(maxAbsDiff(got, want) < 0.05, `int8 max |Δp| ${maxAbsDiff(got, want)}`);
    await session.release();
  } finally {
    await clf.release();
  }
});
