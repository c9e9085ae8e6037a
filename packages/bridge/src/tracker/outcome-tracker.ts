import { isMosipError, type MosipClient } from '@crvs-mosip/mosip-client';
import type { Notifier } from '../services/notifier.ts';
import { transition } from '../services/transition.ts';
import type { Store } from '../store/store.ts';
import { registrationLogger, withRegistrationContext, type BridgeLogger } from '../observability/logger.ts';
import { CredentialWaitChecker } from './credential-wait.ts';
import { outcomeFromTransactions } from './outcome.ts';

export interface OutcomeTrackerDeps {
  store: Store;
  /** A client whose roles allow the transaction search (REGISTRATION_PROCESSOR, REGISTRATION_ADMIN or RESIDENT). */
  mosip: MosipClient;
  clock: () => number;
  intervalMs: number;
  batch: number;
  /** Lines about a registration go through a child carrying its `rid` and `registrationId`. */
  logger: BridgeLogger;
  notifier?: Notifier;
  /** CREDENTIAL_WAIT_MS: births processed longer than this are re-checked (see CredentialWaitChecker). */
  credentialWaitMs?: number;
}

/**
 * Polls MOSIP for registrations in `processing` (oldest first) and records their outcome. A RID MOSIP does
 * not know yet (`RPR-RTS-001`) is simply asked again next round; MOSIP being down ends the round early.
 */
export class OutcomeTracker {
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<number> | null = null;
  private readonly waiting: CredentialWaitChecker | null;

  constructor(private readonly deps: OutcomeTrackerDeps) {
    this.waiting =
      deps.credentialWaitMs === undefined
        ? null
        : new CredentialWaitChecker({
            store: deps.store,
            mosip: deps.mosip,
            clock: deps.clock,
            waitMs: deps.credentialWaitMs,
            batch: deps.batch,
            // Overdue births are not urgent: at most one transaction search each per minute.
            recheckMs: Math.max(deps.intervalMs, 60_000),
          });
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.round ??= this.poll()
        .then(async (changed) => {
          await this.waiting?.poll();
          return changed;
        })
        .catch((error: unknown) => {
          this.deps.logger.error({ err: (error as Error).message }, 'tracker round failed');
          return 0;
        })
        .finally(() => {
          this.round = null;
        });
    }, this.deps.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.round;
  }

  /** One round; returns how many registrations changed state. */
  async poll(): Promise<number> {
    const { store, mosip, clock, batch, logger } = this.deps;
    const due = (await store.registrations.list({ status: 'processing', limit: batch, order: 'asc' })).items;
    let changed = 0;
    for (const registration of due) {
      const log = registrationLogger(logger, registration);
      let transactions;
      try {
        transactions = await withRegistrationContext(registration, () =>
          mosip.getRegistrationTransactions(registration.rid),
        );
      } catch (error) {
        if (isMosipError(error) && error.code === 'RPR-RTS-001') continue;
        log.warn({ code: isMosipError(error) ? error.code : 'unknown' }, 'transaction search failed');
        if (isMosipError(error) && error.retryable) break;
        continue;
      }
      const outcome = outcomeFromTransactions(registration.type, transactions);
      if (outcome.kind === 'pending') continue;
      const moved = await transition(
        store,
        this.deps.notifier,
        registration.id,
        {
          from: 'processing',
          to: outcome.kind,
          actor: 'tracker',
          code: outcome.code,
          message: outcome.message,
        },
        clock(),
      );
      if (moved) {
        changed += 1;
        log.info({ status: outcome.kind, code: outcome.code }, 'MOSIP outcome recorded');
      }
    }
    return changed;
  }
}
