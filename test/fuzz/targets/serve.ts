// Fuzz target for the server's request schema (src/serve/request.ts): random JSON bodies against an independent
// statement of the rules — a JSON object with exactly one of "texts" (array of strings) / "text" (string), no
// other key, at most maxTexts texts (else 400) of at most maxTextChars characters each (else 413).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePredictRequest } from '../../../src/serve/request.ts';
import type { FuzzTarget } from '../target.ts';

/** The expected reply: the texts, or the status code. */
function expected(body: unknown, maxTexts: number, maxChars: number): string[] | 400 | 413 {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 400;
  const keys = Object.keys(body);
  const b = body as Record<string, unknown>;
  if (keys.some((k) => k !== 'texts' && k !== 'text') || keys.length !== 1) return 400;
  const texts = keys[0] === 'text' ? [b.text] : b.texts;
  if (!Array.isArray(texts) || (keys[0] === 'text' && typeof b.text !== 'string')) return 400;
  if (!texts.every((t) => typeof t === 'string') || texts.length > maxTexts) return 400;
  return texts.some((t: string) => t.length > maxChars) ? 413 : (texts as string[]);
}

const str = fc.string({ maxLength: 12 });
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record({
    texts: fc.array(fc.oneof({ weight: 5, arbitrary: str }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) }), {
      maxLength: 8,
    }),
  }),
  fc.record({ text: fc.oneof({ weight: 5, arbitrary: str }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) }) }),
  fc.record(
    { texts: fc.array(str, { maxLength: 3 }), text: str, extra: fc.jsonValue({ maxDepth: 1 }) },
    { requiredKeys: [] },
  ),
  fc.dictionary(
    fc.constantFrom('texts', 'text', 'txt', '__proto__', 'constructor', ''),
    fc.jsonValue({ maxDepth: 2 }),
    { maxKeys: 3 },
  ),
);

const request: FuzzTarget = {
  name: 'serve-request',
  area: 'serve',
  what: 'POST /v1/predict body schema: random JSON (parsed from its text, as the server does) is accepted with exactly the texts sent, or refused with 400 invalid_request / 413 text_too_long and a message — never a throw; the decision matches the documented rules',
  property: () =>
    fc.property(
      body,
      fc.integer({ min: 1, max: 8 }),
      fc.oneof(fc.integer({ min: 0, max: 12 }), fc.constant(Infinity)),
      (value, maxTexts, maxChars) => {
        const parsed: unknown = JSON.parse(JSON.stringify(value) ?? 'null'); // own "__proto__" keys, as on the wire
        const r = parsePredictRequest(parsed, maxTexts, maxChars);
        const want = expected(parsed, maxTexts, maxChars);
        if (r.ok) return assert.deepEqual(r.texts, want, 'accepted, but the rules say otherwise');
        assert.equal(r.status, typeof want === 'number' ? want : 'accepted', `refused with ${r.status}: ${r.message}`);
        assert.equal(r.code, r.status === 413 ? 'text_too_long' : 'invalid_request');
        assert.ok(r.message.length > 0 && !r.message.includes('undefined'), `message ${JSON.stringify(r.message)}`);
      },
    ),
};

export const SERVE_TARGETS: FuzzTarget[] = [request];
