import { describe, expect, it } from 'vitest';
import { createPacketResponseSchema } from './packet.ts';
import { mosipTimestamp, parseMosipRequestTime } from './envelope.ts';
import { describeMosipError, MOSIP_ERRORS } from './error-catalogue.ts';

describe('envelopes', () => {
  it('formats and parses requesttime as MOSIP does, refusing a zoned value without millis', () => {
    expect(mosipTimestamp(Date.UTC(2025, 1, 25, 11, 14, 17, 667))).toBe('2025-02-25T11:14:17.667Z');
    expect(parseMosipRequestTime('2025-02-25T11:14:17.667Z')).toBe(Date.UTC(2025, 1, 25, 11, 14, 17, 667));
    expect(parseMosipRequestTime('2025-02-25T11:14:17')).toBe(Date.UTC(2025, 1, 25, 11, 14, 17));
    expect(parseMosipRequestTime('2025-04-08T12:34:56Z')).toBeNull();
    expect(parseMosipRequestTime('yesterday')).toBeNull();
  });

  it("reads createPacket's silent failure (response null, errors []) and a success", () => {
    expect(
      createPacketResponseSchema.parse({
        id: 'mosip.registration.packet.writer',
        version: 'v1',
        responsetime: 'x',
        metadata: null,
        response: null,
        errors: [],
      }).response,
    ).toBeNull();
    const info = {
      id: '1',
      packetName: '1_id',
      source: 'CRVS1',
      process: 'CRVS_NEW',
      refId: '10001_10077',
      schemaVersion: '0.1',
      signature: 's',
      encryptedHash: 'h',
      providerName: 'PacketWriterImpl',
      providerVersion: 'v1.0',
      creationDate: 'd',
    };
    expect(createPacketResponseSchema.parse({ response: [info], errors: [] }).response).toHaveLength(1);
  });
});

describe('error catalogue', () => {
  it('knows what is worth retrying', () => {
    expect(describeMosipError('RPR-WIS-001').retryable).toBe(false);
    expect(describeMosipError('KER-PUT-006').retryable).toBe(false);
    expect(describeMosipError('CLIENT-TIMEOUT').retryable).toBe(true);
    expect(describeMosipError('CLIENT-EMPTY-RESPONSE').retryable).toBe(true);
  });

  it('treats an unknown code as permanent and explains every known one', () => {
    expect(describeMosipError('XYZ-123')).toMatchObject({ code: 'XYZ-123', retryable: false });
    for (const info of MOSIP_ERRORS.values()) expect(info.meaning.length).toBeGreaterThan(10);
  });
});
