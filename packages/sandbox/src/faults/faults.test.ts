import { describe, expect, it } from 'vitest';
import { decideFault, faultSettingsSchema, NO_FAULTS } from './faults.ts';

describe('decideFault', () => {
  it('adds global and per-endpoint latency', () => {
    const s = faultSettingsSchema.parse({ latencyMs: 100, latencyByEndpoint: { createPacket: 50 } });
    expect(decideFault(s, 'createPacket', 0, () => 0.5)).toEqual({ kind: 'none', delayMs: 150 });
    expect(decideFault(s, 'auth', 0, () => 0.5)).toEqual({ kind: 'none', delayMs: 100 });
  });

  it('answers an outage only inside the window', () => {
    const s = faultSettingsSchema.parse({
      outage: { from: '2026-01-01T00:00:00.000Z', until: '2026-01-01T00:01:00.000Z' },
    });
    expect(decideFault(s, 'auth', Date.parse('2026-01-01T00:00:30Z'), () => 0.9).kind).toBe('outage');
    expect(decideFault(s, 'auth', Date.parse('2026-01-01T00:01:00Z'), () => 0.9).kind).toBe('none');
  });

  it('splits the random draw between HTTP 500 and HTTP 200 errors, per endpoint', () => {
    const s = faultSettingsSchema.parse({
      errorRate: 0.2,
      errors200Rate: 0.3,
      errorEndpoints: ['createPacket'],
    });
    expect(decideFault(s, 'createPacket', 0, () => 0.1).kind).toBe('http500');
    expect(decideFault(s, 'createPacket', 0, () => 0.4).kind).toBe('errors200');
    expect(decideFault(s, 'createPacket', 0, () => 0.6).kind).toBe('none');
    expect(decideFault(s, 'auth', 0, () => 0.1).kind).toBe('none');
  });

  it('rejects settings outside their ranges', () => {
    expect(faultSettingsSchema.safeParse({ errorRate: 2 }).success).toBe(false);
    expect(faultSettingsSchema.safeParse({ unknown: 1 }).success).toBe(false);
    expect(NO_FAULTS.errorRate).toBe(0);
  });
});
