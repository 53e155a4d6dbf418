// use-lite speed (not a test): 32 sentences of about 20 words per call, sentences/s, one JSON line per figure in
// bench/common.ts's format — ONNX Runtime fp32 and int8 (tokens + sentence vectors, and sentence vectors only),
// and with --tfjs the TF.js CPU-backend reference on the same ids (slow: ~40 s per call).
//   npx tsx test/encoders/use-lite/speed.ts [--tfjs] [--steps N]
// (Ready to register in bench/index.ts as `use-lite`: benchUseLite({ steps, warmup, tfjs }).)
import { emit, machine, summarize, timeSteps } from '../../../bench/common.ts';
import { packageDir } from '../../../src/encoders/use-lite/files.ts';
import { loadUseLite } from '../../../src/encoders/use-lite/load.ts';

const WORDS = (
  'the film was a delight from start to finish although its second act drags and the ending feels rushed ' +
  'yet every scene looks gorgeous while the cast gives warm funny performances that carry a thin plot about two old ' +
  'friends who travel across the country to find a lost record'
).split(' ');

/** 32 deterministic sentences of 18–22 words. */
export function speedSentences(): string[] {
  return Array.from({ length: 32 }, (_, i) =>
    Array.from({ length: 18 + (i % 5) }, (_, k) => WORDS[(i * 11 + k * 7) % WORDS.length]).join(' '),
  );
}

export async function benchUseLite(opts: { steps: number; warmup: number; tfjs: boolean }): Promise<void> {
  const texts = speedSentences();
  const enc = await loadUseLite();
  const pieces = enc.tokenize(texts).lengths.reduce((a, b) => a + b, 0) / texts.length;
  const rate = (ms: number[]) => ms.map((m) => (texts.length * 1000) / m);
  for (const precision of ['fp32', 'int8'] as const) {
    for (const outputs of ['both', 'pooled'] as const) {
      const ms = await timeSteps(() => enc.extract(texts, { precision, outputs }), opts.warmup, opts.steps);
      emit(
        summarize(`use_lite_ort_${precision}_${outputs}`, rate(ms), 'sentences/s', {
          sentences: texts.length,
          pieces_per_sentence: pieces,
          ...machine(),
        }),
      );
    }
  }
  if (opts.tfjs) {
    const { TfjsReference } = await import('./reference.ts');
    const ref = await TfjsReference.load(packageDir());
    const ids = texts.map((t) => enc.tokenizer.encodeIds(t));
    const ms = await timeSteps(() => ref.run(ids), 0, 1);
    emit(
      summarize('use_lite_tfjs_cpu_both', rate(ms), 'sentences/s', {
        sentences: texts.length,
        pieces_per_sentence: pieces,
        ...machine(),
      }),
    );
  }
  await enc.release();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--steps');
  await benchUseLite({
    steps: i > 0 ? Number(process.argv[i + 1]) : 10,
    warmup: 2,
    tfjs: process.argv.includes('--tfjs'),
  });
}
