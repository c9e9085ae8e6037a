import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { EVENT_FOR_STATUS } from '../services/notifier.ts';
import type { Store } from '../store/store.ts';
import type { Authenticator } from './auth.ts';
import { parseQuery } from './query.ts';

const querySchema = z.strictObject({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** How long an event must be committed before the feed shows it (see EventRepository.listFeed). */
const SETTLE_MS = 1_000;

/**
 * `GET /v1/events?after=<cursor>`: the same events the webhooks carry, for a CRVS that cannot receive
 * webhooks. Resume from `nextCursor`; an empty page keeps the cursor.
 */
export function registerEventRoutes(
  app: FastifyInstance,
  store: Store,
  auth: Authenticator,
  clock: () => number,
): void {
  app.get(
    '/v1/events',
    {
      preHandler: auth.require('read'),
      schema: {
        summary: 'Pull the event feed (the webhook events) after a cursor',
        tags: ['events'],
        security: [{ bearer: [] }],
        querystring: z.toJSONSchema(querySchema, { io: 'input', unrepresentable: 'any' }),
      },
    },
    async (request) => {
      const query = parseQuery(querySchema, request.query);
      const rows = await store.events.listFeed(query.after, clock() - SETTLE_MS, query.limit);
      const items = rows.flatMap((e) => {
        const event = EVENT_FOR_STATUS[e.toStatus];
        // Operator notes (a reveal, a webhook retry) keep the status: they are timeline entries, not events.
        if (!event || e.fromStatus === e.toStatus) return [];
        return [
          {
            cursor: e.id,
            event,
            occurredAt: new Date(e.at).toISOString(),
            registration: {
              id: e.registrationId,
              requestId: e.requestId,
              rid: e.rid,
              type: e.type,
              status: e.toStatus,
              ...(e.toStatus === 'uin_issued' && e.uin ? { uin: e.uin } : {}),
              ...(e.code ? { mosipCode: e.code } : {}),
            },
          },
        ];
      });
      return { items, nextCursor: rows.at(-1)?.id ?? query.after };
    },
  );
}
