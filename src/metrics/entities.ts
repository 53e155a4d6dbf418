// Entity-level (chunk) precision, recall and F1 for tag sequences in IOB1, IOB2 or IOBES, counted exactly as
// conlleval (CoNLL-2000/2003 shared tasks, Tjong Kim Sang) counts them and as seqeval does in its default mode:
//  - a tag splits at its first '-' into prefix and type ('B-PER' → B, PER; 'O' → O, '');
//  - chunk boundaries come from conlleval's startOfChunk/endOfChunk rules between each tag and the previous one:
//    a chunk starts at B (or S), at I/E after O, at I/E after E/S, and wherever the type changes
//    (so 'O I-PER' starts a chunk and 'B-PER I-LOC' is two chunks, PER then LOC); it ends before B/S/O, after E/S,
//    and wherever the type changes. For B/I/O-only input (IOB1, IOB2) these are exactly conlleval.pl's rules; the
//    E/S rules are seqeval's IOBES extension of them (conlleval.pl itself predates IOBES);
//  - a predicted chunk is correct when a gold chunk starts and ends at the same tokens with the same type;
//  - each sentence ends with an implicit 'O' (conlleval's boundary line), so no chunk crosses sentences.
// Counting uses conlleval's own single pass (its `inCorrect` state machine); extractEntities() gives the spans.
// Unknown prefixes (anything but B, I, E, S, O) are refused rather than guessed at.
import { UsageError } from '../errors.ts';
import { prfFromCounts, safeDiv, type Prf } from './prf.ts';

/** One chunk: tokens [start, end) of a sentence. */
export interface EntitySpan {
  type: string;
  start: number;
  end: number;
}

export interface EntityTypeScore extends Prf {
  /** Chunks of this type in the predictions ("found" in conlleval). `support` is the gold count. */
  predicted: number;
  correct: number;
}

export interface EntityScores {
  /** Keyed by entity type, in sorted type order. */
  perType: Record<string, EntityTypeScore>;
  overall: EntityTypeScore;
  tokens: number;
  /** Fraction of tokens whose full tag is right (conlleval's "accuracy"). */
  tokenAccuracy: number;
}

interface Tag {
  prefix: string;
  type: string;
}

const OUTSIDE: Tag = { prefix: 'O', type: '' };

/** Splits a tag like conlleval: /^([^-]*)-(.*)$/ → prefix and type; no '-' → the whole tag is the prefix. */
export function splitTag(tag: string, where = 'tag'): Tag {
  const dash = tag.indexOf('-');
  const t = dash < 0 ? { prefix: tag, type: '' } : { prefix: tag.slice(0, dash), type: tag.slice(dash + 1) };
  if (!['B', 'I', 'E', 'S', 'O'].includes(t.prefix)) {
    throw new UsageError(`${where}: '${tag}' is not O or B-/I-/E-/S-<type> (IOB1, IOB2 or IOBES)`);
  }
  return t.prefix === 'O' ? OUTSIDE : t;
}

/** conlleval's endOfChunk (with seqeval's S/E extension): did a chunk end between `prev` and `cur`? */
export function chunkEnds(prev: Tag, cur: Tag): boolean {
  if (prev.prefix === 'O') return false;
  if (prev.prefix === 'E' || prev.prefix === 'S') return true;
  if (cur.prefix === 'B' || cur.prefix === 'S' || cur.prefix === 'O') return true; // after B or I
  return prev.type !== cur.type;
}

/** conlleval's startOfChunk (with seqeval's S/E extension): did a chunk start at `cur`? */
export function chunkStarts(prev: Tag, cur: Tag): boolean {
  if (cur.prefix === 'O') return false;
  if (cur.prefix === 'B' || cur.prefix === 'S') return true;
  if (prev.prefix === 'O' || prev.prefix === 'E' || prev.prefix === 'S') return true; // I or E after these
  return prev.type !== cur.type;
}

/** The chunks of one tag sequence, in order. */
export function extractEntities(tags: readonly string[]): EntitySpan[] {
  const out: EntitySpan[] = [];
  let prev = OUTSIDE;
  let begin = 0;
  for (let i = 0; i <= tags.length; i++) {
    const cur = i < tags.length ? splitTag(tags[i]!, `token ${i}`) : OUTSIDE;
    if (chunkEnds(prev, cur)) out.push({ type: prev.type, start: begin, end: i });
    if (chunkStarts(prev, cur)) begin = i;
    prev = cur;
  }
  return out;
}

/** Entity scores over sentences of gold and predicted tags (same shapes). */
export function entityScores(gold: readonly (readonly string[])[], pred: readonly (readonly string[])[]): EntityScores {
  if (gold.length !== pred.length)
    throw new UsageError(`gold has ${gold.length} sentences, predictions ${pred.length}`);
  const found = new Map<string, { gold: number; pred: number; correct: number }>();
  const bump = (type: string, key: 'gold' | 'pred' | 'correct') => {
    const c = found.get(type) ?? { gold: 0, pred: 0, correct: 0 };
    c[key]++;
    found.set(type, c);
  };
  let tokens = 0;
  let correctTags = 0;
  gold.forEach((g, s) => {
    const p = pred[s]!;
    if (g.length !== p.length) throw new UsageError(`sentence ${s}: ${g.length} gold tags but ${p.length} predicted`);
    let lastG = OUTSIDE;
    let lastP = OUTSIDE;
    let inCorrect = false;
    for (let i = 0; i <= g.length; i++) {
      const cg = i < g.length ? splitTag(g[i]!, `gold sentence ${s}, token ${i}`) : OUTSIDE;
      const cp = i < g.length ? splitTag(p[i]!, `predicted sentence ${s}, token ${i}`) : OUTSIDE;
      const endG = chunkEnds(lastG, cg);
      const endP = chunkEnds(lastP, cp);
      if (inCorrect) {
        if (endG && endP && lastG.type === lastP.type) {
          inCorrect = false;
          bump(lastG.type, 'correct');
        } else if (endG !== endP || cg.type !== cp.type) inCorrect = false;
      }
      const startG = chunkStarts(lastG, cg);
      const startP = chunkStarts(lastP, cp);
      if (startG && startP && cg.type === cp.type) inCorrect = true;
      if (startG) bump(cg.type, 'gold');
      if (startP) bump(cp.type, 'pred');
      if (i < g.length) {
        tokens++;
        if (cg.prefix === cp.prefix && cg.type === cp.type) correctTags++;
      }
      lastG = cg;
      lastP = cp;
    }
  });
  const score = (c: { gold: number; pred: number; correct: number }): EntityTypeScore => ({
    ...prfFromCounts(c.correct, c.pred - c.correct, c.gold - c.correct),
    predicted: c.pred,
    correct: c.correct,
  });
  const perType: Record<string, EntityTypeScore> = {};
  const total = { gold: 0, pred: 0, correct: 0 };
  for (const type of [...found.keys()].sort()) {
    const c = found.get(type)!;
    perType[type] = score(c);
    total.gold += c.gold;
    total.pred += c.pred;
    total.correct += c.correct;
  }
  return { perType, overall: score(total), tokens, tokenAccuracy: safeDiv(correctTags, tokens) };
}
