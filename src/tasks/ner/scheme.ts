// Tag schemes of NER data: BIO (= IOB2: B- at every entity start), IOB1 (I- everywhere, B- only where an entity
// directly follows one of the same type; the CoNLL-2003 originals) and BIOES (= IOBES: S- single-token entities,
// E- last token). Files are read as given: the scheme is detected from the training tags, every sequence is
// converted to BIO through its entity spans (conlleval's chunking, src/metrics/entities.ts) for training, and
// predictions convert back to the data's scheme for output. Spans — hence entity scores — survive every conversion
// exactly. The BIO tag set of a run is 'O' followed by B-/I- of each entity type (types sorted).
import { DataError, clip } from '../../errors.ts';
import { extractEntities, splitTag, type EntitySpan } from '../../metrics/entities.ts';

export const TAG_SCHEMES = ['BIO', 'IOB1', 'BIOES'] as const;
export type TagScheme = (typeof TAG_SCHEMES)[number];

/** Checks every tag is O or B-/I-/E-/S-<type>; `where(k)` names tag k (e.g. file:line) in the DataError. */
export function checkTagSyntax(tags: readonly string[], where: (k: number) => string): void {
  tags.forEach((tag, k) => {
    const dash = tag.indexOf('-');
    const ok = tag === 'O' || (dash === 1 && 'BIES'.includes(tag[0]!) && tag.length > 2);
    if (!ok) {
      throw new DataError(
        where(k),
        `tag ${clip(JSON.stringify(tag))} is not O or B-/I-/E-/S-<type> (BIO, IOB1 or BIOES)`,
      );
    }
  });
}

/**
 * The scheme of a set of tag sequences: BIOES when any E-/S- tag occurs; IOB1 when more entities start with I-
 * than with B- (IOB1 uses B- only between adjacent same-type entities); BIO otherwise (a few stray I- starts in
 * BIO data — read by conlleval as entity starts — do not change the verdict).
 */
export function detectScheme(sequences: Iterable<readonly string[]>): TagScheme {
  let bStarts = 0;
  let iStarts = 0;
  for (const tags of sequences) {
    for (const tag of tags) if (tag[0] === 'E' || tag[0] === 'S') return 'BIOES';
    for (const e of extractEntities(tags)) {
      if (tags[e.start]![0] === 'I') iStarts++;
      else bStarts++;
    }
  }
  return iStarts > bStarts ? 'IOB1' : 'BIO';
}

/** Tags of n tokens holding these (ordered, non-overlapping) spans, in a scheme. */
export function spansToTags(spans: readonly EntitySpan[], n: number, scheme: TagScheme): string[] {
  const tags = new Array<string>(n).fill('O');
  let prev: EntitySpan | null = null;
  for (const e of spans) {
    for (let i = e.start; i < e.end; i++) tags[i] = `${scheme === 'IOB1' ? 'I' : i === e.start ? 'B' : 'I'}-${e.type}`;
    if (scheme === 'BIOES') {
      if (e.end - e.start === 1) tags[e.start] = `S-${e.type}`;
      else tags[e.end - 1] = `E-${e.type}`;
    }
    // IOB1: B- marks an entity that directly follows one of the same type
    if (scheme === 'IOB1' && prev && prev.end === e.start && prev.type === e.type) tags[e.start] = `B-${e.type}`;
    prev = e;
  }
  return tags;
}

/** Any scheme → BIO (same spans). */
export function toBio(tags: readonly string[]): string[] {
  return spansToTags(extractEntities(tags), tags.length, 'BIO');
}

/** BIO → the given scheme (same spans). */
export function fromBio(tags: readonly string[], scheme: TagScheme): string[] {
  return scheme === 'BIO' ? tags.slice() : spansToTags(extractEntities(tags), tags.length, scheme);
}

/** The entity types of some tag sequences, sorted. */
export function entityTypes(sequences: Iterable<readonly string[]>): string[] {
  const types = new Set<string>();
  for (const tags of sequences) for (const t of tags) if (t !== 'O') types.add(splitTag(t).type);
  return [...types].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The BIO tag set of a run: 'O', then B-/I- of each type. */
export function bioLabels(types: readonly string[]): string[] {
  return ['O', ...types.flatMap((t) => [`B-${t}`, `I-${t}`])];
}
