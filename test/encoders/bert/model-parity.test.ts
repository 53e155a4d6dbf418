// The whole tiny BertModel (2 layers, hidden 32) against plain PyTorch: last_hidden_state and pooler_output,
// fp32, max |diff| ≤ 1e-4. Weights come from the committed HF-layout fixture's model.safetensors (read here
// with a minimal reader so this test does not depend on the checkpoint loader).
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Program } from '../../../src/engine/program.ts';
import { parseBertConfig } from '../../../src/encoders/bert/config.ts';
import { BertModel } from '../../../src/encoders/bert/model.ts';
import { FIXTURES, assertClose, host, loadFixture } from '../../helpers/fixtures.ts';
import assert from 'node:assert/strict';

function readF32Safetensors(path: string): Map<string, Float32Array> {
  const buf = readFileSync(path);
  const n = Number(buf.readBigUInt64LE(0));
  const header = JSON.parse(buf.subarray(8, 8 + n).toString('utf8')) as Record<
    string,
    { dtype: string; data_offsets: [number, number] }
  >;
  const out = new Map<string, Float32Array>();
  for (const [k, v] of Object.entries(header)) {
    if (k === '__metadata__') continue;
    assert.equal(v.dtype, 'F32');
    const bytes = buf.subarray(8 + n + v.data_offsets[0], 8 + n + v.data_offsets[1]);
    out.set(k, new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)));
  }
  return out;
}

test('tiny BertModel matches PyTorch (last hidden state and pooler)', async () => {
  const dir = join(FIXTURES, 'tiny_bert');
  const cfg = parseBertConfig(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')));
  const model = new BertModel('', cfg);
  const weights = readF32Safetensors(join(dir, 'model.safetensors'));
  for (const p of model.parameters()) {
    const w = weights.get(p.name);
    assert.ok(w, `checkpoint lacks ${p.name}`);
    p.data.set(w);
  }
  const f = loadFixture('tiny_bert/expected.json');
  const program = await Program.compile({
    label: 'tiny bert parity',
    training: false,
    bakeParams: true,
    inputs: [
      { name: 'input_ids', dtype: 'int64', shape: ['B', 'T'] },
      { name: 'token_type_ids', dtype: 'int64', shape: ['B', 'T'] },
      { name: 'attention_mask', dtype: 'float32', shape: ['B', 'T'] },
    ],
    build(ctx, x) {
      const out = model.forward(ctx, {
        inputIds: x.input_ids!,
        tokenTypeIds: x.token_type_ids!,
        attentionMask: x.attention_mask!,
      });
      return { outputs: { last: out.lastHiddenState, pooled: out.pooled() } };
    },
  });
  const mask = host(f, 'input.attention_mask');
  const maskF = {
    dtype: 'float32' as const,
    shape: mask.shape,
    data: Float32Array.from(mask.data as BigInt64Array, Number),
  };
  const r = await program.run({
    input_ids: host(f, 'input.input_ids'),
    token_type_ids: host(f, 'input.token_type_ids'),
    attention_mask: maskF,
  });
  assertClose(
    r.outputs.last!.data as Float32Array,
    f.tensors['output.last_hidden_state']!.data,
    1e-4,
    'last_hidden_state',
  );
  assertClose(r.outputs.pooled!.data as Float32Array, f.tensors['output.pooler_output']!.data, 1e-4, 'pooler_output');
  await program.release();
});
