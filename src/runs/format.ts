// The run-folder format and its versions. Every run folder `bertcnn train` writes today keeps its settings in
// config.json, version 2, with a `kind`:
//   {"format": "bertcnn-run", "version": 2, "kind": "classification" | "ner" | "kim2014", …the kind's settings}
// beside labels.json, model.safetensors (+ encoder/ for fine-tuned runs, vocab.json or tokenizer/ for Kim runs),
// metrics.json and log.jsonl. Version 1 differed only in where the kind was: classification and NER config.json
// without `kind` (task.kind 'ner' marked NER), and Kim runs in kim.json ("format": "bertcnn-kim-run").
// Version-1 folders still load everywhere (src/runs/kind.ts reads both); upgradeRun() — `bertcnn upgrade RUN` —
// rewrites one as version 2, atomically, checking the result parses as its kind's config. A folder of a version
// newer than this bertcnn reads gets an error saying so (checkFormatVersion).
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError } from '../errors.ts';
import { writeBytesAtomic } from '../io/atomic.ts';
import { readKimRunConfig } from '../tasks/kim/kim-run-config.ts';
import { readTaggingRunConfig } from '../tasks/ner/run-config.ts';
import { readRunConfig } from '../train/run-dir.ts';
import { RUN_FORMAT_VERSION } from '../train/run-config.ts';
import { checkFormatVersion, foldDirs, folderKind, type RunKind } from './kind.ts';

export interface Upgraded {
  dir: string;
  kind: RunKind;
  /** The version found (RUN_FORMAT_VERSION when nothing had to change). */
  from: number;
  to: number;
  /** Files written or removed. */
  changed: string[];
}

async function readJson(path: string): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new DataError(path, `not valid JSON: ${(e as Error).message}`);
  }
}

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

/** Checks the upgraded folder reads as its kind (the schema's own errors, naming the field). */
async function verify(dir: string, kind: RunKind): Promise<void> {
  if (kind === 'kim2014') await readKimRunConfig(dir);
  else if (kind === 'ner') await readTaggingRunConfig(dir);
  else await readRunConfig(dir);
}

async function upgradeOne(dir: string): Promise<Upgraded> {
  const kind = folderKind(dir) as RunKind;
  const kimV1 = join(dir, 'kim.json');
  const config = join(dir, 'config.json');
  if (kind === 'kim2014' && existsSync(kimV1)) {
    const raw = await readJson(kimV1);
    const from = checkFormatVersion(raw, kimV1);
    const { format: _f, version: _v, ...rest } = raw;
    const v2 = { format: 'bertcnn-run', version: RUN_FORMAT_VERSION, kind, ...rest };
    await writeBytesAtomic(config, json(v2));
    await rm(kimV1);
    await verify(dir, kind);
    return { dir, kind, from, to: RUN_FORMAT_VERSION, changed: [config, kimV1] };
  }
  const raw = await readJson(config);
  const from = checkFormatVersion(raw, config);
  if (from === RUN_FORMAT_VERSION) return { dir, kind, from, to: from, changed: [] };
  const { format, version: _v, kind: _k, ...rest } = raw;
  await writeBytesAtomic(config, json({ format, version: RUN_FORMAT_VERSION, kind, ...rest }));
  await verify(dir, kind);
  return { dir, kind, from, to: RUN_FORMAT_VERSION, changed: [config] };
}

/** Rewrites a version-1 run folder (or every fold of a cross-validation folder) as the current version. */
export async function upgradeRun(dir: string): Promise<Upgraded[]> {
  if (folderKind(dir) !== 'cross-validation') return [await upgradeOne(dir)];
  const out: Upgraded[] = [];
  for (const fold of foldDirs(dir)) out.push(await upgradeOne(fold));
  return out;
}
