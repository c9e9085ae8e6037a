/**
 * Everything the bridge logs at `trace` during a full flow (API key, birth to UIN over WebSub, death, bad
 * requests, webhooks, an operator's dashboard session with a UIN search and a packet reveal) is captured and searched for every secret, token and personal datum that went
 * through it. The design's promise: logs carry RIDs and request ids, not names, dates of birth or keys.
 */
import { Writable } from 'node:stream';
import { SANDBOX_CREDENTIALS } from '@crvs-mosip/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardClient } from '../dashboard/dashboard-client.ts';
import { birth, death, waitForStatus } from '../e2e/stack.ts';
import { startFullStack, WEBHOOK_SECRET, WEBSUB_SECRET, webhookFor, type FullStack } from './full-stack.ts';

const FIRST = 'Zephyrine';
const LAST = 'Quillfeather';
const FULL_NAME = `${FIRST} ${LAST}`;

/** A distinctive infant's date of birth: 23 days ago. */
const dob = new Date(Date.now() - 23 * 86_400_000).toISOString().slice(0, 10);

type Line = Record<string, unknown>;

describe('log hygiene over a whole flow', () => {
  let full: FullStack;
  const chunks: string[] = [];
  const tokens = new Set<string>();
  let rid = '';
  let uin = '';

  /** MOSIP's fetch, keeping every token the auth manager issued (header or cookie). */
  const capturingFetch: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    const header = res.headers.get('authorization');
    if (header) tokens.add(header);
    for (const cookie of res.headers.getSetCookie()) {
      const match = /^Authorization=([^;]+)/.exec(cookie);
      if (match?.[1]) tokens.add(match[1]);
    }
    return res;
  };

  beforeAll(async () => {
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString('utf8'));
        done();
      },
    });
    full = await startFullStack({
      bridge: { LOG_LEVEL: 'trace', LOG_FORMAT: 'json' },
      bridgeOptions: { logStream, fetch: capturingFetch },
    });
    const { stack } = full;
    const request = birth({}, { fullName: { eng: FULL_NAME }, dateOfBirth: dob });
    const created = await stack.api('POST', '/v1/registrations', request);
    expect(created.status).toBe(202);
    rid = created.body.rid as string;
    const issued = await waitForStatus(stack, created.body.id as string, ['uin_issued'], 30_000);
    uin = issued.uin as string;
    await webhookFor(full, created.body.id as string, 'registration.uin_issued');

    const dead = await stack.api('POST', '/v1/registrations', death(uin));
    await waitForStatus(stack, dead.body.id as string, ['completed'], 30_000);
    await webhookFor(full, dead.body.id as string, 'registration.completed');

    const bad = birth({}, { fullName: { eng: FULL_NAME }, dateOfBirth: dob.replaceAll('-', '/') });
    expect((await stack.api('POST', '/v1/registrations', bad)).status).toBe(400);
    const broken = `{"type":"birth","fields":{"fullName":"${FULL_NAME}","dateOfBirth":"${dob}"`;
    expect((await stack.api('POST', '/v1/registrations', broken)).status).toBe(400);

    // An operator on the dashboard: signs in with the key, searches by UIN, reveals the packet, signs out.
    const operator = new DashboardClient(stack.bridge.url);
    expect((await operator.signIn(stack.key)).status).toBe(303);
    const found = await operator.get(`/registrations?q=${uin}`);
    expect(found.html).toContain(`/registrations/${created.body.id as string}`);
    const shown = await operator.post(`/registrations/${created.body.id as string}/reveal`, {
      _csrf: await operator.csrf(),
    });
    expect(shown.html).toContain(FULL_NAME);
    expect((await operator.post('/logout', { _csrf: await operator.csrf() })).status).toBe(303);
    await full.close();
  }, 90_000);
  afterAll(async () => {
    await full?.close().catch(() => undefined);
  });

  const text = () => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Line);

  it('should have captured the flow: JSON lines with request ids and with RIDs', () => {
    const all = lines();
    expect(all.length).toBeGreaterThan(50);
    expect(all.some((l) => typeof l.reqId === 'string' && l.msg === 'incoming request')).toBe(true);
    const aboutBirth = all.filter((l) => l.rid === rid);
    expect(aboutBirth.length).toBeGreaterThan(3);
    expect(aboutBirth.every((l) => typeof l.registrationId === 'string')).toBe(true);
    // The worker, the MOSIP client (inside a delivery) and the WebSub receiver (inside a request) all say which RID.
    expect(aboutBirth.some((l) => l.component === 'worker')).toBe(true);
    expect(aboutBirth.some((l) => l.component === 'mosip-client' && l.operation === 'createPacket')).toBe(
      true,
    );
    expect(
      aboutBirth.some((l) => typeof l.reqId === 'string' && l.msg === 'UIN received in a credential'),
    ).toBe(true);
    expect(all.some((l) => l.rid === rid && l.component === 'webhooks')).toBe(true);
    // Who called: the API key's id (not its secret) on the API's and the dashboard's request lines.
    const keyId = full.stack.key.split('_')[1];
    const byKey = all.filter((l) => l.principal === keyId);
    expect(byKey.some((l) => l.msg === 'request completed' && typeof l.reqId === 'string')).toBe(true);
    // The dashboard's reveal: its request id leads from the URL to the operator who asked.
    const reveal = all.find(
      (l) => l.msg === 'incoming request' && /\/reveal$/.test((l.req as { url?: string }).url ?? ''),
    );
    expect(byKey.some((l) => l.reqId === reveal?.reqId && l.msg === 'request completed')).toBe(true);
    expect(uin).toMatch(/^\d+$/);
    expect(tokens.size).toBeGreaterThan(0);
  });

  it('should contain no secret, token, API key, name, date of birth or UIN', () => {
    const c = SANDBOX_CREDENTIALS;
    const { stack } = full;
    const apiKeySecret = stack.key.split('_').slice(2).join('_');
    const forbidden: Record<string, string> = {
      'MOSIP client secret': c.crvsClient.secret,
      'MOSIP read client secret': c.regprocClient.secret,
      'partner client secret': c.partnerClient.secret,
      'API key': stack.key,
      'API key secret': apiKeySecret,
      'WebSub secret': WEBSUB_SECRET,
      'webhook secret': WEBHOOK_SECRET,
      'encryption key': stack.config.ENCRYPTION_KEY,
      'first name': FIRST,
      'last name': LAST,
      'date of birth (ISO)': dob,
      'date of birth (MOSIP)': dob.replaceAll('-', '/'),
      UIN: uin,
      ...Object.fromEntries([...tokens].map((t, i) => [`MOSIP token ${i + 1}`, t])),
    };
    const captured = text();
    const found = Object.entries(forbidden)
      .filter(([, value]) => value.length >= 6 && captured.includes(value))
      .map(([what]) => what);
    expect(found).toEqual([]);
    expect(Object.values(forbidden).every((v) => v.length >= 6)).toBe(true);
  });
});
