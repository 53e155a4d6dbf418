// Serving throughput: `--concurrency` (default 200) single-text POST /v1/predict requests fired at once over
// loopback HTTP against a tiny trained run (generated BERT: --layers 2, --hidden 32; frozen TextCNN), with
// micro-batching (--max-batch 32, --max-wait-ms 5) and without it (max batch 1). One JSON line per setting:
// requests/s over `--rounds` rounds (median, after one warm-up round). Client and server share this process.
// Run: npx tsx bench/serve.ts [--concurrency 200] [--rounds 5] [--layers 2] [--hidden 32]
//      (or `npm run bench -- serve` once registered in bench/index.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateBertCheckpoint } from '../src/encoders/bert/generate.ts';
import { loadServedModel } from '../src/serve/model.ts';
import { createServer } from '../src/serve/server.ts';
import { runTrainingJob } from '../src/tasks/classification/job.ts';
import { emit, machine, peakRssMb, round, summarize } from './common.ts';

const WORDS = { positive: ['great', 'superb', 'charming', 'moving'], negative: ['awful', 'boring', 'bland', 'weak'] };
const SUBJECTS = ['the film', 'this movie', 'the story', 'the acting', 'the plot', 'the ending'];

function sentence(i: number): { label: string; text: string } {
  const label = i % 2 ? 'positive' : 'negative';
  const words = WORDS[label];
  return { label, text: `${SUBJECTS[i % SUBJECTS.length]} was ${words[(i >> 1) % words.length]} , i thought` };
}

async function round1(url: string, n: number): Promise<number> {
  const t0 = performance.now();
  const replies = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      fetch(`${url}/v1/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: sentence(i + 7).text }),
      }).then(async (r) => {
        if (r.status !== 200) throw new Error(`HTTP ${r.status}: ${await r.text()}`);
        return r.json();
      }),
    ),
  );
  const seconds = (performance.now() - t0) / 1000;
  if (replies.length !== n) throw new Error('missing replies');
  return n / seconds;
}

export async function benchServe(args: string[]): Promise<void> {
  const flag = (f: string, d: number) => (args.includes(f) ? Number(args[args.indexOf(f) + 1]) : d);
  const n = flag('--concurrency', 200);
  const rounds = flag('--rounds', 5);
  emit({ name: 'machine', ...machine() });
  const dir = mkdtempSync(join(tmpdir(), 'bertcnn-bench-serve-'));
  try {
    const model = join(dir, 'tiny-bert');
    const hidden = flag('--hidden', 32);
    await generateBertCheckpoint(model, {
      vocab: 'bert-base-uncased',
      layers: flag('--layers', 2),
      hidden,
      heads: 2,
      ffn: 2 * hidden,
      seed: 3,
    });
    const train = join(dir, 'train.tsv');
    writeFileSync(
      train,
      Array.from({ length: 64 }, (_, i) => sentence(i))
        .map((r) => `${r.label}\t${r.text}\n`)
        .join(''),
    );
    const run = join(dir, 'run');
    const job = {
      trainFile: train,
      out: run,
      mode: 'frozen' as const,
      encoder: { ref: model },
      head: { kind: 'textcnn' as const },
    };
    await runTrainingJob(
      { ...job, options: { epochs: 1, batchSize: 16, seed: 1, logEvery: 0 } },
      { onWarning: () => {} },
    );
    for (const [label, maxBatch, maxWaitMs] of [
      ['micro_batched', 32, 5],
      ['unbatched', 1, 0],
    ] as const) {
      const served = await loadServedModel(run, { maxBatch });
      const app = createServer(served, { maxBatch, maxWaitMs, maxQueue: Math.max(1024, n) });
      const url = await app.listen({ host: '127.0.0.1', port: 0 });
      try {
        await round1(url, n); // warm-up
        const samples: number[] = [];
        for (let r = 0; r < rounds; r++) samples.push(await round1(url, n));
        const stats = (await (await fetch(`${url}/health`)).json()) as { batches: number; items: number };
        emit({
          ...summarize(`serve_${label}`, samples, 'requests/s'),
          concurrency: n,
          max_batch: maxBatch,
          max_wait_ms: maxWaitMs,
          mean_batch: round(stats.items / stats.batches),
          peak_rss_mb: round(peakRssMb()),
        });
      } finally {
        await app.close();
        await served.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchServe(process.argv.slice(2));
