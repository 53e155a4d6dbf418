// Fuzz targets for model files: config.json validation (schema + sizes against the weights' header, before
// anything is allocated) and the safetensors header parser (random / damaged headers, read through a real file).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { CAPS } from '../../../src/encoders/check-sizes.ts';
import { bertParameterCount, parseBertConfig } from '../../../src/encoders/bert/config.ts';
import { checkBertSizes } from '../../../src/encoders/bert/load.ts';
import { distilBertParameterCount, parseDistilBertConfig } from '../../../src/encoders/distilbert/config.ts';
import { checkDistilBertSizes } from '../../../src/encoders/distilbert/load.ts';
import type { OpenedModel } from '../../../src/encoders/open.ts';
import { DataError } from '../../../src/errors.ts';
import { DTYPE_BYTES, numelOf, type Dtype, type TensorInfo } from '../../../src/io/safetensors-header.ts';
import { SafetensorsFile, type WeightSource } from '../../../src/io/safetensors.ts';
import { applyByteEdits, applyJsonEdits, hostileJson, someByteEdits, someJsonEdits, utf8 } from '../mutate.ts';
import { expectOnly, scratchDir, type FuzzTarget } from '../target.ts';

/** A checkpoint's header only: names and shapes (the size checks never read tensor data). */
function headerOnly(shapes: Record<string, number[]>): WeightSource {
  const info = (name: string): TensorInfo => ({ dtype: 'F32', shape: shapes[name]!, dataOffsets: [0, 0] });
  const none = () => Promise.reject(new Error('fuzz: tensor data is never read by the size checks'));
  return {
    names: Object.keys(shapes),
    info,
    fileOf: () => 'fz/model.safetensors',
    readTensor: none,
    readAll: none,
    close: async () => {},
  };
}

const ARCH = {
  bert: {
    config: {
      vocab_size: 30,
      hidden_size: 8,
      num_hidden_layers: 2,
      num_attention_heads: 2,
      intermediate_size: 16,
      max_position_embeddings: 12,
      type_vocab_size: 2,
    },
    shapes: {
      'bert.embeddings.word_embeddings.weight': [30, 8],
      'bert.embeddings.position_embeddings.weight': [12, 8],
      'bert.embeddings.token_type_embeddings.weight': [2, 8],
      'bert.encoder.layer.0.intermediate.dense.weight': [16, 8],
      'bert.encoder.layer.1.intermediate.dense.weight': [16, 8],
    },
    fields: [
      'vocab_size',
      'hidden_size',
      'num_hidden_layers',
      'num_attention_heads',
      'intermediate_size',
      'max_position_embeddings',
      'type_vocab_size',
      'layer_norm_eps',
      'hidden_dropout_prob',
      'hidden_act',
      'pad_token_id',
      'model_type',
    ],
  },
  distilbert: {
    config: { vocab_size: 30, dim: 8, n_layers: 2, n_heads: 2, hidden_dim: 16, max_position_embeddings: 12 },
    shapes: {
      'distilbert.embeddings.word_embeddings.weight': [30, 8],
      'distilbert.embeddings.position_embeddings.weight': [12, 8],
      'distilbert.transformer.layer.0.ffn.lin1.weight': [16, 8],
      'distilbert.transformer.layer.1.ffn.lin1.weight': [16, 8],
    },
    fields: [
      'vocab_size',
      'dim',
      'n_layers',
      'n_heads',
      'hidden_dim',
      'max_position_embeddings',
      'dropout',
      'activation',
      'sinusoidal_pos_embds',
      'model_type',
    ],
  },
} as const;

/** A size-ish value: tiny, at/around a cap, huge, or not a positive integer at all. */
const sizeValue = fc.oneof(
  fc.integer({ min: 1, max: 40 }),
  fc.constantFrom(...Object.values(CAPS), CAPS.vocab + 1, 2 ** 31, 2 ** 40, 1e9),
  fc.integer({ min: 1, max: 2 ** 24 }),
  hostileJson,
);

const config: FuzzTarget = {
  name: 'model-config',
  area: 'encoders',
  what: 'config.json (BERT or DistilBERT) with random field values, checked against a checkpoint header that holds all, some or none of the sized tensors: accepted only with every size under its cap, matching the weights and under 2^30 parameters, otherwise a DataError naming config.json and the field — never a RangeError "Invalid typed array length"',
  property: () =>
    fc.property(
      fc.constantFrom('bert' as const, 'distilbert' as const),
      fc.array(fc.tuple(fc.nat(20), sizeValue), { maxLength: 4 }),
      someJsonEdits,
      // which sized tensors the checkpoint holds: all, none (allowMissing: only the caps bound the config) or some
      fc.oneof(
        fc.constant(Array(5).fill(true)),
        fc.constant(Array(5).fill(false)),
        fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
      ),
      (arch, overrides, edits, keep) => {
        const a = ARCH[arch];
        const raw = applyJsonEdits({ ...a.config }, edits) as Record<string, unknown>;
        for (const [i, v] of overrides) if (raw && typeof raw === 'object') raw[a.fields[i % a.fields.length]!] = v;
        const shapes: Record<string, number[]> = {};
        // layer 1's tensor only beside layer 0's: the size rules read layer 0 (layer 1 only counts layers)
        Object.entries(a.shapes).forEach(
          ([k, s], i) => keep[i] && (!k.includes('layer.1.') || keep[i - 1]) && (shapes[k] = [...s]),
        );
        const opened = {
          dir: 'fz',
          ckpt: { weights: headerOnly(shapes), weightFiles: ['model.safetensors'], config: raw },
          tokenizer: { vocabSize: 30, source: 'fz/vocab.txt' },
        } as unknown as OpenedModel;
        let params: number;
        let parsed: Record<string, unknown>;
        try {
          // what the loaders run before allocating: the schema, then the sizes against the weights' header
          if (arch === 'bert') {
            const c = parseBertConfig(raw, 'fz/config.json');
            [parsed, params] = [c, bertParameterCount(c)];
            checkBertSizes(opened);
          } else {
            const c = parseDistilBertConfig(raw, 'fz/config.json');
            [parsed, params] = [c, distilBertParameterCount(c)];
            checkDistilBertSizes(opened);
          }
        } catch (e) {
          expectOnly(e, DataError, /^fz\/config\.json: /);
          const named = [...a.fields, '(root)', 'unknown key', 'parameters'].some((f) => e.message.includes(f));
          return assert.ok(named, `the error names no field: ${e.message}`);
        }
        assert.ok(params <= CAPS.parameters, `accepted a config of ${params} parameters`);
        // every tensor the checkpoint holds has the shape the accepted config (defaults filled in) implies
        const f = (k: string) => parsed[k] as number;
        const H = f(arch === 'bert' ? 'hidden_size' : 'dim');
        const rows: Record<string, number> = {
          word_embeddings: f('vocab_size'),
          position_embeddings: f('max_position_embeddings'),
          token_type_embeddings: f('type_vocab_size'),
          intermediate: f('intermediate_size'),
          lin1: f('hidden_dim'),
        };
        for (const [k, shape] of Object.entries(shapes)) {
          const part = Object.keys(rows).find((r) => k.includes(`.${r}.`))!;
          assert.deepEqual(shape, [rows[part], H], `${k} has shape [${shape.join(', ')}] but the config was accepted`);
        }
      },
    ),
};

/** A valid safetensors file of random small tensors. */
const safetensors = fc
  .array(
    fc.record({
      name: fc.string({ minLength: 1, maxLength: 6 }),
      dtype: fc.constantFrom(...(Object.keys(DTYPE_BYTES) as Dtype[])),
      shape: fc.array(fc.nat(4), { maxLength: 3 }),
    }),
    { maxLength: 4 },
  )
  .chain((ts) =>
    fc.record({
      tensors: fc.constant(
        ts.filter((t, i) => ts.findIndex((u) => u.name === t.name) === i && t.name !== '__metadata__'),
      ),
      metadata: fc.option(fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }), {
        nil: undefined,
      }),
      pad: fc.nat(8),
    }),
  )
  .map(({ tensors, metadata, pad }) => {
    const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
    let at = 0;
    for (const t of tensors) {
      const n = numelOf(t.shape) * DTYPE_BYTES[t.dtype];
      header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [at, at + n] };
      at += n;
    }
    return { header, bufferBytes: at, pad };
  });

function fileBytes(header: unknown, bufferBytes: number, pad: number, lengthOverride?: bigint): Uint8Array {
  const json = utf8(JSON.stringify(header) + ' '.repeat(pad));
  const head = Buffer.alloc(8);
  head.writeBigUInt64LE(lengthOverride ?? BigInt(json.length));
  const data = Uint8Array.from({ length: bufferBytes }, (_, i) => (i * 37) & 0xff);
  return Buffer.concat([head, json, data]);
}

const safetensorsHeader: FuzzTarget = {
  name: 'safetensors-header',
  area: 'io',
  what: 'safetensors files with random/damaged headers (JSON edits, byte edits, wrong header length): open() either refuses with a DataError naming the file, or every tensor lies inside the file and reads back with shape × dtype bytes — never an out-of-range read',
  property: () => {
    const path = join(scratchDir(), 'fz.safetensors');
    return fc.asyncProperty(
      safetensors,
      someJsonEdits,
      someByteEdits,
      fc.option(fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 0n, max: 300n })), {
        freq: 4,
        nil: undefined,
      }),
      async ({ header, bufferBytes, pad }, jsonEdits, byteEdits, length) => {
        const bytes = applyByteEdits(fileBytes(applyJsonEdits(header, jsonEdits), bufferBytes, pad, length), byteEdits);
        writeFileSync(path, bytes);
        let f: SafetensorsFile;
        try {
          f = await SafetensorsFile.open(path, 'fz.safetensors');
        } catch (e) {
          return expectOnly(e, DataError, /^fz\.safetensors(: tensor '[^]*')?: /);
        }
        try {
          let covered = 0;
          for (const name of f.names) {
            const info = f.info(name);
            const [begin, end] = info.dataOffsets;
            assert.ok(begin <= end && end <= bytes.length, `tensor ${name}: [${begin}, ${end}) past the file`);
            assert.equal(
              end - begin,
              numelOf(info.shape) * DTYPE_BYTES[info.dtype],
              `tensor ${name}: bytes ≠ shape × dtype`,
            );
            if (info.dtype.startsWith('F8_')) {
              // valid safetensors, refused on read by design (no float8 decoding)
              await assert.rejects(
                f.readTensor(name),
                /fz\.safetensors: tensor '[^]*': dtype F8_\w+ is valid safetensors but not supported/,
              );
            } else {
              const t = await f.readTensor(name); // an out-of-range read would throw here
              assert.equal(t.data.length, numelOf(info.shape), `tensor ${name}: element count`);
            }
            covered += end - begin;
          }
          const unedited = jsonEdits.length === 0 && byteEdits.length === 0 && length === undefined;
          if (unedited) assert.equal(covered, bufferBytes, 'a valid file lost tensors');
        } finally {
          await f.close();
        }
      },
    );
  },
};

export const MODEL_TARGETS: FuzzTarget[] = [config, safetensorsHeader];
