// The browser tokenizer (src/web/tokenizer.ts, fed through fetch) gives exactly the ids the Node side gives, on
// the tokenizer test suite's tricky strings (accents, final sigma, CJK incl. supplementary ideographs, emoji ZWJ
// sequences, control / unassigned / lone-surrogate characters, Unicode spaces, typed [SEP], 100/101-char words …)
// plus truncation at a short maxLength:
//   vocab.txt + tokenizer_config.json (what a BERT export carries)  vs loadWordPieceTokenizer (encoders use it)
//   tokenizer.json + cased config + special_tokens_map.json          vs loadWordPieceTokenizer
//   USE-lite vocab.json (null scores)                                vs the package's UseLiteTokenizer
// Only the files the sidecar lists are fetched; a missing file or a bad vocab.json fails naming its URL.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '../../src/errors.ts';
import { packageDir, readVocab } from '../../src/encoders/use-lite/files.ts';
import { UseLiteTokenizer } from '../../src/encoders/use-lite/tokenizer.ts';
import type { BatchEncoding } from '../../src/tokenize/encode-batch.ts';
import { loadBertBaseUncasedVocab, writeBertBaseUncasedVocab } from '../../src/tokenize/bert-vocab.ts';
import { loadWordPieceTokenizer } from '../../src/tokenize/load-tokenizer.ts';
import { buildBertTokenizerJson } from '../../src/tokenize/tokenizer-json.ts';
import type { ExportManifest } from '../../src/web/manifest.ts';
import { loadExportTokenizer } from '../../src/web/tokenizer.ts';
import { TRICKY } from '../tokenize/tricky-strings.ts';
import { BASE, fileFetch } from './file-fetch.ts';

const root = mkdtempSync(join(tmpdir(), 'bertcnn-web-tok-'));
after(() => rmSync(root, { recursive: true, force: true }));

const TEXTS = [
  ...Object.values(TRICKY),
  'a [SEP] typed [CLS] in [MASK] the text',
  'colons: 10:30, :00 and ☺ smileys :)',
  'tabs\tand\nnewlines\r\nand\u00a0no-break\u2003spaces',
  `${'a long review that keeps going and going, '.repeat(20)}the end`,
];

function folder(name: string, files: Record<string, string | object>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    writeFileSync(join(dir, file), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

const manifest = (kind: 'wordpiece' | 'use-lite', files: string[], maxLength: number) =>
  ({ maxLength, tokenizer: { kind, files } }) as ExportManifest;

const rows = (e: Pick<BatchEncoding, 'inputIds' | 'attentionMask' | 'tokenTypeIds'>) => ({
  ids: e.inputIds.map((r) => [...r]),
  mask: e.attentionMask.map((r) => [...r]),
  types: e.tokenTypeIds.map((r) => [...r]),
});

test('WordPiece from vocab.txt + tokenizer_config.json (a BERT export): same ids, masks and types as Node', async () => {
  const dir = folder('vocab', { 'tokenizer_config.json': { do_lower_case: true, model_max_length: 512 } });
  await writeBertBaseUncasedVocab(dir);
  const node = loadWordPieceTokenizer(dir);
  for (const maxLength of [12, 128]) {
    const seen: string[] = [];
    const web = await loadExportTokenizer(
      `${BASE}vocab/`,
      manifest('wordpiece', ['vocab.txt', 'tokenizer_config.json'], maxLength),
      fileFetch(root, seen),
    );
    assert.equal(web.kind, 'wordpiece');
    assert.equal(web.vocabSize, node.vocabSize);
    assert.deepEqual(seen.sort(), [`${BASE}vocab/tokenizer_config.json`, `${BASE}vocab/vocab.txt`]);
    assert.deepEqual(rows(web.encode(TEXTS)), rows(node.encodeBatch(TEXTS, { maxLength })), `maxLength ${maxLength}`);
    for (const t of TEXTS)
      assert.deepEqual(rows(web.encode([t])), rows(node.encodeBatch([t], { maxLength })), JSON.stringify(t));
  }
});

test('WordPiece from tokenizer.json with a cased config and special_tokens_map.json: same ids as Node', async () => {
  const lines = loadBertBaseUncasedVocab();
  const files = {
    'tokenizer.json': buildBertTokenizerJson(lines),
    'tokenizer_config.json': { do_lower_case: false, strip_accents: false },
    'special_tokens_map.json': { unk_token: '[UNK]', sep_token: '[SEP]', cls_token: '[CLS]', pad_token: '[PAD]' },
  };
  const dir = folder('json', files);
  writeFileSync(join(dir, 'vocab.txt'), 'not used: tokenizer.json wins\n');
  const node = loadWordPieceTokenizer(dir);
  const web = await loadExportTokenizer(`${BASE}json/`, manifest('wordpiece', Object.keys(files), 64), fileFetch(root));
  assert.deepEqual(rows(web.encode(TEXTS)), rows(node.encodeBatch(TEXTS, { maxLength: 64 })));
  assert.notDeepEqual(
    rows(web.encode(['Café'])).ids,
    rows(loadWordPieceTokenizer(folder('uncased', { 'tokenizer.json': files['tokenizer.json'] })).encodeBatch(['Café']))
      .ids,
    'the cased config applies',
  );
});

test('USE-lite from an export vocab.json: same ids as the package tokenizer (null scores read as 0)', async () => {
  const dir = join(root, 'use-lite');
  mkdirSync(dir);
  cpSync(join(packageDir(), 'vocab.json'), join(dir, 'vocab.json'));
  const node = new UseLiteTokenizer(readVocab(join(dir, 'vocab.json')), 128);
  for (const maxLength of [8, 128]) {
    const web = await loadExportTokenizer(
      `${BASE}use-lite/`,
      manifest('use-lite', ['vocab.json'], maxLength),
      fileFetch(root),
    );
    assert.equal(web.kind, 'use-lite');
    assert.deepEqual(rows(web.encode(TEXTS)), rows(node.encodeBatch(TEXTS, { maxLength })), `maxLength ${maxLength}`);
    for (const t of TEXTS)
      assert.deepEqual(rows(web.encode([t])), rows(node.encodeBatch([t], { maxLength })), JSON.stringify(t));
  }
});

test('missing or bad tokenizer files fail naming their URL', async () => {
  await assert.rejects(
    loadExportTokenizer(`${BASE}vocab/`, manifest('wordpiece', ['vocab.txt', 'tokenizer.json'], 8), fileFetch(root)),
    (e: Error) => e instanceof DataError && e.message === `${BASE}vocab/tokenizer.json: HTTP 404 Not Found`,
  );
  await assert.rejects(
    loadExportTokenizer(`${BASE}vocab/`, manifest('wordpiece', ['tokenizer_config.json'], 8), fileFetch(root)),
    (e: Error) => e instanceof DataError && /vocab\/: no tokenizer\.json or vocab\.txt/.test(e.message),
  );
  folder('bad-use-lite', { 'vocab.json': [['a', 1]] });
  await assert.rejects(
    loadExportTokenizer(`${BASE}bad-use-lite/`, manifest('use-lite', ['vocab.json'], 8), fileFetch(root)),
    (e: Error) =>
      e instanceof DataError && e.message.startsWith(`${BASE}bad-use-lite/vocab.json: is not a SentencePiece`),
  );
});
