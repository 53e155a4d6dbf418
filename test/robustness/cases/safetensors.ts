// A model folder's model.safetensors, corrupted every way the format allows: each is refused naming the file and,
// where there is one, the tensor — before any tensor data is read. Non-finite weights are refused unless
// --allow-non-finite-weights.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RobustCase } from '../types.ts';
import { editSafetensors, embedArgv, entry, type RawSafetensors } from './helpers.ts';

const WORD = 'embeddings.word_embeddings.weight';
const LN = 'embeddings.LayerNorm.bias'; // the first tensor in the data buffer: offsets [0, 128]
const LN2 = 'embeddings.LayerNorm.weight'; // next: [128, 256]
const OUT = 'encoder.layer.1.output.dense.weight';

const st = (
  name: string,
  input: string,
  edit: (f: RawSafetensors) => RawSafetensors | void,
  expect: RobustCase['expect'],
  extra: string[] = [],
): RobustCase => ({
  kind: 'safetensors',
  name,
  input,
  make: (dir, ctx) => {
    const model = ctx.copyTinyBert(dir);
    editSafetensors(model, edit);
    return { argv: embedArgv(ctx, dir, model, extra) };
  },
  expect,
});

/** A case that replaces model.safetensors itself instead of editing its header or data. */
const replaced = (
  name: string,
  input: string,
  replace: (path: string) => void,
  expect: RobustCase['expect'],
): RobustCase => ({
  kind: 'safetensors',
  name,
  input,
  make: (dir, ctx) => {
    const model = ctx.copyTinyBert(dir);
    replace(join(model, 'model.safetensors'));
    return { argv: embedArgv(ctx, dir, model) };
  },
  expect,
});

/** Sets element `i` of tensor `name` (F32) to `v`. */
const setF32 = (name: string, i: number, v: number) => (f: RawSafetensors) => {
  f.data.writeFloatLE(v, entry(f, name).data_offsets[0] + 4 * i);
};

/** Header errors name the file by its base name (the folder is the one given to --model). */
const at = (what: string) => new RegExp(`model\\.safetensors: ${what}`);

export const SAFETENSORS_CASES: RobustCase[] = [
  st('NaN weight', `a NaN in ${OUT}`, setF32(OUT, 5, Number.NaN), {
    exit: 1,
    message: at(`tensor '${OUT.replace(/\./g, '\\.')}' holds a non-finite value \\(NaN at flat index 5\\)`),
  }),
  st('Infinity weight', `+Inf in ${OUT}`, setF32(OUT, 7, Number.POSITIVE_INFINITY), {
    exit: 1,
    message: at(`tensor '${OUT.replace(/\./g, '\\.')}' holds a non-finite value \\(Infinity at flat index 7\\)`),
  }),
  st(
    'NaN weight, allowed',
    'a NaN with --allow-non-finite-weights',
    setF32(OUT, 5, Number.NaN),
    {
      exit: 0,
      message:
        /warning: bert\/model\.safetensors: tensor 'encoder\.layer\.1\.output\.dense\.weight' holds a non-finite value \(NaN at flat index 5\); loaded anyway/,
    },
    ['--allow-non-finite-weights', '--no-quiet', '--max-length', '64'],
  ),
  st('header length past the end', 'length prefix 10^6 in a 100 kB file', (f) => ({ ...f, length: 1_000_000n }), {
    exit: 1,
    message: at('header length 1000000 runs past the end of the file'),
  }),
  st('header length 2^63', 'length prefix 2^63', (f) => ({ ...f, length: 2n ** 63n }), {
    exit: 1,
    message: at('header length \\d+ exceeds the 100000000-byte limit'),
  }),
  st('header not JSON', 'header text "{"a": "', (f) => ({ ...f, headerText: '{"a": ' }), {
    exit: 1,
    message: at('.*not valid JSON'),
  }),
  st('header a JSON array', 'header text "[1,2]"', (f) => ({ ...f, headerText: '[1,2]' }), {
    exit: 1,
    message: at(".*does not start with '\\{'"),
  }),
  st('unknown dtype', `${WORD} dtype "Q4"`, (f) => void (entry(f, WORD).dtype = 'Q4'), {
    exit: 1,
    message: at(`.*tensor '${WORD.replace(/\./g, '\\.')}': unknown dtype "Q4"`),
  }),
  st('negative dimension', `${LN} shape [-32]`, (f) => void (entry(f, LN).shape = [-32]), {
    exit: 1,
    message: at('.*shape must be an array of non-negative integers'),
  }),
  st('offsets not a pair', `${LN} data_offsets [0]`, (f) => void (entry(f, LN).data_offsets = [0] as never), {
    exit: 1,
    message: at('.*data_offsets must be \\[begin, end\\]'),
  }),
  st('end before begin', `${LN} data_offsets [128, 0]`, (f) => void (entry(f, LN).data_offsets = [128, 0]), {
    exit: 1,
    message: at('.*end before begin'),
  }),
  st('offsets disagree with the shape', `${LN} shape [33] for 128 bytes`, (f) => void (entry(f, LN).shape = [33]), {
    exit: 1,
    message: at('.*hold 128 bytes but F32 shape \\[33\\] needs 132'),
  }),
  st(
    'truncated data',
    'the last 1000 bytes cut off',
    (f) => ({ ...f, data: f.data.subarray(0, f.data.length - 1000) }),
    {
      exit: 1,
      message: at('.*out of bounds \\(file has \\d+ bytes'),
    },
  ),
  st(
    'trailing bytes',
    '64 bytes after the last tensor',
    (f) => ({ ...f, data: Buffer.concat([f.data, Buffer.alloc(64)]) }),
    {
      exit: 1,
      message: at('.*tensors cover only'),
    },
  ),
  st('overlapping tensors', `${LN2} moved onto ${LN}`, (f) => void (entry(f, LN2).data_offsets = [64, 192]), {
    exit: 1,
    message: at(
      `tensor '${LN2.replace(/\./g, '\\.')}': data_offsets \\[64, 192\\] overlap tensor '${LN.replace(/\./g, '\\.')}'`,
    ),
  }),
  st('gap between tensors', `${LN} moved 64 bytes on`, (f) => void (entry(f, LN).data_offsets = [64, 192]), {
    exit: 1,
    message: at('.*leave a gap'),
  }),
  st('bad __metadata__', '__metadata__ {"format": 1}', (f) => void (f.header.__metadata__ = { format: 1 }), {
    exit: 1,
    message: at("__metadata__ 'format' must be a string"),
  }),
  st(
    'missing tensor',
    `${WORD} renamed in the header`,
    (f) => {
      f.header['renamed.weight'] = f.header[WORD];
      delete f.header[WORD];
    },
    {
      exit: 1,
      message:
        /bert\/model\.safetensors: 1 weight\(s\) of BertModel are not in the checkpoint: 'embeddings\.word_embeddings\.weight'/,
    },
  ),
  st(
    'wrong tensor shape',
    `${OUT} shape [32, 64] → [64, 32]`,
    (f) => {
      const e = entry(f, 'encoder.layer.0.intermediate.dense.weight');
      e.shape = [e.shape[1]!, e.shape[0]!];
    },
    {
      exit: 1,
      message:
        /config\.json: intermediate_size is 64 but tensor 'encoder\.layer\.0\.intermediate\.dense\.weight' .* has shape \[32, 64\]/,
    },
  ),
  st('wrong dtype', `${LN} declared I32`, (f) => void (entry(f, LN).dtype = 'I32'), {
    exit: 1,
    message:
      /bert\/model\.safetensors: tensor 'embeddings\.LayerNorm\.bias' has dtype I32; expected a floating-point weight/,
  }),
  replaced('empty file', 'model.safetensors of 0 bytes', (p) => writeFileSync(p, ''), {
    exit: 1,
    message: at('.*0 bytes, need at least 8'),
  }),
  replaced('3 bytes', 'shorter than the length prefix', (p) => writeFileSync(p, Buffer.from([1, 2, 3])), {
    exit: 1,
    message: at('.*3 bytes, need at least 8'),
  }),
  replaced(
    'a folder named model.safetensors',
    'model.safetensors is a directory',
    (p) => {
      rmSync(p);
      mkdirSync(p);
    },
    { exit: 1, message: /bert\/model\.safetensors: missing: expected the weights in model\.safetensors/ },
  ),
];
