import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/index.ts';
import { birth, startStack, waitForStatus, type Stack } from '../e2e/stack.ts';
import { startFullStack, webhookFor, type FullStack } from './full-stack.ts';

/** Every family the bridge exposes (prom-client's process metrics are represented by one). */
const FAMILIES = [
  'crvs_mosip_registrations',
  'crvs_mosip_registration_oldest_age_seconds',
  'crvs_mosip_accept_duration_seconds',
  'crvs_mosip_outbox_jobs',
  'crvs_mosip_outbox_oldest_pending_age_seconds',
  'crvs_mosip_mosip_request_duration_seconds',
  'crvs_mosip_mosip_token_refreshes_total',
  'crvs_mosip_websub_deliveries_total',
  'crvs_mosip_webhook_deliveries_total',
  'crvs_mosip_worker_busy_slots',
  'crvs_mosip_worker_concurrency',
  'crvs_mosip_births_waiting_for_credential',
  'process_cpu_user_seconds_total',
  'nodejs_eventloop_lag_seconds',
];

/** The value of one sample, e.g. `sample(text, 'x_count', { a: '1' })`; undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const got = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]] as const),
    );
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(match[3]);
  }
  return undefined;
}

async function scrape(url: string, authorization?: string) {
  const res = await fetch(url, authorization ? { headers: { authorization } } : {});
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

describe('GET /metrics on the API port (scope read)', () => {
  let full: FullStack;
  beforeAll(async () => {
    full = await startFullStack();
  }, 60_000);
  afterAll(async () => full?.close());

  it('should refuse without credentials (401) and with a submit-only key (403)', async () => {
    const { stack } = full;
    expect((await scrape(stack.bridge.metricsUrl)).status).toBe(401);
    const { key } = await createApiKey(stack.config.databaseUrl, { name: 'submitter', scopes: ['submit'] });
    expect((await scrape(stack.bridge.metricsUrl, `Bearer ${key}`)).status).toBe(403);
    expect(stack.bridge.metricsUrl).toBe(`${stack.bridge.url}/metrics`);
  });

  it('should expose every family after a birth reaches uin_issued through the sandbox', async () => {
    const { stack } = full;
    const created = (await stack.api('POST', '/v1/registrations', birth())).body;
    await waitForStatus(stack, created.id, ['uin_issued'], 30_000);
    await webhookFor(full, created.id, 'registration.uin_issued');
    expect((await stack.api('POST', '/v1/registrations', { type: 'birth' })).status).toBe(400);
    expect((await stack.api('POST', '/v1/registrations', birth(), { authorization: '' })).status).toBe(401);

    const { status, type, text } = await scrape(stack.bridge.metricsUrl, `Bearer ${stack.key}`);
    expect(status).toBe(200);
    expect(type).toBe('text/plain; version=0.0.4; charset=utf-8');
    for (const family of FAMILIES) expect(text).toContain(`# TYPE ${family} `);

    const ok = (endpoint: string) =>
      sample(text, 'crvs_mosip_mosip_request_duration_seconds_count', { endpoint, outcome: 'ok' });
    expect(ok('createPacket')).toBeGreaterThanOrEqual(1);
    expect(ok('createWorkflowInstance')).toBeGreaterThanOrEqual(1);
    expect(ok('authenticate')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'crvs_mosip_registrations', { type: 'birth', status: 'uin_issued' })).toBe(1);
    expect(sample(text, 'crvs_mosip_registrations', { type: 'death', status: 'failed' })).toBe(0);
    const accepted = (outcome: string) =>
      sample(text, 'crvs_mosip_accept_duration_seconds_count', { outcome });
    expect(accepted('created')).toBe(1);
    expect(accepted('VALIDATION_FAILED')).toBe(1);
    expect(accepted('UNAUTHORIZED')).toBe(1);
    expect(
      sample(text, 'crvs_mosip_mosip_token_refreshes_total', {
        client_id: stack.config.MOSIP_CLIENT_ID,
        outcome: 'ok',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'crvs_mosip_websub_deliveries_total', { outcome: 'accepted' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'crvs_mosip_webhook_deliveries_total', { subscriber: 'crvs', outcome: 'delivered' }),
    ).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'crvs_mosip_outbox_jobs', { status: 'done' })).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'crvs_mosip_worker_concurrency')).toBe(stack.config.WORKER_CONCURRENCY);
    expect(sample(text, 'crvs_mosip_worker_busy_slots')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'crvs_mosip_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(0);
  });
});

describe('MOSIP failures in the metrics', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  it('should label a failed createPacket with its CLIENT code, then count the successful retry', async () => {
    let failures = 1;
    // The first createPacket never reaches MOSIP, as when the connection is refused.
    const flaky: typeof fetch = (input, init) => {
      if (String(input instanceof Request ? input.url : input).endsWith('/createPacket') && failures-- > 0) {
        return Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }));
      }
      return fetch(input, init);
    };
    stack = await startStack({ bridgeOptions: { fetch: flaky } });
    const created = (await stack.api('POST', '/v1/registrations', birth())).body;
    await waitForStatus(stack, created.id, ['processed'], 30_000);
    const { text } = await scrape(stack.bridge.metricsUrl, `Bearer ${stack.key}`);
    const count = (outcome: string) =>
      sample(text, 'crvs_mosip_mosip_request_duration_seconds_count', { endpoint: 'createPacket', outcome });
    expect(count('CLIENT-NETWORK')).toBe(1);
    expect(count('ok')).toBe(1);
  });

  it('should label MOSIP business errors injected by the sandbox with their MOSIP code', async () => {
    stack = await startStack();
    stack.sandbox.ctx.faults.set({
      latencyMs: 0,
      latencyByEndpoint: {},
      errorRate: 0,
      errors200Rate: 1,
      errorEndpoints: ['workflowInstance'],
      outage: null,
      tokenLifetimeSeconds: null,
    });
    const created = (await stack.api('POST', '/v1/registrations', birth())).body;
    const s = stack;
    await waitForStatus(s, created.id, ['packet_created'], 20_000);
    const deadline = Date.now() + 10_000;
    let text = '';
    while (Date.now() < deadline) {
      text = (await scrape(s.bridge.metricsUrl, `Bearer ${s.key}`)).text;
      const failed = sample(text, 'crvs_mosip_mosip_request_duration_seconds_count', {
        endpoint: 'createWorkflowInstance',
        outcome: 'RPR-WIS-000',
      });
      if (failed !== undefined && failed >= 1) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(
      sample(text, 'crvs_mosip_mosip_request_duration_seconds_count', {
        endpoint: 'createWorkflowInstance',
        outcome: 'RPR-WIS-000',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'crvs_mosip_registrations', { type: 'birth', status: 'packet_created' })).toBe(1);
  });
});

describe('METRICS_PORT: a separate, unauthenticated listener', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ bridge: { METRICS_PORT: 0 } });
  });
  afterAll(async () => stack?.close());

  it('should serve /metrics on its own port without credentials, and not on the API port', async () => {
    const url = new URL(stack.bridge.metricsUrl);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.pathname).toBe('/metrics');
    expect(url.port).not.toBe(new URL(stack.bridge.url).port);
    const { status, text } = await scrape(stack.bridge.metricsUrl);
    expect(status).toBe(200);
    expect(text).toContain('# TYPE crvs_mosip_registrations gauge');
    expect((await scrape(`${stack.bridge.url}/metrics`, `Bearer ${stack.key}`)).status).toBe(404);
    expect((await scrape(`${url.origin}/other`)).status).toBe(404);
  });

  it('should close the metrics listener with the bridge', async () => {
    const url = stack.bridge.metricsUrl;
    await stack.bridge.close();
    await expect(fetch(url)).rejects.toThrow();
    // A no-op bridge so afterAll's close() has something to close.
    stack.bridge = { ...stack.bridge, close: () => Promise.resolve() };
  });
});
