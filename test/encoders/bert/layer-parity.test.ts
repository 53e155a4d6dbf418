// One BertLayer against the plain-PyTorch reference in test/fixtures/bert_layer.json: forward output and the
// gradients of every parameter and of the input (loss = Σ out ⊙ R). fp32, max |diff| ≤ 1e-4 (outputs) and
// ≤ 1e-4 relative to each gradient's scale.
import { test } from 'node:test';
import { Program } from '../../../src/engine/program.ts';
import { Rng } from '../../../src/engine/rng.ts';
import * as op from '../../../src/engine/ops/index.ts';
import { gradients } from '../../../src/engine/autodiff.ts';
import { bertConfig } from '../../../src/encoders/bert/config.ts';
import { BertLayer } from '../../../src/encoders/bert/layer.ts';
import { AttentionMask } from '../../../src/encoders/attention-mask.ts';
import { assertClose, host, loadFixture, loadParams } from '../../helpers/fixtures.ts';

test('BertLayer forward and gradients match PyTorch', async () => {
  const f = loadFixture('bert_layer.json');
  const cfg = bertConfig({ hidden_size: 16, num_attention_heads: 4, intermediate_size: 32 });
  const layer = new BertLayer('', cfg, new Rng(0));
  loadParams(f, layer.parameters());
  let dhidden = '';
  const program = await Program.compile({
    label: 'bert layer parity',
    training: true,
    inputs: [
      { name: 'hidden', dtype: 'float32', shape: ['B', 'T', 16] },
      { name: 'mask', dtype: 'float32', shape: ['B', 'T'] },
      { name: 'R', dtype: 'float32', shape: ['B', 'T', 16] },
    ],
    build(ctx, x) {
      // Eval-mode forward (no dropout) but with gradients: dropout only fires when ctx.training and p > 0.
      const evalCtx = { ...ctx, training: false };
      const out = layer.forward(evalCtx, x.hidden!, new AttentionMask(x.mask!));
      const loss = op.reduceSum(op.mul(out, x.R!), [0, 1, 2]);
      const [dh] = gradients(loss, [x.hidden!]);
      dhidden = dh!.name;
      return { loss, outputs: { hidden: out, dhidden: dh! } };
    },
  });
  void dhidden;
  const r = await program.run({
    hidden: host(f, 'input.hidden'),
    mask: host(f, 'input.attention_mask'),
    R: host(f, 'input.R'),
  });
  assertClose(r.outputs.hidden!.data as Float32Array, f.tensors['output.hidden']!.data, 1e-4, 'hidden');
  assertClose([r.loss], [f.tensors['output.loss']!.data[0]!], 1e-3, 'loss');
  assertClose(r.outputs.dhidden!.data as Float32Array, f.tensors['grad.hidden']!.data, 1e-4, 'grad.hidden');
  program.trainable.forEach((p, i) => {
    const want = f.tensors[`grad.${p.name}`]!.data;
    const scale = Math.max(1, ...want.map(Math.abs));
    assertClose(r.grads[i]!, want, 1e-4 * scale, `grad.${p.name}`);
  });
  await program.release();
});
