import type { FastifyInstance } from 'fastify';
import { protect } from '../auth/auth-adapter.ts';
import type { SandboxContext } from '../context.ts';
import { mdOk } from '../masterdata/masterdata-reply.ts';
import { callerSubZones, findZone } from '../masterdata/zones.ts';
import { KINDS, type Centre, type UserCentre, type ZoneUser } from '../state/models.ts';

interface SearchFilter {
  columnName?: unknown;
  type?: unknown;
  value?: unknown;
}

interface SearchRequest {
  filters?: SearchFilter[];
  pagination?: { pageStart?: unknown; pageFetch?: unknown };
}

/** `SearchFilter` types `equals` (exact), `contains` and `startsWith` (case-insensitive). */
function matchesFilters(row: Record<string, unknown>, filters: SearchFilter[]): boolean {
  return filters.every((f) => {
    if (typeof f.columnName !== 'string' || typeof f.value !== 'string') return true;
    const cell = row[f.columnName];
    if (typeof cell !== 'string' && typeof cell !== 'number' && typeof cell !== 'boolean') return false;
    const text = String(cell);
    const type = typeof f.type === 'string' ? f.type.toLowerCase() : 'equals';
    if (type === 'contains') return text.toLowerCase().includes(f.value.replace(/\*/g, '').toLowerCase());
    if (type === 'startswith') return text.toLowerCase().startsWith(f.value.replace(/\*/g, '').toLowerCase());
    return text === f.value;
  });
}

/**
 * `PageResponseDto` of a search (`PageUtils.pageResponse`): `fromRecord`, `toRecord`, `totalRecord` and
 * `data`, which stays null when nothing matched.
 */
function pageOf<T extends Record<string, unknown>>(rows: T[], body: unknown) {
  const request: SearchRequest = (body as { request?: SearchRequest } | null)?.request ?? {};
  const matching = rows.filter((r) =>
    matchesFilters(r, Array.isArray(request.filters) ? request.filters : []),
  );
  const start = Math.max(0, Number(request.pagination?.pageStart ?? 0) || 0);
  const fetch = Math.max(1, Number(request.pagination?.pageFetch ?? 10) || 10);
  const data = matching.slice(start * fetch, start * fetch + fetch);
  if (data.length === 0) return { fromRecord: 0, toRecord: 0, totalRecord: 0, data: null };
  return {
    fromRecord: start * fetch + 1,
    toRecord: start * fetch + data.length,
    totalRecord: matching.length,
    data,
  };
}

/**
 * `POST /v1/masterdata/zoneuser/search` and `POST /v1/masterdata/usercentermapping/search`
 * (mosip/admin-services masterdata `ZoneUserServiceImpl.searchZoneUserMapping`,
 * `UserDetailsServiceImpl.searchUserCenterMappingDetails`): rows in the caller's zone subtree, filtered
 * and paged as `SearchDtoWithoutLangCode` asks.
 */
export function registerMappingSearchRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const admin = protect(ctx, { service: 'kernel', roles: ['GLOBAL_ADMIN', 'ZONAL_ADMIN'], style: 'spring' });
  const visibleZones = (username: string) => new Set(callerSubZones(ctx, username).map((z) => z.code));

  app.post('/v1/masterdata/zoneuser/search', { preHandler: admin }, (request) => {
    const zones = visibleZones(request.mosipUser?.username ?? '');
    const rows = ctx.store
      .list<ZoneUser>(KINDS.zoneUser)
      .filter((z) => zones.has(z.zoneCode))
      .map((z) => ({
        isActive: z.isActive,
        createdBy: z.createdBy ?? null,
        createdDateTime: z.createdDateTime ?? null,
        updatedBy: z.updatedBy ?? null,
        updatedDateTime: z.updatedDateTime ?? null,
        isDeleted: null,
        deletedDateTime: null,
        zoneCode: z.zoneCode,
        userId: z.userId,
        langCode: z.langCode ?? null,
        userName: z.userId,
        zoneName: findZone(ctx, z.zoneCode)?.name ?? null,
      }));
    return mdOk(ctx, request, pageOf(rows, request.body));
  });

  app.post('/v1/masterdata/usercentermapping/search', { preHandler: admin }, (request) => {
    const zones = visibleZones(request.mosipUser?.username ?? '');
    const rows = ctx.store.list<UserCentre>(KINDS.userCentre).flatMap((u) => {
      const centre = ctx.store.get<Centre>(KINDS.centre, u.regCenterId);
      if (!centre || !zones.has(centre.zoneCode)) return [];
      return [
        {
          isActive: u.isActive,
          createdBy: u.createdBy ?? null,
          createdDateTime: u.createdDateTime ?? null,
          updatedBy: u.updatedBy ?? null,
          updatedDateTime: u.updatedDateTime ?? null,
          isDeleted: null,
          deletedDateTime: null,
          id: u.id,
          name: u.name ?? null,
          statusCode: u.statusCode ?? null,
          regCenterId: u.regCenterId,
          langCode: u.langCode ?? null,
          regCenterName: centre.name,
          zoneCode: centre.zoneCode,
          zoneName: findZone(ctx, centre.zoneCode)?.name ?? null,
        },
      ];
    });
    return mdOk(ctx, request, pageOf(rows, request.body));
  });
}
