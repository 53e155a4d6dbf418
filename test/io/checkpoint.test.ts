// Opening Hugging Face model folders: single-file and sharded safetensors, and every way a folder can be wrong
// (missing folder/config/shard, bad JSON, pickled or TF weights refused with conversion advice).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCheckpoint } from '../../src/io/checkpoint.ts';
import { DataError } from '../../src/errors.ts';
import { TINY_CONFIG, writeTinyBertFolder } from './tiny-bert.ts';

after(() => rm(root, { recursive: true, force: true }));
const root = await mkdtemp(join(tmpdir(), 'bertcnn-ckpt-'));
let n = 0;
const fresh = async () => {
  const d = join(root, `m${n++}`);
  await mkdir(d);
  return d;
};

test('single-file folder: config parsed, tokenizer files found, weights read lazily and exactly', async () => {
  const dir = await fresh();
  const written = await writeTinyBertFolder(dir);
  const ckpt = await openCheckpoint(dir);
  assert.deepEqual(ckpt.config, TINY_CONFIG);
  assert.deepEqual(ckpt.weightFiles, ['model.safetensors']);
  assert.deepEqual(Object.keys(ckpt.tokenizerFiles).sort(), ['tokenizer_config.json', 'vocab.txt']);
  assert.deepEqual(ckpt.weights.names.sort(), Object.keys(written).sort());
  const t = await ckpt.weights.readTensor('encoder.layer.1.output.dense.weight');
  assert.deepEqual(t.shape, [32, 64]);
  assert.deepEqual(t.data, written['encoder.layer.1.output.dense.weight']!.data);
  await ckpt.close();
});

test('sharded folder: index + shards read as one source', async () => {
  const dir = await fresh();
  const written = await writeTinyBertFolder(dir, { sharded: true, prefix: 'bert.' });
  const ckpt = await openCheckpoint(dir);
  assert.deepEqual(ckpt.weightFiles, [
    'model.safetensors.index.json',
    'model-00001-of-00002.safetensors',
    'model-00002-of-00002.safetensors',
  ]);
  const all = await ckpt.weights.readAll();
  assert.deepEqual(Object.keys(all).sort(), Object.keys(written).sort());
  for (const [k, v] of Object.entries(written)) assert.deepEqual(all[k]!.data, v.data, k);
  await ckpt.close();
});

test('sharded folder errors: missing shard, tensor not in its shard, malformed index, path escape', async () => {
  const dir = await fresh();
  await writeTinyBertFolder(dir, { sharded: true });
  await rm(join(dir, 'model-00002-of-00002.safetensors'));
  await assert.rejects(
    openCheckpoint(dir),
    /model-00002-of-00002\.safetensors: missing shard: model\.safetensors\.index\.json lists it/,
  );

  const dir2 = await fresh();
  await writeTinyBertFolder(dir2, { sharded: true });
  await writeFile(
    join(dir2, 'model.safetensors.index.json'),
    JSON.stringify({
      weight_map: {
        'pooler.dense.bias': 'model-00001-of-00002.safetensors',
        ghost: 'model-00001-of-00002.safetensors',
      },
    }),
  );
  await assert.rejects(
    openCheckpoint(dir2),
    /tensor 'ghost' is listed in model\.safetensors\.index\.json weight_map but is not in this shard|tensor 'pooler\.dense\.bias' is listed/,
  );

  await writeFile(join(dir2, 'model.safetensors.index.json'), '{"weight_map": [');
  await assert.rejects(openCheckpoint(dir2), /model\.safetensors\.index\.json: not valid JSON/);
  await writeFile(
    join(dir2, 'model.safetensors.index.json'),
    JSON.stringify({ weight_map: { a: '../../etc/passwd' } }),
  );
  await assert.rejects(openCheckpoint(dir2), /shard must be a plain file name/);
});

test('missing folder, a file instead of a folder, missing or broken config.json', async () => {
  await assert.rejects(
    openCheckpoint(join(root, 'nope')),
    (e: unknown) => e instanceof DataError && /nope: model folder not found/.test(e.message),
  );
  const dir = await fresh();
  await writeTinyBertFolder(dir);
  await assert.rejects(openCheckpoint(join(dir, 'model.safetensors')), /got a file; pass the folder/);
  await rm(join(dir, 'config.json'));
  await assert.rejects(openCheckpoint(dir), /config\.json: missing: a Hugging Face model folder needs config\.json/);
  await writeFile(join(dir, 'config.json'), '{"hidden_size": 32,');
  await assert.rejects(openCheckpoint(dir), /config\.json: not valid JSON/);
  await writeFile(join(dir, 'config.json'), '[1]');
  await assert.rejects(openCheckpoint(dir), /config\.json: expected a JSON object/);
});

test('pytorch_model.bin only → refused with a safetensors conversion command; never read', async () => {
  const dir = await fresh();
  await writeFile(join(dir, 'config.json'), JSON.stringify(TINY_CONFIG));
  await writeFile(join(dir, 'pytorch_model.bin'), 'PK\x03\x04 this would be a pickle');
  await writeFile(join(dir, 'training_args.bin'), 'x');
  await assert.rejects(openCheckpoint(dir), (e: unknown) => {
    assert.ok(e instanceof DataError);
    assert.match(
      e.message,
      /pytorch_model\.bin: pytorch_model\.bin is a pickled PyTorch checkpoint; bertcnn only reads safetensors/,
    );
    assert.match(e.message, /from safetensors\.torch import save_file/);
    assert.match(e.message, /weights_only=True/);
    assert.match(e.message, /huggingface\.co\/spaces\/safetensors\/convert/);
    return true;
  });
});

test('tf_model.h5 only → refused with the transformers from_tf conversion; trainer files alone → missing weights', async () => {
  const dir = await fresh();
  await writeFile(join(dir, 'config.json'), JSON.stringify(TINY_CONFIG));
  await writeFile(join(dir, 'tf_model.h5'), 'HDF');
  await assert.rejects(openCheckpoint(dir), /tf_model\.h5 is a TensorFlow\/Flax checkpoint.*\n.*from_tf=True/);
  await rm(join(dir, 'tf_model.h5'));
  await writeFile(join(dir, 'training_args.bin'), 'x');
  await assert.rejects(
    openCheckpoint(dir),
    /model\.safetensors: missing: expected the weights in model\.safetensors or a sharded model\.safetensors\.index\.json/,
  );
});

test('corrupt model.safetensors is reported by file name', async () => {
  const dir = await fresh();
  await writeTinyBertFolder(dir);
  await writeFile(join(dir, 'model.safetensors'), Buffer.from([16, 0, 0, 0, 0, 0, 0, 0, 0x7b]));
  await assert.rejects(openCheckpoint(dir), /^DataError: model\.safetensors: header length 16 runs past the end/);
});
