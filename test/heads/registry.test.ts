// The head registry: defaults from the issue, what each head consumes, option validation that names the
// field, parameter names, cnn-alone's pretrained/frozen table, the Keras-style L2 term, and the mask contract.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphError, UsageError } from '../../src/errors.ts';
import { Program } from '../../src/engine/program.ts';
import { Rng } from '../../src/engine/rng.ts';
import { float32 } from '../../src/engine/tensor.ts';
import { HEAD_KINDS, headInput, makeHead, parseHeadOptions, type HeadKind } from '../../src/heads/index.ts';
import { TextCnn } from '../../src/heads/textcnn.ts';
import { CnnAlone } from '../../src/heads/cnn-alone.ts';

test('defaults: TextCNN kernels 3,4,5 × 100 filters, ReLU, dropout 0.5; linear dropout 0.1', () => {
  const o = parseHeadOptions('textcnn', { inputDim: 8, numClasses: 2 });
  assert.deepEqual(o, {
    inputDim: 8,
    numClasses: 2,
    kernelSizes: [3, 4, 5],
    filters: 100,
    activation: 'relu',
    dropout: 0.5,
    hiddenUnits: [],
    hiddenActivation: 'relu',
    hiddenDropout: 0.5,
    l2: 0,
    l2Bias: 0,
  });
  const head = makeHead('textcnn', { inputDim: 8, numClasses: 2 }, new Rng(1)) as unknown as TextCnn;
  assert.ok(head instanceof TextCnn);
  assert.deepEqual(head.kernelSizes, [3, 4, 5]);
  assert.equal(head.dropoutRate, 0.5);
  assert.equal(head.minLength, 5);
  assert.deepEqual(
    head.convs.map((c) => c.weight.shape),
    [
      [100, 8, 3],
      [100, 8, 4],
      [100, 8, 5],
    ],
  );
  assert.equal(parseHeadOptions('linear', { inputDim: 8, numClasses: 2 }).dropout, 0.1);
  // a default array is not shared between parses
  parseHeadOptions('textcnn', { inputDim: 8, numClasses: 2 }).kernelSizes.push(9);
  assert.deepEqual(parseHeadOptions('textcnn', { inputDim: 8, numClasses: 2 }).kernelSizes, [3, 4, 5]);
});

test('headInput tells the trainer what each head consumes', () => {
  const got = Object.fromEntries(HEAD_KINDS.map((k) => [k, headInput(k)]));
  assert.deepEqual(got, {
    textcnn: 'tokens',
    conv1d: 'tokens',
    conv2d: 'pooled',
    projection: 'tokens',
    linear: 'pooled',
    'cnn-alone': 'ids',
  });
  assert.throws(
    () => headInput('lstm' as HeadKind),
    (e: Error) => e instanceof UsageError && /unknown head "lstm".*textcnn/.test(e.message),
  );
});

test('bad options are UsageErrors naming the head and the field', () => {
  const bad: [HeadKind, unknown, RegExp][] = [
    ['textcnn', { inputDim: 8, numClasses: 2, kernelSize: [3] }, /head textcnn.*unknown option kernel-size/],
    ['textcnn', { inputDim: 8, numClasses: 2, dropout: 1.5 }, /dropout/],
    ['conv1d', { inputDim: 8, numClasses: 2, layers: [{ filters: 4, kernelSize: 0 }] }, /layers\.0\.kernel-size/],
    ['conv1d', { inputDim: 8, numClasses: 2, padding: 'causal' }, /padding/],
    ['linear', { numClasses: 2 }, /input-dim/],
    ['cnn-alone', { vocabSize: 3, embeddingDim: 2, numClasses: 2, pretrained: new Float32Array(5) }, /pretrained/],
  ];
  for (const [kind, opts, re] of bad) {
    assert.throws(
      () => makeHead(kind, opts as never, new Rng(1)),
      (e: Error) => e instanceof UsageError && re.test(e.message),
      `${kind} ${JSON.stringify(opts)}`,
    );
  }
});

test('parameter names: Hugging Face classifier.* for the linear head; prefixed when named', () => {
  assert.deepEqual(
    [...makeHead('linear', { inputDim: 4, numClasses: 2 }, new Rng(1)).namedParameters().keys()],
    ['classifier.weight', 'classifier.bias'],
  );
  const names = [
    ...makeHead(
      'conv1d',
      { inputDim: 4, numClasses: 2, batchNorm: true, layers: [{ filters: 3, kernelSize: 3 }] },
      new Rng(1),
      'head',
    )
      .namedParameters()
      .keys(),
  ];
  assert.deepEqual(names, [
    'head.convs.0.weight',
    'head.convs.0.bias',
    'head.norms.0.weight',
    'head.norms.0.bias',
    'head.norms.0.running_mean',
    'head.norms.0.running_var',
    'head.fc.weight',
    'head.fc.bias',
  ]);
  assert.deepEqual(
    [
      ...makeHead('projection', { inputDim: 4, numClasses: 2, projectionDim: 3, kernelSizes: [2] }, new Rng(1))
        .namedParameters()
        .keys(),
    ],
    ['projection.weight', 'projection.bias', 'cnn.convs.0.weight', 'cnn.convs.0.bias', 'cnn.fc.weight', 'cnn.fc.bias'],
  );
  assert.deepEqual(
    makeHead('conv2d', { inputDim: 6, numClasses: 2, filters: 5 }, new Rng(1)).parameters()[0]!.shape,
    [5, 1, 3, 1],
  );
});

test('cnn-alone: pretrained table copied in, frozen on request', () => {
  const table = Float32Array.from({ length: 12 }, (_, i) => i);
  const head = makeHead(
    'cnn-alone',
    { vocabSize: 4, embeddingDim: 3, numClasses: 2, kernelSizes: [2], pretrained: table, freezeEmbedding: true },
    new Rng(1),
  ) as CnnAlone;
  assert.deepEqual(Array.from(head.embedding.weight.data), Array.from(table));
  assert.notEqual(head.embedding.weight.data, table, 'the caller’s array is not aliased');
  assert.equal(head.embedding.weight.trainable, false);
  assert.equal(head.countParameters(true), head.countParameters() - 12);
});

test('conv1d l2 = λ·Σw² over conv and dense kernels (not biases, not BatchNorm)', async () => {
  const head = makeHead(
    'conv1d',
    { inputDim: 3, numClasses: 2, layers: [{ filters: 2, kernelSize: 2 }], batchNorm: true, l2: 0.01 },
    new Rng(4),
  );
  const program = await Program.compile({
    label: 'l2',
    training: false,
    inputs: [],
    build: (ctx) => ({ outputs: { penalty: head.regularization(ctx)! } }),
  });
  const got = (await program.run({})).outputs.penalty!.data[0] as number;
  const kernels = head.parameters().filter((p) => p.name.endsWith('weight') && !p.name.startsWith('norms'));
  assert.deepEqual(
    kernels.map((p) => p.name),
    ['convs.0.weight', 'fc.weight'],
  );
  const want = 0.01 * kernels.reduce((s, p) => s + p.data.reduce((a, w) => a + w * w, 0), 0);
  assert.ok(Math.abs(got - want) < 1e-7, `${got} vs ${want}`);
  assert.equal(makeHead('conv1d', { inputDim: 3, numClasses: 2 }, new Rng(4)).regularization({} as never), null);
  await program.release();
});

test('token heads demand a mask; pooled heads reject token features', async () => {
  const compile = (kind: HeadKind, shape: (string | number)[], withMask: boolean) =>
    Program.compile({
      label: 'contract',
      training: false,
      inputs: [{ name: 'x', dtype: 'float32', shape }],
      build: (ctx, v) => {
        const head = makeHead(kind, { inputDim: 4, numClasses: 2 } as never, new Rng(1));
        return { outputs: { y: head.forward(ctx, v.x!, withMask ? v.x! : undefined) } };
      },
    });
  for (const kind of ['textcnn', 'conv1d', 'projection'] as const) {
    await assert.rejects(
      compile(kind, ['B', 'T', 4], false),
      (e: Error) => e instanceof GraphError && /mask \[B, T\] is required/.test(e.message),
    );
  }
  await assert.rejects(
    compile('conv2d', ['B', 'T', 4], false),
    (e: Error) => e instanceof GraphError && /pooled vector/.test(e.message),
  );
  await assert.rejects(
    compile('linear', ['B', 'T', 4], false),
    (e: Error) => e instanceof GraphError && /pooled vector/.test(e.message),
  );
});

test('minLength: the shortest padded T every layer survives', async () => {
  const layers = [
    { filters: 2, kernelSize: 3 },
    { filters: 2, kernelSize: 2 },
    { filters: 2, kernelSize: 2, pool: 1 },
  ];
  const valid = makeHead('conv1d', { inputDim: 2, numClasses: 2, padding: 'valid', layers }, new Rng(1));
  assert.equal(valid.minLength, 9); // 9 →conv 7 →pool 4 →conv 3 →pool 2 →conv 1
  assert.equal(makeHead('conv1d', { inputDim: 2, numClasses: 2, layers }, new Rng(1)).minLength, 1);
  assert.equal(makeHead('conv1d', { inputDim: 2, numClasses: 2, layers, ceilPool: false }, new Rng(1)).minLength, 4);
  const program = await Program.compile({
    label: 'minLength',
    training: false,
    inputs: [
      { name: 'x', dtype: 'float32', shape: ['B', 'T', 2] },
      { name: 'mask', dtype: 'float32', shape: ['B', 'T'] },
    ],
    build: (ctx, v) => ({ outputs: { y: valid.forward(ctx, v.x!, v.mask!) } }),
  });
  const run = (T: number) =>
    program.run({ x: float32([1, T, 2], new Float32Array(2 * T)), mask: float32([1, T], new Float32Array(T).fill(1)) });
  assert.deepEqual((await run(9)).outputs.y!.shape, [1, 2]);
  await assert.rejects(run(8));
  await program.release();
});
