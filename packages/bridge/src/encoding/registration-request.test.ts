import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  canonicalRequestHash,
  parseRegistrationRequest,
  registrationRequestSchema,
} from './registration-request.ts';
import { birthRequest } from './test-fixtures.ts';

describe('registrationRequestSchema', () => {
  it('accepts every FieldValue form, documents, notification and officerId', () => {
    const body = {
      requestId: 'opencrvs:event-1.v2',
      type: 'birth',
      fields: {
        fullName: 'Baby Doe',
        gender: { eng: 'Female', fra: 'Féminin' },
        city: [{ language: 'eng', value: 'Capital' }],
        dateOfBirth: '2024-06-01',
        age: 0,
        declaredAsDeceased: false,
      },
      rawFields: { zone: '[{"language":"eng","value":"Zone 1"}]' },
      notification: { name: 'Jane Doe', email: 'jane@example.org', phone: '0700000000' },
      officerId: 'crvs-officer',
      documents: { proofOfIdentity: { format: 'pdf', type: 'DOC001', value: 'aGVsbG8=', refNumber: 'R-1' } },
    };
    expect(registrationRequestSchema.parse(body)).toEqual(body);
  });

  it('rejects unknown top-level keys, bad request ids and types', () => {
    for (const body of [
      { ...birthRequest(), extra: true },
      { ...birthRequest(), requestId: '' },
      { ...birthRequest(), requestId: 'has space' },
      { ...birthRequest(), requestId: 'x'.repeat(129) },
      { ...birthRequest(), type: 'marriage' },
      { requestId: 'a', type: 'birth' },
    ]) {
      expect(registrationRequestSchema.safeParse(body).success, JSON.stringify(body).slice(0, 80)).toBe(
        false,
      );
    }
  });

  it('rejects documents that are not base64 or have an odd format', () => {
    const withDocument = (document: unknown) => ({
      ...birthRequest(),
      documents: { proofOfIdentity: document },
    });
    expect(
      registrationRequestSchema.safeParse(
        withDocument({ format: 'pdf', type: 'DOC001', value: 'not base64!' }),
      ).success,
    ).toBe(false);
    expect(
      registrationRequestSchema.safeParse(withDocument({ format: '../x', type: 'DOC001', value: 'aGVsbG8=' }))
        .success,
    ).toBe(false);
  });
});

describe('parseRegistrationRequest', () => {
  it('returns the request when valid', () => {
    expect(parseRegistrationRequest(birthRequest())).toEqual({ ok: true, request: birthRequest() });
  });

  it('names every problem: unknown keys, the request id, and field values of a wrong JSON type', () => {
    const result = parseRegistrationRequest({
      requestId: 'bad id',
      type: 'birth',
      fields: { fullName: { eng: 1 }, gender: null },
      rawFields: { zone: 5 },
      extra: 1,
      other: 2,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.path, e.code])).toEqual([
      ['requestId', 'INVALID_REQUEST'],
      ['fields.fullName', 'INVALID_TYPE'],
      ['fields.gender', 'INVALID_TYPE'],
      ['rawFields.zone', 'INVALID_TYPE'],
      ['extra', 'INVALID_REQUEST'],
      ['other', 'INVALID_REQUEST'],
    ]);
  });

  it('reports a body that is not an object', () => {
    const result = parseRegistrationRequest('nope');
    expect(result.ok ? [] : result.errors).toEqual([
      expect.objectContaining({ path: '(body)', code: 'INVALID_REQUEST' }),
    ]);
  });
});

describe('canonicalRequestHash', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }, 'x'], u: undefined })).toBe(
      '{"a":[{"c":2,"d":1},"x"],"b":1}',
    );
  });

  it('is the same for the same body in any key order, different for a different body', () => {
    const request = birthRequest();
    const reordered = JSON.parse(
      JSON.stringify({ fields: { ...request.fields }, type: request.type, requestId: request.requestId }),
    ) as typeof request;
    const hash = canonicalRequestHash(request);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(canonicalRequestHash(reordered)).toBe(hash);
    expect(canonicalRequestHash(birthRequest({ fields: { ...request.fields, fullName: 'Other' } }))).not.toBe(
      hash,
    );
  });
});
