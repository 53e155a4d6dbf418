// Reads the bertcnn-export.json of NER and kim2014 exports (src/export/kind-manifests.ts) in the browser, checking
// the fields the web tagger / Kim classifier rely on; errors name the URL and the field:
//   common     format "bertcnn-export", version 1, kind, model: a file name, labels: non-empty strings,
//              inputs among input_ids / attention_mask / token_type_ids, tokenizer.files: file names
//   ner        task "ner"; scheme BIO | IOB1 | BIOES; decoding argmax | crf, crf: start [L], end [L],
//              transitions [L·L] numbers; maxLength ≥ 1; tokenizer.kind wordpiece | use-lite | words (a tagger
//              over word ids: vocab.json listed, inputs exactly input_ids, attention_mask, "words" ids 0 / 1)
//   kim2014    clean_str default | sst | keep-case; level word | wordpiece; left, right ≥ 0; tokenizer.kind words
//              (vocab.json listed) | wordpiece
//   exportKind(value) → 'classification' (also when "kind" is absent: older exports) | 'ner' | 'kim2014'
import { DataError } from '../errors.ts';
import type { KimExportManifest, TaggerExportManifest } from '../export/kind-manifests.ts';
import { INPUT_NAMES } from './manifest.ts';

export type { KimExportManifest, TaggerExportManifest } from '../export/kind-manifests.ts';

const FILE_NAME = /^[\w][\w.-]*$/;
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const numbers = (v: unknown, n: number) =>
  Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number' || x === null);

export function exportKind(value: unknown, url: string): 'classification' | 'ner' | 'kim2014' {
  if (!isObject(value)) throw new DataError(url, 'expected a JSON object (bertcnn-export.json)');
  const k = value.kind ?? 'classification';
  if (k !== 'classification' && k !== 'ner' && k !== 'kim2014')
    throw new DataError(url, `field "kind" must be classification | ner | kim2014, got ${JSON.stringify(k)}`);
  return k;
}

function checkCommon(value: unknown, url: string, kind: string, tokenizers: string[]): Record<string, unknown> {
  const bad = (field: string, want: string, got: unknown): never => {
    throw new DataError(url, `field "${field}" must be ${want}, got ${JSON.stringify(got)}`);
  };
  if (!isObject(value)) throw new DataError(url, 'expected a JSON object (bertcnn-export.json)');
  const m = value;
  if (m.format !== 'bertcnn-export') bad('format', '"bertcnn-export" (written by bertcnn export)', m.format);
  if (m.version !== 1) bad('version', '1 (a newer bertcnn wrote this export)', m.version);
  if (m.kind !== kind) bad('kind', `"${kind}"`, m.kind ?? 'classification');
  if (typeof m.model !== 'string' || !FILE_NAME.test(m.model)) bad('model', 'a file name', m.model);
  const labels = m.labels;
  if (!Array.isArray(labels) || labels.length === 0 || !labels.every((l) => typeof l === 'string'))
    bad('labels', 'a non-empty list of strings', labels);
  const inputs = m.inputs;
  if (
    !Array.isArray(inputs) ||
    inputs.length === 0 ||
    !inputs.every((i) => isObject(i) && (INPUT_NAMES as readonly unknown[]).includes(i.name))
  )
    bad('inputs', `a list of {"name"} among ${INPUT_NAMES.join(', ')}`, inputs);
  const tok = m.tokenizer;
  if (!isObject(tok) || typeof tok.kind !== 'string' || !tokenizers.includes(tok.kind))
    bad('tokenizer.kind', tokenizers.join(' | '), isObject(tok) ? tok.kind : tok);
  const files = (tok as Record<string, unknown>).files;
  if (!Array.isArray(files) || !files.every((f) => typeof f === 'string' && FILE_NAME.test(f)))
    bad('tokenizer.files', 'a list of file names', files);
  return m;
}

export function parseTaggerManifest(value: unknown, url: string): TaggerExportManifest {
  const m = checkCommon(value, url, 'ner', ['wordpiece', 'use-lite', 'words']);
  const bad = (field: string, want: string, got: unknown): never => {
    throw new DataError(url, `field "${field}" must be ${want}, got ${JSON.stringify(got)}`);
  };
  const L = (m.labels as string[]).length;
  if (m.task !== 'ner') bad('task', '"ner"', m.task);
  if (!['BIO', 'IOB1', 'BIOES'].includes(m.scheme as string)) bad('scheme', 'BIO | IOB1 | BIOES', m.scheme);
  if (m.decoding !== 'argmax' && m.decoding !== 'crf') bad('decoding', 'argmax | crf', m.decoding);
  if (m.decoding === 'crf') {
    const c = m.crf;
    if (!isObject(c) || !numbers(c.start, L) || !numbers(c.end, L) || !numbers(c.transitions, L * L))
      bad('crf', `{ start: ${L} numbers, end: ${L} numbers, transitions: ${L * L} numbers }`, c);
  }
  if (!Number.isInteger(m.maxLength) || (m.maxLength as number) < 1) bad('maxLength', 'an integer ≥ 1', m.maxLength);
  const tok = m.tokenizer as { kind: string; files: string[] };
  if (tok.kind === 'words') {
    if (!tok.files.includes('vocab.json')) bad('tokenizer.files', 'a list holding vocab.json', tok.files);
    const names = (m.inputs as { name: string }[]).map((i) => i.name).join(', ');
    if (names !== 'input_ids, attention_mask') bad('inputs', 'input_ids, attention_mask (word ids)', names);
    const w = m.words;
    if (!isObject(w) || w.padId !== 0 || w.unknownId !== 1 || w.caseSensitive !== true)
      bad('words', '{ padId: 0, unknownId: 1, caseSensitive: true }', w);
  }
  return m as unknown as TaggerExportManifest;
}

export function parseKimManifest(value: unknown, url: string): KimExportManifest {
  const m = checkCommon(value, url, 'kim2014', ['words', 'wordpiece']);
  const bad = (field: string, want: string, got: unknown): never => {
    throw new DataError(url, `field "${field}" must be ${want}, got ${JSON.stringify(got)}`);
  };
  const k = m.kim;
  if (!isObject(k)) return bad('kim', 'an object', k);
  if (!['default', 'sst', 'keep-case'].includes(k.clean_str as string))
    bad('kim.clean_str', 'default | sst | keep-case', k.clean_str);
  if (k.level !== 'word' && k.level !== 'wordpiece') bad('kim.level', 'word | wordpiece', k.level);
  for (const f of ['left', 'right'])
    if (!Number.isInteger(k[f]) || (k[f] as number) < 0) bad(`kim.${f}`, 'an integer ≥ 0', k[f]);
  const tok = m.tokenizer as { kind: string; files: string[] };
  if (tok.kind === 'words' && !tok.files.includes('vocab.json'))
    bad('tokenizer.files', 'a list holding vocab.json', tok.files);
  return m as unknown as KimExportManifest;
}
