import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { PacketDto } from '@crvs-mosip/contracts';
import { startSandbox, type Sandbox, type SandboxOptions } from '../src/index.ts';

export interface TestSandbox extends Sandbox {
  dataDir: string;
  /** Stops the server and removes the data directory. */
  dispose(): Promise<void>;
}

/** A sandbox on 127.0.0.1 with a fresh data directory and a fast pipeline. */
export async function startTestSandbox(options: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'crvs-mosip-sandbox-'));
  const sandbox = await startSandbox({ stageDelayMs: 10, pipelineIntervalMs: 20, ...options, dataDir });
  return {
    ...sandbox,
    dataDir,
    dispose: async () => {
      await sandbox.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const CRVS = { clientId: 'mosip-crvs1-client', secret: 'sandbox-crvs-secret', appId: 'regproc' };
export const REGPROC = {
  clientId: 'mosip-regproc-client',
  secret: 'sandbox-regproc-secret',
  appId: 'regproc',
};
export const ADMIN = { clientId: 'mosip-admin-client', secret: 'sandbox-admin-secret', appId: 'admin' };

export async function authenticate(url: string, who: { clientId: string; secret: string; appId: string }) {
  const res = await fetch(`${url}/v1/authmanager/authenticate/clientidsecretkey`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id: 'string',
      version: 'string',
      requesttime: new Date().toISOString(),
      metadata: {},
      request: { clientId: who.clientId, secretKey: who.secret, appId: who.appId },
    }),
  });
  const token = res.headers.get('authorization');
  if (!token) throw new Error(`authentication failed with HTTP ${res.status}`);
  return token;
}

/** A token of the demo officer (REGISTRATION_OFFICER), obtained with the password grant through the CRVS client. */
export async function officerToken(url: string): Promise<string> {
  const res = await fetch(`${url}/auth/realms/mosip/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: CRVS.clientId,
      client_secret: CRVS.secret,
      username: 'crvs-officer',
      password: 'sandbox-officer-password',
    }).toString(),
  });
  const body = (await res.json()) as { access_token: string };
  return body.access_token;
}

export async function call(url: string, path: string, token: string | null, method: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { cookie: `Authorization=${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, headers: res.headers, body: json };
}

/** The sandbox's identity schema as the `schemaJson` string a CRVS sends with every packet. */
export const SCHEMA_JSON = JSON.stringify(
  JSON.parse(readFileSync(new URL('../data/sandbox-id-schema.json', import.meta.url), 'utf8')),
);

const simple = (value: string, language = 'eng') => JSON.stringify([{ language, value }], null, 2);
const pad = (n: number) => String(n).padStart(2, '0');
export const mosipDate = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
};

let sequence = 1;
/** A fresh RID for centre 10001 / machine 10077, or the given centre and machine. */
export function nextRid(centreId = '10001', machineId = '10077'): string {
  const now = new Date();
  const ts =
    `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}` +
    `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  return `${centreId}${machineId}${String(sequence++).padStart(5, '0')}${ts}`;
}

export interface PersonOverrides {
  fullName?: string;
  dateOfBirth?: string;
  gender?: string | null;
  extraFields?: Record<string, string>;
  officerId?: string;
}

/** A createPacket body shaped as MOSIP's CRVS docs sample (stringified simpleType values, metaInfo strings). */
export function packetBody(
  rid: string,
  process: 'CRVS_NEW' | 'CRVS_DEATH' | 'CRVS_UPDATE',
  fields: Record<string, string>,
  officerId = 'crvs-officer',
  schemaJson?: string,
  at: { centreId: string; machineId: string } = { centreId: '10001', machineId: '10077' },
): { request: PacketDto } & Record<string, unknown> {
  const metaData = [
    { label: 'registrationType', value: process },
    { label: 'machineId', value: at.machineId },
    { label: 'centerId', value: at.centreId },
  ];
  const operationsData = [
    { label: 'officerId', value: officerId },
    { label: 'officerBiometricFileName', value: null },
    { label: 'supervisorId', value: null },
    { label: 'supervisorBiometricFileName', value: null },
    { label: 'supervisorPassword', value: 'false' },
    { label: 'officerPassword', value: 'true' },
    { label: 'supervisorPIN', value: null },
    { label: 'officerPIN', value: null },
    { label: 'supervisorOTPAuthentication', value: 'false' },
    { label: 'officerOTPAuthentication', value: 'false' },
  ];
  return {
    id: 'string',
    version: 'string',
    requesttime: new Date().toISOString(),
    metadata: {},
    request: {
      id: rid,
      refId: `${at.centreId}_${at.machineId}`,
      offlineMode: false,
      process,
      source: 'CRVS1',
      schemaVersion: '0.100',
      schemaJson: schemaJson ?? SCHEMA_JSON,
      fields,
      metaInfo: {
        metaData: JSON.stringify(metaData, null, 2),
        registrationId: rid,
        operationsData: JSON.stringify(operationsData, null, 2),
        capturedRegisteredDevices: '[]',
        creationDate: '20250225110733',
      },
      audits: [
        {
          uuid: randomUUID(),
          createdAt: new Date().toISOString(),
          eventId: 'REG-EVT-066',
          eventName: 'PACKET_CREATION_SUCCESS',
          eventType: 'USER',
          hostName: 'crvs',
          hostIp: 'localhost',
          applicationId: 'REG',
          applicationName: 'REGISTRATION',
          sessionUserId: officerId,
          sessionUserName: officerId,
          id: rid,
          idType: 'REGISTRATION_ID',
          createdBy: officerId,
          moduleName: 'Packet Handler',
          moduleId: 'REG-MOD-117',
          description: 'Packet Successfully Created',
          actionTimeStamp: new Date().toISOString(),
        },
      ],
    },
  };
}

/** Demographic fields of an infant born `daysOld` days ago. */
export function birthFields(o: PersonOverrides & { daysOld?: number } = {}): Record<string, string> {
  const fields: Record<string, string> = {
    fullName: simple(o.fullName ?? `Baby ${randomUUID().slice(0, 8)}`),
    dateOfBirth: o.dateOfBirth ?? mosipDate(Date.now() - (o.daysOld ?? 30) * 86_400_000),
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
    ...o.extraFields,
  };
  if (o.gender !== null) fields.gender = simple(o.gender ?? 'Female');
  return fields;
}

export async function waitFor<T>(
  fn: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('waitFor timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function workflowBody(rid: string, process: string) {
  return {
    id: 'mosip.registration.processor.workflow.instance',
    version: 'v1',
    requesttime: new Date().toISOString(),
    request: {
      registrationId: rid,
      process,
      source: 'CRVS1',
      additionalInfoReqId: '',
      notificationInfo: { name: 'Jane Doe', phone: '0700000000', email: 'a@b.c' },
    },
  };
}

/** Waits until the workflow of `rid` is complete and returns its transactions. */
export async function completedTransactions(url: string, token: string, rid: string) {
  return waitFor(async () => {
    const res = await call(
      url,
      `/registrationprocessor/v1/registrationtransaction/search/${rid}`,
      token,
      'GET',
    );
    const list = (res.body?.response ?? []) as {
      transactionTypeCode: string;
      statusCode: string;
      statusComment: string;
    }[];
    const last = list.at(-1);
    if (!last) return undefined;
    // CRVS_NEW ends with the credential requestor (PRINT_SERVICE); CRVS_DEATH/UPDATE (no demo-dedupe) with
    // finalization.
    const isNew = list.some((t) => t.transactionTypeCode === 'DEMOGRAPHIC_VERIFICATION');
    const done =
      last.transactionTypeCode !== 'WORKFLOW_RESUME' &&
      (last.statusCode !== 'SUCCESS' ||
        last.transactionTypeCode === 'PRINT_SERVICE' ||
        (last.transactionTypeCode === 'FINALIZATION' && !isNew));
    return done ? list : undefined;
  });
}
