import { describeMosipError } from '@crvs-mosip/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/index.ts';
import { birth, startStack, type Stack } from '../e2e/stack.ts';
import { DashboardClient, csrfOf, textOf } from './dashboard-client.ts';

/**
 * The dashboard's pages and actions over real HTTP: sign-in, session cookie, scopes, CSRF, every page and
 * every action. The worker does not run (background: false), so registrations stay where the test puts them.
 */
describe('dashboard routes', () => {
  let stack: Stack;
  let readKey: string;
  let submitKey: string;
  const checks = {
    rows: [] as {
      check: string;
      status: 'pass' | 'fail' | 'skip';
      detail: string;
      fix?: string;
      code?: string;
    }[],
    fail: false,
  };

  beforeAll(async () => {
    stack = await startStack({
      bridge: { WEBHOOK_URL: 'http://127.0.0.1:9/crvs', WEBHOOK_SECRET: 'dashboard-test-secret-0123' },
      bridgeOptions: {
        background: false,
        healthChecks: () => {
          if (checks.fail) return Promise.reject(new Error('the checks broke'));
          return Promise.resolve(checks.rows);
        },
      },
    });
    readKey = (await createApiKey(stack.config.databaseUrl, { name: 'viewer', scopes: ['read'] })).key;
    submitKey = (await createApiKey(stack.config.databaseUrl, { name: 'crvs', scopes: ['submit'] })).key;
  });
  afterAll(async () => {
    await stack?.close();
  });

  const client = () => new DashboardClient(stack.bridge.url);
  const signedIn = async (key = stack.key) => {
    const c = client();
    expect((await c.signIn(key)).status).toBe(303);
    return c;
  };
  const accept = async (fields: Record<string, unknown> = {}) => {
    const res = await stack.api('POST', '/v1/registrations', birth({}, fields));
    expect(res.status).toBe(202);
    return res.body as { id: string; rid: string; requestId: string };
  };

  describe('sign-in and session', () => {
    it('should send a visitor without a session to the sign-in page, and htmx requests an HX-Redirect', async () => {
      const page = await client().get('/registrations?status=failed');
      expect(page.status).toBe(303);
      expect(page.headers.get('location')).toBe('/login?next=%2Fregistrations%3Fstatus%3Dfailed');
      const fragment = await client().get('/?fragment=live', { 'hx-request': 'true' });
      expect(fragment.status).toBe(401);
      expect(fragment.headers.get('hx-redirect')).toBe('/login?next=%2F%3Ffragment%3Dlive');
    });

    it('should sign in with a read key and set a signed HttpOnly SameSite=Strict cookie', async () => {
      const c = client();
      const res = await c.signIn(readKey, '/registrations');
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/registrations');
      const cookie = res.headers.getSetCookie().find((l) => l.startsWith('crvs_mosip_session='))!;
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect(cookie).toMatch(/Path=\//);
      expect(cookie).not.toContain(readKey.slice('cmk_'.length + 13)); // the key's secret part
      const page = await c.get('/registrations');
      expect(page.status).toBe(200);
      expect(textOf(page.html)).toContain('(read only)');
    });

    it('should refuse a wrong key, a submit-only key, a missing form token and a cross-site post', async () => {
      const wrong = await client().signIn(`${stack.key.slice(0, -4)}AAAA`);
      expect(wrong.status).toBe(401);
      expect(textOf(wrong.html)).toContain('This API key is not valid');
      const submitOnly = await client().signIn(submitKey);
      expect(submitOnly.status).toBe(403);
      expect(textOf(submitOnly.html)).toContain('the dashboard needs "read" or "operate"');
      const c = client();
      await c.get('/login');
      const noToken = await c.post('/login', { key: stack.key, next: '/' });
      expect(noToken.status).toBe(403);
      expect(noToken.headers.getSetCookie().some((l) => l.startsWith('crvs_mosip_session='))).toBe(false);
      const form = await c.get('/login');
      const crossSite = await c.post(
        '/login',
        { _csrf: csrfOf(form.html), key: stack.key, next: '/' },
        { origin: 'https://attacker.example' },
      );
      expect(crossSite.status).toBe(403);
      expect(crossSite.headers.getSetCookie().some((l) => l.startsWith('crvs_mosip_session='))).toBe(false);
    });

    it('should only go back to a local path after sign-in', async () => {
      for (const next of ['//evil.example/x', 'https://evil.example', '/\\evil.example']) {
        const res = await client().signIn(stack.key, next);
        expect(res.headers.get('location')).toBe('/');
      }
    });

    it('should treat a tampered cookie as no session and end sessions of a revoked key', async () => {
      const c = await signedIn();
      const value = c.cookies.get('crvs_mosip_session')!;
      const [body, mac] = value.split('.');
      const forged = JSON.parse(Buffer.from(body!, 'base64url').toString()) as Record<string, unknown>;
      forged.expiresAt = Date.now() + 10 * 365 * 86_400_000;
      c.cookies.set(
        'crvs_mosip_session',
        `${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${mac}`,
      );
      expect((await c.get('/')).status).toBe(303);

      const { id, key } = await createApiKey(stack.config.databaseUrl, { name: 'temp', scopes: ['read'] });
      const temp = await signedIn(key);
      expect((await temp.get('/')).status).toBe(200);
      await stack.bridge.store.apiKeys.revoke(id, Date.now());
      expect((await temp.get('/')).status).toBe(303);
    });

    it('should sign out only with the CSRF token, and clear the cookie', async () => {
      const c = await signedIn();
      expect((await c.post('/logout', {})).status).toBe(403);
      expect((await c.get('/')).status).toBe(200);
      const out = await c.post('/logout', { _csrf: await c.csrf() });
      expect(out.status).toBe(303);
      expect(out.headers.get('location')).toBe('/login');
      expect((await c.get('/')).status).toBe(303);
    });

    it('should end the session on the server at sign-out, so a copied cookie is worthless', async () => {
      const c = await signedIn();
      const copy = new DashboardClient(stack.bridge.url);
      copy.cookies.set('crvs_mosip_session', c.cookies.get('crvs_mosip_session')!);
      expect((await copy.get('/')).status).toBe(200);
      expect((await c.post('/logout', { _csrf: await c.csrf() })).status).toBe(303);
      expect((await copy.get('/')).status).toBe(303);
      expect((await copy.get('/?fragment=live', { 'hx-request': 'true' })).status).toBe(401);
    });
  });

  describe('pages', () => {
    it('should render the overview with security headers, and its live fragment alone', async () => {
      await accept();
      const c = await signedIn();
      const page = await c.get('/');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.headers.get('cache-control')).toBe('no-store');
      const text = textOf(page.html);
      for (const part of [
        'Registrations',
        'MOSIP',
        'Outbox',
        'Webhooks to the CRVS',
        'Per minute, last hour',
        'Per hour, last 24 hours',
        'MOSIP tokens',
        'WebSub',
      ]) {
        expect(text).toContain(part);
      }
      expect(text).toContain('Not configured: outcomes are found by polling MOSIP only.');
      expect(text).toContain(
        'Waiting for a credential 0 births with a UIN from MOSIP but no credential after 1 h 0 min',
      );
      expect(page.html).toMatch(/<script src="\/assets\/htmx-[0-9a-f]{12}\.min\.js" defer>/);
      const live = await c.get('/?fragment=live');
      expect(live.html.trimStart()).toMatch(/^<div id="live"/);
      expect(live.html).not.toContain('<html');
    });

    it('should group failures by MOSIP code with the catalogue’s explanation, and show the oldest in flight', async () => {
      const a = await accept();
      await stack.bridge.store.registrations.updateStatus(
        a.id,
        { from: 'accepted', to: 'failed', actor: 'worker', code: 'KER-PUT-006', message: 'no writer' },
        Date.now(),
      );
      const c = await signedIn(readKey);
      const text = textOf((await c.get('/?fragment=live')).html);
      expect(text).toContain(`KER-PUT-006 failed`);
      expect(text).toContain(describeMosipError('KER-PUT-006').meaning);
      expect(text).toMatch(/Oldest registration in each non-terminal status .* accepted \d+ (s|min)/);
      expect(text).toMatch(/Registrations \d+ \d+ in flight · [1-9]\d* failed/);
    });

    it('should count births waiting for their credential longer than CREDENTIAL_WAIT_MS', async () => {
      const a = await accept();
      const twoHoursAgo = Date.now() - 2 * 3_600_000;
      await stack.bridge.store.registrations.updateStatus(
        a.id,
        { from: 'accepted', to: 'processed', actor: 'tracker', code: 'UIN_GENERATOR_SUCCESS' },
        twoHoursAgo,
      );
      const c = await signedIn(readKey);
      const live = await c.get('/?fragment=live');
      expect(textOf(live.html)).toMatch(
        /Waiting for a credential 1 births with a UIN .* oldest 2 h 0 min · see them/,
      );
      expect(live.html).toContain('href="/registrations?status=processed&amp;type=birth&amp;order=asc"');
      const detail = textOf((await c.get(`/registrations/${a.id}`)).html);
      expect(detail).toContain('UIN generated, credential not received for 2 h 0 min');
    });

    it('should serve the vendored htmx and the stylesheet, cacheable, without a session', async () => {
      const page = await (await signedIn()).get('/');
      const htmx = /src="(\/assets\/htmx-[^"]+)"/.exec(page.html)![1]!;
      const css = /href="(\/assets\/dashboard-[^"]+)"/.exec(page.html)![1]!;
      const js = await client().get(htmx);
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toContain('text/javascript');
      expect(js.headers.get('cache-control')).toContain('immutable');
      expect(js.html).toContain('htmx');
      expect((await client().get(css)).headers.get('content-type')).toContain('text/css');
    });

    it('should find a registration by request id, RID or UIN and filter by status, type and date', async () => {
      const a = await accept();
      const c = await signedIn(readKey);
      for (const q of [a.requestId, a.rid, a.id]) {
        const page = await c.get(`/registrations?q=${encodeURIComponent(q)}`);
        expect(textOf(page.html)).toContain('1 registration');
        expect(page.html).toContain(`/registrations/${a.id}`);
      }
      await stack.bridge.store.registrations.updateStatus(
        a.id,
        { from: 'accepted', to: 'uin_issued', actor: 'websub', uin: '7364519203' },
        Date.now(),
      );
      const byUin = await c.get('/registrations?q=7364519203');
      expect(byUin.html).toContain(`/registrations/${a.id}`);
      expect(textOf((await c.get('/registrations?q=nothing-like-this')).html)).toContain(
        'No registration matches.',
      );

      const issued = await c.get('/registrations?status=uin_issued&type=birth');
      expect(issued.html).toContain(`/registrations/${a.id}`);
      expect((await c.get('/registrations?status=uin_issued&type=death')).html).not.toContain(
        `/registrations/${a.id}`,
      );
      const today = new Date().toISOString().slice(0, 10);
      expect((await c.get(`/registrations?from=${today}&to=${today}`)).html).toContain(
        `/registrations/${a.id}`,
      );
      expect((await c.get('/registrations?to=2001-01-01')).html).not.toContain(`/registrations/${a.id}`);
      const bad = await c.get('/registrations?from=2025-13-45&status=nonsense');
      expect(bad.status).toBe(200);
      expect(textOf(bad.html)).toContain('Some filters were ignored');
    });

    it('should page through registrations 50 at a time', async () => {
      const c = await signedIn(readKey);
      const marker = `paging-${Date.now()}`;
      for (let i = 0; i < 52; i += 1) {
        await stack.api('POST', '/v1/registrations', birth({ requestId: `${marker}-${i}` }));
      }
      const first = await c.get('/registrations');
      expect(textOf(first.html)).toContain('50 registrations (more on the next page)');
      const next = /href="([^"]+)" rel="next"/.exec(first.html)![1]!.replace(/&amp;/g, '&');
      const second = await c.get(next);
      expect(second.status).toBe(200);
      expect(second.html).toContain('First page');
      const firstIds = new Set(
        [...first.html.matchAll(/href="\/registrations\/([0-9a-f-]{36})"/g)].map((m) => m[1]),
      );
      const secondIds = [...second.html.matchAll(/href="\/registrations\/([0-9a-f-]{36})"/g)].map(
        (m) => m[1],
      );
      expect(secondIds.length).toBeGreaterThan(0);
      expect(secondIds.some((id) => firstIds.has(id))).toBe(false);
      const broken = await c.get('/registrations?cursor=garbage');
      expect(textOf(broken.html)).toContain('The page link is not valid any more');
    });

    it('should show the timeline and the packet masked, and 404 an unknown registration', async () => {
      const a = await accept({ fullName: { eng: 'Ophelianne Brightwater' } });
      const c = await signedIn(readKey);
      const page = await c.get(`/registrations/${a.id}`);
      expect(page.status).toBe(200);
      const text = textOf(page.html);
      expect(text).toContain(a.rid);
      expect(text).toContain('Timeline');
      expect(text).toContain('personal data masked');
      expect(page.html).not.toContain('Ophelianne');
      expect(page.html).not.toContain('Reveal personal data');
      expect(text).toMatch(/deliver .*pending/);
      const missing = await c.get('/registrations/00000000-0000-4000-8000-000000000000');
      expect(missing.status).toBe(404);
      expect(textOf(missing.html)).toContain('NOT_FOUND');
    });

    it('should run the health checks live, show failures with remedies, and never show secrets', async () => {
      const c = await signedIn(readKey);
      checks.rows = [
        { check: 'token obtainable', status: 'pass', detail: 'issued' },
        {
          check: 'machine 10077 exists',
          status: 'fail',
          detail: 'not found',
          fix: 'run crvs-mosip onboard --apply',
          code: 'KER-MSD-042',
        },
      ];
      const page = await c.get('/settings');
      const text = textOf(page.html);
      expect(text).toContain('1 passed, 1 failed, 0 not checked');
      expect(text).toContain('run crvs-mosip onboard --apply');
      expect(text).toContain('KER-MSD-042');
      expect(text).toContain('MOSIP_CLIENT_SECRET (set, hidden)');
      expect(page.html).not.toContain(stack.config.MOSIP_CLIENT_SECRET);
      expect(page.html).not.toContain(stack.config.ENCRYPTION_KEY);
      expect(page.html).not.toContain('dashboard-test-secret-0123');
      checks.fail = true;
      expect(textOf((await c.get('/settings')).html)).toContain('The checks could not run: the checks broke');
      checks.fail = false;
    });
  });

  describe('actions', () => {
    it('should reveal the packet only for operate with the CSRF token, recording who looked', async () => {
      const a = await accept({ fullName: { eng: 'Wendeline Arroway' } });
      const viewer = await signedIn(readKey);
      const forbidden = await viewer.post(`/registrations/${a.id}/reveal`, { _csrf: await viewer.csrf() });
      expect(forbidden.status).toBe(403);
      expect(forbidden.html).not.toContain('Wendeline');

      const operator = await signedIn();
      expect((await operator.post(`/registrations/${a.id}/reveal`, {})).status).toBe(403);
      expect((await operator.post(`/registrations/${a.id}/reveal`, { _csrf: 'forged' })).status).toBe(403);
      const events = () => stack.bridge.store.events.listForRegistration(a.id);
      expect((await events()).some((e) => e.code === 'PACKET_REVEALED')).toBe(false);

      const shown = await operator.post(`/registrations/${a.id}/reveal`, { _csrf: await operator.csrf() });
      expect(shown.status).toBe(200);
      expect(shown.html).toContain('Wendeline Arroway');
      const note = (await events()).find((e) => e.code === 'PACKET_REVEALED')!;
      expect(note.actor).toMatch(/^operator:[a-z0-9]{12}$/);
      expect(note.fromStatus).toBe(note.toStatus);
      // A note is not a status change: the event feed does not announce it.
      await new Promise((r) => setTimeout(r, 1100));
      const feed = await stack.api('GET', '/v1/events?after=0&limit=500');
      expect(
        (feed.body.items as { registration: { id: string } }[]).filter((i) => i.registration.id === a.id),
      ).toHaveLength(1);
    });

    it('should retry a failed registration for operate only', async () => {
      const a = await accept();
      const store = stack.bridge.store;
      await store.registrations.updateStatus(
        a.id,
        { from: 'accepted', to: 'failed', actor: 'worker', code: 'RPR-PKR-001', message: 'test' },
        Date.now(),
      );
      const viewer = await signedIn(readKey);
      expect(textOf((await viewer.get(`/registrations/${a.id}`)).html)).not.toContain('Retry registration');
      expect((await viewer.post(`/registrations/${a.id}/retry`, { _csrf: await viewer.csrf() })).status).toBe(
        403,
      );
      const operator = await signedIn();
      const detail = await operator.get(`/registrations/${a.id}`);
      expect(textOf(detail.html)).toContain('Retry registration');
      const res = await operator.post(`/registrations/${a.id}/retry`, { _csrf: csrfOf(detail.html) });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/registrations/${a.id}?done=retried`);
      expect((await store.registrations.findById(a.id))!.status).toBe('accepted');
      const after = await operator.get(res.headers.get('location')!);
      expect(textOf(after.html)).toContain('The registration is queued again');
      const again = await operator.post(`/registrations/${a.id}/retry`, { _csrf: csrfOf(after.html) });
      expect(again.status).toBe(409);
      expect(textOf(again.html)).toContain('NOT_RETRYABLE');
    });

    it('should retry a failed webhook delivery and cancel one that should not be sent', async () => {
      const a = await accept();
      const store = stack.bridge.store;
      const enqueue = async (key: string) =>
        (
          await store.outbox.enqueue(
            {
              jobKey: key,
              kind: 'notify',
              registrationId: a.id,
              maxAttempts: 1,
              payload: { subscriber: 'crvs', body: { event: 'registration.processed' } },
            },
            Date.now(),
          )
        ).job.id;
      const failedId = await enqueue(`notify:test:${a.id}:1`);
      // As the webhook sender leaves a delivery that used up its attempts.
      await store.executor
        .updateTable('outbox_jobs')
        .set({ status: 'failed', attempts: 1, last_error: 'HTTP 500' })
        .where('id', '=', failedId)
        .execute();
      const pendingId = await enqueue(`notify:test:${a.id}:2`);

      const operator = await signedIn();
      const detail = await operator.get(`/registrations/${a.id}`);
      expect(detail.html).toContain(`/deliveries/${failedId}/retry`);
      expect(detail.html).toContain(`/deliveries/${pendingId}/cancel`);
      const csrf = csrfOf(detail.html);
      const retried = await operator.post(`/registrations/${a.id}/deliveries/${failedId}/retry`, {
        _csrf: csrf,
      });
      expect(retried.status).toBe(303);
      expect((await store.outbox.findById(failedId))!.status).toBe('pending');
      const cancelled = await operator.post(`/registrations/${a.id}/deliveries/${pendingId}/cancel`, {
        _csrf: csrf,
      });
      expect(cancelled.status).toBe(303);
      expect((await store.outbox.findById(pendingId))!.status).toBe('cancelled');
      expect(
        (await operator.post(`/registrations/${a.id}/deliveries/${pendingId}/cancel`, { _csrf: csrf }))
          .status,
      ).toBe(409);
      expect(
        (await operator.post(`/registrations/${a.id}/deliveries/999999/retry`, { _csrf: csrf })).status,
      ).toBe(404);
      const deliverJob = (await store.outbox.findByRegistration(a.id)).find((j) => j.kind === 'deliver')!;
      expect(
        (await operator.post(`/registrations/${a.id}/deliveries/${deliverJob.id}/cancel`, { _csrf: csrf }))
          .status,
      ).toBe(404);
      const codes = (await store.events.listForRegistration(a.id)).map((e) => e.code);
      expect(codes).toEqual(expect.arrayContaining(['WEBHOOK_RETRIED', 'WEBHOOK_CANCELLED']));
      const viewer = await signedIn(readKey);
      expect(
        (
          await viewer.post(`/registrations/${a.id}/deliveries/${failedId}/cancel`, {
            _csrf: await viewer.csrf(),
          })
        ).status,
      ).toBe(403);
    });
  });
});
