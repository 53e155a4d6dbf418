// Shared runner for head parity tests: builds a head's training Program (forward in eval or train mode, mean
// cross-entropy, gradients w.r.t. parameters and float inputs), runs it on a fixture's inputs and compares
// logits, loss, every gradient (fixture keys grad.[<mode>.]<name>) against PyTorch.
import assert from 'node:assert/strict';
import { Program } from '../../src/engine/program.ts';
import { gradients } from '../../src/engine/autodiff.ts';
import { crossEntropy } from '../../src/engine/losses/index.ts';
import type { Head } from '../../src/heads/index.ts';
import { assertClose, host, type Fixture } from '../helpers/fixtures.ts';

export interface ParityOptions {
  /** Fixture input names in forward order, e.g. ['x', 'mask'] or ['v']. */
  inputs: string[];
  /** Forward in train mode (batch statistics, running-stat updates); dropout must be 0. */
  train?: boolean;
  atol?: number;
}

export async function checkHeadParity(f: Fixture, head: Head, opts: ParityOptions): Promise<void> {
  const pre = opts.train ? 'train.' : '';
  const atol = opts.atol ?? 1e-5;
  const floatInputs = opts.inputs.filter((n) => n !== 'mask');
  const program = await Program.compile({
    label: `parity ${pre || 'eval.'}`,
    training: true,
    inputs: [
      ...[...opts.inputs, 'labels'].map((n) => {
        const t = f.tensors[`input.${n}`]!;
        return { name: n, dtype: t.dtype, shape: t.shape };
      }),
    ],
    build(ctx, x) {
      const mode = opts.train ? ctx : { ...ctx, training: false };
      const logits = head.forward(mode, x[opts.inputs[0]!]!, x.mask);
      const loss = crossEntropy(logits, x.labels!);
      const dx = gradients(
        loss,
        floatInputs.map((n) => x[n]!),
      );
      return { loss, outputs: { logits, ...Object.fromEntries(floatInputs.map((n, i) => [`d_${n}`, dx[i]!])) } };
    },
  });
  const feeds = Object.fromEntries([...opts.inputs, 'labels'].map((n) => [n, host(f, `input.${n}`)]));
  const r = await program.run(feeds);
  assertClose(r.outputs.logits!.data as Float32Array, f.tensors[`output.${pre}logits`]!.data, atol, `${pre}logits`);
  assertClose([r.loss], f.tensors[`output.${pre}loss`]!.data, atol, `${pre}loss`);
  for (const n of floatInputs) {
    assertClose(r.outputs[`d_${n}`]!.data as Float32Array, f.tensors[`grad.${pre}${n}`]!.data, atol, `grad.${pre}${n}`);
  }
  const expected = Object.keys(f.tensors).filter(
    (k) => k.startsWith(`grad.${pre}`) && !floatInputs.some((n) => k === `grad.${pre}${n}`),
  );
  const got = program.trainable.map((p) => `grad.${pre}${p.name}`);
  assert.deepEqual(
    [...got].sort(),
    opts.train ? expected.sort() : expected.filter((k) => !k.startsWith('grad.train.')).sort(),
  );
  program.trainable.forEach((p, i) =>
    assertClose(r.grads[i]!, f.tensors[`grad.${pre}${p.name}`]!.data, atol, `grad.${pre}${p.name}`),
  );
  await program.release();
}
