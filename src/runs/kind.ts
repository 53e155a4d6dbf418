// What kind of run a folder holds, read from the files `bertcnn train` writes — never guessed from a flag:
//   classification   config.json, kind 'classification'                       (bertcnn train)
//   ner              config.json, kind 'ner'                                  (bertcnn train --task ner)
//   kim2014          config.json, kind 'kim2014'                              (bertcnn train --preset kim2014)
// Version-1 folders (src/runs/format.ts) have no `kind`: task.kind 'ner' marks NER, a kim.json marks Kim.
//   cross-validation cv.json + fold-1/ … fold-K/, each fold a run of one of the kinds above   (--folds K)
// A folder with none of these gets an error naming what it looked for; a folder whose training never finished
// (config.json written, no model.safetensors yet) is named as such, so nobody scores half a run.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../errors.ts';
import { RUN_FORMAT_VERSION } from '../train/run-config.ts';

export const RUN_KINDS = ['classification', 'ner', 'kim2014'] as const;
export type RunKind = (typeof RUN_KINDS)[number];
export type FolderKind = RunKind | 'cross-validation';

/** The fold folders of a cross-validation folder, in fold order (fold-1, fold-2, …). */
export function foldDirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((f) => /^fold-(\d+)$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((m) => join(dir, m[0]));
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new DataError(path, `not valid JSON: ${(e as Error).message}`);
  }
}

/** A run config's format version, refused (with what to do) when this bertcnn cannot read it. */
export function checkFormatVersion(raw: unknown, path: string): number {
  const v = (raw as { version?: unknown } | null)?.version;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    throw new DataError(path, `no run format version (expected "version": 1..${RUN_FORMAT_VERSION})`);
  if (v > RUN_FORMAT_VERSION)
    throw new DataError(
      path,
      `run format version ${v} was written by a newer bertcnn; this one reads versions 1–${RUN_FORMAT_VERSION}: update bertcnn (npm install bertcnn@latest)`,
    );
  return v;
}

/** The kind of run in `dir` (see the header); DataError when `dir` holds no run. */
export function folderKind(dir: string): FolderKind {
  if (!existsSync(dir)) throw new DataError(dir, 'not a bertcnn run folder: no such folder');
  if (!statSync(dir).isDirectory()) throw new DataError(dir, 'not a bertcnn run folder: a file, not a folder');
  const kimV1 = join(dir, 'kim.json');
  if (existsSync(kimV1)) {
    checkFormatVersion(readJson(kimV1), kimV1);
    return 'kim2014';
  }
  const config = join(dir, 'config.json');
  if (existsSync(config)) {
    const raw = readJson(config);
    checkFormatVersion(raw, config);
    const r = raw as { kind?: unknown; task?: { kind?: unknown } } | null;
    if (r?.kind === 'kim2014' || r?.kind === 'ner' || r?.kind === 'classification') return r.kind;
    if (r?.kind !== undefined) throw new DataError(config, `unknown run kind '${String(r.kind)}'`);
    return r?.task?.kind === 'ner' ? 'ner' : 'classification';
  }
  if (existsSync(join(dir, 'cv.json')) || foldDirs(dir).length > 0) return 'cross-validation';
  throw new DataError(
    dir,
    'not a bertcnn run folder (no config.json, kim.json or cv.json): pass a folder written by bertcnn train',
  );
}

/** The kind of a single run (not a cross-validation folder); a CV folder gets an error naming its folds. */
export function runKind(dir: string): RunKind {
  const kind = folderKind(dir);
  if (kind === 'cross-validation') {
    const folds = foldDirs(dir);
    throw new DataError(
      dir,
      `a cross-validation folder (${folds.length} folds) holds no single model: pass one fold, e.g. ${folds[0] ?? join(dir, 'fold-1')}`,
    );
  }
  return kind;
}
