import { randomUUID } from 'node:crypto';

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Sample registrations for people at a terminal and for the README's curl: a birth of an infant born a
 * month ago (MOSIP's CRVS_NEW accepts infants only), a death and a correction of a given UIN.
 */
export function sampleRegistration(
  kind: 'birth' | 'death' | 'update',
  nowMs: number,
  uin?: string,
): Record<string, unknown> {
  const requestId = `sample-${kind}-${randomUUID()}`;
  if (kind === 'birth') {
    return {
      requestId,
      type: 'birth',
      fields: {
        fullName: { eng: `Sample Baby ${requestId.slice(-6)}` },
        dateOfBirth: isoDay(nowMs - 30 * 86_400_000),
        gender: 'Female',
        addressLine1: '12 Palm Street',
        addressLine2: 'Ben Mansour',
        addressLine3: 'Kenitra North',
        region: 'Rabat Sale Kenitra',
        province: 'Kenitra',
        city: 'Kenitra',
        zone: 'Ben Mansour',
        postalCode: '14022',
      },
      notification: { name: 'Parent of the child', email: 'parent@example.org' },
    };
  }
  if (!uin) throw new Error(`a ${kind} sample needs the person's UIN: --uin <uin>`);
  if (kind === 'death') {
    return {
      requestId,
      type: 'death',
      fields: { UIN: uin, deceasedDeclarationDate: isoDay(nowMs), typeOfDeath: 'Natural' },
    };
  }
  return { requestId, type: 'update', fields: { UIN: uin, addressLine1: '99 New Road' } };
}
