import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { birth, death, sandboxUin, startStack, update, waitForStatus, type Stack } from './stack.ts';

const SECRET = 'test-webhook-secret-0123456789';

interface Received {
  event: string;
  deliveryId: string;
  registration: { id: string; status: string; rid: string; uin?: string; mosipCode?: string };
  headers: Record<string, string | string[] | undefined>;
  valid: boolean;
}

/** A CRVS receiver on 127.0.0.1 that checks signatures as the README shows, and can be "down". */
async function receiver() {
  const received: Received[] = [];
  const state = { down: false };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      if (state.down) {
        res.writeHead(503).end('maintenance');
        return;
      }
      const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`);
      const given = Buffer.from(String(req.headers['x-signature'] ?? ''));
      const valid = given.length === expected.length && timingSafeEqual(given, expected);
      received.push({
        ...(JSON.parse(raw) as Omit<Received, 'headers' | 'valid'>),
        headers: req.headers,
        valid,
      });
      res.writeHead(valid ? 200 : 401).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/crvs/events`;
  return { url, received, state, close: () => new Promise((r) => server.close(r)) };
}

async function eventsOf(received: Received[], id: string, count: number, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mine = received.filter((r) => r.registration.id === id);
    if (mine.length >= count) return mine;
    if (Date.now() > deadline) throw new Error(`got ${mine.map((m) => m.event).join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('signed webhooks to the CRVS', () => {
  let stack: Stack;
  let crvs: Awaited<ReturnType<typeof receiver>>;
  beforeAll(async () => {
    crvs = await receiver();
    stack = await startStack({
      bridge: {
        WEBHOOK_URL: crvs.url,
        WEBHOOK_SECRET: SECRET,
        BACKOFF_BASE_MS: 50,
        WEBHOOK_BACKOFF_MAX_MS: 300,
      },
    });
  });
  afterAll(async () => {
    await stack.close();
    await crvs.close();
  });

  it('tells the CRVS, signed and in order, when a birth is accepted and processed and a death completed', async () => {
    const accepted = (await stack.api('POST', '/v1/registrations', birth())).body;
    const events = await eventsOf(crvs.received, accepted.id, 2);
    expect(events.map((e) => e.event)).toEqual(['registration.accepted', 'registration.processed']);
    expect(events.every((e) => e.valid)).toBe(true);
    expect(events[1]!.registration).toMatchObject({
      rid: accepted.rid,
      status: 'processed',
      mosipCode: 'UIN_GENERATOR_SUCCESS',
    });
    expect(events[1]!.registration.uin).toBeUndefined();
    expect(events[0]!.headers).toMatchObject({
      'x-event-type': 'registration.accepted',
      'x-delivery-attempt': '1',
    });
    expect(events[0]!.headers['x-delivery-id']).toBe(events[0]!.deliveryId);

    const uin = await sandboxUin(stack.sandbox, accepted.rid);
    const dead = (await stack.api('POST', '/v1/registrations', death(uin))).body;
    expect((await eventsOf(crvs.received, dead.id, 2)).map((e) => e.event)).toEqual([
      'registration.accepted',
      'registration.completed',
    ]);
    const corrected = (await stack.api('POST', '/v1/registrations', update(uin))).body;
    expect((await eventsOf(crvs.received, corrected.id, 2)).map((e) => e.event)).toEqual([
      'registration.accepted',
      'registration.completed',
    ]);
    const view = (await stack.api('GET', `/v1/registrations/${dead.id}`)).body;
    expect(view.deliveries).toEqual(
      expect.arrayContaining([expect.objectContaining({ event: 'registration.completed', statusCode: 200 })]),
    );
  });

  it('loses nothing while the CRVS is down, and delivers every event afterwards, in order', async () => {
    crvs.state.down = true;
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      ids.push((await stack.api('POST', '/v1/registrations', birth())).body.id as string);
    }
    for (const id of ids) await waitForStatus(stack, id, ['processed']);
    await new Promise((r) => setTimeout(r, 500));
    const failedTries = (await stack.api('GET', `/v1/registrations/${ids[0]}`)).body.deliveries as {
      statusCode: number;
    }[];
    expect(failedTries.some((d) => d.statusCode === 503)).toBe(true);
    crvs.state.down = false;
    for (const id of ids) {
      const events = await eventsOf(crvs.received, id, 2);
      expect(events.map((e) => e.event)).toEqual(['registration.accepted', 'registration.processed']);
    }
  });
});

describe('the pull alternative: GET /v1/events', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack.close());

  it('pages through the same events with a cursor', async () => {
    const created = (await stack.api('POST', '/v1/registrations', birth())).body;
    await waitForStatus(stack, created.id, ['processed']);
    await new Promise((r) => setTimeout(r, 1_100));
    const first = (await stack.api('GET', '/v1/events?limit=1')).body;
    expect(first.items).toEqual([
      expect.objectContaining({
        event: 'registration.accepted',
        registration: expect.objectContaining({ id: created.id, rid: created.rid }),
      }),
    ]);
    const rest = (await stack.api('GET', `/v1/events?after=${first.nextCursor}`)).body;
    expect(rest.items.map((e: { event: string }) => e.event)).toEqual(['registration.processed']);
    const none = (await stack.api('GET', `/v1/events?after=${rest.nextCursor}`)).body;
    expect(none).toEqual({ items: [], nextCursor: rest.nextCursor });
    expect((await stack.api('GET', '/v1/events?after=-1')).status).toBe(400);
  });
});
