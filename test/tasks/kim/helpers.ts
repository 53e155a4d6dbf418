// Test helpers for the Kim recipe (not a test): a tiny sentiment-like dataset (16 common words, 100 rare ones
// w0…w99) and tiny static vectors.
//   A sentence is positive iff it contains "not bad" or "good" without a preceding "not" — word order matters, so a
//   bag of words cannot solve it but windows ≥ 2 can.
import { Rng } from '../../../src/engine/rng.ts';
import { VectorsBuilder, type StaticVectors } from '../../../src/encoders/static/vectors.ts';
import type { KimSplits } from '../../../src/presets/kim2014/experiment.ts';

const FILLER = 'the a movie film story plot was is very quite really and but it this that'.split(' ');

function sentence(rng: Rng, positive: boolean): string {
  const n = 4 + rng.int(8);
  const ws = Array.from({ length: n }, () => (rng.next() < 0.3 ? `w${rng.int(100)}` : FILLER[rng.int(FILLER.length)]!));
  const at = rng.int(n - 1);
  const [a, b] = positive
    ? rng.next() < 0.5
      ? ['not', 'bad']
      : ['really', 'good']
    : rng.next() < 0.5
      ? ['not', 'good']
      : ['really', 'bad'];
  ws.splice(at, 0, a, b);
  return ws.join(' ');
}

export function tinySplits(n: number, seed = 1, test = 100): KimSplits {
  const rng = new Rng(seed);
  const make = (m: number) => {
    const texts: string[] = [];
    const y: number[] = [];
    for (let i = 0; i < m; i++) {
      texts.push(sentence(rng, i % 2 === 1));
      y.push(i % 2);
    }
    return { texts, y };
  };
  return { labels: ['neg', 'pos'], train: make(n), test: make(test) };
}

/** Random D-dim vectors for the tiny vocabulary (every word but "quite"). */
export function tinyVectors(dim = 8, seed = 2): StaticVectors {
  const rng = new Rng(seed);
  const b = new VectorsBuilder('tiny', 'test', 32);
  b.setDim(dim, 32);
  const enc = new TextEncoder();
  for (const w of [...FILLER, 'not', 'bad', 'good'].filter((w) => w !== 'quite')) {
    const bytes = enc.encode(w);
    b.add(bytes, 0, bytes.length, rng.fillNormal(new Float32Array(dim), 0.5), 'test');
  }
  return b.finish();
}
