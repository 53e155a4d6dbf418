// Makes an export folder (written by `bertcnn export`) a static web page: copies in
//   index.html                      the demo page (web/index.html): textarea, Predict, probabilities, model info
//   bertcnn-web.js                  the browser bundle (dist/web/bertcnn-web.js; built first when missing)
//   ort-wasm-simd-threaded.wasm     onnxruntime-web's WebAssembly binary (+ its .mjs loader)
// Every file is written atomically. An index.html that this command did not write (no bertcnn-web generator
// mark) is not replaced without `force`. The folder can then be served by any static server (`bertcnn web` runs one).
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { DataError, UsageError } from '../../errors.ts';
import { writeBytesAtomic } from '../../io/atomic.ts';
import { MANIFEST_FILE } from '../manifest.ts';
import { buildWebBundle, DEFAULT_BUNDLE, PACKAGE_ROOT } from './bundle.ts';

export const DEMO_PAGE = resolve(PACKAGE_ROOT, 'web', 'index.html');
export const BUNDLE_FILE = 'bertcnn-web.js';
/** onnxruntime-web files the wasm build loads at run time (single-threaded, SIMD). */
export const ORT_FILES = ['ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.mjs'] as const;
/** Marks an index.html written by this command (it may be replaced). */
export const GENERATOR_MARK = 'name="generator" content="bertcnn-web"';

export interface StageOptions {
  /** The browser bundle to copy (default dist/web/bertcnn-web.js, built when missing). */
  bundle?: string;
  /** Replace an index.html that bertcnn did not write. */
  force?: boolean;
  onInfo?: (message: string) => void;
}

export interface StagedFolder {
  dir: string;
  /** Files written into `dir`, with their sizes. */
  files: { name: string; bytes: number }[];
}

/** Where an onnxruntime-web file is installed. */
export function ortFile(name: string): string {
  return createRequire(import.meta.url).resolve(`onnxruntime-web/${name}`);
}

async function bundlePath(o: StageOptions): Promise<string> {
  if (o.bundle !== undefined) {
    if (!existsSync(o.bundle)) throw new UsageError(`--bundle ${o.bundle} does not exist`);
    return o.bundle;
  }
  if (!existsSync(DEFAULT_BUNDLE)) {
    o.onInfo?.(`building ${DEFAULT_BUNDLE} (npm run build:web)…`);
    await buildWebBundle();
  }
  return DEFAULT_BUNDLE;
}

export async function stageWebFolder(dir: string, o: StageOptions = {}): Promise<StagedFolder> {
  const s = await stat(dir).catch(() => null);
  if (!s?.isDirectory()) throw new DataError(dir, 'not a folder (expected an export folder written by bertcnn export)');
  if (!existsSync(join(dir, MANIFEST_FILE))) {
    throw new DataError(
      dir,
      `no ${MANIFEST_FILE}: not an export folder (write one with bertcnn export RUN --out ${dir})`,
    );
  }
  const page = join(dir, 'index.html');
  if (existsSync(page) && !o.force && !(await readFile(page, 'utf8')).includes(GENERATOR_MARK)) {
    throw new UsageError(`${page} exists and was not written by bertcnn web; use --force to replace it`);
  }
  const sources: [string, string][] = [
    ['index.html', DEMO_PAGE],
    [BUNDLE_FILE, await bundlePath(o)],
    ...ORT_FILES.map((f): [string, string] => [f, ortFile(f)]),
  ];
  const files: StagedFolder['files'] = [];
  for (const [name, from] of sources) {
    const bytes = await readFile(from);
    await writeBytesAtomic(join(dir, name), bytes);
    files.push({ name, bytes: bytes.byteLength });
  }
  return { dir, files };
}
