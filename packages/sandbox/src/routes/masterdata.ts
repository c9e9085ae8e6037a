import type { FastifyInstance } from 'fastify';
import { protect } from '../auth/auth-adapter.ts';
import type { SandboxContext } from '../context.ts';
import { envelope } from '../http/mosip-reply.ts';

/** Roles that read the identity schema in a MOSIP installation (registration client, processors, admins). */
const IDSCHEMA_ROLES = [
  'REGISTRATION_PROCESSOR',
  'REGISTRATION_CLIENT',
  'REGISTRATION_ADMIN',
  'REGISTRATION_OFFICER',
  'REGISTRATION_SUPERVISOR',
  'GLOBAL_ADMIN',
  'ZONAL_ADMIN',
  'MASTERDATA_ADMIN',
  'RESIDENT',
  'INDIVIDUAL',
  'PRE_REGISTRATION_ADMIN',
];

/**
 * `GET /v1/masterdata/idschema/latest` (mosip/admin-services kernel-masterdata-service `SchemaController`,
 * `IdSchemaResponseDto`): the schema is returned as a string in `schemaJson`. Behind the kernel audience
 * list, which does not include `mosip-crvs1-client` in MOSIP's default config.
 */
export function registerMasterdataRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get(
    '/v1/masterdata/idschema/latest',
    {
      config: { endpoint: 'idschema' },
      preHandler: protect(ctx, { service: 'kernel', roles: IDSCHEMA_ROLES, style: 'spring' }),
    },
    () => {
      const now = ctx.clock();
      const effectiveFrom = '2024-01-01T00:00:00.000Z';
      return envelope(now, {
        response: {
          id: '1001',
          idVersion: ctx.idSchema.version,
          title: ctx.idSchema.parsed.title,
          description: 'Identity schema of the crvs-mosip sandbox',
          schemaJson: ctx.idSchema.json,
          status: 'PUBLISHED',
          effectiveFrom,
          createdBy: 'superadmin',
          updatedBy: null,
          createdOn: effectiveFrom,
          updatedOn: null,
        },
        errors: null,
      });
    },
  );
}
