// int8 storage for `export --int8` (src/encoders/quantize-tables.ts): a large Gather table becomes int8 rows + one
// scale per row and a conv kernel int8 + one scale per output channel behind DequantizeLinear. Checked against the
// fp32 graph on the same inputs: each gathered value within half its row's step, the conv output within the error
// its kernel's steps allow, the fp32 constants gone from the model (4× fewer bytes), and small tables untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Graph } from '../../src/engine/graph.ts';
import * as op from '../../src/engine/ops/index.ts';
import { serialize } from '../../src/engine/onnx.ts';
import { Rng } from '../../src/engine/rng.ts';
import { Session } from '../../src/engine/session.ts';
import { tensor } from '../../src/engine/tensor.ts';
import { quantizeGatherTables, quantizeRows, storeConvWeightsInt8 } from '../../src/encoders/quantize-tables.ts';

const V = 600;
const D = 128;
const O = 64;
const K = 3;
const rng = new Rng(5);
// Rows of very different magnitudes: per-row scales must keep the small ones precise.
const table = Float32Array.from({ length: V * D }, (_, i) => (rng.next() - 0.5) * (1 + (Math.floor(i / D) % 7) * 3));
const kernel = Float32Array.from({ length: O * D * K }, () => (rng.next() - 0.5) * 0.2);
const ids = BigInt64Array.from({ length: 2 * 9 }, (_, i) => BigInt((i * 37) % V));

/** ids [2, 9] → table rows [2, 9, D] → (transposed) Conv1d [2, O, 7]; both outputs. */
function build(quantize: boolean): { g: Graph; counts: [number, number]; constants: string[] } {
  const g = new Graph('q');
  const x = g.input('ids', 'int64', [2, 9]);
  const t = g.constant(tensor('float32', [V, D], table.slice()), 'table');
  const w = g.constant(tensor('float32', [O, D, K], kernel.slice()), 'w');
  const rows = op.gather(t, x); // [2, 9, D]
  const y = op.conv(op.transpose(rows, [0, 2, 1]), w, null); // [2, O, 7]
  g.output(rows, y);
  const counts: [number, number] = quantize ? [quantizeGatherTables(g), storeConvWeightsInt8(g)] : [0, 0];
  return { g, counts, constants: [t.name, w.name] };
}

async function run(g: Graph): Promise<{ rows: Float32Array; conv: Float32Array; bytes: number }> {
  const bytes = serialize(g);
  const s = await Session.create(bytes, g.inputs, { label: 'quantize-tables', threads: 1 });
  try {
    const r = await s.run({ ids: tensor('int64', [2, 9], ids) });
    const [a, b] = g.outputs.map((o) => r[o.name]!.data as Float32Array);
    return { rows: a!, conv: b!, bytes: bytes.byteLength };
  } finally {
    await s.release();
  }
}

test('int8 table and conv kernel: values within the per-row / per-channel step, 4× smaller model', async () => {
  const fp32 = await run(build(false).g);
  const q = build(true);
  assert.deepEqual(q.counts, [1, 1]);
  for (const name of q.constants) assert.ok(!q.g.initializers.has(name), `the fp32 constant ${name} is dropped`);
  const int8 = await run(q.g);
  const { scale } = quantizeRows(table, V, D);
  for (let i = 0; i < ids.length; i++) {
    const v = Number(ids[i]);
    for (let d = 0; d < D; d++) {
      const err = Math.abs(int8.rows[i * D + d]! - fp32.rows[i * D + d]!);
      assert.ok(err <= scale[v]! / 2 + 1e-7, `row ${v} dim ${d}: error ${err} > half step ${scale[v]! / 2}`);
    }
  }
  // Conv: each output sums D·K products; bound the kernel's rounding error by |x|·step/2 summed over them.
  const wScale = quantizeRows(kernel, O, D * K).scale;
  let worst = 0;
  for (let b = 0; b < 2; b++)
    for (let o = 0; o < O; o++)
      for (let t = 0; t < 7; t++) {
        let bound = 0;
        for (let c = 0; c < D; c++)
          for (let k = 0; k < K; k++) bound += Math.abs(fp32.rows[(b * 9 + t + k) * D + c]!) * (wScale[o]! / 2);
        const i = (b * O + o) * 7 + t;
        // the int8 rows feed the conv too: allow their error through the fp32 kernel as well
        const err = Math.abs(int8.conv[i]! - fp32.conv[i]!);
        worst = Math.max(worst, err / (2 * bound + 1e-6));
      }
  assert.ok(worst <= 1, `conv error beyond its bound (ratio ${worst})`);
  assert.ok(int8.bytes < fp32.bytes / 3, `${int8.bytes} bytes vs ${fp32.bytes}`);
});

test('small tables and kernels stay fp32', async () => {
  const g = new Graph('small');
  const x = g.input('ids', 'int64', [2, 9]);
  const small = g.constant(tensor('float32', [50, 8], new Float32Array(400)), 'small');
  g.output(op.gather(small, x));
  assert.equal(quantizeGatherTables(g), 0);
  assert.equal(storeConvWeightsInt8(g), 0);
  assert.ok(g.initializers.has(small.name));
});
