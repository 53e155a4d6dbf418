// onnxruntime-web (the wasm backend, single-threaded) behind a small interface; the only file that imports it.
// At run time ORT loads ort-wasm-simd-threaded.mjs (its loader) and ort-wasm-simd-threaded.wasm from `wasmPaths`
// — by default the folder the bundle itself was loaded from, where `bertcnn web` copies both.
//   probabilities(feeds int64 [B, T]) → float32 [B, C]      (classification, kim2014 exports)
//   run(feeds, name) → { data, dims } of any float32 output  (NER exports: 'emissions' [B, T, L])
// createSession checks that the model has the output the caller will read ('probabilities' unless told).
import * as ort from 'onnxruntime-web/wasm';
import { GraphError } from '../errors.ts';
import type { Int64Feed } from './feeds.ts';

export interface OrtOptions {
  /** URL prefix (ending in '/') of ORT's .wasm/.mjs files. Default: the folder of this script. */
  wasmPaths?: string;
  /** WebAssembly threads (default 1; more need a cross-origin-isolated page). */
  numThreads?: number;
}

export interface WebSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** The `probabilities` output [B, C], row-major. */
  probabilities(feeds: Record<string, Int64Feed>): Promise<Float32Array>;
  /** One float32 output, row-major, with its dims. */
  run(feeds: Record<string, Int64Feed>, output: string): Promise<{ data: Float32Array; dims: number[] }>;
  release(): Promise<void>;
}

/** The folder this module was loaded from (the bundle's URL after bundling). */
function scriptFolder(): string | undefined {
  try {
    return new URL('./', import.meta.url).href;
  } catch {
    return undefined;
  }
}

export async function createSession(
  model: Uint8Array,
  url: string,
  o: OrtOptions = {},
  output = 'probabilities',
): Promise<WebSession> {
  ort.env.wasm.numThreads = o.numThreads ?? 1;
  const wasmPaths = o.wasmPaths ?? scriptFolder();
  if (wasmPaths) ort.env.wasm.wasmPaths = wasmPaths;
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  } catch (e) {
    throw new GraphError(`${url}: onnxruntime-web cannot load the model: ${(e as Error).message}`);
  }
  if (!session.outputNames.includes(output)) {
    await session.release();
    throw new GraphError(`${url}: the model has no '${output}' output (outputs: ${session.outputNames.join(', ')})`);
  }
  const run = async (feeds: Record<string, Int64Feed>, name: string) => {
    const tensors = Object.fromEntries(
      Object.entries(feeds).map(([n, f]) => [n, new ort.Tensor('int64', f.data, f.dims)]),
    );
    const out = await session.run(tensors, [name]);
    const p = out[name]!;
    const data = Float32Array.from(p.data as Float32Array);
    const dims = [...p.dims];
    p.dispose();
    return { data, dims };
  };
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    probabilities: async (feeds) => (await run(feeds, 'probabilities')).data,
    run,
    release: () => session.release(),
  };
}
