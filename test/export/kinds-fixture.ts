// Run folders of the other kinds for the export / web tests, without training (weights keep their seeded random
// initialisation; an export must reproduce whatever the run holds):
//   writeNerRun   config.json (task.kind 'ner', BIO tags, a scheme), labels.json, model.safetensors of a tagger head
//                 over the tiny BERT (run-fixture.ts), optionally with a CRF (its scores randomised so Viterbi and
//                 its BIO constraints matter)
//   writeKimRun   kim.json, vocab.json, labels.json, model.safetensors of a KimCnn (random tables): word level
//                 (optionally with a char CNN), or WordPiece level over a BERT folder's tokenizer (copied into
//                 tokenizer/, rows = its 30522 ids)
import { existsSync } from 'node:fs';
import { cp, mkdir } from 'node:fs/promises';
import { TOKENIZER_FILES } from '../../src/io/checkpoint.ts';
import { CharVocab } from '../../src/tasks/kim/char-cnn.ts';
import { join } from 'node:path';
import { saveLabelMap } from '../../src/data/labels.ts';
import { Rng } from '../../src/engine/rng.ts';
import type { KimRunConfig } from '../../src/tasks/kim/kim-run-config.ts';
import { KimCnn } from '../../src/tasks/kim/model.ts';
import { PAD_TOKEN } from '../../src/tasks/kim/vocab.ts';
import { assembleTagger } from '../../src/tasks/ner/tagger.ts';
import { TaggingRunConfigSchema } from '../../src/tasks/ner/run-config.ts';
import { writeRunStatus } from '../../src/train/run-status.ts';
import { saveWeights, writeJson } from '../../src/train/run-dir.ts';

export const NER_TAGS = ['O', 'B-LOC', 'I-LOC', 'B-PER', 'I-PER'];

export async function writeNerRun(
  dir: string,
  o: { encoder: string; mode: 'frozen' | 'finetune'; crf: boolean; scheme?: 'BIO' | 'IOB1' | 'BIOES'; head?: string },
): Promise<string> {
  const config = TaggingRunConfigSchema.parse({
    format: 'bertcnn-run',
    version: 1,
    task: { kind: 'ner', labels: NER_TAGS, scheme: o.scheme ?? 'BIO' },
    mode: o.mode,
    encoder: { ref: o.encoder, maxLength: 24, precision: 'fp32', layers: 'last' },
    head: { kind: o.head ?? 'tagger-cnn', options: { filters: 8, crf: o.crf } },
    train: { seed: 7, evalBatchSize: 3 },
    created: new Date().toISOString(),
    bertcnnVersion: '0.1.0',
  });
  await mkdir(dir, { recursive: true });
  await writeJson(join(dir, 'config.json'), config);
  await writeRunStatus(dir, 'complete'); // a finished run, as a training job leaves it
  await saveLabelMap(join(dir, 'labels.json'), { labels: NER_TAGS, multiLabel: false });
  const tagger = await assembleTagger(config);
  try {
    const rng = new Rng(11);
    for (const p of tagger.head.parameters()) for (let i = 0; i < p.data.length; i++) p.data[i] = rng.normal() * 0.5;
    await saveWeights(dir, tagger.savedParams());
  } finally {
    await tagger.release();
  }
  return dir;
}

export const KIM_WORDS = [PAD_TOKEN, 'a', 'great', 'film', 'the', 'plot', 'was', 'boring', 'bad', 'ok', 'movie', "n't"];

export async function writeKimRun(
  dir: string,
  o: { clean?: KimRunConfig['clean_str']; charCnn?: boolean; wordpiece?: string } = {},
): Promise<string> {
  const V = o.wordpiece ? 30522 : KIM_WORDS.length;
  const chars = o.charCnn ? new CharVocab(KIM_WORDS.slice(1), 8) : null;
  const dim = 6;
  const rng = new Rng(5);
  const init = Float32Array.from({ length: V * dim }, (_, i) => (i < dim ? 0 : rng.normal()));
  const model = new KimCnn(
    '',
    {
      vocabSize: V,
      dim,
      numClasses: 3,
      channels: [{ init, trainable: true }],
      kernelSizes: [2, 3],
      filters: 4,
      charCnn: chars ? { numChars: chars.size } : undefined,
    },
    rng,
  );
  for (const p of model.parameters())
    if (p.name.includes('cnn')) for (let i = 0; i < p.data.length; i++) p.data[i] = rng.normal() * 0.5;
  const config: KimRunConfig = {
    format: 'bertcnn-kim-run',
    version: 1,
    preset: 'kim2014',
    variant: 'rand',
    level: o.wordpiece ? 'wordpiece' : 'word',
    source: { kind: 'random', description: 'random' },
    vector_scale: 'kim',
    combine: 'shared',
    clean_str: o.clean ?? 'default',
    seed: 5,
    epochs: 1,
    vocab_size: V,
    dim,
    num_classes: 3,
    channels: [{ trainable: true }],
    kernel_sizes: [2, 3],
    filters: 4,
    dropout: 0.5,
    char_cnn: chars ? { num_chars: chars.size, length: 8 } : null,
    eval_batch_size: 2,
    init: {},
    data: {},
    created: 'now',
  };
  await mkdir(dir, { recursive: true });
  await saveLabelMap(join(dir, 'labels.json'), { labels: ['neg', 'neu', 'pos'], multiLabel: false });
  if (o.wordpiece) {
    await writeJson(join(dir, 'vocab.json'), { level: 'wordpiece', size: V });
    await mkdir(join(dir, 'tokenizer'), { recursive: true });
    for (const f of TOKENIZER_FILES)
      if (existsSync(join(o.wordpiece, f))) await cp(join(o.wordpiece, f), join(dir, 'tokenizer', f));
  } else await writeJson(join(dir, 'vocab.json'), { level: 'word', size: V, words: KIM_WORDS });
  await saveWeights(dir, model.parameters());
  await writeJson(join(dir, 'kim.json'), config);
  return dir;
}
