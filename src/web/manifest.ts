// Reads bertcnn-export.json (src/export/manifest.ts writes it) in the browser and checks the fields the web
// classifier relies on, so a wrong or foreign file fails here, naming its URL and the field, not deep inside
// tokenization or ONNX Runtime (this file: classification exports, "kind" absent or "classification"; NER and
// kim2014 exports: kind-manifest.ts, which reuses checkCommon):
//   format "bertcnn-export", version 1; model: a file name; task binary | multiclass | multilabel; labels: non-empty
//   strings; thresholds?: numbers in (0, 1), one for binary, one per label for multi-label; inputs: names among
//   input_ids, attention_mask, token_type_ids; maxLength ≥ 1; tokenizer: kind wordpiece | use-lite + file names.
import { DataError } from '../errors.ts';
import type { ExportManifest } from '../export/manifest.ts';

export type { ExportManifest } from '../export/manifest.ts';

export const MANIFEST_FILE = 'bertcnn-export.json';
export const INPUT_NAMES = ['input_ids', 'attention_mask', 'token_type_ids'] as const;

const TASKS = ['binary', 'multiclass', 'multilabel'];
const TOKENIZERS = ['wordpiece', 'use-lite'];
/** A plain file name inside the export folder (no folders, no '..'). */
const FILE_NAME = /^[\w][\w.-]*$/;

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export function parseManifest(value: unknown, url: string): ExportManifest {
  const bad = (field: string, want: string, got: unknown): never => {
    throw new DataError(url, `field "${field}" must be ${want}, got ${JSON.stringify(got)}`);
  };
  if (!isObject(value)) throw new DataError(url, 'expected a JSON object (bertcnn-export.json)');
  const m = value;
  if (m.format !== 'bertcnn-export') bad('format', '"bertcnn-export" (written by bertcnn export)', m.format);
  if (m.version !== 1) bad('version', '1 (a newer bertcnn wrote this export)', m.version);
  if (m.kind !== undefined && m.kind !== 'classification') {
    const loader = m.kind === 'ner' ? 'loadTagger' : m.kind === 'kim2014' ? 'loadKimClassifier' : null;
    if (!loader) bad('kind', 'classification | ner | kim2014', m.kind);
    throw new DataError(
      url,
      `this is a ${String(m.kind)} export, not a classifier: load it with ${loader} (or loadExport)`,
    );
  }
  if (typeof m.model !== 'string' || !FILE_NAME.test(m.model)) bad('model', 'a file name', m.model);
  if (typeof m.task !== 'string' || !TASKS.includes(m.task)) bad('task', TASKS.join(' | '), m.task);
  const labels = m.labels;
  if (!Array.isArray(labels) || labels.length === 0 || !labels.every((l) => typeof l === 'string'))
    bad('labels', 'a non-empty list of strings', labels);
  const L = (labels as string[]).length;
  if (m.thresholds !== undefined) {
    const t = m.thresholds;
    const n = m.task === 'binary' ? 1 : m.task === 'multilabel' ? L : 0;
    if (!Array.isArray(t) || t.length !== n || !t.every((x) => typeof x === 'number' && x > 0 && x < 1))
      bad('thresholds', `${n} number(s) in (0, 1) for a ${String(m.task)} task`, t);
  }
  const inputs = m.inputs;
  if (
    !Array.isArray(inputs) ||
    inputs.length === 0 ||
    !inputs.every((i) => isObject(i) && (INPUT_NAMES as readonly unknown[]).includes(i.name))
  )
    bad('inputs', `a list of {"name"} among ${INPUT_NAMES.join(', ')}`, inputs);
  if (!Number.isInteger(m.maxLength) || (m.maxLength as number) < 1) bad('maxLength', 'an integer ≥ 1', m.maxLength);
  const tok = m.tokenizer;
  if (!isObject(tok) || typeof tok.kind !== 'string' || !TOKENIZERS.includes(tok.kind))
    bad('tokenizer.kind', TOKENIZERS.join(' | '), isObject(tok) ? tok.kind : tok);
  const files = (tok as Record<string, unknown>).files;
  if (!Array.isArray(files) || !files.every((f) => typeof f === 'string' && FILE_NAME.test(f)))
    bad('tokenizer.files', 'a list of file names', files);
  return value as unknown as ExportManifest;
}
