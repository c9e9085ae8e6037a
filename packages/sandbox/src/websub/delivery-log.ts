import type { DocumentStore } from '../state/document-store.ts';
import { HUB_KINDS, type FinishedDelivery } from './hub-model.ts';

/** Finished deliveries kept: enough to follow a demo, small enough that the log never needs cleaning up. */
export const FINISHED_LIMIT = 200;

/** Longest id or error text kept: bodies come from any publisher, and the log must stay small. */
const MAX_TEXT = 200;

const short = (text: string): string => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? short(value) : null;

/**
 * The event id and RID of a delivered body, for recognising the event without keeping the body: a
 * credential `EventModel` (`event.id`, `event.data.registrationId`) or a workflow-completed event
 * (`instanceId`, the RID). Anything else gives nulls.
 */
export function eventReference(body: string): Pick<FinishedDelivery, 'eventId' | 'rid'> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { eventId: null, rid: null };
  }
  if (!isRecord(parsed)) return { eventId: null, rid: null };
  const event = isRecord(parsed.event) ? parsed.event : {};
  const data = isRecord(event.data) ? event.data : {};
  return { eventId: text(event.id), rid: text(data.registrationId) ?? text(parsed.instanceId) };
}

/** A network error as short text: undici's "fetch failed" says little without the cause's code. */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return short(String(error));
  const cause: unknown = error.cause;
  const code = isRecord(cause) && typeof cause.code === 'string' ? ` (${cause.code})` : '';
  return short(`${error.name}: ${error.message}${code}`);
}

/**
 * The hub's bounded log of finished deliveries, one document per delivery in the DocumentStore (so it
 * survives a restart as the queue does). The store lists a kind in insertion order, so the oldest entries
 * are the first ones and are dropped past the limit.
 */
export class DeliveryLog {
  constructor(
    private readonly store: DocumentStore,
    private readonly limit: number = FINISHED_LIMIT,
  ) {}

  record(entry: FinishedDelivery): void {
    this.store.transaction(() => {
      this.store.put(HUB_KINDS.finished, entry.id, entry);
      const excess = this.store.count(HUB_KINDS.finished) - this.limit;
      if (excess <= 0) return;
      for (const { id } of this.store.listWithIds(HUB_KINDS.finished).slice(0, excess)) {
        this.store.delete(HUB_KINDS.finished, id);
      }
    });
  }

  /** Newest first. */
  recent(): FinishedDelivery[] {
    return this.store.list<FinishedDelivery>(HUB_KINDS.finished).reverse();
  }
}
