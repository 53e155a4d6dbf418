// Bad graphs fail early with a GraphError that names the op, the module path (set with Graph.scope) and the
// shapes involved — never a bare ONNX Runtime message. Also the session's feed check: wrong dtype, rank, static
// dim, or a symbolic dim bound to two sizes name the offending input and both shapes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GraphError } from '../../src/errors.ts';
import { gradients } from '../../src/engine/autodiff.ts';
import { Graph, type Value } from '../../src/engine/graph.ts';
import * as op from '../../src/engine/ops/index.ts';
import { serialize } from '../../src/engine/onnx.ts';
import { Session } from '../../src/engine/session.ts';
import type { Shape } from '../../src/engine/shape.ts';
import { float32, type HostTensor, int64 } from '../../src/engine/tensor.ts';

const MODULE = 'head.convs[1]';

/** Builds `build` inside the module scope and asserts the GraphError names op, module and every fragment. */
function expectGraphError(shapes: Shape[], build: (...xs: Value[]) => unknown, opName: string, ...fragments: string[]) {
  const g = new Graph();
  const xs = shapes.map((s, i) => g.input(`x${i}`, 'float32', s));
  assert.throws(
    () => g.scope(MODULE, () => build(...xs)),
    (e: Error) => {
      assert.ok(e instanceof GraphError, `expected GraphError, got ${e.name}: ${e.message}`);
      assert.ok(e.message.startsWith(`${opName} in ${MODULE}:`), `op and module path in: ${e.message}`);
      for (const f of fragments) assert.ok(e.message.includes(f), `'${f}' in: ${e.message}`);
      return true;
    },
  );
}

test('MatMul inner-dim mismatch', () => {
  expectGraphError(
    [
      [2, 3],
      [4, 5],
    ],
    (a, b) => op.matmul(a!, b!),
    'MatMul',
    '[2, 3]',
    '[4, 5]',
  );
  expectGraphError(
    [
      ['B', 'T', 8],
      [6, 2],
    ],
    (a, b) => op.matmul(a!, b!),
    'MatMul',
    '[B, T, 8]',
    '[6, 2]',
  );
  expectGraphError(
    [
      [2, 3, 4],
      [5, 4, 2],
    ],
    (a, b) => op.matmul(a!, b!),
    'MatMul',
    'batch',
    '[2, 3, 4]',
    '[5, 4, 2]',
  );
  expectGraphError(
    [
      [2, 3],
      [4, 5],
    ],
    (a, b) => op.gemm(a!, b!, null),
    'Gemm',
    '[2, 3]',
    '[4, 5]',
  );
});

test('Conv channel mismatch, bad bias, input shorter than the kernel', () => {
  expectGraphError(
    [
      ['B', 3, 'T'],
      [5, 4, 3],
    ],
    (x, w) => op.conv(x!, w!, null),
    'Conv',
    '4 input channels',
    '[B, 3, T]',
    '[5, 4, 3]',
  );
  expectGraphError([[2, 3, 7], [5, 3, 3], [4]], (x, w, b) => op.conv(x!, w!, b!), 'Conv', 'bias', '[5, 3, 3]', '[4]');
  expectGraphError(
    [
      [2, 3, 2],
      [5, 3, 3],
    ],
    (x, w) => op.conv(x!, w!, null),
    'Conv',
    'shorter',
    '[2, 3, 2]',
    '[5, 3, 3]',
  );
  expectGraphError(
    [
      [2, 3, 8],
      [5, 3, 3],
    ],
    (x, w) => op.conv(x!, w!, null, { strides: [2], pads: 'same' }),
    'Conv',
    'stride',
  );
});

test('broadcast failure', () => {
  expectGraphError([[2, 3], [4]], (a, b) => op.add(a!, b!), 'Add', '[2, 3]', '[4]');
  expectGraphError(
    [
      ['B', 'T', 4],
      ['B', 'S', 4],
    ],
    (a, b) => op.mul(a!, b!),
    'Mul',
    '[B, T, 4]',
    '[B, S, 4]',
  );
});

test('Concat disagreement', () => {
  expectGraphError(
    [
      [2, 3],
      [2, 4],
      [3, 4],
    ],
    (a, b, c) => op.concat([a!, b!, c!], 1),
    'Concat',
    '[2, 3]',
    '[2, 4]',
    '[3, 4]',
  );
  expectGraphError(
    [
      [2, 3],
      [2, 3, 1],
    ],
    (a, b) => op.concat([a!, b!], 0),
    'Concat',
    '[2, 3]',
    '[2, 3, 1]',
  );
});

test('bad transpose perm, reshape size, squeeze, axis out of range', () => {
  expectGraphError([[2, 3, 4]], (x) => op.transpose(x!, [0, 0, 1]), 'Transpose', '[0,0,1]', '[2, 3, 4]');
  expectGraphError([[2, 3, 4]], (x) => op.transpose(x!, [1, 0]), 'Transpose', '[2, 3, 4]');
  expectGraphError([[2, 3, 4]], (x) => op.reshape(x!, [5, -1, 0]), 'Reshape', '[2, 3, 4]');
  expectGraphError([[2, 3, 4]], (x) => op.reshape(x!, [5, 5]), 'Reshape', '[2, 3, 4]', '[5, 5]');
  expectGraphError([[2, 3, 4]], (x) => op.squeeze(x!, [1]), 'Squeeze', '[2, 3, 4]');
  expectGraphError([[2, 3]], (x) => op.softmax(x!, 2), 'Softmax', 'axis 2', '[2, 3]');
  expectGraphError([[2, 3]], (x) => op.reduceSum(x!, [-3]), 'ReduceSum', 'axis -3', '[2, 3]');
  expectGraphError([[2, 3]], (x) => op.slice(x!, 2, 0, 1), 'Slice', 'axis 2', '[2, 3]');
});

test('other op contracts: LayerNorm scale, Gather ids dtype, Where condition, GatherElements rank', () => {
  expectGraphError(
    [['B', 'T', 8], [6], [8]],
    (x, s, b) => op.layerNorm(x!, s!, b!),
    'LayerNormalization',
    '[B, T, 8]',
    '[6]',
  );
  expectGraphError(
    [
      [10, 4],
      [2, 3],
    ],
    (e, i) => op.gather(e!, i!),
    'Gather',
    'int32/int64',
    'float32[2, 3]',
  );
  expectGraphError(
    [
      [2, 3],
      [2, 3],
    ],
    (c, a) => op.where(c!, a!, 0),
    'Where',
    'bool',
  );
  expectGraphError(
    [[2, 3], [2]],
    (d, i) => op.gatherElements(d!, op.cast(i!, 'int64'), 1),
    'GatherElements',
    '[2, 3]',
    '[2]',
  );
});

test('an op without a gradient rule, and an unsupported gradient, name op and module', () => {
  const g = new Graph();
  const x = g.input('x', 'float32', [1, 4, 6]);
  const w = g.input('w', 'float32', [4, 2, 3]);
  const y = g.scope(MODULE, () => op.conv(x, w, null, { group: 2 }));
  assert.throws(
    () => gradients(op.reduceSum(y, [0, 1, 2]), [w]),
    (e: Error) => {
      assert.ok(e instanceof GraphError);
      assert.match(e.message, /^Conv in head\.convs\[1\]: .*group/);
      assert.ok(e.message.includes('[1, 4, 6]') && e.message.includes('[4, 2, 3]'), e.message);
      return true;
    },
  );
  const r = { strides: [1], dilations: [1], pads: [0, 0], group: 1 };
  const t = g.scope(MODULE, () => op.convTranspose(x, g.input('k', 'float32', [4, 2, 3]), r, [8]));
  assert.throws(
    () => gradients(op.reduceSum(t, [0, 1, 2]), [x]),
    /no gradient rule for op ConvTranspose \(in head\.convs\[1\]\)/,
  );
});

async function session(specs: [string, 'float32' | 'int64', Shape][]): Promise<Session> {
  const g = new Graph();
  const vs = specs.map(([n, d, s]) => g.input(n, d, s));
  g.output(...vs.map((v) => op.identity(v)));
  return Session.create(serialize(g), g.inputs, { label: 'textcnn train step', threads: 1 });
}

test('session feed check names the input: dtype, rank, static dim, inconsistent symbolic dim, missing', async () => {
  const s = await session([
    ['ids', 'int64', ['B', 'T']],
    ['features', 'float32', ['B', 'T', 4]],
  ]);
  const ids = int64([2, 3], [1, 2, 3, 4, 5, 6]);
  const feats = float32([2, 3, 4]);
  const cases: [Record<string, HostTensor>, RegExp][] = [
    [
      { ids: float32([2, 3]), features: feats },
      /input 'ids' has the wrong dtype: expected int64\[B, T\], got float32\[2, 3\]/,
    ],
    [
      { ids: int64([6], [1, 2, 3, 4, 5, 6]), features: feats },
      /input 'ids' has the wrong rank: expected int64\[B, T\], got int64\[6\]/,
    ],
    [
      { ids, features: float32([2, 3, 5]) },
      /input 'features' has size 5 on axis 2: expected float32\[B, T, 4\], got float32\[2, 3, 5\]/,
    ],
    [{ ids, features: float32([2, 4, 4]) }, /input 'features' binds T=4 on axis 1, but 'ids' bound T=3/],
    [{ ids }, /missing input 'features' float32\[B, T, 4\]/],
  ];
  try {
    for (const [feeds, re] of cases) {
      await assert.rejects(s.run(feeds), (e: Error) => {
        assert.ok(e instanceof GraphError, e.message);
        assert.match(e.message, /^textcnn train step: /);
        assert.match(e.message, re);
        return true;
      });
    }
    const ok = await s.run({ ids, features: feats });
    assert.equal(Object.keys(ok).length, 2);
  } finally {
    await s.release();
  }
});
