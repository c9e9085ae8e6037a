#!/usr/bin/env node
// Prints a createPacket request body shaped as MOSIP's CRVS docs sample, with a fresh RID for centre 10001 /
// machine 10077 and an infant's date of birth (CRVS_NEW accepts INFANT packets only).
//   node packet-body.mjs [CRVS_NEW|CRVS_DEATH] [UIN for a death]  > body.json
// The RID is printed on stderr, for the workflow call that follows.
import { randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

// The CRVS sends its identity schema with every packet; here, the sandbox's own.
const schemaJson = JSON.stringify(
  JSON.parse(readFileSync(new URL('../data/sandbox-id-schema.json', import.meta.url), 'utf8')),
);
const process_ = process.argv[2] ?? 'CRVS_NEW';
const uin = process.argv[3];
const now = new Date();
const pad = (n, w = 2) => String(n).padStart(w, '0');
const ts = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
const rid = `1000110077${pad(randomInt(1, 99999), 5)}${ts}`;
const day = (ms) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
};
const simple = (value) => JSON.stringify([{ language: 'eng', value }], null, 2);

const fields =
  process_ === 'CRVS_DEATH'
    ? {
        UIN: uin ?? '',
        declaredAsDeceased: 'Y',
        deceasedDeclarationDate: day(now.getTime()),
        typeOfDeath: simple('Natural'),
      }
    : {
        fullName: simple(`Baby ${randomUUID().slice(0, 6)}`),
        dateOfBirth: day(now.getTime() - 30 * 86_400_000),
        gender: simple('Female'),
        addressLine1: simple('12 Palm Street'),
        addressLine2: simple('Ben Mansour'),
        addressLine3: simple('Kenitra North'),
        region: simple('Rabat Sale Kenitra'),
        province: simple('Kenitra'),
        city: simple('Kenitra'),
        zone: simple('Ben Mansour'),
        postalCode: '14022',
        phone: '7790075085',
        email: 'parent@example.org',
      };
const label = (pairs) =>
  JSON.stringify(
    pairs.map(([l, v]) => ({ label: l, value: v })),
    null,
    2,
  );
const body = {
  id: 'string',
  version: 'string',
  requesttime: now.toISOString(),
  metadata: {},
  request: {
    id: rid,
    refId: '10001_10077',
    offlineMode: false,
    process: process_,
    source: 'CRVS1',
    schemaVersion: '0.100',
    schemaJson,
    fields,
    metaInfo: {
      metaData: label([
        ['registrationType', process_],
        ['machineId', '10077'],
        ['centerId', '10001'],
      ]),
      registrationId: rid,
      operationsData: label([
        ['officerId', 'crvs-officer'],
        ['officerBiometricFileName', null],
        ['supervisorId', null],
        ['supervisorBiometricFileName', null],
        ['supervisorPassword', 'false'],
        ['officerPassword', 'true'],
        ['supervisorPIN', null],
        ['officerPIN', null],
        ['supervisorOTPAuthentication', 'false'],
        ['officerOTPAuthentication', 'false'],
      ]),
      capturedRegisteredDevices: '[]',
      creationDate: ts,
    },
    audits: [
      {
        uuid: randomUUID(),
        createdAt: now.toISOString(),
        eventId: 'REG-EVT-066',
        eventName: 'PACKET_CREATION_SUCCESS',
        eventType: 'USER',
        hostName: 'crvs',
        hostIp: 'localhost',
        applicationId: 'REG',
        applicationName: 'REGISTRATION',
        sessionUserId: 'crvs-officer',
        sessionUserName: 'crvs-officer',
        id: rid,
        idType: 'REGISTRATION_ID',
        createdBy: 'crvs-officer',
        moduleName: 'Packet Handler',
        moduleId: 'REG-MOD-117',
        description: 'Packet Successfully Created',
        actionTimeStamp: now.toISOString(),
      },
    ],
  },
};
process.stderr.write(`${rid}\n`);
process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
