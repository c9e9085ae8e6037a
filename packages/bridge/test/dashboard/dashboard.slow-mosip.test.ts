import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStack, type Stack } from '../e2e/stack.ts';
import { DashboardClient, textOf } from './dashboard-client.ts';

/** A MOSIP that hangs (6 s on every token request) must not hang the overview: it says so after 2 s. */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ bridgeOptions: { background: false } });
  const res = await fetch(`${stack.sandbox.url}/sandbox/admin/faults`, {
    method: 'PUT',
    headers: {
      authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ latencyByEndpoint: { auth: 6_000 } }),
  });
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await stack?.close();
});

it('should show MOSIP unreachable when no token comes within 2 s, instead of waiting', async () => {
  const c = new DashboardClient(stack.bridge.url);
  expect((await c.signIn(stack.key)).status).toBe(303);
  const live = await c.get('/?fragment=live');
  expect(live.status).toBe(200);
  const text = textOf(live.html);
  expect(text).toContain('MOSIP unreachable');
  expect(text).toContain('no token within 2 s');
});
