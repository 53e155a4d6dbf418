// A teacher run's identity for the logit cache: SHA-256 over the files that decide its outputs — config.json,
// labels.json, model.safetensors and a fine-tuned encoder's folder (encoder/**) — each as (relative path, content
// hash), in path order. Retraining the teacher, or editing its config, changes the id; moving the folder does not.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const TOP_FILES = ['config.json', 'labels.json', 'model.safetensors', 'kim.json', 'vocab.json'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

async function fileHash(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** The files of a run folder its outputs depend on (see the header), sorted. */
export function teacherFiles(runDir: string): string[] {
  const top = TOP_FILES.map((f) => join(runDir, f)).filter((p) => existsSync(p));
  const enc = join(runDir, 'encoder');
  const encoder = existsSync(enc) ? filesUnder(enc) : [];
  return [...top, ...encoder].map((p) => relative(runDir, p)).sort();
}

/** 16 hex characters identifying a teacher run by its files' contents. */
export async function teacherId(runDir: string): Promise<string> {
  const h = createHash('sha256');
  for (const f of teacherFiles(runDir)) h.update(`${f}\0${await fileHash(join(runDir, f))}\0`);
  return h.digest('hex').slice(0, 16);
}
