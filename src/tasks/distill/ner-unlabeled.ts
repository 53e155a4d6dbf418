// The unlabeled sentences of a NER distillation (--unlabeled FILE; the teacher's scores are their only target):
// a CoNLL file — every non-blank line holds a tab, sentences separated by blank lines — whose tag column, if any,
// is ignored; otherwise raw text, one sentence per line, split into words as `bertcnn predict` splits raw text
// (tokenize/words.ts splitWords, CoNLL/PTB style). Blank lines are skipped; an empty file is an error.
import { DataError } from '../../errors.ts';
import type { ConllOptions } from '../../data/conll.ts';
import { inputName, readLines, type DataInput } from '../../data/lines.ts';
import { readSentences } from '../../data/read.ts';
import { splitWords } from '../../tokenize/words.ts';

export async function readUnlabeledSentences(input: DataInput, conll: ConllOptions = {}): Promise<string[][]> {
  const lines: string[] = [];
  for await (const l of readLines(input)) if (l.text.trim() !== '') lines.push(l.text);
  if (lines.length === 0) throw new DataError(inputName(input), 'no sentences (the file is empty)');
  if (lines.every((l) => l.includes('\t'))) {
    const { sentences } = await readSentences(input, conll);
    return sentences.map((s) => s.tokens);
  }
  return lines.map((l) => splitWords(l).map((w) => w.text)).filter((w) => w.length > 0);
}
