import { afterAll, describe, expect, it } from 'vitest';
import { authenticate, call, REGPROC, startTestSandbox, waitFor, type TestSandbox } from './helpers.ts';
import { TestSubscriber } from './websub-subscriber.ts';

const PARTNER = { clientId: 'crvs-partner', secret: 'sandbox-partner-secret', appId: 'regproc' };
const TOPIC = 'REGISTRATION_PROCESSOR_WORKFLOW_COMPLETED_EVENT';

describe('WebSub hub state across a restart, and token validation', () => {
  const open: TestSandbox[] = [];
  const subscriber = new TestSubscriber();
  afterAll(async () => {
    // Both sandboxes share one data directory; the running one removes it.
    await open.at(-1)?.dispose();
    await subscriber.stop();
  });

  it('keeps subscriptions and pending deliveries when the sandbox restarts', async () => {
    await subscriber.start();
    subscriber.behaviour.set('/cb/restart', { postStatuses: [500] });
    const first = await startTestSandbox({ hubRetryBaseMs: 1000 });
    open.push(first);
    const token = await authenticate(first.url, PARTNER);
    const res = await fetch(`${first.url}/websub/hub`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `Authorization=${token}` },
      body: new URLSearchParams({
        'hub.mode': 'subscribe',
        'hub.topic': TOPIC,
        'hub.callback': `${subscriber.url}/cb/restart`,
        'hub.secret': 's',
      }).toString(),
    });
    expect(res.status).toBe(202);
    await waitFor(() => (first.ctx.hub.subscriptions(TOPIC).length === 1 ? true : undefined));
    first.ctx.hub.publish(TOPIC, { instanceId: 'restart-test' });
    await waitFor(() => (subscriber.log('/cb/restart').posts.length === 1 ? true : undefined));
    await first.close();
    open.pop();

    const second = await startTestSandbox({ dataDir: first.dataDir, hubRetryBaseMs: 1000 });
    open.push(second);
    expect(second.ctx.hub.subscriptions(TOPIC)).toHaveLength(1);
    await waitFor(() => (subscriber.log('/cb/restart').posts.length === 2 ? true : undefined));
    expect(subscriber.log('/cb/restart').posts[1]!.body).toBe(JSON.stringify({ instanceId: 'restart-test' }));
  });

  it('answers GET /v1/authmanager/authorize/admin/validateToken as the auth manager does', async () => {
    const sb = open.at(-1)!;
    const token = await authenticate(sb.url, REGPROC);
    const valid = await call(sb.url, '/v1/authmanager/authorize/admin/validateToken', token, 'GET');
    expect(valid.status).toBe(200);
    expect(valid.body.response).toMatchObject({
      userId: 'service-account-mosip-regproc-client',
      name: 'service-account-mosip-regproc-client',
    });
    expect(valid.body.response.role).toMatch(/^(?:[A-Z_a-z]+,)+$/);
    expect(valid.body.response.role).toContain('REGISTRATION_PROCESSOR,');
    const none = await call(sb.url, '/v1/authmanager/authorize/admin/validateToken', null, 'GET');
    expect(none.body.errors[0].errorCode).toBe('KER-ATH-006');
    const bad = await call(sb.url, '/v1/authmanager/authorize/admin/validateToken', `${token}x`, 'GET');
    expect(bad.status).toBe(500);
    expect(bad.body.errors[0].errorCode).toBe('500');
  });
});
