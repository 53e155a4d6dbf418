// A tiny synthetic NER corpus for fast end-to-end tests: capitalised names after "Mr" are PER, the words after
// "in" / "to" are LOC (some names and places span two words or split into several WordPiece pieces), and some
// sentences have no entity. Context words carry the signal, so even a random-weight encoder's features separate
// the tags. writeConll writes it as token<TAB>tag lines (tags converted to any scheme), blank line between sentences;
// validBio checks a predicted sequence is well-formed BIO.
import { writeFileSync } from 'node:fs';
import { Rng } from '../../src/engine/rng.ts';
import { extractEntities } from '../../src/metrics/entities.ts';
import { spansToTags, type TagScheme } from '../../src/tasks/ner/scheme.ts';

export interface ToySentence {
  words: string[];
  tags: string[];
}

const PEOPLE = ['John', 'Mary', 'Peter Smith', 'Anna', 'David Kowalski', 'Laura', 'James Okafor', 'Emma'];
const PLACES = ['Paris', 'Berlin', 'Tokyo', 'Nairobi', 'New York', 'Lisbon', 'Reykjavik', 'Ouagadougou'];
const OTHERS = ['yesterday', 'today', 'we', 'they', 'people', 'she'];
const TEMPLATES = [
  'Mr {P} lives in {L} .',
  '{O} met Mr {P} in {L} {O} .',
  'Mr {P} and Mr {P} went to {L} .',
  'In {L} , Mr {P} works .',
  'the weather is nice {O} .',
  '{O} said that Mr {P} moved to {L} .',
];

function fill(words: string[], tags: string[], value: string, type: string): void {
  value.split(' ').forEach((w, i) => {
    words.push(w);
    tags.push(`${i === 0 ? 'B' : 'I'}-${type}`);
  });
}

/** n sentences in BIO. */
export function nerToy(n: number, seed: number): ToySentence[] {
  const rng = new Rng(seed);
  const pick = (xs: readonly string[]) => xs[rng.int(xs.length)]!;
  return Array.from({ length: n }, (_, i) => {
    const words: string[] = [];
    const tags: string[] = [];
    for (const part of TEMPLATES[i % TEMPLATES.length]!.split(' ')) {
      if (part === '{P}') fill(words, tags, pick(PEOPLE), 'PER');
      else if (part === '{L}') fill(words, tags, pick(PLACES), 'LOC');
      else {
        words.push(part === '{O}' ? pick(OTHERS) : part);
        tags.push('O');
      }
    }
    return { words, tags };
  });
}

/** Writes sentences as CoNLL (token<TAB>tag), tags converted from BIO to `scheme`. */
export function writeConll(path: string, sentences: readonly ToySentence[], scheme: TagScheme = 'BIO'): void {
  const text = sentences
    .map((s) => {
      const tags = spansToTags(extractEntities(s.tags), s.tags.length, scheme);
      return s.words.map((w, i) => `${w}\t${tags[i]}\n`).join('');
    })
    .join('\n');
  writeFileSync(path, text);
}

/** Valid BIO: I-X only after B-X or I-X. */
export function validBio(tags: readonly string[]): boolean {
  return tags.every(
    (t, i) => !t.startsWith('I-') || (i > 0 && tags[i - 1]!.slice(2) === t.slice(2) && tags[i - 1] !== 'O'),
  );
}
