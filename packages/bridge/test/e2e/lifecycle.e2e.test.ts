import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyDatabase, DIALECTS } from '../support/test-database.ts';
import { birth, death, sandboxUin, startStack, update, waitForStatus, type Stack } from './stack.ts';

describe.each(DIALECTS)('bridge with the sandbox over HTTP (%s)', (dialect) => {
  let stack: Stack;
  let database: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    database = await createEmptyDatabase(dialect);
    stack = await startStack({ bridge: { DATABASE_URL: database.url } });
  });
  afterAll(async () => {
    await stack.close();
    await database.drop();
  });

  it('takes a birth to processed, then the death to completed and a correction to completed', async () => {
    const accepted = await stack.api('POST', '/v1/registrations', birth());
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({
      status: 'accepted',
      links: { self: `/v1/registrations/${accepted.body.id}` },
    });
    expect(accepted.body.rid).toMatch(/^1000110077\d{19}$/);
    const processed = await waitForStatus(stack, accepted.body.id, ['processed']);
    expect(processed.timeline.map((e: { toStatus: string }) => e.toStatus)).toEqual([
      'accepted',
      'packet_created',
      'processing',
      'processed',
    ]);
    expect(processed.timeline.at(-1)).toMatchObject({ actor: 'tracker', code: 'UIN_GENERATOR_SUCCESS' });

    const uin = await sandboxUin(stack.sandbox, accepted.body.rid);
    const dead = await stack.api('POST', '/v1/registrations', death(uin));
    expect(dead.status).toBe(202);
    expect((await waitForStatus(stack, dead.body.id, ['completed'])).process).toBe('CRVS_DEATH');
    const identity = stack.sandbox.ctx.store.get<{ deceased: boolean }>('identity', uin);
    expect(identity?.deceased).toBe(true);

    const corrected = await stack.api('POST', '/v1/registrations', update(uin));
    await waitForStatus(stack, corrected.body.id, ['completed']);
    expect(
      stack.sandbox.ctx.store.get<{ identity: { addressLine1: { value: string }[] } }>('identity', uin)
        ?.identity.addressLine1[0]?.value,
    ).toBe('99 New Road');
  });

  it('answers a repeat with the same registration (200) and a conflicting reuse of requestId with 409', async () => {
    const body = birth();
    const first = await stack.api('POST', '/v1/registrations', body);
    const again = await stack.api('POST', '/v1/registrations', body);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.rid).toBe(first.body.rid);
    const conflict = await stack.api('POST', '/v1/registrations', {
      ...body,
      fields: { ...body.fields, gender: 'Female' },
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('IDEMPOTENCY_CONFLICT');
    const concurrent = birth();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => stack.api('POST', '/v1/registrations', concurrent)),
    );
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
  });

  it('finds a registration by id, RID and requestId, and pages through the list', async () => {
    const body = birth();
    const created = (await stack.api('POST', '/v1/registrations', body)).body;
    for (const ref of [created.id, created.rid, body.requestId]) {
      expect((await stack.api('GET', `/v1/registrations/${ref}`)).body.id).toBe(created.id);
    }
    expect((await stack.api('GET', '/v1/registrations/nope')).status).toBe(404);
    const page1 = await stack.api('GET', '/v1/registrations?limit=2&type=birth');
    expect(page1.body.items).toHaveLength(2);
    const page2 = await stack.api(
      'GET',
      `/v1/registrations?limit=2&type=birth&cursor=${encodeURIComponent(page1.body.nextCursor)}`,
    );
    expect(page2.body.items[0].id).not.toBe(page1.body.items[1].id);
    expect((await stack.api('GET', '/v1/registrations?limit=0')).status).toBe(400);
  });

  it('rejects a person MOSIP refuses (an adult through CRVS_NEW) with the stage kept', async () => {
    const adult = await stack.api('POST', '/v1/registrations', birth({}, { dateOfBirth: '1990-01-01' }));
    const done = await waitForStatus(stack, adult.body.id, ['rejected']);
    expect(done.lastCode).toBe('CMD_VALIDATION_FAILED');
  });

  it('fails a registration on a permanent MOSIP error and lets an operator retry it with the same RID', async () => {
    stack.sandbox.ctx.config.writerProviders = stack.sandbox.ctx.config.writerProviders.filter(
      (p) => p.source !== 'CRVS1',
    );
    const created = (await stack.api('POST', '/v1/registrations', birth())).body;
    const failed = await waitForStatus(stack, created.id, ['failed']);
    expect(failed.lastCode).toBe('KER-PUT-006');
    stack.sandbox.ctx.config.writerProviders.push({
      source: 'CRVS1',
      process: 'CRVS_NEW|CRVS_DEATH|CRVS_UPDATE',
    });
    const retried = await stack.api('POST', `/v1/registrations/${created.id}/retry`);
    expect(retried.status).toBe(200);
    const processed = await waitForStatus(stack, created.id, ['processed']);
    expect(processed.rid).toBe(created.rid);
    expect((await stack.api('POST', `/v1/registrations/${created.id}/retry`)).status).toBe(409);
  });

  it('serves health, readiness and the API docs', async () => {
    expect((await fetch(`${stack.bridge.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${stack.bridge.url}/readyz`);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      checks: { database: { ok: true }, mosip: { ok: true } },
    });
    const spec = (await (await fetch(`${stack.bridge.url}/docs/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/v1/registrations', '/v1/registrations/{ref}']),
    );
    expect(await (await fetch(`${stack.bridge.url}/docs`)).text()).toContain('IDEMPOTENCY_CONFLICT');
  });
});
