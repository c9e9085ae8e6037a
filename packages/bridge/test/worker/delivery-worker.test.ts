import { MosipError, type MosipClient } from '@crvs-mosip/mosip-client';
import { pino } from 'pino';
import { expect, it } from 'vitest';
import { PayloadCipher } from '../../src/store/payload-cipher.ts';
import { Store } from '../../src/store/store.ts';
import { DeliveryWorker } from '../../src/worker/delivery-worker.ts';
import { newRegistration, T0 } from '../support/registration-fixtures.ts';
import { describeEachDialect } from '../support/test-database.ts';

const silent = pino({ level: 'silent' });
const settings = {
  concurrency: 2,
  pollMs: 1_000,
  leaseMs: 60_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 60_000,
};

/** A MOSIP client double: each method is given per test; unset ones fail the test. */
function fakeMosip(
  overrides: Partial<
    Record<'createPacket' | 'createWorkflowInstance', (...args: unknown[]) => Promise<unknown>>
  >,
) {
  const calls = { createPacket: 0, createWorkflowInstance: 0 };
  const client = {
    createPacket: (...args: unknown[]) => {
      calls.createPacket += 1;
      return overrides.createPacket!(...args);
    },
    createWorkflowInstance: (...args: unknown[]) => {
      calls.createWorkflowInstance += 1;
      return overrides.createWorkflowInstance!(...args);
    },
  } as unknown as MosipClient;
  return { client, calls };
}

describeEachDialect('DeliveryWorker', (t) => {
  async function seed(id: string) {
    const registration = newRegistration({
      id,
      requestId: `req-${id}`,
      rid: `1000110002${id.padStart(5, '0')}20250301080000`,
    });
    await t.store.registrations.insert(registration);
    await t.store.outbox.enqueue(
      { jobKey: `deliver:${id}`, kind: 'deliver', registrationId: id, maxAttempts: 3, runAt: T0 },
      T0,
    );
    return registration;
  }
  const worker = (client: MosipClient, now = () => T0) =>
    new DeliveryWorker({
      store: t.store,
      mosip: client,
      clock: now,
      random: () => 0.5,
      workerId: 'w1',
      settings,
      logger: silent,
    });

  it('creates the packet, then the workflow, and treats RPR-WIS-001 as already done', async () => {
    await seed('1');
    const { client, calls } = fakeMosip({
      createPacket: () => Promise.resolve([{ packetName: 'x_id' }]),
      createWorkflowInstance: () => Promise.resolve({ status: 'already-present' }),
    });
    expect(await worker(client).poll()).toBe(1);
    const r = await t.store.registrations.findById('1');
    expect(r?.status).toBe('processing');
    expect(r?.lastCode).toBe('RPR-WIS-001');
    expect(calls).toEqual({ createPacket: 1, createWorkflowInstance: 1 });
  });

  it('retries a retryable failure later with backoff, keeping the packet step done', async () => {
    await seed('2');
    let now = T0;
    const { client, calls } = fakeMosip({
      createPacket: () => Promise.resolve([{ packetName: 'x_id' }]),
      createWorkflowInstance: () =>
        calls.createWorkflowInstance === 1
          ? Promise.reject(
              new MosipError({
                code: 'CLIENT-TIMEOUT',
                operation: 'createWorkflowInstance',
                httpStatus: null,
                retryable: true,
                message: 'timeout',
              }),
            )
          : Promise.resolve({ status: 'created', workflowInstanceId: 'wf' }),
    });
    const w = worker(client, () => now);
    await w.poll();
    expect((await t.store.registrations.findById('2'))?.status).toBe('packet_created');
    expect(await w.poll()).toBe(0); // backing off: nothing due, and the worker pauses while MOSIP is unreachable
    now += 120_000;
    await w.poll();
    expect((await t.store.registrations.findById('2'))?.status).toBe('processing');
    expect(calls).toEqual({ createPacket: 1, createWorkflowInstance: 2 });
  });

  it('fails the registration at once on a permanent error, keeping MOSIP code', async () => {
    await seed('3');
    const { client } = fakeMosip({
      createPacket: () =>
        Promise.reject(
          new MosipError({
            code: 'KER-PUT-006',
            operation: 'createPacket',
            httpStatus: 200,
            retryable: false,
            message: 'No available provider',
          }),
        ),
    });
    await worker(client).poll();
    const r = await t.store.registrations.findById('3');
    expect(r).toMatchObject({ status: 'failed', lastCode: 'KER-PUT-006' });
    expect((await t.store.outbox.findByKey('deliver:3'))?.status).toBe('failed');
  });

  it('on stop, releases a delivery still in flight so another worker can take it', async () => {
    await seed('4');
    const { client } = fakeMosip({ createPacket: () => new Promise(() => undefined) });
    const w = worker(client);
    void w.poll();
    await new Promise((r) => setTimeout(r, 50));
    expect((await t.store.outbox.findByKey('deliver:4'))?.status).toBe('running');
    await w.stop(100);
    const job = await t.store.outbox.findByKey('deliver:4');
    expect(job).toMatchObject({ status: 'pending', lockedBy: null });
  });

  it('fails a registration whose payload no configured key decrypts, instead of retrying it for ever', async () => {
    await seed('5');
    const otherKey = new Store(t.database, { cipher: new PayloadCipher(PayloadCipher.generateKey()) });
    const { client, calls } = fakeMosip({});
    const w = new DeliveryWorker({
      store: otherKey,
      mosip: client,
      clock: () => T0,
      random: () => 0.5,
      workerId: 'w1',
      settings,
      logger: silent,
    });
    await w.poll();
    expect(await t.store.registrations.findById('5')).toMatchObject({
      status: 'failed',
      lastCode: 'BRIDGE-PAYLOAD-UNREADABLE',
    });
    expect(calls).toEqual({ createPacket: 0, createWorkflowInstance: 0 });
  });
});
