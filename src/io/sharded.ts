// Sharded safetensors checkpoints: `model.safetensors.index.json` = { metadata?: { total_size }, weight_map:
// { "<tensor>": "model-00001-of-00002.safetensors", … } }. Every shard named in the map is opened (headers
// only) and checked to hold the tensors the map assigns to it; tensor data is then read lazily per tensor.
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DataError } from '../errors.ts';
import { SafetensorsFile, type SafeTensor, type TensorInfo, type WeightSource } from './safetensors.ts';

export class ShardedWeights implements WeightSource {
  private constructor(
    private readonly weightMap: Map<string, string>,
    private readonly shards: Map<string, SafetensorsFile>,
    readonly metadata: Record<string, unknown>,
  ) {}

  /** Opens `indexPath` and every shard it names (shards live next to the index). */
  static async open(indexPath: string): Promise<ShardedWeights> {
    const label = basename(indexPath);
    const dir = join(indexPath, '..');
    const { weightMap, metadata } = parseIndex(label, await readText(indexPath, label));
    const shards = new Map<string, SafetensorsFile>();
    try {
      for (const shard of new Set(weightMap.values())) {
        shards.set(shard, await openShard(dir, shard, label));
      }
      for (const [tensor, shard] of weightMap) {
        if (!shards.get(shard)!.tensors.has(tensor)) {
          throw new DataError(shard, `tensor '${tensor}' is listed in ${label} weight_map but is not in this shard`);
        }
      }
    } catch (e) {
      for (const s of shards.values()) await s.close();
      throw e;
    }
    return new ShardedWeights(weightMap, shards, metadata);
  }

  get names(): string[] {
    return [...this.weightMap.keys()];
  }

  get shardFiles(): string[] {
    return [...this.shards.keys()];
  }

  private shardOf(name: string): SafetensorsFile {
    const shard = this.weightMap.get(name);
    if (shard === undefined)
      throw new DataError('model.safetensors.index.json', `no tensor named '${name}' in weight_map`);
    return this.shards.get(shard)!;
  }

  info(name: string): TensorInfo {
    return this.shardOf(name).info(name);
  }

  fileOf(name: string): string {
    return this.shardOf(name).path;
  }

  readTensor(name: string): Promise<SafeTensor> {
    return this.shardOf(name).readTensor(name);
  }

  async readAll(): Promise<Record<string, SafeTensor>> {
    const out: Record<string, SafeTensor> = {};
    for (const name of this.weightMap.keys()) out[name] = await this.readTensor(name);
    return out;
  }

  async close(): Promise<void> {
    for (const s of this.shards.values()) await s.close();
  }
}

async function readText(path: string, label: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new DataError(label, `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Validates the index JSON; returns tensor → shard file name, and the index's metadata. */
export function parseIndex(
  label: string,
  text: string,
): { weightMap: Map<string, string>; metadata: Record<string, unknown> } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new DataError(label, `not valid JSON: ${(e as Error).message}`);
  }
  const wm = (raw as { weight_map?: unknown } | null)?.weight_map;
  if (wm === null || typeof wm !== 'object' || Array.isArray(wm)) {
    throw new DataError(label, 'expected an object with "weight_map": { "<tensor name>": "<shard>.safetensors" }');
  }
  const map = new Map<string, string>();
  for (const [tensor, shard] of Object.entries(wm)) {
    if (typeof shard !== 'string' || shard.length === 0)
      throw new DataError(label, `weight_map['${tensor}'] must be a shard file name`);
    if (shard.includes('/') || shard.includes('\\') || shard.startsWith('.')) {
      throw new DataError(
        label,
        `weight_map['${tensor}'] = '${shard}': shard must be a plain file name next to the index`,
      );
    }
    map.set(tensor, shard);
  }
  if (map.size === 0) throw new DataError(label, 'weight_map is empty');
  const meta = (raw as { metadata?: unknown }).metadata;
  return { weightMap: map, metadata: meta && typeof meta === 'object' ? (meta as Record<string, unknown>) : {} };
}

async function openShard(dir: string, shard: string, label: string): Promise<SafetensorsFile> {
  try {
    return await SafetensorsFile.open(join(dir, shard), shard);
  } catch (e) {
    if (e instanceof DataError && /ENOENT/.test(e.message)) {
      throw new DataError(shard, `missing shard: ${label} lists it but ${join(dir, shard)} does not exist`);
    }
    throw e;
  }
}
