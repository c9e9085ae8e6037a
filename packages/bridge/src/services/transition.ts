import type { StatusTransition } from '../store/registration.repository.ts';
import type { Store } from '../store/store.ts';
import type { Notifier } from './notifier.ts';

/**
 * Applies a status change and raises its event in ONE transaction: the CRVS hears of every change that
 * happened and of none that did not. Returns false when the registration was no longer in `from`.
 */
export async function transition(
  store: Store,
  notifier: Notifier | undefined,
  registrationId: string,
  change: StatusTransition,
  now: number,
): Promise<boolean> {
  return store.transaction(async (tx) => {
    const moved = await tx.registrations.updateStatus(registrationId, change, now);
    if (moved && notifier?.enabled) {
      const registration = await tx.registrations.findById(registrationId);
      if (registration) await notifier.enqueue(tx, registration, change.to, change.code ?? null, now);
    }
    return moved;
  });
}
