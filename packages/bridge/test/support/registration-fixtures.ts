/** Builders of valid registrations for store tests; every call gives unique ids, request ids and RIDs. */
import { formatRid } from '@crvs-mosip/contracts';
import { randomUUID } from 'node:crypto';
import type { NewRegistration, RegistrationPayload } from '../../src/store/index.ts';

/** 2025-03-01T08:00:00Z: a fixed start so tests never depend on the clock. */
export const T0 = Date.UTC(2025, 2, 1, 8, 0, 0);
export const CENTRE_ID = '10001';
export const MACHINE_ID = '10002';
/** A name no test data contains by chance, to look for in raw database bytes. */
export const DISTINCTIVE_NAME = 'Quillonbert Zaphyrine';

let sequence = 0;

/** A createPacket + workflow payload for a birth, holding `name` as the child's full name. */
export function birthPayload(rid: string, name = DISTINCTIVE_NAME): RegistrationPayload {
  return {
    packet: {
      id: rid,
      refId: `${CENTRE_ID}_${MACHINE_ID}`,
      offlineMode: false,
      process: 'CRVS_NEW',
      source: 'CRVS1',
      schemaVersion: '0.1',
      fields: {
        fullName: JSON.stringify([{ language: 'eng', value: name }]),
        dateOfBirth: '2025/02/27',
        gender: JSON.stringify([{ language: 'eng', value: 'Female' }]),
      },
      metaInfo: {},
      audits: [],
    },
    workflow: { registrationId: rid, process: 'CRVS_NEW', source: 'CRVS1' },
  };
}

/**
 * A new birth registration.
 * @param overrides - fields to set instead of the generated ones
 */
export function newRegistration(overrides: Partial<NewRegistration> = {}): NewRegistration {
  sequence = (sequence % 99_999) + 1;
  const createdAt = overrides.createdAt ?? T0 + sequence;
  const rid = overrides.rid ?? formatRid(CENTRE_ID, MACHINE_ID, sequence, createdAt);
  return {
    id: randomUUID(),
    requestId: `crvs-event-${randomUUID()}`,
    requestHash: 'a'.repeat(64),
    type: 'birth',
    process: 'CRVS_NEW',
    source: 'CRVS1',
    rid,
    centreId: CENTRE_ID,
    machineId: MACHINE_ID,
    payload: birthPayload(rid),
    createdAt,
    ...overrides,
  };
}
