import type { Selectable } from 'kysely';
import type { Executor, WebhookAttemptsTable } from './schema.ts';

/** One try at telling a webhook subscriber about an event. */
export interface WebhookAttempt {
  id: number;
  jobId: number;
  registrationId: string;
  subscriber: string;
  deliveryId: string;
  event: string;
  attempt: number;
  at: number;
  /** HTTP status of the subscriber's answer; null when no answer came (refused, timed out). */
  statusCode: number | null;
  error: string | null;
  /** The first bytes of the answer, for an operator reading why a subscriber refused. */
  responseExcerpt: string | null;
}

export type NewWebhookAttempt = Omit<WebhookAttempt, 'id'>;

function toAttempt(row: Selectable<WebhookAttemptsTable>): WebhookAttempt {
  return {
    id: row.id,
    jobId: row.job_id,
    registrationId: row.registration_id,
    subscriber: row.subscriber,
    deliveryId: row.delivery_id,
    event: row.event,
    attempt: row.attempt,
    at: row.at,
    statusCode: row.status_code,
    error: row.error,
    responseExcerpt: row.response_excerpt,
  };
}

/** The attempt log of webhook deliveries (`webhook_attempts`). */
export class WebhookAttemptRepository {
  constructor(private readonly db: Executor) {}

  async record(attempt: NewWebhookAttempt, executor: Executor = this.db): Promise<void> {
    await executor
      .insertInto('webhook_attempts')
      .values({
        job_id: attempt.jobId,
        registration_id: attempt.registrationId,
        subscriber: attempt.subscriber,
        delivery_id: attempt.deliveryId,
        event: attempt.event,
        attempt: attempt.attempt,
        at: attempt.at,
        status_code: attempt.statusCode,
        error: attempt.error,
        response_excerpt: attempt.responseExcerpt,
      })
      .execute();
  }

  /** Every attempt for a registration, oldest first. */
  async listForRegistration(registrationId: string, executor: Executor = this.db): Promise<WebhookAttempt[]> {
    const rows = await executor
      .selectFrom('webhook_attempts')
      .selectAll()
      .where('registration_id', '=', registrationId)
      .orderBy('id')
      .execute();
    return rows.map(toAttempt);
  }
}
