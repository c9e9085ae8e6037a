import { describe, expect, it, vi } from 'vitest';
import { TokenCache } from './token-cache.ts';
import type { IssuedToken } from './token-cache.ts';
import { deferred, fakeClock } from '../test/fake-mosip.ts';

function setup(skewMs = 60_000, lifetimeMs = 300_000) {
  const clock = fakeClock(1_000_000);
  let n = 0;
  const issue = vi.fn(async (): Promise<IssuedToken> => ({
    token: `t${++n}`,
    expiresAtMs: clock.now() + lifetimeMs,
  }));
  return { clock, issue, sut: new TokenCache(issue, clock, skewMs) };
}

describe(TokenCache.name, () => {
  it('should reuse the token until skew before expiry, then refresh', async () => {
    const { clock, issue, sut } = setup();
    expect(await sut.get()).toBe('t1');
    clock.advance(239_999);
    expect(await sut.get()).toBe('t1');
    clock.advance(1);
    expect(await sut.get()).toBe('t2');
    expect(issue).toHaveBeenCalledTimes(2);
  });

  it('should cap the skew at half the lifetime so short-lived tokens are reused', async () => {
    const { clock, issue, sut } = setup(60_000, 30_000);
    await sut.get();
    clock.advance(14_999);
    await sut.get();
    expect(issue).toHaveBeenCalledTimes(1);
    clock.advance(1);
    await sut.get();
    expect(issue).toHaveBeenCalledTimes(2);
  });

  it('should run one refresh for many concurrent callers', async () => {
    const clock = fakeClock();
    const gate = deferred<IssuedToken>();
    const issue = vi.fn(() => gate.promise);
    const sut = new TokenCache(issue, clock, 0);
    const waiters = Array.from({ length: 20 }, () => sut.get());
    gate.resolve({ token: 'shared', expiresAtMs: clock.now() + 1000 });
    expect(await Promise.all(waiters)).toEqual(Array(20).fill('shared'));
    expect(issue).toHaveBeenCalledTimes(1);
  });

  it('should reject all waiters on failure, cache nothing, and retry on the next call', async () => {
    const clock = fakeClock();
    const issue = vi
      .fn<() => Promise<IssuedToken>>()
      .mockRejectedValueOnce(new Error('down'))
      .mockResolvedValue({ token: 'ok', expiresAtMs: clock.now() + 1000 });
    const sut = new TokenCache(issue, clock, 0);
    const results = await Promise.allSettled([sut.get(), sut.get(), sut.get()]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(sut.peek()).toBeNull();
    expect(await sut.get()).toBe('ok');
    expect(issue).toHaveBeenCalledTimes(2);
  });

  it('should start a new refresh when a waiter retries right after a failure', async () => {
    const clock = fakeClock();
    const issue = vi
      .fn<() => Promise<IssuedToken>>()
      .mockRejectedValueOnce(new Error('down'))
      .mockResolvedValue({ token: 'ok', expiresAtMs: clock.now() + 1000 });
    const sut = new TokenCache(issue, clock, 0);
    const retried = sut.get().catch(() => sut.get());
    expect(await retried).toBe('ok');
  });

  it('should only drop the cached token when it is the one invalidated', async () => {
    const { issue, sut } = setup();
    await sut.get();
    sut.invalidate('someone-elses-old-token');
    expect(await sut.get()).toBe('t1');
    sut.invalidate('t1');
    expect(await sut.get()).toBe('t2');
    expect(issue).toHaveBeenCalledTimes(2);
  });

  it('should not reuse a token without a known expiry', async () => {
    const clock = fakeClock();
    let n = 0;
    const sut = new TokenCache(async () => ({ token: `o${++n}`, expiresAtMs: null }), clock, 0);
    expect(await sut.get()).toBe('o1');
    expect(await sut.get()).toBe('o2');
  });

  it('should report its state without the token, and the last failed refresh until one succeeds', async () => {
    const clock = fakeClock(1_000_000);
    let fail = true;
    const issue = vi.fn(async (): Promise<IssuedToken> => {
      if (fail) throw Object.assign(new Error('down'), { code: 'CLIENT-NETWORK' });
      return { token: 'secret-token', expiresAtMs: clock.now() + 300_000 };
    });
    const sut = new TokenCache(issue, clock, 60_000);
    expect(sut.state()).toEqual({
      held: false,
      issuedAtMs: null,
      expiresAtMs: null,
      refreshAtMs: null,
      lastFailure: null,
    });
    await expect(sut.get()).rejects.toThrow('down');
    expect(sut.state().lastFailure).toEqual({ atMs: 1_000_000, code: 'CLIENT-NETWORK' });
    fail = false;
    clock.advance(5);
    await sut.get();
    const state = sut.state();
    expect(state).toEqual({
      held: true,
      issuedAtMs: 1_000_005,
      expiresAtMs: 1_300_005,
      refreshAtMs: 1_240_005,
      lastFailure: null,
    });
    expect(JSON.stringify(state)).not.toContain('secret-token');
  });
});
