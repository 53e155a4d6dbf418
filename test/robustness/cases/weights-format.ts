// Weights in formats bertcnn will not read, or spread over shards: pickled PyTorch (refused without unpickling —
// a pickle can run code), TensorFlow, and a sharded safetensors index that is broken or names missing shards.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RobustCase } from '../types.ts';
import { embedArgv } from './helpers.ts';

/** A protocol-2 pickle that would run `touch <marker>` when unpickled: GLOBAL posix.system, the command, REDUCE. */
export function evilPickle(marker: string): Buffer {
  const cmd = Buffer.from(`touch ${marker}`);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(cmd.length);
  return Buffer.concat([Buffer.from('\x80\x02cposix\nsystem\nX', 'latin1'), len, cmd, Buffer.from('\x85R.', 'latin1')]);
}

const folder = (
  name: string,
  input: string,
  change: (model: string, dir: string) => void,
  expect: RobustCase['expect'],
): RobustCase => ({
  kind: 'weights-format',
  name,
  input,
  make: (dir, ctx) => {
    const model = ctx.copyTinyBert(dir);
    change(model, dir);
    return { argv: embedArgv(ctx, dir, model) };
  },
  expect,
});

const noSafetensors = (model: string) => rmSync(join(model, 'model.safetensors'));

export const WEIGHTS_FORMAT_CASES: RobustCase[] = [
  folder(
    'pickled PyTorch weights',
    'pytorch_model.bin only (a pickle that would run touch)',
    (m, dir) => {
      noSafetensors(m);
      writeFileSync(join(m, 'pytorch_model.bin'), evilPickle(join(dir, 'PWNED')));
    },
    { exit: 1, message: /pytorch_model\.bin is a pickled PyTorch checkpoint; bertcnn only reads safetensors/ },
  ),
  folder(
    'a .pt file',
    'model.pt only',
    (m) => {
      noSafetensors(m);
      writeFileSync(join(m, 'model.pt'), Buffer.from('PK\x03\x04', 'latin1'));
    },
    { exit: 1, message: /model\.pt is a pickled PyTorch checkpoint/ },
  ),
  folder(
    'sharded pickles',
    'pytorch_model.bin.index.json only',
    (m) => {
      noSafetensors(m);
      writeFileSync(join(m, 'pytorch_model.bin.index.json'), '{"weight_map": {}}');
    },
    { exit: 1, message: /pytorch_model\.bin\.index\.json is a pickled PyTorch checkpoint/ },
  ),
  folder(
    'TensorFlow weights',
    'tf_model.h5 only',
    (m) => {
      noSafetensors(m);
      writeFileSync(join(m, 'tf_model.h5'), Buffer.from('\x89HDF\r\n\x1a\n', 'latin1'));
    },
    { exit: 1, message: /tf_model\.h5 is a TensorFlow\/Flax checkpoint/ },
  ),
  folder('no weights at all', 'config.json and vocab.txt only', noSafetensors, {
    exit: 1,
    message: /model\.safetensors/,
  }),
  folder(
    'index not JSON',
    'model.safetensors.index.json "{"',
    (m) => {
      noSafetensors(m);
      writeFileSync(join(m, 'model.safetensors.index.json'), '{');
    },
    { exit: 1, message: /model\.safetensors\.index\.json: not valid JSON/ },
  ),
  folder(
    'index without weight_map',
    '{"metadata": {}}',
    (m) => {
      noSafetensors(m);
      writeFileSync(join(m, 'model.safetensors.index.json'), '{"metadata": {}}');
    },
    { exit: 1, message: /model\.safetensors\.index\.json: expected an object with "weight_map"/ },
  ),
  folder(
    'empty weight_map',
    '{"weight_map": {}}',
    (m) => {
      noSafetensors(m);
      writeFileSync(join(m, 'model.safetensors.index.json'), '{"weight_map": {}}');
    },
    { exit: 1, message: /model\.safetensors\.index\.json: weight_map is empty/ },
  ),
  folder(
    'missing shard',
    'the index names model-00001-of-00002.safetensors, absent',
    (m) => {
      noSafetensors(m);
      writeFileSync(
        join(m, 'model.safetensors.index.json'),
        JSON.stringify({ weight_map: { 'embeddings.word_embeddings.weight': 'model-00001-of-00002.safetensors' } }),
      );
    },
    { exit: 1, message: /model-00001-of-00002\.safetensors: missing shard/ },
  ),
  folder(
    'shard path escaping the folder',
    'weight_map → "../../etc/passwd"',
    (m) => {
      noSafetensors(m);
      writeFileSync(
        join(m, 'model.safetensors.index.json'),
        JSON.stringify({ weight_map: { 'embeddings.word_embeddings.weight': '../../etc/passwd' } }),
      );
    },
    { exit: 1, message: /model\.safetensors\.index\.json: .*weight_map\['embeddings\.word_embeddings\.weight'\]/ },
  ),
  {
    kind: 'weights-format',
    name: 'no model folder',
    input: '--model pointing nowhere',
    make: (dir, ctx) => ({ argv: embedArgv(ctx, dir, join(dir, 'nope')) }),
    expect: { exit: 1, message: /nope: model folder not found/ },
  },
];
