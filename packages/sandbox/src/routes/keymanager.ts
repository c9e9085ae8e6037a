import type { FastifyInstance } from 'fastify';
import { protect } from '../auth/auth-adapter.ts';
import type { SandboxContext } from '../context.ts';
import { echoedIds, envelope } from '../http/mosip-reply.ts';

/** `mosip.role.keymanager.posttpmsigningpublickey` (mosip/mosip-config `kernel-default.properties`). */
const TPM_SIGNING_KEY_ROLES = [
  'ZONAL_ADMIN',
  'GLOBAL_ADMIN',
  'INDIVIDUAL',
  'ID_AUTHENTICATION',
  'REGISTRATION_ADMIN',
  'REGISTRATION_SUPERVISOR',
  'REGISTRATION_OFFICER',
  'REGISTRATION_PROCESSOR',
  'PRE_REGISTRATION_ADMIN',
  'RESIDENT',
];

/**
 * `POST /v1/keymanager/tpmsigning/publickey` (mosip/keymanager `kernel/kernel-keymanager-service/src/main/
 * java/io/mosip/kernel/clientcrypto/controller/ClientCryptoController.java`, `PublicKeyResponseDto`): the
 * keymanager host's client-security signing key, base64url X.509, as `{publicKey}` only. `serverProfile`
 * is `@NotBlank`; its absence is answered with a `KER-KMS-005` error (code inferred, not verified).
 */
export function registerKeymanagerRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.post(
    '/v1/keymanager/tpmsigning/publickey',
    { preHandler: protect(ctx, { service: 'kernel', roles: TPM_SIGNING_KEY_ROLES, style: 'spring' }) },
    (request) => {
      const now = ctx.clock();
      const ids = echoedIds(request.body);
      const body = (request.body ?? {}) as { request?: { serverProfile?: unknown } | null };
      const profile = body.request?.serverProfile;
      if (typeof profile !== 'string' || profile.trim() === '') {
        return envelope(now, {
          ...ids,
          response: null,
          errors: [
            { errorCode: 'KER-KMS-005', message: 'Invalid request input: serverProfile must not be blank' },
          ],
        });
      }
      return envelope(now, {
        ...ids,
        response: { publicKey: ctx.keyStore.signingPublicKeyBase64Url() },
        errors: null,
      });
    },
  );
}
