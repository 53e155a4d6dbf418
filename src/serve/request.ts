// Validation of POST /v1/predict bodies with zod: {"texts": string[]} or {"text": string}. Problems become one
// message naming the field, e.g. `texts[3] must be a string` or `unknown field 'txt'`, for a 400 reply.
// Empty strings are valid texts; the number of texts per request is capped (`maxTexts` → 400 invalid_request) and
// so is each text's length (`maxTextChars` → 413 text_too_long); both messages state the limit and its flag.
import { z } from 'zod';

const Body = z.strictObject({
  texts: z.array(z.string()).optional(),
  text: z.string().optional(),
});

export type ParsedRequest =
  { ok: true; texts: string[] } | { ok: false; status: 400 | 413; code: string; message: string };

const invalid = (message: string): ParsedRequest => ({ ok: false, status: 400, code: 'invalid_request', message });

/** `texts[3]` from ['texts', 3]. */
function fieldName(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s || 'body';
}

const article = (what: string) => (/^[aeiou]/.test(what) ? `an ${what}` : `a ${what}`);

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object'
    ? 'an object'
    : typeof value === 'string'
      ? 'a string'
      : `${typeof value} ${String(value)}`;
}

function at(body: unknown, path: readonly PropertyKey[]): unknown {
  let v = body;
  for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

function issueMessage(body: unknown, issue: z.core.$ZodIssue): string {
  const field = fieldName(issue.path);
  if (issue.code === 'invalid_type') {
    const expected = issue.expected === 'object' ? 'JSON object' : issue.expected;
    const want = issue.path.length === 1 && issue.path[0] === 'texts' ? 'an array of strings' : article(expected);
    return `${field} must be ${want}, got ${describe(at(body, issue.path))}`;
  }
  if (issue.code === 'unrecognized_keys')
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')} (expected 'texts' or 'text')`;
  return `${field}: ${issue.message}`;
}

/** The texts of a predict request, or a message for a 400 reply. */
export function parsePredictRequest(body: unknown, maxTexts: number, maxTextChars = Infinity): ParsedRequest {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body))
    return invalid(`body must be a JSON object like {"texts": ["…"]}, got ${describe(body)}`);
  const r = Body.safeParse(body);
  if (!r.success) return invalid(issueMessage(body, r.error.issues[0]!));
  const { texts, text } = r.data;
  if (texts !== undefined && text !== undefined) return invalid("give either 'text' or 'texts', not both");
  if (texts === undefined && text === undefined)
    return invalid("body needs 'texts' (an array of strings) or 'text' (a string)");
  const list = texts ?? [text!];
  if (list.length > maxTexts)
    return {
      ok: false,
      status: 400,
      code: 'invalid_request',
      message: `texts holds ${list.length} texts; at most ${maxTexts} per request (--max-texts)`,
    };
  const long = list.findIndex((t) => t.length > maxTextChars);
  if (long >= 0) {
    const field = texts === undefined ? 'text' : `texts[${long}]`;
    return {
      ok: false,
      status: 413,
      code: 'text_too_long',
      message: `${field} has ${list[long]!.length} characters; at most ${maxTextChars} per text (--max-text-chars)`,
    };
  }
  return { ok: true, texts: list };
}
