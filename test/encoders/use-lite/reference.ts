// Test helper (not a test): the TF.js reference for use-lite — the package's graph model run by plain
// @tensorflow/tfjs (CPU backend) from its files, fed the sparse (indices, values) inputs the TF.js USE feeds it,
// reading out the per-token node and the sentence-vector output. (The reference tokenizer lives in
// reference-tokenizer.ts: @energetic-ai/embeddings bundles its own TF.js, which must not share a process with this.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { OUTPUT_NODE, TOKEN_NODE } from '../../../src/encoders/use-lite/weights.ts';

export interface ReferenceOutputs {
  /** [B, T, 512] row-major, T = longest row; padded positions hold whatever the graph computes there. */
  tokens: Float32Array;
  T: number;
  /** [B, 512] */
  sentence: Float32Array;
}

export class TfjsReference {
  private constructor(private readonly model: GraphModel) {}

  static async load(dir: string): Promise<TfjsReference> {
    const mj = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    const group = mj.weightsManifest[0];
    const all = Buffer.concat(group.paths.map((p: string) => readFileSync(join(dir, p))));
    const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
    await tf.setBackend('cpu');
    await tf.ready();
    const model = await loadGraphModel(
      tf.io.fromMemory({ modelTopology: mj.modelTopology, weightSpecs: group.weights, weightData }),
    );
    return new TfjsReference(model);
  }

  /** Runs rows of token ids (each non-empty) as the TF.js USE does: sparse indices [N, 2] and values [N]. */
  async run(ids: number[][]): Promise<ReferenceOutputs> {
    const indices: number[][] = [];
    const values: number[] = [];
    ids.forEach((row, b) => row.forEach((v, t) => (indices.push([b, t]), values.push(v))));
    const feeds = { indices: tf.tensor2d(indices, [indices.length, 2], 'int32'), values: tf.tensor1d(values, 'int32') };
    const out = (await this.model.executeAsync(feeds, [TOKEN_NODE, OUTPUT_NODE])) as tf.Tensor[];
    const result = {
      tokens: (await out[0]!.data()) as Float32Array,
      T: out[0]!.shape[1]!,
      sentence: (await out[1]!.data()) as Float32Array,
    };
    for (const t of [...out, ...Object.values(feeds)]) t.dispose();
    return result;
  }
}
