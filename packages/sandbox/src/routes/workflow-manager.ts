import {
  mosipTimestamp,
  parseMosipRequestTime,
  WORKFLOW_INSTANCE_API_ID,
  WORKFLOW_INSTANCE_VERSION,
  workflowInstanceRequestSchema,
} from '@crvs-mosip/contracts';
import type { FastifyInstance } from 'fastify';
import { protect } from '../auth/auth-adapter.ts';
import type { SandboxContext } from '../context.ts';
import { createWorkflowInstance } from '../regproc/workflow-instance.ts';

/** Vert.x responses carry no `metadata` field (workflow-manager `WorkflowInstanceApi`). */
function vertxReply(
  nowMs: number,
  response: unknown,
  errors: { errorCode: string; message: string }[] | null,
) {
  return {
    id: WORKFLOW_INSTANCE_API_ID,
    version: WORKFLOW_INSTANCE_VERSION,
    responsetime: mosipTimestamp(nowMs),
    response,
    errors,
  };
}

/** `WorkflowInstanceRequestValidator`: id (case-insensitive), version `v1`, requesttime parseable. */
function validateEnvelope(body: Record<string, unknown>): { errorCode: string; message: string } | null {
  const missing = (field: string) => ({
    errorCode: 'RPR-WIN-000',
    message: `Missing Request Value - ${field}`,
  });
  const invalid = (field: string) => ({
    errorCode: 'RPR-WIN-001',
    message: `Invalid Request Value - ${field}`,
  });
  if (typeof body.id !== 'string' || body.id === '') return missing('id');
  if (body.id.toLowerCase() !== WORKFLOW_INSTANCE_API_ID.toLowerCase()) return invalid('id');
  if (typeof body.version !== 'string' || body.version === '') return missing('version');
  if (body.version !== WORKFLOW_INSTANCE_VERSION) return invalid('version');
  if (typeof body.requesttime !== 'string' || body.requesttime === '') return missing('requesttime');
  if (parseMosipRequestTime(body.requesttime) == null) return invalid('requesttime');
  return null;
}

/**
 * `POST /registrationprocessor/v1/workflowmanager/workflowinstance` (mosip/registration workflow-manager
 * `WorkflowInstanceApi`): always HTTP 200; roles ONLINE_REGISTRATION_CLIENT, REGISTRATION_PROCESSOR,
 * GLOBAL_ADMIN (`APIAuthorityList.WORKFLOWINSTANCE`); Vert.x cookie handling.
 */
export function registerWorkflowManagerRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.post(
    '/registrationprocessor/v1/workflowmanager/workflowinstance',
    {
      config: { endpoint: 'workflowInstance' },
      preHandler: protect(ctx, {
        service: 'registration-processor',
        roles: ['ONLINE_REGISTRATION_CLIENT', 'REGISTRATION_PROCESSOR', 'GLOBAL_ADMIN'],
        style: 'vertx',
      }),
    },
    async (request) => {
      const now = ctx.clock();
      const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
        string,
        unknown
      >;
      const envelopeError = validateEnvelope(body);
      if (envelopeError) return vertxReply(now, null, [envelopeError]);
      const parsed = workflowInstanceRequestSchema.safeParse(body.request ?? {});
      if (!parsed.success) {
        return vertxReply(now, null, [{ errorCode: 'RPR-WIN-002', message: 'Unknown Exception' }]);
      }
      const result = await createWorkflowInstance(ctx, parsed.data);
      if (!result.ok) {
        return vertxReply(now, null, [{ errorCode: result.errorCode, message: result.message }]);
      }
      return vertxReply(now, { workflowInstanceId: result.workflowInstanceId }, null);
    },
  );
}
