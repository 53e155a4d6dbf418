// Shared by the CLI tests: run `bertcnn` in this process through main(argv), capturing what the commands print
// (console.log = their stdout; process.stderr), and a temp folder with a generated tiny BERT and toy data.
// process.stdout itself is left alone: it is the test runner's channel.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { generateBertCheckpoint } from '../../src/encoders/bert/generate.ts';
import { sentimentToy, writeTsv } from '../helpers/sentiment-toy.ts';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI; `onStderr` sees every stderr write as it happens (e.g. to send a Ctrl-C at the right moment). */
export async function cli(args: string[], onStderr?: (text: string) => void): Promise<CliRun> {
  let out = '';
  let err = '';
  const [log, write] = [console.log, process.stderr.write];
  console.log = (...a: unknown[]) => {
    out += `${a.join(' ')}\n`;
  };
  process.stderr.write = ((s: string | Uint8Array) => {
    err += String(s);
    onStderr?.(String(s));
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await main(['node', 'bertcnn', ...args]);
    return { code, out, err };
  } finally {
    console.log = log;
    process.stderr.write = write;
  }
}

export interface Fixture {
  root: string;
  model: string;
  train: string;
  dev: string;
}

/** A temp folder (removed at exit) with a tiny random BERT (real bert-base-uncased vocab) and toy train/dev TSVs. */
export async function fixture(name: string, sizes: { train?: number; dev?: number } = {}): Promise<Fixture> {
  const root = mkdtempSync(join(tmpdir(), `bertcnn-cli-${name}-`));
  process.on('exit', () => rmSync(root, { recursive: true, force: true }));
  const model = join(root, 'tiny-bert');
  await generateBertCheckpoint(model, {
    vocab: 'bert-base-uncased',
    layers: 2,
    hidden: 32,
    heads: 2,
    ffn: 64,
    seed: 3,
  });
  const train = join(root, 'train.tsv');
  const dev = join(root, 'dev.tsv');
  writeTsv(train, sentimentToy(sizes.train ?? 160, 1));
  writeTsv(dev, sentimentToy(sizes.dev ?? 60, 2));
  return { root, model, train, dev };
}

/** The smallest training budget (2 epochs, 8 filters): for tests that check plumbing, not learning. */
export const TINY_BUDGET = ['--epochs', '2', '--batch-size', '16', '--lr', '0.005', '--filters', '8'];

/** `bertcnn train` on a fixture (its train/dev files and model) into `out` with the given flags; the run's exit. */
export function trainFixture(fx: Fixture, out: string, flags: string[]): Promise<CliRun> {
  return cli(['train', '--train', fx.train, '--dev', fx.dev, '--encoder', fx.model, '--out', out, ...flags]);
}

/** `bertcnn train` on a fixture into `out` with TINY_BUDGET, quietly (default head: a frozen textcnn); the run's exit. */
export function trainTiny(fx: Fixture, out: string, extra: string[] = []): Promise<CliRun> {
  return trainFixture(fx, out, [...TINY_BUDGET, ...extra, '--quiet']);
}

/** Flags of a small, fast frozen TextCNN run that learns the toy task. */
export const FAST = [
  '--epochs',
  '6',
  '--batch-size',
  '16',
  '--lr',
  '0.005',
  '--filters',
  '16',
  '--dropout',
  '0.2',
  '--schedule',
  'constant',
  '--seed',
  '1',
];

/** A `bertcnn` child process (bin/bertcnn.js, as users run it) with its output collected as it arrives. */
export interface BertcnnChild {
  child: ChildProcess;
  out(): string;
  err(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Polls until `pattern` appears on stdout; fails naming both streams if the process exits or time runs out. */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpExecArray>;
}

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'bertcnn.js');

export function spawnBertcnn(args: string[]): BertcnnChild {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += String(d)));
  child.stderr!.on('data', (d: Buffer) => (err += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    out: () => out,
    err: () => err,
    exited,
    async waitFor(pattern, ms = 60_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const m = pattern.exec(out);
        if (m) return m;
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(`bertcnn ${args[0]}: ${pattern} never appeared on stdout\n${out}\n${err}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}
