/**
 * MOSIP registration id (RID/AID) in the kernel's default format:
 * centre id (5) + machine id (5) + sequence (5) + UTC timestamp yyyyMMddHHmmss (14) = 29 digits.
 * Sources: mosip/commons `kernel-ridgenerator-service` RidGeneratorServiceImpl (per centre/machine counter,
 * wraps after 99999 to the initial value 1) and `kernel-idvalidator-rid` RidValidatorImpl (checks and codes).
 * MOSIP's CRVS guide calls the tail "16 digits"; it is 19 (sequence 5 + timestamp 14), as the code says.
 */
export const RID_LENGTH = 29;
export const CENTRE_ID_LENGTH = 5;
export const MACHINE_ID_LENGTH = 5;
export const SEQUENCE_LENGTH = 5;
export const TIMESTAMP_LENGTH = 14;
export const SEQUENCE_INITIAL_VALUE = 1;
export const SEQUENCE_MAX = 10 ** SEQUENCE_LENGTH - 1;

export interface ParsedRid {
  rid: string;
  centreId: string;
  machineId: string;
  sequence: string;
  /** The 14-digit UTC timestamp as written in the RID. */
  timestamp: string;
  /** The timestamp as epoch milliseconds (UTC). */
  createdAt: number;
}

export type RidValidation = { valid: true; rid: ParsedRid } | { valid: false; code: string; message: string };

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Formats epoch ms as the RID's UTC `yyyyMMddHHmmss`. */
export function ridTimestamp(epochMs: number): string {
  const d = new Date(epochMs);
  return (
    pad(d.getUTCFullYear(), 4) +
    pad(d.getUTCMonth() + 1, 2) +
    pad(d.getUTCDate(), 2) +
    pad(d.getUTCHours(), 2) +
    pad(d.getUTCMinutes(), 2) +
    pad(d.getUTCSeconds(), 2)
  );
}

/** The sequence that follows `current`, wrapping from 99999 to the initial value as MOSIP does. */
export function nextRidSequence(current: number | null): number {
  if (current == null || current >= SEQUENCE_MAX) return SEQUENCE_INITIAL_VALUE;
  return current + 1;
}

/**
 * Builds a RID. Throws when an input does not fit the format; callers pass configured ids, so a throw is
 * a configuration error, not bad CRVS data.
 */
export function formatRid(centreId: string, machineId: string, sequence: number, epochMs: number): string {
  if (!/^\d+$/.test(centreId) || centreId.length !== CENTRE_ID_LENGTH) {
    throw new RangeError(`centre id must be ${CENTRE_ID_LENGTH} digits, got "${centreId}"`);
  }
  if (!/^\d+$/.test(machineId) || machineId.length !== MACHINE_ID_LENGTH) {
    throw new RangeError(`machine id must be ${MACHINE_ID_LENGTH} digits, got "${machineId}"`);
  }
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > SEQUENCE_MAX) {
    throw new RangeError(`sequence must be 0..${SEQUENCE_MAX}, got ${sequence}`);
  }
  return centreId + machineId + pad(sequence, SEQUENCE_LENGTH) + ridTimestamp(epochMs);
}

function timestampToEpoch(ts: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(ts);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59 || d < 1) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC rolls 2023-02-30 over to March; MOSIP's calendar regex rejects it (leap years included).
  if (new Date(ms).getUTCDate() !== d) return null;
  return ms;
}

/** Validates a RID with RidValidatorImpl's checks, in its order, with its codes and messages. */
export function validateRid(rid: string): RidValidation {
  if (rid.length !== RID_LENGTH) {
    return { valid: false, code: 'KER-IDV-304', message: `Rid Length Must Be  :${RID_LENGTH}` };
  }
  if (!/^\d+$/.test(rid)) return { valid: false, code: 'KER-IDV-301', message: 'Rid Must Be Numeric Only' };
  const timestamp = rid.slice(RID_LENGTH - TIMESTAMP_LENGTH);
  const createdAt = timestampToEpoch(timestamp);
  if (createdAt == null) return { valid: false, code: 'KER-IDV-305', message: 'Invalid Time Stamp Found' };
  const sequence = rid.slice(CENTRE_ID_LENGTH + MACHINE_ID_LENGTH, RID_LENGTH - TIMESTAMP_LENGTH);
  if (sequence.length !== SEQUENCE_LENGTH) {
    return { valid: false, code: 'KER-IDV-307', message: 'Invalid sequence Found' };
  }
  return {
    valid: true,
    rid: {
      rid,
      centreId: rid.slice(0, CENTRE_ID_LENGTH),
      machineId: rid.slice(CENTRE_ID_LENGTH, CENTRE_ID_LENGTH + MACHINE_ID_LENGTH),
      sequence,
      timestamp,
      createdAt,
    },
  };
}

/** Parses a RID, throwing a RangeError with MOSIP's code when it is invalid. */
export function parseRid(rid: string): ParsedRid {
  const result = validateRid(rid);
  if (!result.valid) throw new RangeError(`${result.code}: ${result.message}`);
  return result.rid;
}

/** `Utilities.getRefId`: the keymanager reference id `centre_machine` taken from the RID's first 10 digits. */
export function refIdFromRid(rid: string): string {
  return `${rid.slice(0, CENTRE_ID_LENGTH)}_${rid.slice(CENTRE_ID_LENGTH, CENTRE_ID_LENGTH + MACHINE_ID_LENGTH)}`;
}
