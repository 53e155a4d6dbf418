// Loading from Hugging Face model folders: vocab.txt vs tokenizer.json give the same encodings,
// tokenizer_config.json / special_tokens_map.json options apply, other post-processor and normalizer
// layouts work, and bad folders fail with errors naming the file.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '../../src/errors.ts';
import { loadBertBaseUncasedVocab, writeVocabTxt } from '../../src/tokenize/bert-vocab.ts';
import { loadWordPieceTokenizer } from '../../src/tokenize/load-tokenizer.ts';
import { buildBertTokenizerJson } from '../../src/tokenize/tokenizer-json.ts';
import { WordPieceTokenizer } from '../../src/tokenize/wordpiece.ts';
import { TRICKY } from './tricky-strings.ts';

const root = mkdtempSync(join(tmpdir(), 'bertcnn-tok-'));
after(() => rmSync(root, { recursive: true, force: true }));
const lines = loadBertBaseUncasedVocab();

function folder(name: string, files: Record<string, unknown>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    writeFileSync(join(dir, file), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

const encodeAll = (tok: WordPieceTokenizer) =>
  Object.values(TRICKY).map((t) => {
    const e = tok.encode(t, { textPair: 'a pair, too' });
    return [[...e.inputIds], [...e.tokenTypeIds], e.wordIds, e.offsets];
  });

test('vocab.txt and tokenizer.json folders encode identically', async () => {
  const vocabDir = folder('vocab', { 'tokenizer_config.json': { do_lower_case: true, model_max_length: 128 } });
  await writeVocabTxt(vocabDir, lines);
  const jsonDir = folder('json', { 'tokenizer.json': buildBertTokenizerJson(lines) });
  const fromVocab = loadWordPieceTokenizer(vocabDir);
  const fromJson = loadWordPieceTokenizer(jsonDir);
  assert.deepEqual(encodeAll(fromJson), encodeAll(fromVocab));
  assert.deepEqual(encodeAll(fromVocab), encodeAll(WordPieceTokenizer.fromVocab(lines)));
  assert.equal(fromVocab.modelMaxLength, 128);
  assert.equal(fromVocab.encodeBatch(['word '.repeat(200)]).seqLen, 128);
  assert.equal(fromJson.modelMaxLength, 512);
  assert.deepEqual(encodeAll(loadWordPieceTokenizer(join(jsonDir, 'tokenizer.json'))), encodeAll(fromJson));
});

test('tokenizer_config.json overrides the serialized normalizer, as transformers does', () => {
  const dir = folder('cased-override', {
    'tokenizer.json': buildBertTokenizerJson(lines, { doLowerCase: true }),
    'tokenizer_config.json': { do_lower_case: false },
  });
  assert.deepEqual(loadWordPieceTokenizer(dir).tokenize('Hello world'), ['[UNK]', 'world']);
  const strip = folder('strip-override', {
    'tokenizer.json': buildBertTokenizerJson(lines),
    'tokenizer_config.json': { strip_accents: false },
  });
  assert.deepEqual(loadWordPieceTokenizer(strip).tokenize('café'), ['[UNK]']);
});

test('special-token names from special_tokens_map.json, including {"content": …} forms', async () => {
  const dir = folder('custom-specials', {
    'special_tokens_map.json': { unk_token: { content: '<unk>' }, pad_token: '<pad>' },
  });
  await writeVocabTxt(dir, ['<pad>', '<unk>', '[CLS]', '[SEP]', 'x', '##y']);
  const tok = loadWordPieceTokenizer(dir);
  assert.deepEqual(tok.tokenize('xy z'), ['x', '##y', '<unk>']);
  assert.deepEqual(tok.specialIds, { pad: 0, unk: 1, cls: 2, sep: 3, mask: null });
  assert.deepEqual([...tok.encodeBatch(['x', 'x x'], {}).inputIds[0]!], [2, 4, 3, 0]);
});

test('older BertProcessing post-processor and non-Bert normalizers also work', () => {
  const json = buildBertTokenizerJson(lines) as unknown as Record<string, unknown>;
  const legacy = { ...json, post_processor: { type: 'BertProcessing', sep: ['[SEP]', 102], cls: ['[CLS]', 101] } };
  const tok = WordPieceTokenizer.fromTokenizerJson(legacy);
  const e = tok.encode('Hello world', { textPair: 'again' });
  assert.deepEqual([...e.inputIds], [101, 7592, 2088, 102, 2153, 102]);
  assert.deepEqual([...e.tokenTypeIds], [0, 0, 0, 0, 1, 1]);
  const seq = {
    ...json,
    normalizer: { type: 'Sequence', normalizers: [{ type: 'NFD' }, { type: 'Lowercase' }, { type: 'StripAccents' }] },
  };
  const s = WordPieceTokenizer.fromTokenizerJson(seq).encode('Café!');
  assert.deepEqual([...s.inputIds], [101, 7668, 999, 102]);
  assert.deepEqual(s.offsets, [
    [0, 0],
    [0, 4],
    [4, 5],
    [0, 0],
  ]);
});

test('bad folders and files raise DataError naming the file', async () => {
  assert.throws(() => loadWordPieceTokenizer(join(root, 'missing')), /missing: model folder does not exist/);
  assert.throws(() => loadWordPieceTokenizer(folder('empty', {})), /no tokenizer\.json or vocab\.txt/);
  assert.throws(
    () => loadWordPieceTokenizer(folder('corrupt', { 'tokenizer.json': '{"model": ' })),
    (e: unknown) => {
      return e instanceof DataError && e.where.endsWith('corrupt/tokenizer.json') && /cannot read JSON/.test(e.message);
    },
  );
  const bpe = {
    ...buildBertTokenizerJson(['[UNK]', '[CLS]', '[SEP]', '[PAD]']),
    model: { type: 'BPE', vocab: {}, unk_token: '[UNK]' },
  };
  assert.throws(
    () => loadWordPieceTokenizer(folder('bpe', { 'tokenizer.json': bpe })),
    /model type "BPE" is not supported/,
  );
  const noUnk = folder('no-unk', {});
  await writeVocabTxt(noUnk, ['[PAD]', '[CLS]', '[SEP]', 'x']);
  assert.throws(
    () => loadWordPieceTokenizer(noUnk),
    /no-unk\/vocab\.txt: special token \[UNK\] is not in the vocabulary/,
  );
  assert.throws(
    () => loadWordPieceTokenizer(folder('empty-vocab', { 'vocab.txt': '' })),
    /vocab\.txt: the vocabulary is empty/,
  );
  const badConfig = folder('bad-config', {
    'tokenizer_config.json': { do_lower_case: 'yes' },
    'vocab.txt': '[PAD]\n[UNK]\n[CLS]\n[SEP]\n',
  });
  assert.throws(() => loadWordPieceTokenizer(badConfig), /"do_lower_case" must be true or false/);
  assert.throws(() => WordPieceTokenizer.fromTokenizerJson([]), /expected a JSON object/);
  const badAdded = { ...buildBertTokenizerJson(lines), added_tokens: [{ id: 'x', content: '[X]' }] };
  assert.throws(
    () => WordPieceTokenizer.fromTokenizerJson(badAdded),
    /tokenizer\.json: field "added_tokens" must be a list/,
  );
  const { decoder: _omit, ...noDecoder } = buildBertTokenizerJson(lines);
  assert.throws(() => WordPieceTokenizer.fromTokenizerJson(noDecoder), /not a usable tokenizer: .*decoder/);
});
