import { describe, expect, it } from 'vitest';
import { clientError, errorFromMosipErrors, isMosipError, MosipError } from './mosip-error.ts';
import { createScrubber } from './redact.ts';

describe(MosipError.name, () => {
  it('should take retryability and meaning from the catalogue by default', () => {
    const error = new MosipError({ code: 'CLIENT-TIMEOUT', message: 'm', operation: 'createPacket' });
    expect(error).toMatchObject({
      name: 'MosipError',
      retryable: true,
      httpStatus: null,
      alreadyPresent: false,
    });
    expect(error.meaning).toMatch(/timeout/i);
    expect(isMosipError(error)).toBe(true);
    expect(isMosipError(new Error('x'))).toBe(false);
  });

  it('should mark RPR-WIS-001 as alreadyPresent and keep an explicit retryable override', () => {
    const error = new MosipError({
      code: 'RPR-WIS-001',
      message: 'm',
      operation: 'createWorkflowInstance',
      retryable: true,
    });
    expect(error.alreadyPresent).toBe(true);
    expect(error.retryable).toBe(true);
  });

  it('should keep the cause and serialise without it', () => {
    const cause = new Error('inner');
    const error = clientError('CLIENT-NETWORK', 'authenticate', 'down', { cause, httpStatus: null });
    expect(error.cause).toBe(cause);
    expect(error.message).toBe('authenticate failed with CLIENT-NETWORK: down');
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'MosipError',
      code: 'CLIENT-NETWORK',
      message: 'authenticate failed with CLIENT-NETWORK: down',
      httpStatus: null,
      retryable: true,
      alreadyPresent: false,
      operation: 'authenticate',
      errors: [],
    });
  });

  it('should build envelope errors from the first item and fall back to the catalogue message', () => {
    const scrub = createScrubber(() => []);
    const error = errorFromMosipErrors(
      'createPacket',
      200,
      [
        { errorCode: 'KER-KPM-008', message: null },
        { errorCode: 'KER-PUT-006', message: 'second' },
      ],
      scrub,
    );
    expect(error).toMatchObject({ code: 'KER-KPM-008', retryable: false, httpStatus: 200 });
    expect(error.message).toBe(
      'createPacket failed with KER-KPM-008 (HTTP 200): Registration audits is empty',
    );
    expect(error.errors).toHaveLength(2);
  });
});
