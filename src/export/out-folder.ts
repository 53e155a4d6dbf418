// The export folder shared by every kind of export (export-run.ts, export-tagger.ts, export-kim.ts):
//   prepareOut(out, force)   refuses a path ending in .onnx, a file, or a folder already holding any export file
//                            (unless force) — before anything is built or written
//   writeExportFiles(…)      removes stale export files (--force), copies the tokenizer files, writes model.onnx
//                            (each atomically); the manifest is written last by the caller, after the check
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import { writeBytesAtomic } from '../io/atomic.ts';
import { MANIFEST_FILE, MODEL_FILE } from './manifest.ts';
import { ALL_TOKENIZER_FILES } from './tokenizer-files.ts';

export const EXPORT_FILES = [MODEL_FILE, MANIFEST_FILE, ...ALL_TOKENIZER_FILES];

/** Refuses (UsageError) when `out` is a file or already holds any export file, unless `force`. */
export async function prepareOut(out: string, force: boolean): Promise<void> {
  if (/\.onnx$/i.test(out)) {
    throw new UsageError(
      `--out is a folder (it receives ${MODEL_FILE}, ${MANIFEST_FILE} and the tokenizer files), got '${out}'`,
    );
  }
  const s = await stat(out).catch(() => undefined);
  if (s && !s.isDirectory()) throw new UsageError(`--out must be a folder, '${out}' is a file`);
  const present = EXPORT_FILES.filter((f) => existsSync(join(out, f)));
  if (present.length && !force) {
    throw new UsageError(
      `${out} already holds an export (${present.join(', ')}); use --force to replace it or choose another --out`,
    );
  }
}

/** Writes the tokenizer files and model.onnx into `out`; returns the model's path and every file name, model first. */
export async function writeExportFiles(
  out: string,
  tokenizer: readonly { name: string; from: string }[],
  model: Uint8Array,
): Promise<{ modelPath: string; written: string[] }> {
  await mkdir(out, { recursive: true });
  const written = [MODEL_FILE, ...tokenizer.map((f) => f.name), MANIFEST_FILE];
  for (const f of EXPORT_FILES) if (!written.includes(f)) await rm(join(out, f), { force: true }); // --force: stale files
  for (const f of tokenizer) await writeBytesAtomic(join(out, f.name), await readFile(f.from));
  const modelPath = join(out, MODEL_FILE);
  await writeBytesAtomic(modelPath, model);
  return { modelPath, written };
}
