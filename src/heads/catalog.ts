// What every head is and takes, read from the registries themselves (./kinds.ts, ./taggers/index.ts) so that
// `bertcnn heads` and docs/heads.md can never drift from the code: for each head its task, a one-line summary,
// its input and output shapes, and every option — kebab-case name, type, default and meaning — where the type and
// default come from the option's zod schema (via zod's JSON Schema export) and the meaning from its description.
import { z } from 'zod';
import type { HeadInput } from './head.ts';
import { HEAD_INFO, HEAD_KINDS, SETTINGS } from './kinds.ts';
import { kebabKey } from './options.ts';
import { TAGGER_INFO, TAGGER_KINDS, TAGGER_SETTINGS } from './taggers/index.ts';

export interface OptionInfo {
  /** As the CLI spells it: `batch-norm`. */
  name: string;
  /** e.g. `integer ≥ 1`, `number in [0, 1)`, `relu|tanh`, `list of integers ≥ 1`. */
  type: string;
  default: unknown;
  description: string;
}

export interface HeadCatalogEntry {
  name: string;
  task: 'classification' | 'ner';
  summary: string;
  input: string;
  output: string;
  options: OptionInfo[];
}

const INPUTS: Record<HeadInput, string> = {
  tokens: 'token features [B, T, H] + mask [B, T]',
  pooled: 'pooled sentence vector [B, H] (--pooling cls|pooler|mean)',
  ids: 'token ids [B, T] + mask [B, T] (the encoder only tokenizes)',
};

interface JsonSchema {
  type?: string;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
  description?: string;
}

const BIG = Number.MAX_SAFE_INTEGER;

/** A JSON Schema (as zod exports it) as a short type a user reads. */
function typeText(s: JsonSchema, plural = false): string {
  if (s.anyOf) return s.anyOf.map((t) => typeText(t)).join(' or ');
  if (s.enum) return s.enum.map(String).join('|');
  if (s.type === 'array') return `list of ${s.items ? typeText(s.items, true) : 'values'}`;
  if (s.type === 'object')
    return `{${Object.keys(s.properties ?? {})
      .map(kebabKey)
      .join(', ')}}`;
  if (s.type === 'boolean') return 'true|false';
  if (s.type === 'string') return `text${plural ? 's' : ''}`;
  const noun = `${s.type === 'integer' ? 'integer' : 'number'}${plural ? 's' : ''}`;
  const lo = s.minimum !== undefined && s.minimum > -BIG ? s.minimum : undefined;
  const hi = s.maximum !== undefined && s.maximum < BIG ? s.maximum : undefined;
  if (lo !== undefined && (hi !== undefined || s.exclusiveMaximum !== undefined))
    return `${noun} in [${lo}, ${hi ?? s.exclusiveMaximum}${hi !== undefined ? ']' : ')'}`;
  if (lo !== undefined) return `${noun} ≥ ${lo}`;
  if (s.exclusiveMinimum !== undefined) return `${noun} > ${s.exclusiveMinimum}`;
  return noun;
}

function optionsOf(shape: z.ZodRawShape): OptionInfo[] {
  const json = z.toJSONSchema(z.object(shape), { io: 'input' }) as JsonSchema;
  return Object.entries(json.properties ?? {}).map(([key, s]) => ({
    name: kebabKey(key),
    type: typeText(s),
    default: s.default,
    description: s.description ?? '',
  }));
}

/** Every classification head, then every NER tagger, with its options. */
export function headCatalog(): HeadCatalogEntry[] {
  const heads = HEAD_KINDS.map((k): HeadCatalogEntry => ({
    name: k,
    task: 'classification',
    summary: HEAD_INFO[k].summary,
    input: INPUTS[HEAD_INFO[k].input],
    output: 'logits [B, C]',
    options: optionsOf(SETTINGS[k]),
  }));
  const taggers = TAGGER_KINDS.map((k): HeadCatalogEntry => ({
    name: k,
    task: 'ner',
    summary: TAGGER_INFO[k].summary,
    input: 'sub-token features [B, T, H] + mask [B, T]',
    output: 'tag scores [B, T, L] per sub-token (+ CRF with crf=true)',
    options: optionsOf(TAGGER_SETTINGS[k]),
  }));
  return [...heads, ...taggers];
}

/** A default as a user would type it: `3,4,5`, `none` for an empty list, `2`, `relu`. */
export function defaultText(v: unknown): string {
  if (Array.isArray(v)) return v.length ? v.map((x) => JSON.stringify(x)).join(',') : 'none';
  return v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
}
