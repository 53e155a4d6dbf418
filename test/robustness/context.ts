// The shared fixtures of the bad-input matrix, built once per process: a tiny random BERT and toy data
// (test/cli/cli-helpers.ts), and one finished classification run trained on them on first use (frozen TextCNN,
// 1 epoch, ~1 s) — the only training the matrix does besides the few cases whose bad input is found mid-run.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, fixture } from '../cli/cli-helpers.ts';
import type { Ctx } from './types.ts';

const TINY_BERT = join(import.meta.dirname, '..', 'fixtures', 'tiny_bert');

/** Flags of the shared run: frozen TextCNN with 4 filters, 1 epoch. */
export const RUN_FLAGS = ['--epochs', '1', '--batch-size', '8', '--head', 'textcnn', '--head-option', 'filters=4'];

export async function makeContext(): Promise<Ctx> {
  const fx = await fixture('robust', { train: 40, dev: 12 });
  const texts = join(fx.root, 'texts.txt');
  writeFileSync(texts, 'a great film\nthe plot was boring\n');
  let trained: Promise<string> | undefined;
  const run = () =>
    (trained ??= (async () => {
      const out = join(fx.root, 'run');
      const r = await cli([
        'train',
        '--train',
        fx.train,
        '--dev',
        fx.dev,
        '--encoder',
        fx.model,
        '--out',
        out,
        ...RUN_FLAGS,
        '--quiet',
      ]);
      if (r.code !== 0) throw new Error(`the shared run did not train (exit ${r.code}): ${r.err}`);
      return out;
    })());
  return {
    root: fx.root,
    model: fx.model,
    train: fx.train,
    dev: fx.dev,
    texts,
    run,
    async copyRun(dir) {
      const to = join(dir, 'run');
      cpSync(await run(), to, { recursive: true });
      return to;
    },
    copyTinyBert(dir) {
      const to = join(dir, 'bert');
      mkdirSync(to, { recursive: true });
      for (const f of ['config.json', 'model.safetensors', 'vocab.txt']) cpSync(join(TINY_BERT, f), join(to, f));
      return to;
    },
  };
}
