import { describe, expect, it } from 'vitest';
import { computeBackoff } from '../../src/store/index.ts';

const options = { baseMs: 1_000, maxMs: 60_000 };

describe(computeBackoff.name, () => {
  it('should double the ceiling with each attempt and cap it', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) =>
      computeBackoff(attempt, () => 0.999999, { ...options, jitter: 'full' }),
    );
    expect(ceilings).toEqual([999, 1_999, 3_999, 7_999, 15_999, 31_999, 59_999, 59_999]);
  });

  it('should apply equal jitter by default: half the ceiling plus up to the other half', () => {
    expect(computeBackoff(3, () => 0, options)).toBe(2_000);
    expect(computeBackoff(3, () => 0.5, options)).toBe(3_000);
    expect(computeBackoff(3, () => 0.999, options)).toBe(3_998);
  });

  it('should apply full jitter from zero to the ceiling', () => {
    expect(computeBackoff(3, () => 0, { ...options, jitter: 'full' })).toBe(0);
    expect(computeBackoff(3, () => 0.25, { ...options, jitter: 'full' })).toBe(1_000);
  });

  it('should stay within the cap for huge attempt numbers and out-of-range randomness', () => {
    expect(computeBackoff(5_000, () => 0.5, options)).toBe(45_000);
    expect(computeBackoff(Number.MAX_SAFE_INTEGER, () => 2, options)).toBe(60_000);
    expect(computeBackoff(0, () => -1, options)).toBe(500);
  });

  it('should refuse negative settings', () => {
    expect(() => computeBackoff(1, () => 0, { baseMs: -1, maxMs: 10 })).toThrow(RangeError);
    expect(() => computeBackoff(1, () => 0, { baseMs: 1, maxMs: Number.NaN })).toThrow(RangeError);
  });
});
