import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { registrationRequestSchema } from '../encoding/registration-request.ts';
import { REGISTRATION_STATUSES, REGISTRATION_TYPES } from '../store/schema.ts';
import type { RegistrationService } from '../services/registration-service.ts';
import type { Authenticator } from './auth.ts';
import { parseQuery } from './query.ts';

const listQuerySchema = z.strictObject({
  status: z.enum(REGISTRATION_STATUSES).optional(),
  type: z.enum(REGISTRATION_TYPES).optional(),
  since: z.iso.datetime().optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const actorOf = (principal: { kind: string; id: string } | undefined) =>
  principal ? `${principal.kind}:${principal.id}` : 'api';

/** The CRVS-facing registration API. Handlers are one call into the service. */
export function registerRegistrationRoutes(
  app: FastifyInstance,
  service: RegistrationService,
  auth: Authenticator,
): void {
  app.post(
    '/v1/registrations',
    {
      preHandler: auth.require('submit'),
      schema: {
        summary: 'Hand a birth, death or update to the bridge',
        description:
          '202 when accepted; 200 with the existing registration for a repeat of the same requestId and body; 409 for the same requestId with another body; 400 naming every problem.',
        tags: ['registrations'],
        security: [{ bearer: [] }],
        body: z.toJSONSchema(registrationRequestSchema, { io: 'input', unrepresentable: 'any' }),
      },
    },
    async (request, reply) => {
      const { created, registration } = await service.accept(request.body);
      return reply.code(created ? 202 : 200).send(registration);
    },
  );

  app.get<{ Params: { ref: string } }>(
    '/v1/registrations/:ref',
    {
      preHandler: auth.require('read'),
      schema: {
        summary: 'A registration by id, RID or requestId, with its timeline',
        tags: ['registrations'],
        security: [{ bearer: [] }],
        params: { type: 'object', properties: { ref: { type: 'string' } }, required: ['ref'] },
      },
    },
    (request) => service.get(request.params.ref),
  );

  app.get(
    '/v1/registrations',
    {
      preHandler: auth.require('read'),
      schema: {
        summary: 'Page through registrations (newest first)',
        tags: ['registrations'],
        security: [{ bearer: [] }],
        querystring: z.toJSONSchema(listQuerySchema, { io: 'input', unrepresentable: 'any' }),
      },
    },
    (request) => {
      const query = parseQuery(listQuerySchema, request.query);
      const q = query;
      return service.list({
        ...(q.status ? { status: q.status } : {}),
        ...(q.type ? { type: q.type } : {}),
        ...(q.since ? { since: Date.parse(q.since) } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
        limit: q.limit,
      });
    },
  );

  app.post<{ Params: { ref: string } }>(
    '/v1/registrations/:ref/retry',
    {
      preHandler: auth.require('operate'),
      schema: {
        summary: 'Re-queue a failed registration (same RID)',
        tags: ['registrations'],
        security: [{ bearer: [] }],
      },
    },
    (request) => service.retry(request.params.ref, `operator:${actorOf(request.principal)}`),
  );
}
