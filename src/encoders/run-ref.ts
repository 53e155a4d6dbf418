// The encoder reference a run folder stores (config.json encoder.ref) and how it is found again, so a run trained
// in one folder predicts from any other (#16: frozen runs stored the path as typed, relative to where training ran).
//   storedEncoderRef('models/tiny')         → '/home/me/project/models/tiny'  (an existing local folder: absolute)
//   storedEncoderRef('bert-base-uncased@v2') → 'bert-base-uncased@v2'          (a Hub id, with its revision if given)
//   locateEncoderRef('models/tiny', 'runs/a') → runs/a/models/tiny if that exists, else models/tiny from the cwd;
//                                               neither → DataError naming both paths tried (runs written before
//                                               refs were stored absolute)
// A relative ref that is a valid Hub id and exists in neither place is taken as the Hub id it spells.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { DataError } from '../errors.ts';
import { parseModelRef } from '../io/hub.ts';
import { USE_LITE_ID } from './use-lite/load.ts';

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

/** The reference to write into a run folder: an existing local folder as an absolute path, anything else unchanged. */
export function storedEncoderRef(ref: string): string {
  if (ref === USE_LITE_ID || ref === '') return ref;
  return isDir(ref) ? resolve(ref) : ref;
}

function isHubId(ref: string): boolean {
  try {
    parseModelRef(ref);
    return true;
  } catch {
    return false;
  }
}

/** Where a run folder's stored encoder ref points: absolute paths and Hub ids as they are, a relative path
 *  against the run folder first, then the current directory. */
export function locateEncoderRef(ref: string, runDir: string): string {
  if (ref === USE_LITE_ID || ref === '' || isAbsolute(ref)) return ref;
  const inRun = resolve(runDir, ref);
  if (isDir(inRun)) return inRun;
  if (isDir(ref)) return resolve(ref);
  if (isHubId(ref)) return ref;
  throw new DataError(
    join(runDir, 'config.json'),
    `encoder.ref '${ref}' is a relative path found neither beside the run (${inRun}) nor from the current directory (${resolve(ref)}); run from the folder training ran in, or set encoder.ref to the model folder's absolute path`,
  );
}
