// Requests to `bertcnn serve` (the fastify app over the shared run, limits: 4 texts, 1000 characters per text,
// 64 KiB bodies): every refusal has one body shape {"error": {"code", "message"}} — also Node's own 400/431 —
// wrong content types get 415, limits are named with their flag, unknown routes 404, wrong methods 405.
import { gzipSync } from 'node:zlib';
import type { InjectOptions } from 'fastify';
import type { RobustCase } from '../types.ts';

const req = (name: string, input: string, http: InjectOptions, status: number, message: RegExp): RobustCase => ({
  kind: 'http',
  name,
  input,
  make: () => ({ http }),
  expect: { status, message },
});

const raw = (name: string, input: string, bytes: string, status: number, message: RegExp): RobustCase => ({
  kind: 'http',
  name,
  input,
  make: () => ({ raw: bytes }),
  expect: { status, message },
});

const post = (payload: string | object, contentType = 'application/json'): InjectOptions => ({
  method: 'POST',
  url: '/v1/predict',
  payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  headers: { 'content-type': contentType },
});

const INVALID = /^invalid_request: /;

export const HTTP_CASES: RobustCase[] = [
  req(
    'text/plain body',
    'Content-Type: text/plain',
    post('{"texts": ["a"]}', 'text/plain'),
    415,
    /^unsupported_media_type: .*application\/json/,
  ),
  req(
    'form body',
    'application/x-www-form-urlencoded',
    post('texts=a', 'application/x-www-form-urlencoded'),
    415,
    /^unsupported_media_type: /,
  ),
  req(
    'XML body',
    'application/xml',
    post('<texts><t>a</t></texts>', 'application/xml'),
    415,
    /^unsupported_media_type: /,
  ),
  req(
    'no content type',
    'a body without Content-Type',
    { method: 'POST', url: '/v1/predict', payload: '{"texts": ["a"]}' },
    415,
    /^unsupported_media_type: /,
  ),
  req(
    'multipart body',
    'multipart/form-data',
    post('--x\r\n\r\na\r\n--x--', 'multipart/form-data; boundary=x'),
    415,
    /^unsupported_media_type: /,
  ),
  req(
    'GET on predict',
    'GET /v1/predict',
    { method: 'GET', url: '/v1/predict' },
    405,
    /^method_not_allowed: GET is not allowed on \/v1\/predict; use POST/,
  ),
  req(
    'PUT on predict',
    'PUT /v1/predict',
    { method: 'PUT', url: '/v1/predict', payload: { texts: ['a'] } },
    405,
    /^method_not_allowed: PUT is not allowed on \/v1\/predict/,
  ),
  req(
    'DELETE on health',
    'DELETE /health',
    { method: 'DELETE', url: '/health' },
    405,
    /^method_not_allowed: DELETE is not allowed on \/health/,
  ),
  req(
    'POST on model',
    'POST /v1/model',
    { method: 'POST', url: '/v1/model', payload: {} },
    405,
    /^method_not_allowed: POST is not allowed on \/v1\/model/,
  ),
  req('unknown route', 'GET /v2/predict', { method: 'GET', url: '/v2/predict' }, 404, /^not_found: /),
  req('path traversal', 'GET /../../etc/passwd', { method: 'GET', url: '/../../etc/passwd' }, 404, /^not_found: /),
  req('invalid JSON', '{"texts": [', post('{"texts": ['), 400, INVALID),
  req('empty body', 'Content-Length: 0 with application/json', post(''), 400, INVALID),
  req(
    'body an array',
    '["a", "b"]',
    post(['a', 'b']),
    400,
    /^invalid_request: body must be a JSON object like \{"texts": \["…"\]\}, got an array/,
  ),
  req('body a string', '"a"', post('"a"'), 400, /^invalid_request: body must be a JSON object .*got a string/),
  req('body null', 'null', post('null'), 400, /^invalid_request: body must be a JSON object .*got null/),
  req('body a number', '42', post('42'), 400, /^invalid_request: body must be a JSON object .*got number 42/),
  req(
    'texts not an array',
    '{"texts": "a"}',
    post({ texts: 'a' }),
    400,
    /^invalid_request: texts must be an array of strings, got a string/,
  ),
  req(
    'a text not a string',
    '{"texts": ["a", 5]}',
    post({ texts: ['a', 5] }),
    400,
    /^invalid_request: texts\[1\] must be a string, got number 5/,
  ),
  req(
    'a text null',
    '{"texts": [null]}',
    post({ texts: [null] }),
    400,
    /^invalid_request: texts\[0\] must be a string, got null/,
  ),
  req(
    'a text an object',
    '{"texts": [{"text": "a"}]}',
    post({ texts: [{ text: 'a' }] }),
    400,
    /^invalid_request: texts\[0\] must be a string, got an object/,
  ),
  req(
    'text not a string',
    '{"text": ["a"]}',
    post({ text: ['a'] }),
    400,
    /^invalid_request: text must be a string, got an array/,
  ),
  req(
    'unknown field',
    '{"txt": "a"}',
    post({ txt: 'a' }),
    400,
    /^invalid_request: unknown field 'txt' \(expected 'texts' or 'text'\)/,
  ),
  req(
    'both text and texts',
    '{"text": "a", "texts": ["b"]}',
    post({ text: 'a', texts: ['b'] }),
    400,
    /^invalid_request: give either 'text' or 'texts', not both/,
  ),
  req(
    'neither text nor texts',
    '{}',
    post({}),
    400,
    /^invalid_request: body needs 'texts' \(an array of strings\) or 'text' \(a string\)/,
  ),
  req('prototype pollution', '{"__proto__": {"texts": ["a"]}}', post('{"__proto__": {"texts": ["a"]}}'), 400, INVALID),
  req(
    'constructor pollution',
    '{"constructor": {"prototype": {}}}',
    post('{"constructor": {"prototype": {"x": 1}}, "texts": ["a"]}'),
    400,
    INVALID,
  ),
  req(
    'too many texts',
    '5 texts, --max-texts 4',
    post({ texts: ['a', 'b', 'c', 'd', 'e'] }),
    400,
    /^invalid_request: texts holds 5 texts; at most 4 per request \(--max-texts\)/,
  ),
  req(
    'text too long',
    'a 1001-character text, --max-text-chars 1000',
    post({ texts: ['a', 'x'.repeat(1001)] }),
    413,
    /^text_too_long: texts\[1\] has 1001 characters; at most 1000 per text \(--max-text-chars\)/,
  ),
  req(
    'single text too long',
    '{"text": 1001 characters}',
    post({ text: 'x'.repeat(1001) }),
    413,
    /^text_too_long: text has 1001 characters; at most 1000 per text \(--max-text-chars\)/,
  ),
  req(
    'body over the limit',
    'a 100 kB body, --body-limit 64 KiB',
    post({ texts: ['x'.repeat(100_000)] }),
    413,
    /^body_too_large: .*65536/,
  ),
  req(
    'deeply nested JSON',
    '{"texts": [[[[…100,000 deep',
    post(`{"texts": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`),
    400,
    INVALID,
  ),
  req(
    'invalid UTF-8 body',
    'bytes FF FE inside a JSON string',
    {
      method: 'POST',
      url: '/v1/predict',
      payload: Buffer.concat([Buffer.from('{"texts": ["a'), Buffer.from([0xff, 0xfe]), Buffer.from('"]}')]),
      headers: { 'content-type': 'application/json' },
    },
    400,
    /^invalid_request: body is not valid UTF-8/,
  ),
  req(
    'gzip body',
    'Content-Encoding: gzip, a gzipped JSON body',
    {
      method: 'POST',
      url: '/v1/predict',
      payload: gzipSync('{"texts": ["a"]}'),
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    },
    415,
    /^unsupported_media_type: Content-Encoding 'gzip' is not supported; send the JSON body uncompressed/,
  ),
  raw(
    'header too large',
    'a 20 kB header line',
    `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    431,
    /^headers_too_large: request header fields are too large/,
  ),
  raw('malformed request line', 'GARBAGE\\r\\n\\r\\n', 'GARBAGE\r\n\r\n', 400, /^bad_request: /),
  raw(
    'bad Content-Length',
    'Content-Length: abc',
    'POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}',
    400,
    /^bad_request: /,
  ),
  raw(
    'Content-Length and chunked',
    'both framing headers (request smuggling)',
    'POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    400,
    /^bad_request: /,
  ),
  {
    ...raw(
      'body shorter than Content-Length',
      'Content-Length: 100, 16 bytes sent, then the client waits',
      'POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"texts": ["a"]}',
      408,
      /^request_timeout: /,
    ),
    knownIssue:
      'no reply: the connection stays open (fastify requestTimeout is 0 = off by default, and Node checks request timeouts only every 30 s); a slow client can hold a socket indefinitely',
  },
];
