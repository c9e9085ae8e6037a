import type { FastifyInstance } from 'fastify';
import { protect } from '../auth/auth-adapter.ts';
import type { SandboxContext } from '../context.ts';
import { mdError, mdOk } from '../masterdata/masterdata-reply.ts';
import { findZone, leaves, subtree, zoneDto, zoneUserOf } from '../masterdata/zones.ts';

/**
 * Zones relative to the caller (mosip/admin-services `admin/kernel-masterdata-service/src/main/java/io/
 * mosip/kernel/masterdata/controller/ZoneController.java`, `…/service/impl/ZoneServiceImpl.java`,
 * `…/utils/ZoneUtils.java`): a caller without a zone mapping gets empty lists. The controller's role
 * checks are commented out in MOSIP, so any valid kernel token passes.
 */
export function registerZoneRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const anyone = protect(ctx, { service: 'kernel', roles: 'authenticated', style: 'spring' });
  const callerZone = (username: string) => zoneUserOf(ctx, username)?.zoneCode;

  /** `GET /zones/hierarchy/{langCode}`: the caller's zone and every zone below it. */
  app.get<{ Params: { langCode: string } }>(
    '/v1/masterdata/zones/hierarchy/:langCode',
    { preHandler: anyone },
    (request) => {
      const root = callerZone(request.mosipUser?.username ?? '');
      const zones = root ? subtree(ctx, root, request.params.langCode) : [];
      return mdOk(
        ctx,
        request,
        zones.map((z) => zoneDto(ctx, z)),
      );
    },
  );

  /** `GET /zones/leafs/{langCode}`: the leaf zones below the caller's zone. */
  app.get<{ Params: { langCode: string } }>(
    '/v1/masterdata/zones/leafs/:langCode',
    { preHandler: anyone },
    (request) => {
      const root = callerZone(request.mosipUser?.username ?? '');
      const zones = root ? leaves(ctx, root, request.params.langCode) : [];
      return mdOk(
        ctx,
        request,
        zones.map((z) => zoneDto(ctx, z)),
      );
    },
  );

  /**
   * `GET /zones/zonename?userID=&langCode=` → `{zoneCode, zoneName}` of the caller's own mapping. Another
   * user's id → `KER-MSD-999 Invalid request input`; no mapping or no zone in that language →
   * `KER-MSD-___ Data Not Found` (MOSIP's `ZoneErrorCode` has no number for it).
   */
  app.get<{ Querystring: { userID?: string; langCode?: string } }>(
    '/v1/masterdata/zones/zonename',
    { preHandler: anyone },
    (request) => {
      const { userID, langCode } = request.query;
      if (!userID || userID !== request.mosipUser?.username) {
        return mdError(ctx, request, 'KER-MSD-999', 'Invalid request input');
      }
      const mapping = zoneUserOf(ctx, userID);
      const zone = mapping ? findZone(ctx, mapping.zoneCode) : undefined;
      if (!zone || (langCode && zone.langCode !== langCode)) {
        return mdError(ctx, request, 'KER-MSD-___', 'Data Not Found');
      }
      return mdOk(ctx, request, { zoneCode: zone.code, zoneName: zone.name });
    },
  );
}
