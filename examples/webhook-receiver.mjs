#!/usr/bin/env node
// A minimal CRVS-side receiver for the bridge's webhooks: verifies the signature over the exact body,
// refuses stale deliveries and prints each event.
//   WEBHOOK_SECRET=... node examples/webhook-receiver.mjs [port]      (listens on 127.0.0.1)
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const secret = process.env.WEBHOOK_SECRET;
if (!secret) {
  console.error('set WEBHOOK_SECRET to the secret given to the bridge (CRVS_MOSIP_WEBHOOK_SECRET)');
  process.exit(2);
}
const port = Number(process.argv[2] ?? 9090);
const seen = new Set();

createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
    const given = Buffer.from(String(req.headers['x-signature'] ?? ''));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.writeHead(401).end('bad signature');
      return;
    }
    // Refuse replays: the timestamp header is seconds since the epoch; the delivery id is unique.
    const age = Math.abs(Date.now() / 1000 - Number(req.headers['x-timestamp']));
    const deliveryId = String(req.headers['x-delivery-id']);
    if (!(age < 300) || seen.has(deliveryId)) {
      res.writeHead(200).end('already seen or too old');
      return;
    }
    seen.add(deliveryId);
    const event = JSON.parse(body.toString('utf8'));
    const r = event.registration;
    console.log(
      `${event.occurredAt} ${event.event} ${r.type} ${r.rid} ${r.status}${r.uin ? ` UIN ${r.uin}` : ''}${r.mosipCode ? ` (${r.mosipCode})` : ''}`,
    );
    res.writeHead(200).end('ok');
  });
}).listen(port, '127.0.0.1', () =>
  console.log(`webhook receiver on http://127.0.0.1:${port}/ (verifying X-Signature)`),
);
