/**
 * A minimal stand-in for MOSIP's WebSub hub (mosip-contracts 12.1) on 127.0.0.1: records subscribe
 * requests (form + cookie), answers 202 `hub.mode=accepted`, then sends the intent verification GET and
 * records whether the subscriber echoed the challenge.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';

export interface SubscribeRequest {
  form: URLSearchParams;
  cookie: string | undefined;
}

export interface Verification {
  topic: string;
  status: number;
  echoed: boolean;
}

export async function startFakeHub(leaseSeconds = 3600) {
  const subscribes: SubscribeRequest[] = [];
  const verifications: Verification[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const form = new URLSearchParams(raw);
      subscribes.push({ form, cookie: req.headers.cookie });
      res.writeHead(202, { 'content-type': 'application/x-www-form-urlencoded' }).end('hub.mode=accepted');
      const challenge = randomUUID();
      const topic = form.get('hub.topic') ?? '';
      const callback = form.get('hub.callback') ?? '';
      const query = `hub.mode=subscribe&hub.topic=${topic}&hub.challenge=${challenge}&hub.lease_seconds=${leaseSeconds}`;
      void fetch(`${callback}${callback.includes('?') ? '&' : '?'}${query}`).then(async (r) => {
        verifications.push({ topic, status: r.status, echoed: (await r.text()) === challenge });
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hub`;
  return { url, subscribes, verifications, close: () => new Promise((r) => server.close(r)) };
}

/** Polls `predicate` until it holds (or times out). */
export async function eventually<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
