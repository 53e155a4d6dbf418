// Host-side decoding of one sentence's word emissions [n, L] (row-major, the rows of its labelled words) into BIO
// tag indices: per-word argmax for softmax taggers; for CRF taggers Viterbi (src/engine/losses/viterbi.ts) over
// the learned scores restricted to valid BIO paths — no sentence starts with I-X and I-X only follows B-X or I-X
// (AllenNLP's allowed_transitions) — so a CRF tagger always outputs well-formed BIO.
// decodeAligned does the whole read-back for one sentence of a [B, T, L] emissions tensor (each labelled word's
// row at its first sub-token; words without one 'O'), for consumers of an export (export/tagger-check.ts and the
// browser tagger, web/tagger.ts). Pure host code with no Node imports, so the browser bundle can use it.
import { viterbiDecode, type CrfHostParams } from '../../engine/losses/viterbi.ts';
import type { WordAlignment } from './types.ts';

/** Additive constraints for BIO tags: 0 where allowed, −∞ where not. start [L], transitions [L·L]. */
export function bioConstraints(labels: readonly string[]): { start: Float64Array; transitions: Float64Array } {
  const L = labels.length;
  const inside = labels.map((l) => (l.startsWith('I-') ? l.slice(2) : null));
  const start = Float64Array.from(inside, (t) => (t === null ? 0 : -Infinity));
  const transitions = new Float64Array(L * L);
  for (let i = 0; i < L; i++) {
    const from = labels[i]!;
    for (let j = 0; j < L; j++) {
      const t = inside[j];
      if (t !== null && from !== `B-${t}` && from !== `I-${t}`) transitions[i * L + j] = -Infinity;
    }
  }
  return { start, transitions };
}

/** The CRF's scores with BIO constraints added (for viterbiDecode). */
export function constrainedCrf(crf: CrfHostParams, labels: readonly string[]): CrfHostParams {
  const c = bioConstraints(labels);
  return {
    start: Float64Array.from(c.start, (v, j) => v + crf.start[j]!),
    end: crf.end,
    transitions: Float64Array.from(c.transitions, (v, k) => v + crf.transitions[k]!),
  };
}

/** Tag index per word: argmax of each row, or Viterbi when `crf` is given (already constrained). */
export function decodeWords(emissions: ArrayLike<number>, n: number, L: number, crf: CrfHostParams | null): number[] {
  if (n === 0) return [];
  if (crf) return viterbiDecode(emissions, [1, n, L], [n], crf).tags[0]!;
  return Array.from({ length: n }, (_, w) => {
    let best = 0;
    for (let j = 1; j < L; j++) if (emissions[w * L + j]! > emissions[w * L + best]!) best = j;
    return best;
  });
}

/** BIO tags of sentence b of emissions [B, T, L] read back through its alignment; `crf` raw (constrained here). */
export function decodeAligned(
  em: ArrayLike<number>,
  b: number,
  T: number,
  labels: readonly string[],
  a: WordAlignment,
  crf: CrfHostParams | null,
): string[] {
  const L = labels.length;
  const rows = new Float32Array(a.labelled.length * L); // [n, L]
  a.labelled.forEach((w, j) => {
    for (let l = 0; l < L; l++) rows[j * L + l] = em[(b * T + a.firstToken[w]!) * L + l]!;
  });
  const tags = new Array<string>(a.words).fill('O');
  const dec = crf ? constrainedCrf(crf, labels) : null;
  decodeWords(rows, a.labelled.length, L, dec).forEach((y, j) => (tags[a.labelled[j]!] = labels[y]!));
  return tags;
}
