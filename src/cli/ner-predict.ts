// `bertcnn predict RUN --input FILE` for a NER run: tags sentences and writes JSONL to stdout, one line per
// sentence in input order: {"words", "tags" (in the scheme of the run's training data), "entities": [{"type",
// "start", "end", "text"}]} with word spans [start, end). Input: plain text (stdin by default), one sentence per
// line, split into words the CoNLL/PTB way (src/tokenize/words.ts: punctuation stands alone, so "Paris." is
// "Paris" + "."), where each entity also carries "char_start"/"char_end" (UTF-16 offsets into the line) and its
// "text" is the line's own characters; or a CoNLL file (.conll, or --format conll: the token column, tags ignored).
import { UsageError } from '../errors.ts';
import { openConll } from '../data/conll.ts';
import { readLines, type DataInput } from '../data/lines.ts';
import { readAll } from '../data/types.ts';
import { predictSentences } from '../tasks/ner/inference.ts';
import { int } from './flags.ts';
import { conllColumn } from './ner-eval.ts';
import { readStdin } from './predict-input.ts';
import { splitWords, type WordSpan } from '../tokenize/words.ts';
import { featureProgress } from './progress.ts';

/** The flags of `bertcnn predict`, for both run kinds. */
export interface PredictFlags {
  allowIncomplete?: boolean;
  input: string;
  format?: string;
  header?: boolean;
  textColumn?: string;
  threshold?: string;
  cache?: string;
  batchSize?: string;
  quiet?: boolean;
}

/** Sentences (lists of words) from plain lines or a CoNLL file; empty lines are skipped and counted. */
export async function readNerInput(
  input: string,
  o: { format?: string; tokenColumn?: number },
): Promise<{
  sentences: string[][];
  skippedEmpty: number;
  name: string;
  raw?: { lines: string[]; spans: WordSpan[][] };
}> {
  const format = o.format ?? (/\.(conll|conllu|bio|iob)$/i.test(input) ? 'conll' : 'text');
  if (format !== 'text' && format !== 'conll')
    throw new UsageError(`--format must be text or conll for NER runs, got '${format}'`);
  const name = input === '-' ? '<stdin>' : input;
  const data: DataInput = input === '-' ? { name, data: await readStdin() } : input;
  if (format === 'conll') {
    const { items } = await readAll(openConll(data, { tokenColumn: o.tokenColumn, tagColumn: null }));
    return { sentences: items.map((s) => s.tokens), skippedEmpty: 0, name };
  }
  if (o.tokenColumn !== undefined) throw new UsageError('--text-column needs a CoNLL input (--format conll)');
  const sentences: string[][] = [];
  const raw = { lines: [] as string[], spans: [] as WordSpan[][] };
  let skippedEmpty = 0;
  for await (const l of readLines(data)) {
    const spans = splitWords(l.text);
    if (spans.length === 0) {
      skippedEmpty++;
      continue;
    }
    sentences.push(spans.map((w) => w.text));
    raw.lines.push(l.text);
    raw.spans.push(spans);
  }
  return { sentences, skippedEmpty, name, raw };
}

export async function runNerPredict(runDir: string, o: PredictFlags): Promise<void> {
  if (o.threshold !== undefined) throw new UsageError('--threshold does not apply to NER runs');
  if (o.header) throw new UsageError('--header does not apply to NER runs');
  const batchSize = o.batchSize === undefined ? undefined : int('--batch-size', o.batchSize);
  const say = (s: string) => {
    if (!o.quiet) process.stderr.write(`${s}\n`);
  };
  const input = await readNerInput(o.input, {
    format: o.format,
    tokenColumn: conllColumn('--text-column', o.textColumn),
  });
  if (input.skippedEmpty) say(`${input.name}: skipped ${input.skippedEmpty} empty line(s)`);
  const features = featureProgress(o.quiet);
  const p = await predictSentences(runDir, input.sentences, {
    batchSize,
    cacheDir: o.cache,
    onWarning: (m) => say(`warning: ${m}`),
    onFeatures: features.onFeatures,
  }).finally(features.stop);
  if (p.cutWords)
    say(
      `${p.cutWords} word(s) in ${p.cutSentences} sentence(s) lie beyond the run's max length (${p.maxLength} tokens): predicted 'O'`,
    );
  const lines: string[] = [];
  const flush = () => {
    if (lines.length) console.log(lines.join('\n'));
    lines.length = 0;
  };
  input.sentences.forEach((words, i) => {
    const spans = input.raw?.spans[i];
    const entities = p.entities[i]!.map((e) => {
      if (!spans) return { type: e.type, start: e.start, end: e.end, text: words.slice(e.start, e.end).join(' ') };
      const [charStart, charEnd] = [spans[e.start]!.start, spans[e.end - 1]!.end];
      const text = input.raw!.lines[i]!.slice(charStart, charEnd);
      return { type: e.type, start: e.start, end: e.end, char_start: charStart, char_end: charEnd, text };
    });
    lines.push(JSON.stringify({ words, tags: p.tags[i], entities }));
    if (lines.length >= 1000) flush();
  });
  flush();
  say(`tagged ${input.sentences.length} sentence(s) with ${runDir}`);
}
