// Checks a data file's labels against a model's label map before any work starts. Default: a DataError listing
// every unseen label with its count and first line (and the labels the model knows). With unknownLabel: 'skip',
// records carrying an unseen label are dropped (a multi-label record is dropped if any of its labels is unseen)
// and counted. Unlabelled records, and multi-label records for a single-label model, are errors either way.
import { DataError, clip } from '../errors.ts';
import { recordLabels, type LabelMap } from './labels.ts';
import type { TaggedSentence, TextExample } from './types.ts';

export interface LabelCheckOptions {
  unknownLabel?: 'error' | 'skip';
  /** File name for messages. */
  source?: string;
}

export interface LabelCheckResult<T> {
  kept: T[];
  /** Records dropped for an unseen label (skip mode). */
  skippedUnknown: number;
  /** Unseen label → occurrences and first line. */
  unknown: Map<string, { count: number; firstLine: number }>;
}

function check<T>(
  items: readonly T[],
  known: readonly string[],
  labelsOf: (x: T) => string[],
  lineOf: (x: T, k: number) => number,
  what: string,
  opts: LabelCheckOptions,
): LabelCheckResult<T> {
  const source = opts.source ?? 'data';
  const set = new Set(known);
  const unknown = new Map<string, { count: number; firstLine: number }>();
  const kept: T[] = [];
  for (const x of items) {
    let ok = true;
    const ls = labelsOf(x);
    for (let k = 0; k < ls.length; k++) {
      const l = ls[k]!;
      if (set.has(l)) continue;
      ok = false;
      const u = unknown.get(l) ?? { count: 0, firstLine: lineOf(x, k) };
      u.count++;
      unknown.set(l, u);
    }
    if (ok) kept.push(x);
  }
  if (unknown.size > 0 && (opts.unknownLabel ?? 'error') === 'error') {
    const list = [...unknown].map(([l, u]) => `"${l}" (${u.count}×, first at line ${u.firstLine})`);
    // Labels like "sports,politics" that are each known labels joined: the file is multi-label and was read as
    // single labels — say how to split it rather than suggesting to drop the records.
    const joined = [...unknown.keys()].find((l) =>
      [',', '|', ';'].some((sep) => l.includes(sep) && l.split(sep).every((p) => set.has(p.trim()))),
    );
    if (joined !== undefined) {
      const sep = [',', '|', ';'].find((x) => joined.includes(x))!;
      throw new DataError(
        source,
        `label "${joined}" (first at line ${unknown.get(joined)!.firstLine}) joins known labels with '${sep}': the file is multi-label — ` +
          `give the separator (--label-separator '${sep}')`,
      );
    }
    throw new DataError(
      source,
      `${unknown.size} ${what}${unknown.size === 1 ? '' : 's'} not in the model's label map: ${list.slice(0, 20).join(', ')}` +
        `${list.length > 20 ? `, … ${list.length - 20} more` : ''}. The model knows: ${clip(known.join(', '), 200)}. ` +
        `Use unknownLabel 'skip' (--unknown-label skip) to drop those records.`,
    );
  }
  return { kept, skippedUnknown: items.length - kept.length, unknown };
}

/** Checks classification examples against a label map. */
export function checkLabels(
  examples: readonly TextExample[],
  map: LabelMap,
  opts: LabelCheckOptions = {},
): LabelCheckResult<TextExample> {
  const source = opts.source ?? 'data';
  for (const ex of examples) {
    if (ex.label === undefined && ex.labels === undefined)
      throw new DataError(`${source}:${ex.line}`, 'record has no label');
    if (ex.labels && !map.multiLabel) {
      throw new DataError(
        `${source}:${ex.line}`,
        `multi-label record ([${ex.labels.join(', ')}]) but the model is single-label`,
      );
    }
  }
  return check(examples, map.labels, recordLabels, (ex) => ex.line, 'label', opts);
}

/** Checks CoNLL sentences' tags against a tag map (skip mode drops whole sentences). */
export function checkTags(
  sentences: readonly TaggedSentence[],
  map: LabelMap,
  opts: LabelCheckOptions = {},
): LabelCheckResult<TaggedSentence> {
  return check(
    sentences,
    map.labels,
    (s) => s.tags,
    (s, k) => s.line + k,
    'tag',
    opts,
  );
}
