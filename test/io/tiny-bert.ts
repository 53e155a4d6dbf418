// Test helper (not a test): a tiny random BERT in Hugging Face layout — 2 layers, hidden 32, vocab 40 —
// written by the project's own safetensors writer. Weight names follow transformers' BertModel.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeSafetensors, type SafeTensor } from '../../src/io/safetensors.ts';

export const TINY_CONFIG = {
  architectures: ['BertModel'],
  model_type: 'bert',
  hidden_size: 32,
  num_hidden_layers: 2,
  num_attention_heads: 2,
  intermediate_size: 64,
  vocab_size: 40,
  max_position_embeddings: 64,
  type_vocab_size: 2,
  hidden_act: 'gelu',
  layer_norm_eps: 1e-12,
};

export const TINY_VOCAB = [
  '[PAD]',
  '[UNK]',
  '[CLS]',
  '[SEP]',
  '[MASK]',
  ...'abcdefghijklmnopqrstuvwxyz'.split(''),
  'the',
  '##s',
  'cat',
  'dog',
  'on',
  'mat',
  'sat',
  'a',
  'is',
];

function rand(n: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  return new Float32Array(n).map(() => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32 - 0.5) * 0.04);
}

/** BertModel weights; `prefix` 'bert.' gives the names a BertFor* checkpoint uses. */
export function tinyBertTensors(prefix = ''): Record<string, SafeTensor> {
  const { hidden_size: H, intermediate_size: I, vocab_size: V, max_position_embeddings: P } = TINY_CONFIG;
  const shapes: Record<string, number[]> = {
    'embeddings.word_embeddings.weight': [V, H],
    'embeddings.position_embeddings.weight': [P, H],
    'embeddings.token_type_embeddings.weight': [2, H],
    'embeddings.LayerNorm.weight': [H],
    'embeddings.LayerNorm.bias': [H],
    'pooler.dense.weight': [H, H],
    'pooler.dense.bias': [H],
  };
  for (let l = 0; l < TINY_CONFIG.num_hidden_layers; l++) {
    const p = `encoder.layer.${l}.`;
    for (const m of ['attention.self.query', 'attention.self.key', 'attention.self.value', 'attention.output.dense']) {
      shapes[`${p}${m}.weight`] = [H, H];
      shapes[`${p}${m}.bias`] = [H];
    }
    shapes[`${p}attention.output.LayerNorm.weight`] = [H];
    shapes[`${p}attention.output.LayerNorm.bias`] = [H];
    shapes[`${p}intermediate.dense.weight`] = [I, H];
    shapes[`${p}intermediate.dense.bias`] = [I];
    shapes[`${p}output.dense.weight`] = [H, I];
    shapes[`${p}output.dense.bias`] = [H];
    shapes[`${p}output.LayerNorm.weight`] = [H];
    shapes[`${p}output.LayerNorm.bias`] = [H];
  }
  const out: Record<string, SafeTensor> = {};
  let seed = 1;
  for (const [name, shape] of Object.entries(shapes)) {
    out[prefix + name] = {
      dtype: 'F32',
      shape,
      data: rand(
        shape.reduce((a, b) => a * b, 1),
        seed++,
      ),
    };
  }
  return out;
}

/** Writes config.json, vocab.txt, tokenizer_config.json and model.safetensors (or 2 shards + index) into `dir`. */
export async function writeTinyBertFolder(
  dir: string,
  opts: { sharded?: boolean; prefix?: string } = {},
): Promise<Record<string, SafeTensor>> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'config.json'), JSON.stringify(TINY_CONFIG, null, 2));
  await writeFile(join(dir, 'vocab.txt'), `${TINY_VOCAB.join('\n')}\n`);
  await writeFile(join(dir, 'tokenizer_config.json'), JSON.stringify({ do_lower_case: true, model_max_length: 64 }));
  const tensors = tinyBertTensors(opts.prefix ?? '');
  if (!opts.sharded) {
    await writeSafetensors(join(dir, 'model.safetensors'), tensors, { format: 'pt' });
    return tensors;
  }
  const names = Object.keys(tensors);
  const shards = [names.slice(0, names.length / 2), names.slice(names.length / 2)];
  const weightMap: Record<string, string> = {};
  for (const [i, part] of shards.entries()) {
    const file = `model-0000${i + 1}-of-00002.safetensors`;
    await writeSafetensors(join(dir, file), Object.fromEntries(part.map((n) => [n, tensors[n]!])), { format: 'pt' });
    for (const n of part) weightMap[n] = file;
  }
  await writeFile(
    join(dir, 'model.safetensors.index.json'),
    JSON.stringify({ metadata: { total_size: 0 }, weight_map: weightMap }),
  );
  return tensors;
}
