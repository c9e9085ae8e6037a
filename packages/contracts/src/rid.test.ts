import { describe, expect, it } from 'vitest';
import { formatRid, nextRidSequence, parseRid, refIdFromRid, validateRid } from './rid.ts';

describe('RID', () => {
  it('parses the integration guide example as MOSIP code does (19-digit tail, not 16)', () => {
    const rid = parseRid('10001100771006920220128223618');
    expect(rid.centreId).toBe('10001');
    expect(rid.machineId).toBe('10077');
    expect(rid.sequence).toBe('10069');
    expect(rid.timestamp).toBe('20220128223618');
    expect(new Date(rid.createdAt).toISOString()).toBe('2022-01-28T22:36:18.000Z');
    expect(rid.rid.slice(10)).toHaveLength(19);
  });

  it('round-trips generate and parse using UTC', () => {
    const at = Date.UTC(2024, 1, 29, 23, 59, 58);
    const rid = formatRid('10001', '10077', 42, at);
    expect(rid).toBe('10001100770004220240229235958');
    expect(parseRid(rid).createdAt).toBe(at);
  });

  it.each([
    ['1000110077100692022012822361', 'KER-IDV-304'],
    ['10001100771006920220128223618' + '0', 'KER-IDV-304'],
    ['1000110077100692022012822361A', 'KER-IDV-301'],
    ['10001100771006920230229223618', 'KER-IDV-305'],
    ['10001100771006920221328223618', 'KER-IDV-305'],
    ['10001100771006920220128243618', 'KER-IDV-305'],
  ])('rejects %s with %s', (rid, code) => {
    const result = validateRid(rid);
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.code).toBe(code);
  });

  it('wraps the sequence from 99999 to the initial value 1', () => {
    expect(nextRidSequence(null)).toBe(1);
    expect(nextRidSequence(41)).toBe(42);
    expect(nextRidSequence(99999)).toBe(1);
  });

  it('refuses ids that do not fit the format', () => {
    expect(() => formatRid('1001', '10077', 1, 0)).toThrow(RangeError);
    expect(() => formatRid('10001', '1007A', 1, 0)).toThrow(RangeError);
    expect(() => formatRid('10001', '10077', 100000, 0)).toThrow(RangeError);
  });

  it('derives the keymanager refId from the first ten digits', () => {
    expect(refIdFromRid('10001100771006920220128223618')).toBe('10001_10077');
  });
});
