// Node side of the real-checkpoint parity check (scripts/parity/real_checkpoint.py runs it; it can also be run by
// hand on a folder the Python side wrote):
//   npx tsx scripts/parity/real_checkpoint.ts --dir DIR [--model sentence-transformers/all-MiniLM-L6-v2]
//        [--threads 2] [--batch 32]
// Reads DIR/texts.json { parity: string[], tokenizer: string[] } and writes, all little-endian, row-major:
//   tok_ids.i32 / tok_lens.i32        our token ids (specials included, no truncation) of every `tokenizer` text
//   parity_ids.i32 / parity_lens.i32  our ids of the `parity` texts
//   fp32_hidden.f32  [Σ len, H]       last hidden state at the real (unmasked) positions, fp32 frozen encoder
//   fp32_pooler.f32  [N, H]           pooler output (tanh(W·h[CLS] + b)), fp32
//   int8_hidden.f32  [Σ len, H]       last hidden state of the int8 frozen encoder (--precision int8)
//   int8split_hidden.f32 [Σ len, H]   the same with QuantizeOptions.splitFirstToken 'all' (position 0 quantized apart)
//   int8down_hidden.f32 [Σ len, H]    the same with splitFirstToken 'down' (apart only in the down projections)
//   node.json                         timings and the encoder's description
// The parity texts run in order, `batch` at a time, each batch padded to its own longest row — the same batches
// the Python side feeds transformers.AutoModel. Everything goes through the library (loadEncoder → tokenize →
// extractEncoded); nothing is reimplemented here.
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Features, Precision } from '../../src/encoders/encoder.ts';
import { loadEncoder } from '../../src/encoders/load.ts';
import type { TransformerEncoder } from '../../src/encoders/transformer.ts';

interface Texts {
  parity: string[];
  tokenizer: string[];
}

/** Appends typed arrays to a file. */
class RawWriter {
  private readonly fd: number;
  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }
  write(a: Float32Array | Int32Array): void {
    writeSync(this.fd, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }
  close(): void {
    closeSync(this.fd);
  }
}

/** Token ids of every text (no truncation, no padding), in chunks so the BatchEncoding stays small. */
function tokenizeAll(enc: TransformerEncoder, texts: readonly string[], dir: string, name: string): number {
  const ids = new RawWriter(join(dir, `${name}_ids.i32`));
  const lens = new RawWriter(join(dir, `${name}_lens.i32`));
  const t0 = performance.now();
  for (let i = 0; i < texts.length; i += 4096) {
    const b = enc.tokenizer.encodeBatch(texts.slice(i, i + 4096), { truncation: false, padding: false });
    for (const row of b.inputIds) ids.write(Int32Array.from(row));
    lens.write(Int32Array.from(b.lengths));
  }
  ids.close();
  lens.close();
  return (performance.now() - t0) / 1000;
}

/** Real-position rows [len, H] of row b of a Features result. */
function realTokens(f: Features, b: number): Float32Array {
  const [, T, H] = f.tokens!.shape as [number, number, number];
  return (f.tokens!.data as Float32Array).subarray(b * T * H, (b * T + f.lengths[b]!) * H);
}

async function runParity(
  enc: TransformerEncoder,
  texts: readonly string[],
  batch: number,
  precision: Precision,
  dir: string,
  name: string = precision,
): Promise<number> {
  const hidden = new RawWriter(join(dir, `${name}_hidden.f32`));
  const pooler = precision === 'fp32' ? new RawWriter(join(dir, 'fp32_pooler.f32')) : null;
  const t0 = performance.now();
  for (let i = 0; i < texts.length; i += batch) {
    const padded = enc.tokenize(texts.slice(i, i + batch)); // padded to this batch's longest row
    const f = await enc.extractEncoded(padded, { precision, pooling: 'pooler', outputs: pooler ? 'both' : 'tokens' });
    for (let b = 0; b < f.lengths.length; b++) hidden.write(realTokens(f, b));
    if (pooler) pooler.write(f.pooled!.data as Float32Array);
  }
  hidden.close();
  pooler?.close();
  return (performance.now() - t0) / 1000;
}

async function main(): Promise<void> {
  const { values: a } = parseArgs({
    options: {
      dir: { type: 'string' },
      model: { type: 'string', default: 'sentence-transformers/all-MiniLM-L6-v2' },
      threads: { type: 'string', default: '2' },
      batch: { type: 'string', default: '32' },
    },
  });
  if (!a.dir) throw new Error('usage: real_checkpoint.ts --dir DIR [--model ID] [--threads 2] [--batch 32]');
  const texts = JSON.parse(readFileSync(join(a.dir, 'texts.json'), 'utf8')) as Texts;
  const t0 = performance.now();
  const enc = await loadEncoder(a.model!, { threads: Number(a.threads), hub: { offline: true } });
  const loadSeconds = (performance.now() - t0) / 1000;
  try {
    const tokSeconds = tokenizeAll(enc, texts.tokenizer, a.dir, 'tok');
    tokenizeAll(enc, texts.parity, a.dir, 'parity');
    const fp32Seconds = await runParity(enc, texts.parity, Number(a.batch), 'fp32', a.dir);
    const int8Seconds = await runParity(enc, texts.parity, Number(a.batch), 'int8', a.dir);
    const dir = a.dir;
    const int8With = async (splitFirstToken: 'all' | 'down', name: string) => {
      const e = await loadEncoder(a.model!, {
        threads: Number(a.threads),
        hub: { offline: true },
        quantize: { splitFirstToken },
      });
      return runParity(e, texts.parity, Number(a.batch), 'int8', dir, name).finally(() => e.release());
    };
    const int8SplitSeconds = await int8With('all', 'int8split');
    const int8DownSeconds = await int8With('down', 'int8down');
    const info = {
      model: a.model,
      hidden: enc.hiddenSize,
      layers: enc.numLayers,
      threads: Number(a.threads),
      batch: Number(a.batch),
      seconds: {
        load: loadSeconds,
        tokenize: tokSeconds,
        fp32: fp32Seconds,
        int8: int8Seconds,
        int8_split: int8SplitSeconds,
        int8_split_down: int8DownSeconds,
      },
      node: process.version,
    };
    writeFileSync(join(a.dir, 'node.json'), `${JSON.stringify(info, null, 2)}\n`);
    console.log(
      `node: loaded in ${loadSeconds.toFixed(1)} s; tokenized ${texts.tokenizer.length} texts in ${tokSeconds.toFixed(1)} s; ` +
        `fp32 ${fp32Seconds.toFixed(1)} s, int8 ${int8Seconds.toFixed(1)} s, int8 split ${int8SplitSeconds.toFixed(1)} s, ` +
        `int8 split down ${int8DownSeconds.toFixed(1)} s ` +
        `for ${texts.parity.length} sentences`,
    );
  } finally {
    await enc.release();
  }
}

await main();
