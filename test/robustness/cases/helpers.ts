// Small helpers shared by the case tables: write a file into the case folder, the argv of a `train` on one data
// file with the shared model, and the bytes of hostile inputs.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FLAGS } from '../context.ts';
import type { Ctx } from '../types.ts';

/** Writes `content` to dir/name and returns the path. */
export function put(dir: string, name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** `bertcnn train` of a frozen TextCNN on `train` (the shared dev set unless `extra` brings its own) into dir/out. */
export function trainArgv(ctx: Ctx, dir: string, train: string, extra: string[] = []): string[] {
  const dev = extra.some((a) => a === '--dev' || a === '--dev-split' || a === '--folds') ? [] : ['--dev', ctx.dev];
  return [
    'train',
    '--train',
    train,
    ...dev,
    '--encoder',
    ctx.model,
    '--out',
    join(dir, 'out'),
    ...RUN_FLAGS,
    '--quiet',
    ...extra,
  ];
}

/** `bertcnn train --task ner` on a CoNLL file with the shared model. */
export function nerArgv(ctx: Ctx, dir: string, train: string, extra: string[] = []): string[] {
  return [
    'train',
    '--task',
    'ner',
    '--train',
    train,
    '--encoder',
    ctx.model,
    '--out',
    join(dir, 'out'),
    '--epochs',
    '1',
    '--quiet',
    ...extra,
  ];
}

/** Bytes that are not UTF-8 (a lone 0xFF between two valid lines' worth of text). */
export function badUtf8(before: string, after: string): Buffer {
  return Buffer.concat([Buffer.from(before), Buffer.from([0xff, 0xfe]), Buffer.from(after)]);
}

/** n rows of label<TAB>text, alternating two labels. */
export function rows(n: number, sep = '\t'): string {
  return Array.from({ length: n }, (_, i) => `${i % 2 ? 'negative' : 'positive'}${sep}text number ${i}\n`).join('');
}

/** `bertcnn embed` of the shared texts with the model folder `model` into dir/cache; quiet unless `--no-quiet`. */
export function embedArgv(ctx: Ctx, dir: string, model: string, extra: string[] = []): string[] {
  const quiet = extra.includes('--no-quiet') ? [] : ['--quiet'];
  const rest = extra.filter((a) => a !== '--no-quiet');
  return [
    'embed',
    '--model',
    model,
    '--input',
    ctx.texts,
    '--format',
    'tsv',
    '--text-column',
    '0',
    '--out',
    join(dir, 'cache'),
    ...quiet,
    ...rest,
  ];
}

/** Merges `patch` into dir/config.json. */
export function patchConfig(model: string, patch: Record<string, unknown>): void {
  const path = join(model, 'config.json');
  writeFileSync(path, JSON.stringify({ ...(JSON.parse(readFileSync(path, 'utf8')) as object), ...patch }));
}

export interface RawSafetensors {
  header: Record<string, unknown>;
  data: Buffer;
  /** Overrides the u64 header length prefix. */
  length?: bigint;
  /** Raw header text instead of JSON.stringify(header). */
  headerText?: string;
}

/** Rewrites model/model.safetensors byte for byte through `edit` of its parsed header and data. */
export function editSafetensors(model: string, edit: (f: RawSafetensors) => RawSafetensors | void): void {
  const path = join(model, 'model.safetensors');
  const bytes = readFileSync(path);
  const n = Number(bytes.readBigUInt64LE(0));
  const f: RawSafetensors = {
    header: JSON.parse(bytes.subarray(8, 8 + n).toString('utf8')) as Record<string, unknown>,
    data: Buffer.from(bytes.subarray(8 + n)),
  };
  const out = edit(f) ?? f;
  const text = Buffer.from(out.headerText ?? JSON.stringify(out.header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(out.length ?? BigInt(text.length));
  writeFileSync(path, Buffer.concat([len, text, out.data]));
}

/** The header entry of tensor `name` (dtype, shape, data_offsets). */
export type TensorEntry = { dtype: string; shape: number[]; data_offsets: [number, number] };
export const entry = (f: RawSafetensors, name: string) => f.header[name] as TensorEntry;
