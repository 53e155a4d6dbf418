// /health latency while POST /v1/predict is flooded with one kind of text (issue #17, docs/benchmarks.md
// "Hostile input sizes"). Serves RUN in this process on a free port (--max-text-chars raised so 1 MB texts are
// predicted, not refused), keeps CONCURRENCY predict requests in flight for SECONDS, and polls /health every 20 ms.
// Runs each flood twice: the model in-process (the library's default) and on a worker thread (what `bertcnn serve`
// does, src/serve/model-thread.ts), so the two are compared in one run on the same machine.
// Prints one JSON line per model placement × text kind: /health p50 / p99 / max in ms, samples, predict requests.
// Usage: npx tsx scripts/robust/health-under-flood.ts RUN [SECONDS=10] [CONCURRENCY=2]
import { loadServedModel } from '../../src/serve/model.ts';
import { createServer } from '../../src/serve/server.ts';

const [run, seconds = '10', concurrency = '2'] = process.argv.slice(2);
if (!run) throw new Error('usage: health-under-flood.ts RUN [SECONDS] [CONCURRENCY]');
const unit = 'the film was a fine one and ';
const kinds = {
  'full-length text (~170 tokens)': unit.repeat(30),
  '1 MB text': unit.repeat(Math.ceil(2 ** 20 / unit.length)),
};

const q = (xs: number[], p: number) =>
  xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
for (const thread of [false, true]) {
  const model = await loadServedModel(run, { thread, onWarning: () => {} });
  const app = createServer(model, { maxTextChars: 2_000_000, bodyLimit: 4 << 20, maxTexts: 1 });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  for (const [kind, text] of Object.entries(kinds)) {
    const body = JSON.stringify({ text });
    const until = performance.now() + Number(seconds) * 1000;
    let done = 0;
    const flood = Array.from({ length: Number(concurrency) }, async () => {
      while (performance.now() < until) {
        const r = await fetch(`${base}/v1/predict`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        if (r.status !== 200) throw new Error(`predict answered ${r.status}: ${await r.text()}`);
        await r.arrayBuffer();
        done++;
      }
    });
    const waits: number[] = [];
    while (performance.now() < until) {
      const t0 = performance.now();
      await (await fetch(`${base}/health`)).arrayBuffer();
      waits.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 20));
    }
    await Promise.all(flood);
    const ms = (x: number) => Math.round(x * 10) / 10;
    console.log(
      JSON.stringify({
        model: thread ? 'worker thread' : 'in-process',
        kind,
        health_p50_ms: ms(q(waits, 0.5)),
        health_p99_ms: ms(q(waits, 0.99)),
        health_max_ms: ms(Math.max(...waits)),
        samples: waits.length,
        predict_requests: done,
      }),
    );
  }
  await app.close();
  await model.close();
}
