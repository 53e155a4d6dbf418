// Kim (2014)'s tokenisation, exactly as his process_data.py does it (Python `re.sub`, in this order):
//   cleanStr (MR, TREC, …): keep [A-Za-z0-9(),!?'`] (everything else → space); split the clitics 's 've n't 're
//     'd 'll off their word; space out , ! ( ) ?; squeeze runs of blanks; strip; lower-case — except for TREC.
//   cleanStrSst (SST): only the character filter and blank squeezing; lower-cased.
// Kim's replacements for ( ) ? are the Python strings " \( ", " \) ", " \? ": Python's re.sub keeps the backslash
// of an unknown escape in the replacement, so his tokens are literally `\(`, `\)` and `\?` — reproduced here
// (they never match a pretrained vector, in his runs or ours).
// cleaner(mode) picks one by a run's clean_str mode: 'default' = cleanStr (lower-cased), 'sst' = cleanStrSst,
// 'keep-case' = cleanStr without lower-casing (Kim's TREC setting). Pure string code: the browser runtime
// (src/web/kim-classifier.ts) uses it too.

export function cleanStr(text: string, opts: { trec?: boolean } = {}): string {
  const s = text
    .replace(/[^A-Za-z0-9(),!?'`]/g, ' ')
    .replace(/'s/g, " 's")
    .replace(/'ve/g, " 've")
    .replace(/n't/g, " n't")
    .replace(/'re/g, " 're")
    .replace(/'d/g, " 'd")
    .replace(/'ll/g, " 'll")
    .replace(/,/g, ' , ')
    .replace(/!/g, ' ! ')
    .replace(/\(/g, ' \\( ')
    .replace(/\)/g, ' \\) ')
    .replace(/\?/g, ' \\? ')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return opts.trec ? s : s.toLowerCase();
}

export function cleanStrSst(text: string): string {
  return text
    .replace(/[^A-Za-z0-9(),!?'`]/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim()
    .toLowerCase();
}

/** Kim's whitespace split of a cleaned sentence (Python's str.split()). */
export function words(cleaned: string): string[] {
  return cleaned.split(/\s+/).filter((w) => w.length > 0);
}

export const CLEAN_MODES = ['default', 'sst', 'keep-case'] as const;
export type CleanMode = (typeof CLEAN_MODES)[number];

export function cleaner(mode: CleanMode): (text: string) => string {
  if (mode === 'sst') return cleanStrSst;
  if (mode === 'keep-case') return (t) => cleanStr(t, { trec: true });
  return (t) => cleanStr(t);
}
