import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NO_FAULTS } from '../src/faults/faults.ts';
import { KINDS, type IdentityRecord } from '../src/state/models.ts';
import { HUB_KINDS, subscriptionId, type HubSubscription } from '../src/websub/hub-model.ts';
import {
  authenticate,
  birthFields,
  call,
  completedTransactions,
  CRVS,
  nextRid,
  packetBody,
  REGPROC,
  startTestSandbox,
  workflowBody,
  type TestSandbox,
  waitFor,
} from './helpers.ts';
import { TestSubscriber } from './websub-subscriber.ts';

const CONSOLE = '/sandbox/console';
const basic = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
const FORM = 'application/x-www-form-urlencoded';

describe('sandbox console', () => {
  let sb: TestSandbox;

  beforeAll(async () => {
    sb = await startTestSandbox();
  });
  afterAll(async () => sb.dispose());
  afterEach(() => sb.ctx.faults.set(NO_FAULTS));

  const page = async (query = '') => {
    const res = await fetch(`${sb.url}${CONSOLE}${query}`, { headers: { authorization: basic } });
    return { res, body: await res.text() };
  };

  /** The hidden CSRF field of the page, as a browser that loaded it would post it. */
  const csrfToken = async () => {
    const { body } = await page();
    const match = /name="csrf" value="([^"]+)"/.exec(body);
    if (!match?.[1]) throw new Error('no CSRF token on the page');
    return match[1];
  };

  const post = (
    path: string,
    fields: Record<string, string | string[]>,
    headers: Record<string, string> = {},
  ) => {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) {
      for (const v of [value].flat()) form.append(name, v);
    }
    return fetch(`${sb.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { authorization: basic, 'content-type': FORM, ...headers },
      body: form.toString(),
    });
  };

  const adminFaults = async () =>
    (await fetch(`${sb.url}/sandbox/admin/faults`, { headers: { authorization: basic } })).json();

  it('answers 401 with a Basic challenge without (or with wrong) admin credentials', async () => {
    const anonymous = await fetch(`${sb.url}${CONSOLE}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic /);
    const wrong = await fetch(`${sb.url}${CONSOLE}`, {
      headers: { authorization: `Basic ${Buffer.from('admin:nope').toString('base64')}` },
    });
    expect(wrong.status).toBe(401);
    const anonymousPost = await fetch(`${sb.url}${CONSOLE}/faults/clear`, { method: 'POST' });
    expect(anonymousPost.status).toBe(401);
  });

  it('shows the packet, pipeline stage and UIN of a registration that went through the pipeline', async () => {
    const crvs = await authenticate(sb.url, CRVS);
    const rid = nextRid();
    await call(
      sb.url,
      '/commons/v1/packetmanager/createPacket',
      crvs,
      'PUT',
      packetBody(rid, 'CRVS_NEW', birthFields()),
    );
    await call(
      sb.url,
      '/registrationprocessor/v1/workflowmanager/workflowinstance',
      crvs,
      'POST',
      workflowBody(rid, 'CRVS_NEW'),
    );
    await completedTransactions(sb.url, await authenticate(sb.url, REGPROC), rid);
    const admin = await fetch(`${sb.url}/sandbox/admin/registrations/${rid}`, {
      headers: { authorization: basic },
    });
    const { uin } = (await admin.json()) as { uin: string };
    expect(uin).toMatch(/^\d{10}$/);

    const { res, body } = await page();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(body).toMatch(/^<!doctype html>/);
    const row = (tableId: string) => {
      const table = new RegExp(`<table id="${tableId}">([\\s\\S]*?)</table>`).exec(body)?.[1] ?? '';
      return table.split('</tr>').find((r) => r.includes(rid)) ?? '';
    };
    expect(row('packets')).toContain('CRVS1');
    expect(row('packets')).toContain('CRVS_NEW');
    expect(row('pipeline')).toContain('PROCESSED');
    expect(row('pipeline')).toContain(uin);
    expect(row('identities')).toContain(uin);
    expect(body).toContain('<caption id="identities-caption">');
    expect(body).toContain('<th scope="col">UIN</th>');
  });

  it('escapes stored values (a <script> in a RID or a callback never becomes markup)', async () => {
    const evil = '<script>alert(1)</script>';
    const now = Date.now();
    sb.ctx.store.put<IdentityRecord>(KINDS.identity, `9${evil}`, {
      uin: `9${evil}`,
      createdByRid: `rid${evil}`,
      rids: [`rid${evil}`],
      identity: {},
      status: 'ACTIVATED',
      deceased: true,
      demographicKey: null,
      createdAt: new Date(now).toISOString(),
      updatedAt: new Date(now).toISOString(),
    });
    // An expired lease: the hub never delivers to it, and the console shows it as expired.
    const callback = `http://127.0.0.1:9/cb?x="${evil}`;
    sb.ctx.store.put<HubSubscription>(HUB_KINDS.subscription, subscriptionId('topic', callback), {
      topic: 'topic',
      callback,
      secret: '',
      leaseSeconds: 1,
      createdAt: now - 10_000,
      expiresAt: now - 5_000,
    });
    try {
      const { body } = await page();
      expect(body).not.toContain(evil);
      expect(body).toContain('9&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(body).toContain('cb?x=&quot;&lt;script&gt;');
      expect(body).toContain('expired');
      expect(body).toContain('deceased');
    } finally {
      sb.ctx.store.delete(KINDS.identity, `9${evil}`);
      sb.ctx.store.delete(HUB_KINDS.subscription, subscriptionId('topic', callback));
    }
  });

  it('shows a finished WebSub delivery with its outcome, HTTP status and RID', async () => {
    const subscriber = new TestSubscriber();
    await subscriber.start();
    // Stored directly as verified: the intent check is covered by the WebSub tests.
    const topic = 'REGISTRATION_PROCESSOR_WORKFLOW_COMPLETED_EVENT';
    const callback = `${subscriber.url}/cb/console`;
    const now = sb.ctx.clock();
    const subId = subscriptionId(topic, callback);
    sb.ctx.store.put<HubSubscription>(HUB_KINDS.subscription, subId, {
      topic,
      callback,
      secret: '',
      leaseSeconds: 600,
      createdAt: now,
      expiresAt: now + 600_000,
    });
    try {
      sb.ctx.hub.publish(topic, { instanceId: 'console-rid-1', resultCode: 'PROCESSED' });
      await waitFor(() =>
        sb.ctx.hub.deliveries().recent.some((f) => f.callback === callback) ? true : undefined,
      );
      for (const { body } of [await page(), await page('?fragment=live')]) {
        const table = /<table id="deliveries-finished">([\s\S]*?)<\/table>/.exec(body)?.[1] ?? '';
        const row = table.split('</tr>').find((r) => r.includes('console-rid-1')) ?? '';
        expect(row).toContain(callback);
        expect(row).toContain('badge-ok">delivered');
        expect(row).toContain('<code>200</code>');
        expect(row).toContain('<time datetime=');
      }
    } finally {
      sb.ctx.store.delete(HUB_KINDS.subscription, subId);
      await subscriber.stop();
    }
  });

  it('refuses a post without or with a wrong CSRF token (403) and leaves the faults unchanged', async () => {
    const before = await adminFaults();
    const missing = await post(`${CONSOLE}/faults`, { latencyMs: '500' });
    expect(missing.status).toBe(403);
    expect(await missing.text()).toContain('form token');
    const wrong = await post(`${CONSOLE}/faults`, { csrf: 'x'.repeat(43), latencyMs: '500' });
    expect(wrong.status).toBe(403);
    const json = await fetch(`${sb.url}${CONSOLE}/outage/on`, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/json' },
      body: JSON.stringify({ csrf: await csrfToken() }),
    });
    expect(json.status).toBe(403);
    expect(await adminFaults()).toEqual(before);
  });

  it('refuses a cross-site post even with a valid token (Origin or Sec-Fetch-Site)', async () => {
    const csrf = await csrfToken();
    const before = await adminFaults();
    const otherOrigin = await post(
      `${CONSOLE}/faults`,
      { csrf, latencyMs: '500' },
      { origin: 'https://evil.example' },
    );
    expect(otherOrigin.status).toBe(403);
    const opaque = await post(`${CONSOLE}/outage/on`, { csrf }, { origin: 'null' });
    expect(opaque.status).toBe(403);
    const crossSite = await post(`${CONSOLE}/faults/clear`, { csrf }, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect(await adminFaults()).toEqual(before);
  });

  it('applies the fault form with a valid token: 303 back with a flash, settings visible in the admin API', async () => {
    const csrf = await csrfToken();
    const res = await post(
      `${CONSOLE}/faults`,
      {
        csrf,
        latencyMs: '250',
        'latency.createPacket': '100',
        'latency.auth': '',
        errorRate: '0.1',
        errors200Rate: '0.05',
        errorEndpoints: ['createPacket', 'workflowInstance'],
        outageFrom: '',
        outageUntil: '',
        tokenLifetimeSeconds: '30',
      },
      { origin: sb.url, 'sec-fetch-site': 'same-origin' },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${CONSOLE}?applied=faults`);
    expect(await adminFaults()).toEqual({
      latencyMs: 250,
      latencyByEndpoint: { createPacket: 100 },
      errorRate: 0.1,
      errors200Rate: 0.05,
      errorEndpoints: ['createPacket', 'workflowInstance'],
      outage: null,
      tokenLifetimeSeconds: 30,
    });
    const { body } = await page('?applied=faults');
    expect(body).toContain('Fault settings applied.');
    expect(body).toMatch(/id="f-endpoint-createPacket"[^>]* checked/);
    // An unknown flash key is ignored, never echoed.
    expect((await page('?applied=%3Cb%3Ehi')).body).not.toContain('<b>hi');
  });

  it('rejects invalid fault values with 400 and changes nothing', async () => {
    const csrf = await csrfToken();
    const res = await post(`${CONSOLE}/faults`, {
      csrf,
      latencyMs: '10',
      errorRate: '2',
      outageFrom: 'tomorrow',
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('errorRate');
    expect(text).toContain('outage');
    expect(await adminFaults()).toEqual(NO_FAULTS);
  });

  it('switches an outage on and off in one click while the console itself stays up', async () => {
    const csrf = await csrfToken();
    const on = await post(`${CONSOLE}/outage/on`, { csrf, minutes: '5' });
    expect(on.status).toBe(303);
    expect(on.headers.get('location')).toBe(`${CONSOLE}?applied=outage-on`);
    const { outage } = (await adminFaults()) as { outage: { from: string; until: string } };
    expect(Date.parse(outage.until) - Date.parse(outage.from)).toBe(5 * 60_000);
    const mosip = await fetch(`${sb.url}/v1/authmanager/authenticate/clientidsecretkey`, { method: 'POST' });
    expect(mosip.status).toBe(503);
    const { res, body } = await page('?applied=outage-on');
    expect(res.status).toBe(200);
    expect(body).toContain('OUTAGE');

    const off = await post(`${CONSOLE}/outage/off`, { csrf });
    expect(off.headers.get('location')).toBe(`${CONSOLE}?applied=outage-off`);
    expect(((await adminFaults()) as { outage: unknown }).outage).toBeNull();
  });

  it('clears all faults', async () => {
    sb.ctx.faults.set({ ...NO_FAULTS, latencyMs: 5, errorRate: 0.5, tokenLifetimeSeconds: 10 });
    const res = await post(`${CONSOLE}/faults/clear`, { csrf: await csrfToken() });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${CONSOLE}?applied=cleared`);
    expect(await adminFaults()).toEqual(NO_FAULTS);
  });

  it('serves the live fragment alone (tables, no page chrome or forms) for the refresh script', async () => {
    const { res, body } = await page('?fragment=live');
    expect(res.status).toBe(200);
    expect(body).not.toContain('<html');
    expect(body).not.toContain('<form');
    expect(body).not.toContain('csrf');
    for (const id of [
      'packets',
      'pipeline',
      'identities',
      'subscriptions',
      'deliveries',
      'deliveries-finished',
    ]) {
      expect(body).toContain(`<table id="${id}">`);
    }
    const script = await fetch(`${sb.url}${CONSOLE}/console.js`);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(await script.text()).toContain('/sandbox/console?fragment=live');
    const style = await fetch(`${sb.url}${CONSOLE}/console.css`);
    expect(style.headers.get('content-type')).toContain('text/css');
  });
});
