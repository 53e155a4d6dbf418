// Toy data for the windowing tests (not a test): the sentiment toy (test/helpers/sentiment-toy.ts) where every
// other text starts with a long neutral preamble, so its opinion word sits past a short --max-length — truncation
// cuts it off, windowing keeps it. MAX_LENGTH/STRIDE are the settings the tests train with.
import { sentimentToy, writeTsv } from '../helpers/sentiment-toy.ts';

export const MAX_LENGTH = 12;
export const STRIDE = 3;

const PREAMBLES = [
  'after a long and slow evening with old friends we finally went to the cinema and',
  'it rained all day so we stayed in , made some tea , picked something at random and',
  'my sister had recommended it for weeks and weeks before i gave in and watched it , and',
];

export function windowToy(n: number, seed: number): { label: string; text: string }[] {
  return sentimentToy(n, seed).map((r, i) =>
    i % 4 < 2 ? r : { ...r, text: `${PREAMBLES[i % PREAMBLES.length]} ${r.text}` },
  );
}

export function writeWindowToy(path: string, n: number, seed: number): string[] {
  const rows = windowToy(n, seed);
  writeTsv(path, rows);
  return rows.map((r) => r.text);
}
