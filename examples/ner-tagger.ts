// Example (c): named-entity recognition with TokenTagger. Training data is CoNLL (token<TAB>tag, a blank line between
// sentences) — or arrays of { tokens, tags }; the tagger (a CNN over frozen USE-lite token states, with a CRF
// layer) predicts BIO tags per word. predict() takes raw text: it splits words off punctuation and returns entity
// spans with character offsets into the text.
//   npx tsx examples/ner-tagger.ts [--data people-places.conll] [--epochs 8]
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { TokenTagger } from 'bertcnn';

export async function run(o: { data: string; epochs: number }): Promise<void> {
  const ner = new TokenTagger({
    encoder: 'use-lite',
    head: 'tagger-cnn',
    headOptions: { crf: true },
    lr: 5e-3,
    batchSize: 16,
  });
  const result = await ner.fit(o.data, { devSplit: 0.2, epochs: o.epochs });
  console.log('dev entity F1', (result.metrics.dev as { f1: number }).f1, 'tags', ner.labels.join(' '));

  const text = 'Yesterday Mr Peter Smith moved to Lisbon.';
  const [tagged] = await ner.predict(text);
  for (const e of tagged!.entities) {
    // e.start / e.end index the text: text.slice(e.start, e.end) === e.text
    console.log(
      `${e.type.padEnd(4)} ${String(e.start).padStart(3)}–${String(e.end).padEnd(3)} ${JSON.stringify(e.text)}`,
    );
  }
  await ner.close();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { data: { type: 'string' }, epochs: { type: 'string' } } });
  await run({
    data: values.data ?? fileURLToPath(new URL('data/people-places.conll', import.meta.url)),
    epochs: Number(values.epochs ?? 8),
  });
}
