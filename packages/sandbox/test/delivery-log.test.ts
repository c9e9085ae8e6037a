import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DocumentStore } from '../src/state/document-store.ts';
import { DeliveryLog, errorText, eventReference, FINISHED_LIMIT } from '../src/websub/delivery-log.ts';
import type { FinishedDelivery } from '../src/websub/hub-model.ts';

const entry = (n: number): FinishedDelivery => ({
  id: `d-${n}`,
  topic: 'T',
  callback: 'http://127.0.0.1:1/cb',
  outcome: 'delivered',
  attempts: 1,
  lastStatus: 200,
  lastError: null,
  finishedAt: new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString(),
  eventId: null,
  rid: `rid-${n}`,
});

describe('WebSub delivery log', () => {
  const dirs: string[] = [];
  const openStore = (dir = mkdtempSync(join(tmpdir(), 'crvs-mosip-hub-log-'))) => {
    dirs.push(dir);
    return { dir, store: DocumentStore.open(dir) };
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps only the most recent 200 entries, newest first, dropping the oldest', () => {
    const { store } = openStore();
    const log = new DeliveryLog(store);
    for (let n = 1; n <= FINISHED_LIMIT + 25; n += 1) log.record(entry(n));
    const recent = log.recent();
    expect(FINISHED_LIMIT).toBe(200);
    expect(recent).toHaveLength(200);
    expect(recent[0]!.id).toBe('d-225');
    expect(recent.at(-1)!.id).toBe('d-26');
    expect(store.get('hub-finished', 'd-25')).toBeUndefined();
    store.close();
  });

  it('is read back from the store file after reopening it', () => {
    const first = openStore();
    new DeliveryLog(first.store).record(entry(1));
    first.store.close();
    const reopened = DocumentStore.open(first.dir);
    expect(new DeliveryLog(reopened).recent()).toEqual([entry(1)]);
    reopened.close();
  });

  it('reads the event id and RID of credential and workflow-completed events, nothing else', () => {
    const credential = JSON.stringify({
      publisher: 'CREDENTIAL_SERVICE',
      event: { id: 'evt-1', transactionId: 'cred-1', data: { registrationId: 'rid-1', credential: 'x' } },
    });
    expect(eventReference(credential)).toEqual({ eventId: 'evt-1', rid: 'rid-1' });
    expect(eventReference(JSON.stringify({ instanceId: 'rid-2', resultCode: 'PROCESSED' }))).toEqual({
      eventId: null,
      rid: 'rid-2',
    });
    expect(eventReference('not json')).toEqual({ eventId: null, rid: null });
    expect(eventReference('[1]')).toEqual({ eventId: null, rid: null });
    expect(
      eventReference(JSON.stringify({ event: { id: 42 }, instanceId: 'r'.repeat(500) })).rid,
    ).toHaveLength(200);
  });

  it('describes a network error with the code of its cause', () => {
    const error = new TypeError('fetch failed', {
      cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
    });
    expect(errorText(error)).toBe('TypeError: fetch failed (ECONNREFUSED)');
    expect(errorText('odd')).toBe('odd');
  });
});
