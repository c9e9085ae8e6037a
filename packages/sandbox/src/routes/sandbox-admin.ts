import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { registerConsoleRoutes } from '../console/console.routes.ts';
import type { SandboxContext } from '../context.ts';
import { faultSettingsSchema } from '../faults/faults.ts';
import { verifyPassword } from '../idp/passwords.ts';
import { Registrations } from '../regproc/registrations.ts';
import { registerSandboxHubAdminRoutes } from './sandbox-admin-hub.ts';

/**
 * The sandbox's own admin surface (not a MOSIP API): fault injection at run time. Guarded with HTTP Basic
 * credentials of the Keycloak master-realm administrator, so a sandbox exposed by mistake is not
 * trivially sabotaged.
 */
export function registerSandboxAdminRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const guard = adminGuard(ctx);
  registerSandboxHubAdminRoutes(app, ctx, guard);
  registerConsoleRoutes(app, ctx, guard);

  app.get('/sandbox/admin/faults', { preHandler: guard }, () => ctx.faults.get());

  app.put('/sandbox/admin/faults', { preHandler: guard }, (request, reply) => {
    const parsed = faultSettingsSchema.safeParse(request.body ?? {});
    if (!parsed.success) {
      return reply.code(400).send({
        code: 'SANDBOX_INVALID_FAULTS',
        message: 'The fault settings are invalid.',
        errors: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    }
    ctx.faults.set(parsed.data);
    return parsed.data;
  });

  /** What the sandbox's registration processor did with a RID: its workflows and the UIN they produced. */
  app.get<{ Params: { rid: string } }>(
    '/sandbox/admin/registrations/:rid',
    { preHandler: guard },
    (request, reply) => {
      const workflows = new Registrations(ctx.store).byRid(request.params.rid);
      if (workflows.length === 0) {
        return reply.code(404).send({ code: 'SANDBOX_RID_UNKNOWN', message: 'No workflow for this RID.' });
      }
      return {
        registrationId: request.params.rid,
        uin:
          workflows
            .map((w) => w.uin)
            .filter((u) => u != null)
            .at(-1) ?? null,
        workflows: workflows.map((w) => ({
          process: w.process,
          iteration: w.iteration,
          workflowInstanceId: w.workflowInstanceId,
          statusCode: w.statusCode,
          stage: w.stage,
          resultCode: w.resultCode,
          uin: w.uin,
        })),
        packets: ctx.packetStore.list(request.params.rid),
      };
    },
  );

  app.get('/sandbox/health', () => ({ status: 'UP' }));
}

/** HTTP Basic with the Keycloak master-realm administrator, for every `/sandbox/admin` route. */
export function adminGuard(ctx: SandboxContext) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization ?? '';
    if (header.startsWith('Basic ')) {
      const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const user = ctx.iam.findUser('master', decoded.slice(0, colon));
      if (colon > 0 && user?.enabled && verifyPassword(decoded.slice(colon + 1), user.passwordHash)) return;
    }
    await reply.code(401).header('www-authenticate', 'Basic realm="crvs-mosip sandbox"').send({
      code: 'SANDBOX_ADMIN_UNAUTHORIZED',
      message: 'Use the Keycloak master admin credentials (HTTP Basic).',
    });
  };
}
