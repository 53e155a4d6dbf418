// NER runs over word ids (--task ner --mode words: a word table + tagger head, no encoder) for the export and web
// tests, trained through main(argv) for one epoch on the toy NER corpus (test/helpers/ner-toy.ts; or given
// sentences; BIO unless told) — what `bertcnn train` and the NER distillation students leave. --max-length 12 so a long line is cut
// (words beyond it tagged 'O'). manyNames(n) is a corpus of 2n + 5 distinct words, for a word table large enough
// that --int8 stores it as int8 rows (quantize-tables.ts MIN_TABLE_ELEMENTS).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../cli/cli-helpers.ts';
import type { TagScheme } from '../../src/tasks/ner/scheme.ts';
import { nerToy, writeConll, type ToySentence } from '../helpers/ner-toy.ts';

/** "Mr Name<i> lives in Place<i> ." for i < n: PER and LOC over 2n distinct names. */
export function manyNames(n: number): ToySentence[] {
  return Array.from({ length: n }, (_, i) => ({
    words: ['Mr', `Name${i}`, 'lives', 'in', `Place${i}`, '.'],
    tags: ['O', 'B-PER', 'O', 'O', 'B-LOC', 'O'],
  }));
}

export async function trainWordsRun(
  root: string,
  name: string,
  head: string,
  extra: string[] = [],
  o: { sentences?: ToySentence[]; scheme?: TagScheme } = {},
): Promise<string> {
  const train = join(root, `${name}-train.conll`);
  const dev = join(root, `${name}-dev.conll`);
  writeConll(train, o.sentences ?? nerToy(48, 1), o.scheme);
  writeConll(dev, nerToy(16, 2), o.scheme);
  const out = join(root, name);
  const r = await cli([
    'train',
    '--task',
    'ner',
    '--mode',
    'words',
    '--head',
    head,
    '--train',
    train,
    '--dev',
    dev,
    '--epochs',
    '1',
    '--batch-size',
    '16',
    '--lr',
    '0.05',
    '--max-length',
    '12',
    '--out',
    out,
    ...extra,
  ]);
  assert.equal(r.code, 0, r.err);
  return out;
}

/** Raw lines with known words, unknown words, case changes, punctuation, and one longer than --max-length 12. */
export const WORD_LINES = [
  'Mr John Smith lives in New York.',
  'Qwertyville met Mr Zyx Kowalski in Paris, yesterday!',
  '(mr peter) "went" to BERLIN ... 12,5 km',
  'Mr Peter Smith and Mr Anna went to Tokyo and then Mr John moved to Lisbon with Mr Emma today .',
];

/** `bertcnn predict RUN` on raw lines: one JSON object per non-empty line. */
export async function predictLines(root: string, run: string, lines: string[]): Promise<Record<string, unknown>[]> {
  const input = join(root, `input-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(input, `${lines.join('\n')}\n`);
  const r = await cli(['predict', run, '--input', input, '--quiet']);
  assert.equal(r.code, 0, r.err);
  return r.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
