import {
  mosipTimestamp,
  REGISTRATION_STATUS_API_ID,
  REGISTRATION_STATUS_VERSION,
  REGISTRATION_TRANSACTION_API_ID,
  type RegistrationStatusError,
} from '@crvs-mosip/contracts';
import type { FastifyInstance } from 'fastify';
import { protect } from '../auth/auth-adapter.ts';
import type { SandboxContext } from '../context.ts';
import { DEFAULT_CONSIDERED_PROCESSED, externalStatus } from '../regproc/external-status.ts';
import { Registrations } from '../regproc/registrations.ts';
import { signResponse } from '../regproc/response-signature.ts';

/** `mosip.registration.processor.grace.period`: requesttime may be this far from server time. */
const GRACE_PERIOD_SECONDS = 10_800;
/** `registration.processor.fetch.registration.records.limit` */
const RECORDS_LIMIT = 100;
const MOSIP_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function statusEnvelopeError(body: Record<string, unknown>, nowMs: number): RegistrationStatusError | null {
  const err = (errorCode: string, errorMessage: string) => ({
    registrationId: null,
    errorCode,
    errorMessage,
  });
  if (typeof body.id !== 'string' || !body.id) return err('RPR-RGS-021', 'Missing Request Parameter - id');
  if (body.id !== REGISTRATION_STATUS_API_ID) return err('RPR-RGS-024', 'Invalid Request Parameter - id');
  if (typeof body.version !== 'string' || !body.version) {
    return err('RPR-RGS-019', 'Missing Request Parameter - version');
  }
  if (body.version !== REGISTRATION_STATUS_VERSION) {
    return err('RPR-RGS-022', 'Invalid Request Parameter - version');
  }
  if (typeof body.requesttime !== 'string' || !body.requesttime) {
    return err('RPR-RGS-020', 'Missing Request Parameter - requesttime');
  }
  const at = MOSIP_TIME.test(body.requesttime) ? Date.parse(body.requesttime) : NaN;
  if (Number.isNaN(at) || Math.abs(nowMs - at) > GRACE_PERIOD_SECONDS * 1000) {
    return err('RPR-RGS-023', 'Invalid Request Parameter - requesttime');
  }
  return null;
}

/**
 * Registration status search and transaction search (mosip/registration `RegistrationStatusController`,
 * `RegistrationTransactionController`). Status errors use `errorMessage`; responses carry a
 * `Response-Signature` header (`registration.processor.signature.isEnabled=true`).
 */
export function registerRegistrationStatusRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const registrations = new Registrations(ctx.store);

  app.post(
    '/registrationprocessor/v1/registrationstatus/search',
    {
      config: { endpoint: 'registrationStatus' },
      preHandler: protect(ctx, {
        service: 'registration-processor',
        roles: ['REGISTRATION_ADMIN', 'REGISTRATION_OFFICER', 'REGISTRATION_SUPERVISOR', 'RESIDENT'],
        style: 'spring',
      }),
    },
    async (request, reply) => {
      const now = ctx.clock();
      const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
        string,
        unknown
      >;
      const base = {
        id: REGISTRATION_STATUS_API_ID,
        version: REGISTRATION_STATUS_VERSION,
        responsetime: mosipTimestamp(now),
      };
      let payload: unknown;
      const invalid = statusEnvelopeError(body, now);
      if (invalid) {
        payload = { ...base, response: null, errors: [invalid] };
      } else {
        const items = Array.isArray(body.request) ? body.request.slice(0, RECORDS_LIMIT) : [];
        const response: { registrationId: string; statusCode: string; additionalInfoReqId: string | null }[] =
          [];
        const errors: RegistrationStatusError[] = [];
        for (const item of items as { registrationId?: unknown }[]) {
          const rid = typeof item?.registrationId === 'string' ? item.registrationId : '';
          const latest = registrations.byRid(rid).at(-1);
          if (!latest) {
            errors.push({ registrationId: rid, errorCode: 'RPR-RGS-031', errorMessage: 'RID Not Found' });
            continue;
          }
          const settings = {
            reprocessElapseSeconds: ctx.config.reprocessElapseSeconds,
            maxRetry: ctx.config.maxRetry,
            consideredProcessed: DEFAULT_CONSIDERED_PROCESSED,
          };
          response.push({
            registrationId: rid,
            statusCode: externalStatus(latest, now, settings),
            additionalInfoReqId: null,
          });
        }
        payload = { ...base, response, errors };
      }
      const json = JSON.stringify(payload);
      return reply
        .header('content-type', 'application/json')
        .header('Response-Signature', signResponse(ctx.keyStore, json))
        .send(json);
    },
  );

  app.get<{ Params: { rid: string } }>(
    '/registrationprocessor/v1/registrationtransaction/search/:rid',
    {
      config: { endpoint: 'registrationTransaction' },
      preHandler: protect(ctx, {
        service: 'registration-processor',
        roles: ['REGISTRATION_PROCESSOR', 'REGISTRATION_ADMIN', 'RESIDENT'],
        style: 'spring',
      }),
    },
    (request) => {
      const now = ctx.clock();
      const base = {
        id: REGISTRATION_TRANSACTION_API_ID,
        version: '1.0',
        responsetime: mosipTimestamp(now),
        metadata: null,
      };
      const transactions = registrations.transactions(request.params.rid);
      if (transactions.length === 0) {
        return { ...base, response: null, errors: [{ errorCode: 'RPR-RTS-001', message: 'RID Not Found' }] };
      }
      return { ...base, response: transactions, errors: null };
    },
  );
}
