// Program.runs / skipRuns: ONNX Runtime draws a Dropout's n-th mask from its seed attribute + n, so a Program
// compiled with skipRuns: k continues exactly where one that had already run k times would be (what resume needs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Program } from '../../src/engine/program.ts';
import type { HostTensor } from '../../src/engine/tensor.ts';
import { dropout } from '../../src/nn/dropout.ts';

const compile = (skipRuns?: number) =>
  Program.compile({
    label: 'dropout masks',
    training: true,
    seed: 7,
    skipRuns,
    inputs: [{ name: 'x', dtype: 'float32', shape: ['B', 64] }],
    build: (ctx, v) => ({ outputs: { y: dropout(ctx, dropout(ctx, v.x!, 0.5), 0.3) } }),
  });

const x: HostTensor = { dtype: 'float32', shape: [2, 64], data: new Float32Array(128).fill(1) };

async function masks(program: Program, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++)
    out.push(Array.from((await program.run({ x })).outputs.y!.data as Float32Array).join(','));
  return out;
}

test('a Program compiled with skipRuns: k draws the dropout masks of runs k+1… of a fresh one', async () => {
  const fresh = await compile();
  const all = await masks(fresh, 6);
  assert.equal(fresh.runs, 6);
  assert.equal(new Set(all).size, 6, 'every run draws a new mask');
  const resumed = await compile(4);
  assert.equal(resumed.runs, 4);
  assert.deepEqual(await masks(resumed, 2), all.slice(4));
  assert.equal(resumed.runs, 6);
  const again = await compile(0);
  assert.deepEqual(await masks(again, 1), all.slice(0, 1), 'skipRuns 0 is a fresh Program');
  for (const p of [fresh, resumed, again]) await p.release();
});

test('skipRuns must be a whole number ≥ 0', async () => {
  await assert.rejects(compile(-1), /skipRuns must be a whole number/);
  await assert.rejects(compile(1.5), /skipRuns must be a whole number/);
});
