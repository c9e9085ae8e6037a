/** Options of `computeBackoff`. */
export interface BackoffOptions {
  /** Delay ceiling before the first retry; doubles with every attempt. */
  baseMs: number;
  /** Longest delay, whatever the attempt number. */
  maxMs: number;
  /**
   * `full`: uniformly 0..ceiling (spreads a thundering herd widest); `equal`: half the ceiling plus up to
   * the other half (never retries immediately, which matters when MOSIP is down). (Default: "equal")
   */
  jitter?: 'full' | 'equal';
}

/**
 * Delay before the next attempt: capped exponential backoff with jitter. Pure; the randomness is
 * injected so the worker can pass `Math.random` and tests a constant.
 * @param attempt - the attempt that just failed, from 1
 * @param random - a source of numbers in [0, 1)
 * @param options - base, cap and jitter kind
 * @returns whole milliseconds, between 0 and `maxMs`
 */
export function computeBackoff(attempt: number, random: () => number, options: BackoffOptions): number {
  const { baseMs, maxMs, jitter = 'equal' } = options;
  if (!(baseMs >= 0) || !(maxMs >= 0)) throw new RangeError('backoff baseMs and maxMs must be >= 0');
  // 2 ** 1024 is Infinity; Math.min caps it, so large attempt counts are safe.
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const ceiling = Math.min(maxMs, baseMs * 2 ** exponent);
  const r = Math.min(Math.max(random(), 0), 1);
  const delay = jitter === 'full' ? ceiling * r : ceiling / 2 + (ceiling / 2) * r;
  return Math.min(maxMs, Math.floor(delay));
}
