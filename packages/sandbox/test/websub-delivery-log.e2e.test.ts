import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FinishedDelivery, HubDelivery } from '../src/websub/hub-model.ts';
import type { PendingDeliverySummary } from '../src/websub/hub.ts';
import { authenticate, startTestSandbox, waitFor, type TestSandbox } from './helpers.ts';
import { TestSubscriber } from './websub-subscriber.ts';

const PARTNER = { clientId: 'crvs-partner', secret: 'sandbox-partner-secret', appId: 'regproc' };
const TOPIC = 'REGISTRATION_PROCESSOR_WORKFLOW_COMPLETED_EVENT';
const ADMIN_AUTH = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
/** The sandbox runs a day ahead, so `finishedAt` shows whether the hub's clock was used. */
const OFFSET_MS = 86_400_000;

interface Deliveries {
  pending: PendingDeliverySummary[];
  recent: FinishedDelivery[];
}

describe('WebSub hub log of finished deliveries', () => {
  let sb: TestSandbox;
  const subscriber = new TestSubscriber();
  const start = (dataDir?: string) =>
    startTestSandbox({
      hubRetryBaseMs: 40,
      clock: () => Date.now() + OFFSET_MS,
      ...(dataDir ? { dataDir } : {}),
    });

  beforeAll(async () => {
    await subscriber.start();
    sb = await start();
  });
  afterAll(async () => {
    await sb.dispose();
    await subscriber.stop();
  });

  const deliveries = async (): Promise<Deliveries> => {
    const res = await fetch(`${sb.url}/sandbox/admin/hub/deliveries`, {
      headers: { authorization: ADMIN_AUTH },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Deliveries;
  };
  const finished = (path: string) =>
    waitFor(async () => (await deliveries()).recent.find((f) => f.callback === `${subscriber.url}${path}`));

  async function subscribed(path: string) {
    const token = await authenticate(sb.url, PARTNER);
    const res = await fetch(`${sb.url}/hub`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `Authorization=${token}` },
      body: new URLSearchParams({
        'hub.mode': 'subscribe',
        'hub.topic': TOPIC,
        'hub.callback': `${subscriber.url}${path}`,
      }).toString(),
    });
    expect(res.status).toBe(202);
    const callback = `${subscriber.url}${path}`;
    await waitFor(() =>
      sb.ctx.hub.subscriptions(TOPIC).some((s) => s.callback === callback) ? true : undefined,
    );
  }

  it('logs a delivery answered 200 as delivered, with event id and RID but without the body', async () => {
    await subscribed('/cb/ok');
    sb.ctx.hub.publish(TOPIC, {
      publisher: 'CREDENTIAL_SERVICE',
      event: {
        id: 'evt-ok',
        transactionId: 'cred-ok',
        data: { registrationId: 'rid-ok', credential: 'SECRET-VC' },
      },
    });
    const entry = await finished('/cb/ok');
    expect(entry).toMatchObject({
      topic: TOPIC,
      outcome: 'delivered',
      attempts: 1,
      lastStatus: 200,
      lastError: null,
      eventId: 'evt-ok',
      rid: 'rid-ok',
    });
    expect(entry.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(entry.finishedAt)).toBeGreaterThan(Date.now() + OFFSET_MS - 60_000);
    expect(JSON.stringify(await deliveries())).not.toContain('SECRET-VC');
    expect(JSON.stringify(sb.ctx.store.list('hub-finished'))).not.toContain('SECRET-VC');
  });

  it('logs a callback answering 410 as gone', async () => {
    subscriber.behaviour.set('/cb/gone', { postStatuses: [410] });
    await subscribed('/cb/gone');
    sb.ctx.hub.publish(TOPIC, { instanceId: 'rid-gone' });
    expect(await finished('/cb/gone')).toMatchObject({
      outcome: 'gone',
      attempts: 1,
      lastStatus: 410,
      rid: 'rid-gone',
      eventId: null,
    });
  });

  it('logs a callback that keeps failing as gave_up after the last retry', async () => {
    subscriber.behaviour.set('/cb/down', { postStatuses: [503, 503, 503, 503, 503] });
    await subscribed('/cb/down');
    sb.ctx.hub.publish(TOPIC, { instanceId: 'rid-down' });
    expect(await finished('/cb/down')).toMatchObject({ outcome: 'gave_up', attempts: 4, lastStatus: 503 });
    expect(subscriber.log('/cb/down').posts).toHaveLength(4);
  });

  it('lists pending deliveries newest first, without body or secret', async () => {
    const now = sb.ctx.clock();
    for (const id of ['p-1', 'p-2']) {
      sb.ctx.store.put<HubDelivery>('hub-delivery', id, {
        id,
        topic: TOPIC,
        callback: `${subscriber.url}/cb/later`,
        secret: 'SECRET-KEY',
        body: JSON.stringify({ instanceId: `rid-${id}`, credential: 'SECRET-VC' }),
        attempts: 1,
        dueAt: now + 3_600_000,
      });
    }
    try {
      const { pending } = await deliveries();
      expect(pending.map((p) => p.id)).toEqual(['p-2', 'p-1']);
      expect(pending[0]).toEqual({
        id: 'p-2',
        topic: TOPIC,
        callback: `${subscriber.url}/cb/later`,
        attempts: 1,
        dueAt: new Date(now + 3_600_000).toISOString(),
        eventId: null,
        rid: 'rid-p-2',
      });
      expect(JSON.stringify(pending)).not.toMatch(/SECRET/);
    } finally {
      for (const id of ['p-1', 'p-2']) sb.ctx.store.delete('hub-delivery', id);
    }
  });

  it('answers 401 on GET /sandbox/admin/hub/deliveries without admin credentials', async () => {
    const res = await fetch(`${sb.url}/sandbox/admin/hub/deliveries`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
    const wrong = await fetch(`${sb.url}/sandbox/admin/hub/deliveries`, {
      headers: { authorization: `Basic ${Buffer.from('admin:nope').toString('base64')}` },
    });
    expect(wrong.status).toBe(401);
  });

  it('keeps the log when the sandbox restarts', async () => {
    const before = (await deliveries()).recent;
    // Every publish also reached the earlier subscribers, so there are more entries than outcomes.
    expect(new Set(before.map((f) => f.outcome))).toEqual(new Set(['delivered', 'gone', 'gave_up']));
    await sb.close();
    sb = await start(sb.dataDir);
    expect((await deliveries()).recent).toEqual(before);
  });
});
