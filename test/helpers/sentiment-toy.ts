// A tiny templated sentiment corpus for fast end-to-end tests: the label is carried by one opinion word in an
// otherwise shared sentence frame, so even a random-weight encoder's token features separate the classes.
import { writeFileSync } from 'node:fs';
import { Rng } from '../../src/engine/rng.ts';

const POSITIVE = ['great', 'wonderful', 'delightful', 'superb', 'charming', 'brilliant', 'moving', 'excellent'];
const NEGATIVE = ['awful', 'boring', 'dreadful', 'clumsy', 'tedious', 'terrible', 'bland', 'weak'];
const SUBJECTS = [
  'the film',
  'this movie',
  'the story',
  'the acting',
  'the plot',
  'the ending',
  'the cast',
  'the script',
];
const FRAMES = [
  '{s} was {w}',
  '{s} is truly {w}',
  'i thought {s} was {w}',
  'honestly , {s} felt {w}',
  '{s} turned out {w} overall',
];

export function sentimentToy(n: number, seed: number): { label: string; text: string }[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const positive = i % 2 === 0;
    const words = positive ? POSITIVE : NEGATIVE;
    const frame = FRAMES[rng.int(FRAMES.length)]!;
    const text = frame
      .replace('{s}', SUBJECTS[rng.int(SUBJECTS.length)]!)
      .replace('{w}', words[rng.int(words.length)]!);
    return { label: positive ? 'positive' : 'negative', text };
  });
}

export function writeTsv(path: string, rows: { label: string; text: string }[]): void {
  writeFileSync(path, rows.map((r) => `${r.label}\t${r.text}\n`).join(''));
}
