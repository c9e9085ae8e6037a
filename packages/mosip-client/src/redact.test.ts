import { describe, expect, it } from 'vitest';
import { createScrubber, REDACTED, REDACTED_JWT } from './redact.ts';

describe('createScrubber', () => {
  const secret = 'p@ss"word/=1';
  const scrub = createScrubber(() => [secret, null, '']);

  it('should remove the secret in raw, JSON-escaped and URL-encoded form', () => {
    const text = `raw ${secret} json ${JSON.stringify(secret)} url ${encodeURIComponent(secret)}`;
    const out = scrub(text);
    expect(out).not.toContain(secret);
    expect(out).not.toContain(JSON.stringify(secret).slice(1, -1));
    expect(out).not.toContain(encodeURIComponent(secret));
    expect(out).toContain(REDACTED);
  });

  it('should remove JWT-looking substrings, padded or not', () => {
    const out = scrub('Invalid Token : eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjF9==.c2ln+/ab= rest');
    expect(out).toBe(`Invalid Token : ${REDACTED_JWT} rest`);
  });

  it('should read the secrets on every call', () => {
    let current = 'first-token';
    const dynamic = createScrubber(() => [current]);
    current = 'second-token';
    expect(dynamic('first-token second-token')).toBe(`first-token ${REDACTED}`);
  });

  it('should leave ordinary text alone', () => {
    expect(scrub('No available provider for given source and process')).toBe(
      'No available provider for given source and process',
    );
  });
});
