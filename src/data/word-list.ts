// vocab.json of a model over word ids ({"words": [...]} in row order), read back with errors naming the file:
// the Kim preset's runs and the NER taggers over word ids both write it; each then checks its own special rows.
import { readFile } from 'node:fs/promises';
import { DataError } from '../errors.ts';

/** The `words` array of a vocab.json (row order). */
export async function readWordList(path: string): Promise<string[]> {
  let raw: { words?: unknown };
  try {
    raw = JSON.parse(await readFile(path, 'utf8')) as { words?: unknown };
  } catch (e) {
    throw new DataError(path, `cannot read: ${(e as Error).message}`);
  }
  const ws = raw.words;
  if (!Array.isArray(ws) || !ws.every((w) => typeof w === 'string'))
    throw new DataError(path, 'field "words": expected an array of strings');
  return ws as string[];
}
