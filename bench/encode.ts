// `npm run bench -- encode [--warmup N] [--steps N] [--subset N] [--padded N] [--threads N] [--rounds R] [--full] [--only forward|cache]`
// Frozen-path encoder speed, one JSON line per figure:
//   - a BERT-base-shaped random-weight checkpoint (12 layers, H 768, 12 heads, FFN 3072, the real 30,522-entry
//     vocabulary) generated in a temp folder; per precision (fp32, int8) a child process (bench/encode-worker.ts,
//     so each peak RSS is its own) times random ids 32×128 and 1×32, and SST-2-GLUE train sentences (the first
//     --subset, default 2,000) with length bucketing vs padded to 128 (the first --padded, default 128);
//   - with python3 + torch (bench/common.ts torchPeer), PyTorch's BertModel forward on the same shapes and threads,
//     and the ratios: ours fp32 / torch fp32 and ours int8 / torch fp32 (sentences/s); with --rounds R the
//     shape figures are taken R times, PyTorch and ours in turn each round, so load that comes and goes on a
//     shared machine hits both sides alike: one ratio per round (encode_ratio_round) and their median and range;
//   - --full (or --only cache): all 67,349 SST-2-GLUE train sentences through the feature cache with a
//     bert-mini-shaped encoder (4 layers, H 256, 4 heads, FFN 1024): wall time, warm re-run, read-back epoch and
//     peak RSS (must stay ≤ 2 GB).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateBertCheckpoint } from '../src/encoders/bert/generate.ts';
import { emit, machine, median, round, torchPeer } from './common.ts';

type Line = Record<string, unknown> & { name: string };

const WORKER = fileURLToPath(new URL('./encode-worker.ts', import.meta.url));
const SST2_TRAIN = fileURLToPath(new URL('../../shared/data/SST-2-GLUE/original/train.tsv', import.meta.url));

function worker(args: string[]): Line[] {
  const r = spawnSync(process.execPath, ['--import', 'tsx', WORKER, '--data', SST2_TRAIN, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`bench worker ${args.join(' ')} failed with exit code ${r.status}`);
  return r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line);
}

export async function benchEncode(argv: string[]): Promise<void> {
  const opt = (name: string, d: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1]! : d);
  const only = opt('--only', '');
  const threads = opt('--threads', '2');
  if (!existsSync(SST2_TRAIN)) throw new Error(`benchmark data not found: ${SST2_TRAIN}`);
  emit({ name: 'machine', ...machine(), threads: Number(threads) });
  const tmp = mkdtempSync(join(tmpdir(), 'bertcnn-bench-encode-'));
  try {
    if (!only || only === 'forward') await forwardFigures(tmp, threads, opt);
    if (argv.includes('--full') || only === 'cache') {
      const mini = join(tmp, 'bert-mini');
      await generateBertCheckpoint(mini, {
        layers: 4,
        hidden: 256,
        heads: 4,
        ffn: 1024,
        maxPositions: 512,
        vocab: 'bert-base-uncased',
        seed: 2,
      });
      for (const l of worker(['--case', 'cache', '--model', mini, '--threads', threads])) {
        emit({
          ...l,
          model: 'bert-mini-shaped (4 layers, H 256)',
          rss_limit_mb: 2048,
          rss_ok: Number(l.peak_rss_mb) <= 2048,
        });
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function forwardFigures(tmp: string, threads: string, opt: (n: string, d: string) => string): Promise<void> {
  const base = join(tmp, 'bert-base');
  await generateBertCheckpoint(base, {
    layers: 12,
    hidden: 768,
    heads: 12,
    ffn: 3072,
    maxPositions: 512,
    vocab: 'bert-base-uncased',
    seed: 1,
  });
  const pass = ['--warmup', '--steps', '--subset', '--padded'].flatMap((f) => [
    f,
    opt(f, { '--warmup': '1', '--steps': '3', '--subset': '2000', '--padded': '128' }[f]!),
  ]);
  const rounds = Math.max(1, Number(opt('--rounds', '1')));
  const ours = new Map<string, Line>();
  const roundRatios = new Map<string, number[]>();
  for (let round_ = 1; round_ <= rounds; round_++) {
    const peers = torchFigures(threads, opt, round_ === 1);
    const mine = new Map<string, Line>();
    for (const precision of ['fp32', 'int8']) {
      const extra = round_ === 1 ? pass : [...pass, '--shapes-only'];
      for (const l of worker([
        '--case',
        'forward',
        '--model',
        base,
        '--precision',
        precision,
        '--threads',
        threads,
        ...extra,
      ])) {
        mine.set(`${l.name}/${precision}`, l);
      }
    }
    if (round_ === 1) {
      for (const [k, l] of mine) ours.set(k, l);
      for (const l of ours.values()) {
        const peer = peers.get(l.name);
        const extra =
          peer && typeof l.sentences_per_s === 'number'
            ? { peer: 'pytorch fp32', peer_sentences_per_s: peer, ratio: round(l.sentences_per_s / peer) }
            : {};
        emit({ ...l, model: 'bert-base-shaped (12 layers, H 768)', ...extra });
      }
    }
    if (peers.size === 0) {
      emit({ name: 'encode_peer', peer: null, note: 'python3 with torch not importable: no PyTorch figures' });
      break;
    }
    if (rounds === 1) break;
    for (const [key, l] of mine) {
      const peer = peers.get(l.name);
      if (!peer || typeof l.sentences_per_s !== 'number') continue;
      const ratio = l.sentences_per_s / peer;
      roundRatios.set(key, [...(roundRatios.get(key) ?? []), ratio]);
      emit({
        name: 'encode_ratio_round',
        round: round_,
        shape: l.name,
        precision: key.split('/')[1],
        ours_sentences_per_s: l.sentences_per_s,
        peer_sentences_per_s: peer,
        ratio: round(ratio),
      });
    }
  }
  for (const [key, r] of roundRatios) {
    emit({
      name: 'encode_ratio',
      shape: key.split('/')[0],
      precision: key.split('/')[1],
      rounds: r.length,
      median: round(median(r)),
      min: round(Math.min(...r)),
      max: round(Math.max(...r)),
      unit: 'x (ours / pytorch fp32)',
    });
  }
  for (const precision of ['fp32', 'int8']) {
    const [bucketed, padded] = ['bucketed', 'padded128'].map((k) => ours.get(`encode_sst2_${k}/${precision}`));
    if (bucketed && padded) {
      emit({
        name: 'encode_sst2_bucketed_vs_padded128',
        precision,
        value: round(Number(bucketed.value) / Number(padded.value)),
        unit: 'x',
      });
    }
  }
}

/** PyTorch's sentences/s per shape (emitting its figures in the first round); empty without torch. */
function torchFigures(threads: string, opt: (n: string, d: string) => string, print: boolean): Map<string, number> {
  const peers = new Map<string, number>();
  for (const [B, T, warmup, steps] of [
    [32, 128, opt('--warmup', '1'), opt('--steps', '3')],
    [1, 32, '3', '20'],
  ] as const) {
    const p = torchPeer([
      '--case',
      'encode',
      '--batch',
      String(B),
      '--seq',
      String(T),
      '--threads',
      threads,
      '--warmup',
      warmup,
      '--steps',
      steps,
    ]);
    if (!p) continue;
    peers.set(`encode_${B}x${T}`, Number(p.sentences_per_s));
    if (print)
      emit({
        name: `encode_${B}x${T}`,
        peer: 'pytorch',
        precision: 'fp32',
        threads: Number(threads),
        median: p.median_ms,
        min: p.min_ms,
        max: p.max_ms,
        unit: 'ms',
        n: p.n,
        peak_rss_mb: p.peak_rss_mb,
        sentences_per_s: p.sentences_per_s,
        torch: p.torch,
        matmul_gflops: p.matmul_gflops,
      });
  }
  return peers;
}
