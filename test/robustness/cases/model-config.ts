// A model folder's config.json (`embed --model DIR`, as `train --encoder DIR` loads it): missing, not JSON, wrong
// types, and size fields far beyond the weights — refused before anything is allocated, naming config.json and the
// field (issue #17: num_hidden_layers 1e6 used to allocate 5 GB; hidden_size 1e9 a bare "Invalid typed array
// length").
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RobustCase } from '../types.ts';
import { embedArgv, patchConfig } from './helpers.ts';

const config = (
  name: string,
  input: string,
  change: Record<string, unknown> | ((model: string) => void),
  expect: RobustCase['expect'],
): RobustCase => ({
  kind: 'model-config',
  name,
  input,
  make: (dir, ctx) => {
    const model = ctx.copyTinyBert(dir);
    if (typeof change === 'function') change(model);
    else patchConfig(model, change);
    return { argv: embedArgv(ctx, dir, model) };
  },
  expect,
});

const write = (text: string) => (model: string) => writeFileSync(join(model, 'config.json'), text);
const SAFE = /bert\/model\.safetensors/;
const disagree = (field: string, value: number | string, tensor: string) =>
  new RegExp(`config\\.json: ${field} is ${value} but tensor '${tensor.replace(/\./g, '\\.')}' in .*${SAFE.source}`);

export const MODEL_CONFIG_CASES: RobustCase[] = [
  config('missing', 'no config.json', (m) => rmSync(join(m, 'config.json')), {
    exit: 1,
    message: /bert\/config\.json: missing: a Hugging Face model folder needs config\.json/,
  }),
  config('empty file', 'config.json of 0 bytes', write(''), { exit: 1, message: /config\.json: not valid JSON/ }),
  config('not JSON', '{"hidden_size": 32,', write('{"hidden_size": 32,'), {
    exit: 1,
    message: /config\.json: not valid JSON/,
  }),
  config('an array', '[1, 2]', write('[1, 2]'), {
    exit: 1,
    message: /config\.json: expected a JSON object of model hyper-parameters/,
  }),
  config(
    'num_hidden_layers 1e6',
    'num_hidden_layers: 1000000',
    { num_hidden_layers: 1_000_000 },
    {
      exit: 1,
      message: /config\.json: num_hidden_layers is 1000000 but .*model\.safetensors holds 2 layer\(s\)/,
    },
  ),
  config(
    'num_hidden_layers one too many',
    'num_hidden_layers: 3 for 2 layers of weights',
    { num_hidden_layers: 3 },
    {
      exit: 1,
      message: /config\.json: num_hidden_layers is 3 but .*model\.safetensors holds 2 layer\(s\)/,
    },
  ),
  config(
    'hidden_size 1e9',
    'hidden_size: 1000000000',
    { hidden_size: 1e9 },
    {
      exit: 1,
      message: disagree('hidden_size', 1000000000, 'embeddings.word_embeddings.weight'),
    },
  ),
  config(
    'intermediate_size 1e9',
    'intermediate_size: 1000000000',
    { intermediate_size: 1e9 },
    {
      exit: 1,
      message: disagree('intermediate_size', 1000000000, 'encoder.layer.0.intermediate.dense.weight'),
    },
  ),
  config(
    'max_position_embeddings 1e9',
    'max_position_embeddings: 1000000000',
    { max_position_embeddings: 1e9 },
    {
      exit: 1,
      message: disagree('max_position_embeddings', 1000000000, 'embeddings.position_embeddings.weight'),
    },
  ),
  config(
    'vocab_size 2^40',
    'vocab_size: 1099511627776',
    { vocab_size: 2 ** 40 },
    {
      exit: 1,
      message: disagree('vocab_size', 1099511627776, 'embeddings.word_embeddings.weight'),
    },
  ),
  config(
    'type_vocab_size 1e9',
    'type_vocab_size: 1000000000',
    { type_vocab_size: 1e9 },
    {
      exit: 1,
      message: disagree('type_vocab_size', 1000000000, 'embeddings.token_type_embeddings.weight'),
    },
  ),
  config(
    'hidden_size not divisible by heads',
    'num_attention_heads: 5 for hidden_size 32',
    { num_attention_heads: 5 },
    {
      exit: 1,
      message: /config\.json: hidden_size 32 is not a multiple of num_attention_heads 5/,
    },
  ),
  config(
    'zero attention heads',
    'num_attention_heads: 0',
    { num_attention_heads: 0 },
    {
      exit: 1,
      message: /config\.json: invalid BERT config — num_attention_heads: Too small/,
    },
  ),
  config(
    'negative hidden_size',
    'hidden_size: -32',
    { hidden_size: -32 },
    {
      exit: 1,
      message: /config\.json: invalid BERT config — hidden_size: Too small/,
    },
  ),
  config(
    'fractional layers',
    'num_hidden_layers: 1.5',
    { num_hidden_layers: 1.5 },
    {
      exit: 1,
      message: /config\.json: invalid BERT config — num_hidden_layers: Invalid input: expected int/,
    },
  ),
  config(
    'size as a string',
    'hidden_size: "32"',
    { hidden_size: '32' },
    {
      exit: 1,
      message: /config\.json: invalid BERT config — hidden_size: Invalid input: expected number, received string/,
    },
  ),
  config(
    'unknown model_type',
    'model_type: "gpt2"',
    { model_type: 'gpt2' },
    {
      exit: 1,
      message: /config\.json: model_type "gpt2" is not supported \(supported: bert, distilbert/,
    },
  ),
  config(
    'unknown hidden_act',
    'hidden_act: "swish2"',
    { hidden_act: 'swish2' },
    {
      exit: 1,
      message: /config\.json: invalid BERT config — hidden_act: Invalid option: expected one of "gelu"/,
    },
  ),
  config('no model_type', 'model_type removed', (m) => patchConfig(m, { model_type: undefined }), {
    exit: 1,
    message: /config\.json: model_type undefined is not supported/,
  }),
  config('empty object', '{}', write('{}'), {
    exit: 1,
    message: /config\.json: model_type undefined is not supported/,
  }),
  config(
    'negative layer_norm_eps',
    'layer_norm_eps: -1',
    { layer_norm_eps: -1 },
    {
      exit: 1,
      message: /config\.json: invalid BERT config — layer_norm_eps: Too small/,
    },
  ),
  config(
    'position type unsupported',
    'position_embedding_type: "rotary"',
    { position_embedding_type: 'rotary' },
    {
      exit: 1,
      message: /config\.json: invalid BERT config — position_embedding_type: Invalid input: expected "absolute"/,
    },
  ),
];
