import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { birth, startStack, waitForStatus, type Stack } from '../e2e/stack.ts';
import { eventually } from './fake-hub.ts';

describe('fallback: a birth processed without a credential (issue 5, section 4)', () => {
  let stack: Stack;
  beforeAll(async () => {
    // No WebSub configured: no credential ever arrives, the tracker finds `processed` by polling.
    stack = await startStack({ bridge: { CREDENTIAL_WAIT_MS: 1_000 } });
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('shows waitingForCredential with the elapsed time, and the tracker records MOSIP’s latest stage', async () => {
    const created = (await stack.api('POST', '/v1/registrations', birth())).body;
    const processed = await waitForStatus(stack, created.id, ['processed']);
    expect(processed.waitingForCredential).toBeUndefined();
    const waiting = await eventually(async () => {
      const body = (await stack.api('GET', `/v1/registrations/${created.id}`)).body;
      return body.waitingForCredential && body.lastCode === 'CREDENTIAL_WAITING' ? body : undefined;
    });
    const since = processed.timeline.at(-1);
    expect(since.toStatus).toBe('processed');
    expect(waiting.status).toBe('processed');
    expect(waiting.waitingForCredential.since).toBe(since.at);
    expect(waiting.waitingForCredential.elapsedMs).toBeGreaterThan(1_000);
    expect(waiting.lastMessage).toMatch(/^no credential yet; MOSIP's latest stage: \S+ \S+$/);
  });
});
