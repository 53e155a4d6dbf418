// The Keras-stack options every head shares: hidden Dense layers after pooling on every CNN head (parameter
// names and shapes, logits through them, and nothing changed when they are absent), and L2 on every head and
// tagger — the term equals λ·Σ(kernel²) + λ_b·Σ(bias²) over exactly the layers named here, computed by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Program } from '../../src/engine/program.ts';
import { Rng } from '../../src/engine/rng.ts';
import type { Value } from '../../src/engine/graph.ts';
import type { BuildContext } from '../../src/engine/program.ts';
import type { Module } from '../../src/nn/module.ts';
import { makeHead, type HeadKind } from '../../src/heads/index.ts';
import { makeTagger, type TaggerKind } from '../../src/heads/taggers/index.ts';
import { randn } from '../helpers/gradcheck.ts';

const H = 6;
const C = 3;
/** Small options per CNN head; the sizes its input needs. */
const CNN: [HeadKind, Record<string, unknown>, string][] = [
  ['textcnn', { inputDim: H, kernelSizes: [2, 3], filters: 4 }, ''],
  ['conv1d', { inputDim: H, layers: 2, filters: 4, batchNorm: true }, ''],
  ['conv2d', { inputDim: H, filters: 4 }, ''],
  ['projection', { inputDim: H, projectionDim: 5, kernelSizes: [2], filters: 4 }, 'cnn.'],
  ['cnn-alone', { vocabSize: 20, embeddingDim: 5, kernelSizes: [2], filters: 4 }, 'cnn.'],
];
/** Width of the pooled features each head above hands to its hidden layers. */
const POOLED: Record<string, number> = { textcnn: 8, conv1d: 4, conv2d: 4, projection: 4, 'cnn-alone': 4 };

const shapes = (m: Module) => m.parameters().map((p) => `${p.name} [${p.shape.join(', ')}]`);

for (const [kind, opts, prefix] of CNN) {
  test(`${kind}: hidden-units [7, 5] puts Dense layers between pooling and the output layer`, async () => {
    const head = makeHead(
      kind,
      { ...opts, numClasses: C, hiddenUnits: [7, 5], hiddenActivation: 'gelu' } as never,
      new Rng(3),
    );
    const names = shapes(head);
    const P = POOLED[kind]!;
    const tail = [
      `${prefix}hidden.0.weight [7, ${P}]`,
      `${prefix}hidden.0.bias [7]`,
      `${prefix}hidden.1.weight [5, 7]`,
      `${prefix}hidden.1.bias [5]`,
      `${prefix}fc.weight [${C}, 5]`,
      `${prefix}fc.bias [${C}]`,
    ];
    assert.deepEqual(names.slice(-6), tail, names.join('\n'));
    const logits = await run(kind, head);
    assert.deepEqual(logits.shape, [2, C]);
    assert.ok(Array.from(logits.data as Float32Array).every(Number.isFinite));
  });

  test(`${kind}: without hidden units (and l2 0) the head is the same head: parameters and logits identical`, async () => {
    const plain = makeHead(kind, { ...opts, numClasses: C } as never, new Rng(5));
    const explicit = makeHead(
      kind,
      {
        ...opts,
        numClasses: C,
        hiddenUnits: [],
        hiddenActivation: 'tanh',
        hiddenDropout: 0.2,
        l2: 0,
        l2Bias: 0,
      } as never,
      new Rng(5),
    );
    assert.deepEqual(shapes(explicit), shapes(plain));
    assert.ok(!shapes(plain).some((n) => n.includes('hidden')));
    plain.parameters().forEach((p, i) => assert.deepEqual(explicit.parameters()[i]!.data, p.data, p.name));
    assert.deepEqual((await run(kind, explicit)).data, (await run(kind, plain)).data);
    assert.equal(plain.regularization({} as BuildContext), null);
  });
}

/** Logits of `head` on a fixed batch of 2 (token heads: features + a mask with one padded row). */
async function run(kind: HeadKind, head: ReturnType<typeof makeHead>) {
  const rng = new Rng(17);
  const ids = kind === 'cnn-alone';
  const pooled = kind === 'conv2d';
  const feeds = ids
    ? {
        x: {
          dtype: 'int64' as const,
          shape: [2, 5],
          data: BigInt64Array.from([1n, 4n, 7n, 2n, 0n, 3n, 9n, 0n, 0n, 0n]),
        },
      }
    : { x: randn(rng, pooled ? [2, H] : [2, 5, H]) };
  const mask = { dtype: 'float32' as const, shape: [2, 5], data: Float32Array.from([1, 1, 1, 1, 0, 1, 1, 0, 0, 0]) };
  const program = await Program.compile({
    label: `hidden ${kind}`,
    training: false,
    inputs: [
      { name: 'x', dtype: ids ? 'int64' : 'float32', shape: pooled ? ['B', H] : ['B', 'T', ...(ids ? [] : [H])] },
      ...(pooled ? [] : [{ name: 'mask', dtype: 'float32' as const, shape: ['B', 'T'] }]),
    ],
    build: (ctx, v) => ({ outputs: { y: head.forward(ctx, v.x!, v.mask) } }),
  });
  const r = await program.run(pooled ? feeds : { ...feeds, mask });
  await program.release();
  return r.outputs.y!;
}

/** The penalty a module's regularization() compiles to, as a number. */
async function penaltyOf(m: { regularization(ctx: BuildContext): Value | null }): Promise<number> {
  const program = await Program.compile({
    label: 'l2',
    training: false,
    inputs: [],
    build: (ctx) => ({ outputs: { penalty: m.regularization(ctx)! } }),
  });
  const v = (await program.run({})).outputs.penalty!.data[0] as number;
  await program.release();
  return v;
}

const sumSq = (m: Module, names: string[]) =>
  names.reduce(
    (s, n) =>
      s +
      m
        .namedParameters()
        .get(n)!
        .data.reduce((a, w) => a + w * w, 0),
    0,
  );

/** Every head and tagger, with the kernels and biases the L2 terms must cover (and nothing else). */
const L2_CASES: [string, () => Module & { regularization(ctx: BuildContext): Value | null }, string[], string[]][] = [
  [
    'textcnn',
    () =>
      makeHead(
        'textcnn',
        { inputDim: H, numClasses: C, kernelSizes: [2], filters: 3, hiddenUnits: [4], ...L2 },
        new Rng(1),
      ),
    ['convs.0.weight', 'hidden.0.weight', 'fc.weight'],
    ['convs.0.bias', 'hidden.0.bias', 'fc.bias'],
  ],
  [
    'conv1d (BatchNorm not penalised)',
    () => makeHead('conv1d', { inputDim: H, numClasses: C, layers: 2, filters: 3, batchNorm: true, ...L2 }, new Rng(1)),
    ['convs.0.weight', 'convs.1.weight', 'fc.weight'],
    ['convs.0.bias', 'convs.1.bias', 'fc.bias'],
  ],
  [
    'conv2d',
    () => makeHead('conv2d', { inputDim: H, numClasses: C, filters: 3, hiddenUnits: [4], ...L2 }, new Rng(1)),
    ['conv.weight', 'hidden.0.weight', 'fc.weight'],
    ['conv.bias', 'hidden.0.bias', 'fc.bias'],
  ],
  [
    'projection',
    () =>
      makeHead(
        'projection',
        { inputDim: H, numClasses: C, projectionDim: 4, kernelSizes: [2], filters: 3, ...L2 },
        new Rng(1),
      ),
    ['projection.weight', 'cnn.convs.0.weight', 'cnn.fc.weight'],
    ['projection.bias', 'cnn.convs.0.bias', 'cnn.fc.bias'],
  ],
  [
    'linear',
    () => makeHead('linear', { inputDim: H, numClasses: C, ...L2 }, new Rng(1)),
    ['classifier.weight'],
    ['classifier.bias'],
  ],
  [
    'cnn-alone (the embedding table not penalised)',
    () =>
      makeHead(
        'cnn-alone',
        { vocabSize: 9, embeddingDim: 4, numClasses: C, kernelSizes: [2], filters: 3, ...L2 },
        new Rng(1),
      ),
    ['cnn.convs.0.weight', 'cnn.fc.weight'],
    ['cnn.convs.0.bias', 'cnn.fc.bias'],
  ],
  ...(['tagger-linear', 'tagger-cnn', 'tagger-bilstm'] as TaggerKind[]).map((k): (typeof L2_CASES)[number] => [
    `${k} with a CRF (transitions not penalised)`,
    () =>
      makeTagger(
        k,
        { inputDim: H, numTags: 3, crf: true, ...(k === 'tagger-cnn' ? { kernelSizes: [3] } : {}), ...L2 },
        new Rng(1),
      ),
    {
      'tagger-linear': ['classifier.weight'],
      'tagger-cnn': ['convs.0.weight', 'fc.weight'],
      'tagger-bilstm': [
        'lstm.weight_ih_l0',
        'lstm.weight_hh_l0',
        'lstm.weight_ih_l0_reverse',
        'lstm.weight_hh_l0_reverse',
        'fc.weight',
      ],
    }[k],
    {
      'tagger-linear': ['classifier.bias'],
      'tagger-cnn': ['convs.0.bias', 'fc.bias'],
      'tagger-bilstm': [
        'lstm.bias_ih_l0',
        'lstm.bias_hh_l0',
        'lstm.bias_ih_l0_reverse',
        'lstm.bias_hh_l0_reverse',
        'fc.bias',
      ],
    }[k],
  ]),
];
const L2 = { l2: 0.01, l2Bias: 0.003 };

for (const [name, build, kernels, biases] of L2_CASES) {
  test(`L2 on ${name}: the loss term is exactly λ·Σw² + λ_b·Σb² over its kernels and biases`, async () => {
    const m = build();
    const names = [...m.namedParameters().keys()];
    const rest = names.filter((n) => !kernels.includes(n) && !biases.includes(n));
    assert.ok(
      rest.every((n) => /norms|embedding|crf/.test(n)),
      `unpenalised: ${rest.join(', ')}`,
    );
    const want = L2.l2 * sumSq(m, kernels) + L2.l2Bias * sumSq(m, biases);
    const got = await penaltyOf(m);
    assert.ok(Math.abs(got - want) <= 1e-6 * want, `${got} vs ${want}`);
  });
}
