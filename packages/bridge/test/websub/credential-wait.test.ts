import { describe, expect, it } from 'vitest';
import { waitingForCredential } from '../../src/services/registration-view.ts';
import type { RegistrationEvent } from '../../src/store/event.repository.ts';
import type { Registration } from '../../src/store/registration.repository.ts';

const HOUR = 3_600_000;
const registration = (over: Partial<Registration>): Registration =>
  ({ type: 'birth', status: 'processed', updatedAt: 5 * HOUR, ...over }) as Registration;
const processedAt = (at: number) =>
  [
    { toStatus: 'processing', at: 0 },
    { toStatus: 'processed', at },
  ] as RegistrationEvent[];

describe('waitingForCredential (issue 5, section 4)', () => {
  it('shows a birth processed longer than the wait, with the elapsed time since it became processed', () => {
    expect(waitingForCredential(registration({}), processedAt(HOUR), 3 * HOUR, HOUR)).toEqual({
      since: new Date(HOUR).toISOString(),
      sinceMs: HOUR,
      elapsedMs: 2 * HOUR,
    });
  });

  it('is absent before the wait has passed, for other states and for deaths', () => {
    expect(waitingForCredential(registration({}), processedAt(HOUR), 1.5 * HOUR, HOUR)).toBeUndefined();
    expect(
      waitingForCredential(registration({ status: 'uin_issued' }), processedAt(0), 9 * HOUR, HOUR),
    ).toBeUndefined();
    expect(
      waitingForCredential(registration({ type: 'death' }), processedAt(0), 9 * HOUR, HOUR),
    ).toBeUndefined();
  });
});
