import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/index.ts';
import { birth, startStack, type Stack } from './stack.ts';

type Case = {
  name: string;
  status: number;
  code: string;
  /** Expected issue code (and path) inside errors[], when the problem is in the registration itself. */
  issue?: { code: string; path?: string };
  send: (stack: Stack, keys: { readOnly: string }) => Promise<{ status: number; body: any }>;
};

const post = (body: unknown, headers?: Record<string, string>) => (s: Stack) =>
  s.api('POST', '/v1/registrations', body, headers);
const withFields = (fields: Record<string, unknown>) => post(birth({}, fields));
const raw = (init: RequestInit) => async (s: Stack) => {
  const res = await fetch(`${s.bridge.url}/v1/registrations`, {
    method: 'POST',
    ...init,
    headers: { authorization: `Bearer ${s.key}`, ...(init.headers as Record<string, string>) },
  });
  return { status: res.status, body: await res.json() };
};
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const CASES: Case[] = [
  {
    name: 'missing mandatory field (gender)',
    status: 400,
    code: 'VALIDATION_FAILED',
    issue: { code: 'REQUIRED', path: 'fields.gender' },
    send: (s) => {
      const b = birth();
      delete (b.fields as Record<string, unknown>).gender;
      return post(b)(s);
    },
  },
  {
    name: 'impossible date',
    status: 400,
    code: 'VALIDATION_FAILED',
    issue: { code: 'INVALID_DATE', path: 'fields.dateOfBirth' },
    send: withFields({ dateOfBirth: '2023-02-30' }),
  },
  {
    name: 'date in MOSIP format instead of ISO',
    status: 400,
    code: 'VALIDATION_FAILED',
    issue: { code: 'INVALID_DATE', path: 'fields.dateOfBirth' },
    send: withFields({ dateOfBirth: '2023/02/01' }),
  },
  {
    name: 'date of birth in the future',
    status: 400,
    code: 'VALIDATION_FAILED',
    issue: { code: 'INVALID_DATE', path: 'fields.dateOfBirth' },
    send: withFields({ dateOfBirth: isoDay(Date.now() + 10 * 86_400_000) }),
  },
  {
    name: 'unknown field',
    status: 400,
    code: 'VALIDATION_FAILED',
    issue: { code: 'UNKNOWN_FIELD', path: 'fields.favouriteColour' },
    send: withFields({ favouriteColour: 'blue' }),
  },
  {
    name: 'unknown language',
    status: 400,
    code: 'VALIDATION_FAILED',
    issue: { code: 'UNKNOWN_LANGUAGE' },
    send: withFields({ fullName: { xyz: 'Some Name' } }),
  },
  {
    name: 'wrong type (number for a name)',
    status: 400,
    code: 'VALIDATION_FAILED',
    issue: { code: 'INVALID_TYPE', path: 'fields.fullName' },
    send: withFields({ fullName: 12 }),
  },
  {
    name: 'empty name',
    status: 400,
    code: 'VALIDATION_FAILED',
    issue: { code: 'EMPTY_VALUE' },
    send: withFields({ fullName: '' }),
  },
  {
    name: 'postal code not matching the schema validator',
    status: 400,
    code: 'VALIDATION_FAILED',
    issue: { code: 'PATTERN_MISMATCH', path: 'fields.postalCode' },
    send: withFields({ postalCode: '12' }),
  },
  {
    name: 'IDSchemaVersion sent by the CRVS',
    status: 400,
    code: 'VALIDATION_FAILED',
    issue: { code: 'NOT_ALLOWED', path: 'fields.IDSchemaVersion' },
    send: withFields({ IDSchemaVersion: 0.1 }),
  },
  {
    name: 'biometrics field',
    status: 400,
    code: 'VALIDATION_FAILED',
    issue: { code: 'NOT_SUPPORTED', path: 'fields.individualBiometrics' },
    send: withFields({ individualBiometrics: 'abc' }),
  },
  {
    name: 'birth carrying a UIN',
    status: 400,
    code: 'VALIDATION_FAILED',
    issue: { code: 'NOT_ALLOWED', path: 'fields.UIN' },
    send: withFields({ UIN: '2345678901' }),
  },
  {
    name: 'death without UIN',
    status: 400,
    code: 'VALIDATION_FAILED',
    issue: { code: 'REQUIRED', path: 'fields.UIN' },
    send: post({ requestId: 'd-no-uin', type: 'death', fields: { deceasedDeclarationDate: '2024-01-01' } }),
  },
  {
    name: 'update with nothing to change',
    status: 400,
    code: 'VALIDATION_FAILED',
    issue: { code: 'REQUIRED' },
    send: post({ requestId: 'u-nothing', type: 'update', fields: { UIN: '2345678901' } }),
  },
  {
    name: 'field sent twice (fields and rawFields)',
    status: 400,
    code: 'VALIDATION_FAILED',
    issue: { code: 'DUPLICATE_FIELD' },
    send: post({ ...birth(), rawFields: { gender: '[{"language":"eng","value":"Male"}]' } }),
  },
  {
    name: 'missing requestId',
    status: 400,
    code: 'VALIDATION_FAILED',
    send: (s) => {
      const b: Record<string, unknown> = birth();
      delete b.requestId;
      return post(b)(s);
    },
  },
  {
    name: 'requestId with spaces',
    status: 400,
    code: 'VALIDATION_FAILED',
    send: post(birth({ requestId: 'has spaces' })),
  },
  {
    name: 'unknown registration type',
    status: 400,
    code: 'VALIDATION_FAILED',
    send: post(birth({ type: 'marriage' })),
  },
  {
    name: 'unknown top-level key',
    status: 400,
    code: 'VALIDATION_FAILED',
    send: post(birth({ extra: true })),
  },
  { name: 'fields as an array', status: 400, code: 'VALIDATION_FAILED', send: post(birth({ fields: [] })) },
  { name: 'body is a JSON array', status: 400, code: 'VALIDATION_FAILED', send: post([1, 2]) },
  {
    name: 'empty body',
    status: 400,
    code: 'EMPTY_BODY',
    send: raw({ headers: { 'content-type': 'application/json' } }),
  },
  {
    name: 'malformed JSON',
    status: 400,
    code: 'MALFORMED_JSON',
    send: raw({ headers: { 'content-type': 'application/json' }, body: '{"requestId": ' }),
  },
  {
    name: 'wrong content type',
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    send: raw({ headers: { 'content-type': 'text/plain' }, body: 'hello' }),
  },
  {
    name: 'oversized body',
    status: 413,
    code: 'BODY_TOO_LARGE',
    send: withFields({ addressLine3: 'x'.repeat(70_000) }),
  },
  {
    name: 'missing Authorization',
    status: 401,
    code: 'UNAUTHORIZED',
    send: async (s) => {
      const res = await fetch(`${s.bridge.url}/v1/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(birth()),
      });
      return { status: res.status, body: await res.json() };
    },
  },
  {
    name: 'unknown API key',
    status: 401,
    code: 'INVALID_CREDENTIALS',
    send: post(birth(), { authorization: `Bearer cmk_aaaaaaaaaaaa_${'A'.repeat(43)}` }),
  },
  {
    name: 'a JWT when no JWKS is configured',
    status: 401,
    code: 'INVALID_CREDENTIALS',
    send: post(birth(), { authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln' }),
  },
  {
    name: 'key without the submit scope',
    status: 403,
    code: 'FORBIDDEN_SCOPE',
    send: (s, keys) => post(birth(), { authorization: `Bearer ${keys.readOnly}` })(s),
  },
];

describe('bad requests are refused with a stable code and store nothing', () => {
  let stack: Stack;
  let readOnly: string;
  beforeAll(async () => {
    stack = await startStack({ bridge: { BODY_LIMIT_BYTES: 65_536 } });
    readOnly = (await createApiKey(stack.config.databaseUrl, { name: 'reader', scopes: ['read'] })).key;
  });
  afterAll(async () => stack.close());

  it('has at least 25 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(25));

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const res = await c.send(stack, { readOnly });
    expect(res.status).toBe(c.status);
    expect(res.body.code).toBe(c.code);
    expect(typeof res.body.message).toBe('string');
    if (c.issue) {
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ code: c.issue.code, ...(c.issue.path ? { path: c.issue.path } : {}) }),
        ]),
      );
    }
  });

  it('names every problem of a request at once', async () => {
    const res = await stack.api(
      'POST',
      '/v1/registrations',
      birth(
        {},
        { dateOfBirth: '2023-13-01', favouriteColour: 'red', fullName: { xyz: 'A B' }, postalCode: '1' },
      ),
    );
    expect(res.status).toBe(400);
    const codes = (res.body.errors as { code: string }[]).map((e) => e.code);
    expect(codes).toEqual(
      expect.arrayContaining(['INVALID_DATE', 'UNKNOWN_FIELD', 'UNKNOWN_LANGUAGE', 'PATTERN_MISMATCH']),
    );
  });

  it('stored nothing and sent nothing to MOSIP', async () => {
    const list = await stack.api('GET', '/v1/registrations');
    expect(list.body.items).toEqual([]);
    expect(stack.sandbox.ctx.store.count('registration')).toBe(0);
  });
});
