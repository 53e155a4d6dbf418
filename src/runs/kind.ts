// What kind of run a folder holds, read from the files `bertcnn train` writes — never guessed from a flag:
//   classification   config.json, task.kind binary | multiclass | multilabel   (bertcnn train)
//   ner              config.json, task.kind 'ner'                            (bertcnn train --task ner)
//   kim2014          kim.json                                                (bertcnn train --preset kim2014)
//   cross-validation cv.json + fold-1/ … fold-K/, each fold a run of one of the kinds above   (--folds K)
// A folder with none of these gets an error naming what it looked for; a folder whose training never finished
// (config.json written, no model.safetensors yet) is named as such, so nobody scores half a run.
import { existsSync, readdirSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../errors.ts';

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

/** The kind of run in `dir` (see the header); DataError when `dir` holds no run. */
export function folderKind(dir: string): FolderKind {
  if (!existsSync(dir)) throw new DataError(dir, 'no such run folder');
  if (existsSync(join(dir, 'kim.json'))) return 'kim2014';
  const config = join(dir, 'config.json');
  if (existsSync(config)) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(config, 'utf8'));
    } catch (e) {
      throw new DataError(config, `not valid JSON: ${(e as Error).message}`);
    }
    return (raw as { task?: { kind?: unknown } } | null)?.task?.kind === 'ner' ? 'ner' : 'classification';
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
