// What a distilled student costs next to its teacher (issue #18 records): for each run given,
//   parameters       every tensor of the run's weights (model.safetensors, plus encoder/ for fine-tuned runs; a
//                    frozen run's encoder counted from its checkpoint folder; use-lite's weights are graph constants,
//                    not counted here — its export size shows them), as the model that has to be shipped
//   export sizes     `bertcnn export` fp32 and --int8 folders: model.onnx and the whole folder (vocabulary included)
//   Node sentences/s loadRun(run).predict over the texts (2 ORT threads unless BERTCNN_THREADS), median of rounds
//   browser s/s      the --int8 export in headless Chromium (onnxruntime-web wasm, as `bertcnn web` serves it):
//                    the page's classifier (or tagger, for NER runs) over the same texts, median of rounds
//                    (skipped without chromium)
// The runs take turns inside each round, so machine load hits them alike; compare within one run of this bench.
// NER runs (a tagger teacher and its students) take the same turns over sentences: --conll FILE reads a CoNLL file
// (token<TAB>tag, blank line between sentences) and joins each sentence's words with spaces. A run `bertcnn export`
// refuses (a BiLSTM tagger) gets null sizes and no browser rate, with the reason on stderr.
// Usage: npm run bench -- distill --run TEACHER --run STUDENT [--texts FILE | --conll FILE] [--n 1821] [--rounds 3]
//   [--no-browser]
//   --texts: one text per line, or a TSV (label<TAB>text; default ../shared/data/SST-2/test.tsv)
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { exportRun } from '../src/export/export-run.ts';
import { parseHeader, parseHeaderLength } from '../src/io/safetensors-header.ts';
import { loadRun } from '../src/runs/run.ts';
import { serveFolder } from '../src/web/node/static-server.ts';
import { stageWebFolder } from '../src/web/node/stage.ts';
import { emit, machine, median, round } from './common.ts';

const CHROMIUM = process.env.BERTCNN_CHROMIUM ?? '/usr/bin/chromium';

function arg(rest: string[], flag: string): string | undefined {
  const i = rest.indexOf(flag);
  return i >= 0 ? rest[i + 1] : undefined;
}

/** Elements of every tensor in the safetensors files of a folder (not recursive). */
function tensorElements(dir: string): number {
  let n = 0;
  for (const f of existsSync(dir) ? readdirSync(dir) : []) {
    if (!f.endsWith('.safetensors')) continue;
    const path = join(dir, f);
    const fd = openSync(path, 'r');
    try {
      const first8 = Buffer.alloc(8);
      readSync(fd, first8, 0, 8, 0);
      const json = Buffer.alloc(parseHeaderLength(path, first8, statSync(path).size));
      readSync(fd, json, 0, json.length, 8);
      for (const t of parseHeader(path, json, statSync(path).size).tensors.values())
        n += t.shape.reduce((a, b) => a * b, 1);
    } finally {
      closeSync(fd);
    }
  }
  return n;
}

function folderBytes(dir: string): number {
  let n = 0;
  for (const f of readdirSync(dir)) {
    const s = statSync(join(dir, f));
    n += s.isDirectory() ? folderBytes(join(dir, f)) : s.size;
  }
  return n;
}

/** Parameters the run needs at inference: its own weights, plus its encoder's (saved, or the frozen reference). */
function parameters(run: string): { head: number; encoder: number } {
  const head = tensorElements(run);
  const config = JSON.parse(readFileSync(join(run, 'config.json'), 'utf8')) as {
    encoder?: { ref?: string } | null;
    mode?: string;
  };
  let encoder = tensorElements(join(run, 'encoder'));
  const ref = config.encoder?.ref;
  if (encoder === 0 && config.mode === 'frozen' && ref && existsSync(ref)) encoder = tensorElements(ref);
  return { head, encoder };
}

function readTexts(path: string, n: number): string[] {
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
  const texts = lines.map((l) => (l.includes('\t') ? l.slice(l.indexOf('\t') + 1) : l));
  return texts.slice(0, n);
}

/** The sentences of a CoNLL file (first column), words joined by spaces. */
function readConllTexts(path: string, n: number): string[] {
  const blocks = readFileSync(path, 'utf8').split(/\r?\n\s*\r?\n/);
  const texts = blocks.map((b) =>
    b
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '' && !l.startsWith('-DOCSTART-'))
      .map((l) => l.split('\t')[0]!)
      .join(' '),
  );
  return texts.filter(Boolean).slice(0, n);
}

async function browserRate(exportDir: string, texts: string[], rounds: number): Promise<number[] | null> {
  if (!existsSync(CHROMIUM)) return null;
  await stageWebFolder(exportDir, { force: true });
  const site = await serveFolder(exportDir);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.goto(site.url);
    await page.waitForFunction(() => document.getElementById('status')?.textContent !== 'loading the model…');
    return await page.evaluate(
      async ({ texts, rounds }) => {
        // the page's model: a classifier (probabilities) or, for NER exports, a tagger (predict)
        // (no named inner functions here: the page does not have tsx's __name helper)
        type Model = Record<'probabilities' | 'predict', ((t: string[]) => Promise<unknown>) | undefined>;
        const model = await (window as unknown as { bertcnnReady: Promise<Model> }).bertcnnReady;
        const method = model.probabilities ? 'probabilities' : 'predict';
        await model[method]!(texts.slice(0, 32)); // warm-up
        const rates: number[] = [];
        for (let r = 0; r < rounds; r++) {
          const t0 = performance.now();
          for (let i = 0; i < texts.length; i += 32) await model[method]!(texts.slice(i, i + 32));
          rates.push(texts.length / ((performance.now() - t0) / 1000));
        }
        return rates;
      },
      { texts, rounds },
    );
  } finally {
    await browser.close();
    await site.close();
  }
}

export async function benchDistill(rest: string[]): Promise<void> {
  const runs: string[] = [];
  rest.forEach((a, i) => a === '--run' && runs.push(rest[i + 1]!));
  if (runs.length === 0) throw new Error('usage: npm run bench -- distill --run TEACHER --run STUDENT [--texts FILE]');
  const conll = arg(rest, '--conll');
  const n = Number(arg(rest, '--n') ?? 1821);
  const texts = conll
    ? readConllTexts(conll, n)
    : readTexts(arg(rest, '--texts') ?? join('..', 'shared', 'data', 'SST-2', 'test.tsv'), n);
  const rounds = Number(arg(rest, '--rounds') ?? 3);
  process.env.BERTCNN_THREADS ??= '2';
  const root = mkdtempSync(join(tmpdir(), 'bertcnn-bench-distill-'));
  try {
    const loaded = await Promise.all(runs.map((r) => loadRun(r)));
    const node = runs.map(() => [] as number[]);
    for (const run of loaded) await run.predict(texts.slice(0, 32)); // compile + warm up
    for (let r = 0; r < rounds; r++)
      for (const [k, run] of loaded.entries()) {
        const t0 = performance.now();
        await run.predict(texts);
        node[k]!.push(texts.length / ((performance.now() - t0) / 1000));
      }
    for (const run of loaded) await run.release();
    for (const [k, run] of runs.entries()) {
      const sizes: Record<string, number | null> = {};
      let browser: number[] | null = null;
      for (const int8 of [false, true]) {
        const out = join(root, `${k}-${int8 ? 'int8' : 'fp32'}`);
        const tag = int8 ? 'int8' : 'fp32';
        const refused = await exportRun(run, { out, int8 }).then(
          () => null,
          (e: unknown) => (e instanceof Error ? e.message : String(e)),
        );
        if (refused) {
          process.stderr.write(`${basename(run)}: no export (${refused})\n`);
          sizes[`onnx_${tag}_mb`] = sizes[`export_${tag}_mb`] = null;
          continue;
        }
        sizes[`onnx_${tag}_mb`] = round(statSync(join(out, 'model.onnx')).size / 2 ** 20);
        sizes[`export_${tag}_mb`] = round(folderBytes(out) / 2 ** 20);
        if (int8 && !rest.includes('--no-browser')) browser = await browserRate(out, texts, rounds);
      }
      const p = parameters(run);
      emit({
        bench: 'distill',
        run: basename(run),
        texts: texts.length,
        parameters: p.head + p.encoder,
        parameters_encoder: p.encoder,
        ...sizes,
        node_sentences_per_s: round(median(node[k]!)),
        browser_int8_sentences_per_s: browser ? round(median(browser)) : null,
        threads: Number(process.env.BERTCNN_THREADS),
        rounds,
        ...machine(),
      });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
