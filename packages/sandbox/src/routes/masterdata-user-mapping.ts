import type { FastifyInstance, FastifyRequest } from 'fastify';
import { protect } from '../auth/auth-adapter.ts';
import type { SandboxContext } from '../context.ts';
import {
  booleanValue,
  mdError,
  mdErrors,
  mdOk,
  nowTimestamp,
  optionalString,
  validateRequest,
  parseIsActive,
  withStatus,
} from '../masterdata/masterdata-reply.ts';
import { callerSubZones, findZone, leaves, zoneUserOf } from '../masterdata/zones.ts';
import { KINDS, type Centre, type UserCentre, type ZoneUser } from '../state/models.ts';

const ADMINS = ['GLOBAL_ADMIN', 'ZONAL_ADMIN'];
/** `mosip.role.admin.masterdata.getusercentermapping` guards the POST (sic). */
const CENTRE_MAPPING_CREATORS = ['PRE_REGISTRATION_ADMIN', 'GLOBAL_ADMIN', 'ZONAL_ADMIN'];

/** `UserDetailsErrorCode` / `ZoneUserErrorCode` (mosip/admin-services masterdata `…/constant/`). */
const E = {
  centreMappingNotFound: ['KER-USR-007', 'User Center mapping not found'],
  zoneMappingMissing: ['KER-USR-008', 'Zone user mapping not exists or not active'],
  centreMappingExists: [
    'KER-USR-011',
    'User Center mapping must be deleted before remapping user to different zone',
  ],
  centreMissing: ['KER-USR-012', 'Reg center is not exists for given language'],
  userExists: ['KER-USR-013', 'User already exists'],
  zoneNotAllowed: ['KER-USR-014', 'Admin not authorized to access for this Zone'],
  centreOutsideUserZone: ['KER-USR-015', 'Provided center zone is not part of user zone'],
  duplicate: ['KER-USR-018', 'duplicate request'],
  zoneMappingNotFound: ['KER-USR-019', 'Zone & User mapping  not found'],
  otherZone: ['KER-USR-021', 'The given user already mapped with different zone'],
  zoneMappingInactive: ['KER-USR-025', 'Kindly activate user-zone mapping before activating user-center'],
} as const;

/** `ZoneUserExtnDto`. */
function zoneUserDto(z: ZoneUser) {
  return {
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
  };
}

/**
 * User–zone and user–centre mapping (mosip/admin-services `admin/kernel-masterdata-service/src/main/java/
 * io/mosip/kernel/masterdata/service/impl/ZoneUserServiceImpl.java` and `UserDetailsServiceImpl.java`),
 * in MOSIP's order: zone mapping, activate it, centre mapping, activate it. The registration processor's
 * operator validation reads what these create.
 */
export function registerUserMappingRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const admin = protect(ctx, { service: 'kernel', roles: ADMINS, style: 'spring' });
  const caller = (request: FastifyRequest) => request.mosipUser?.username ?? '';

  /**
   * `validateMappingData`: the user's active zone must be inside the caller's subtree (else `KER-USR-008`)
   * and the centre's zone a leaf below the user's zone (else `KER-USR-015`).
   */
  const mappingError = (
    request: FastifyRequest,
    userId: string,
    centreZone: string,
  ): readonly [string, string] | null => {
    const zoneUser = zoneUserOf(ctx, userId);
    const allowed = callerSubZones(ctx, caller(request)).map((z) => z.code);
    if (!zoneUser || !zoneUser.isActive || !allowed.includes(zoneUser.zoneCode)) return E.zoneMappingMissing;
    if (!leaves(ctx, zoneUser.zoneCode).some((z) => z.code === centreZone)) return E.centreOutsideUserZone;
    return null;
  };

  /** `POST /zoneuser` `{zoneCode, userId, langCode, isActive}` → `ZoneUserExtnDto`. */
  app.post('/v1/masterdata/zoneuser', { preHandler: admin }, (request) => {
    const valid = validateRequest(request.body, [
      { field: 'zoneCode', required: 'notNull', max: 36 },
      { field: 'userId', required: 'notNull', max: 256 },
      { field: 'isActive', required: 'notNull' },
    ]);
    if (!valid.ok) return mdErrors(ctx, request, valid.errors);
    const r = valid.request;
    const userId = String(r.userId);
    const zoneCode = String(r.zoneCode);
    if (!callerSubZones(ctx, caller(request)).some((z) => z.code === zoneCode)) {
      return mdError(ctx, request, ...E.zoneNotAllowed);
    }
    const existing = zoneUserOf(ctx, userId);
    if (existing?.zoneCode === zoneCode) return mdError(ctx, request, ...E.duplicate);
    if (existing) return mdError(ctx, request, ...E.otherZone);
    const mapping: ZoneUser = {
      userId,
      zoneCode,
      isActive: booleanValue(r.isActive),
      langCode: optionalString(r.langCode),
      createdBy: caller(request),
      createdDateTime: nowTimestamp(ctx),
      updatedBy: null,
      updatedDateTime: null,
    };
    ctx.store.put(KINDS.zoneUser, userId, mapping);
    return mdOk(ctx, request, zoneUserDto(mapping));
  });

  /**
   * `PATCH /zoneuser?isActive=&userId=`: no mapping → `KER-USR-019`; an active centre mapping → `KER-USR-011`
   * (so the zone mapping is activated before the centre mapping is created).
   */
  app.patch<{ Querystring: { isActive?: string; userId?: string } }>(
    '/v1/masterdata/zoneuser',
    { preHandler: admin },
    (request) => {
      const { isActive, userId } = request.query;
      const active = parseIsActive(isActive);
      if (!userId || active === null) return mdError(ctx, request, 'KER-MSD-999', 'Invalid request input');
      const mapping = zoneUserOf(ctx, userId);
      if (!mapping) return mdError(ctx, request, ...E.zoneMappingNotFound);
      if (ctx.store.get<UserCentre>(KINDS.userCentre, userId)?.isActive) {
        return mdError(ctx, request, ...E.centreMappingExists);
      }
      ctx.store.put<ZoneUser>(KINDS.zoneUser, userId, withStatus(ctx, mapping, active, caller(request)));
      return mdOk(ctx, request, { status: 'Status updated successfully for Zone' });
    },
  );

  /**
   * `POST /usercentermapping` `{id, name, statusCode, regCenterId, isActive, langCode}`: no active zone
   * mapping → `KER-USR-008`; already mapped → `KER-USR-013`; unknown centre → `KER-USR-012`; then
   * `validateMappingData`. Response `UserDetailsCenterMapping`.
   */
  app.post(
    '/v1/masterdata/usercentermapping',
    { preHandler: protect(ctx, { service: 'kernel', roles: CENTRE_MAPPING_CREATORS, style: 'spring' }) },
    (request) => {
      const valid = validateRequest(request.body, [
        { field: 'id', required: 'notNull', max: 256 },
        { field: 'regCenterId', required: 'notNull', max: 10 },
        { field: 'isActive', required: 'notNull' },
      ]);
      if (!valid.ok) return mdErrors(ctx, request, valid.errors);
      const r = valid.request;
      const userId = String(r.id);
      if (!zoneUserOf(ctx, userId)?.isActive) return mdError(ctx, request, ...E.zoneMappingMissing);
      if (ctx.store.get<UserCentre>(KINDS.userCentre, userId)) return mdError(ctx, request, ...E.userExists);
      const centre = ctx.store.get<Centre>(KINDS.centre, String(r.regCenterId));
      if (!centre) return mdError(ctx, request, ...E.centreMissing);
      const error = mappingError(request, userId, centre.zoneCode);
      if (error) return mdError(ctx, request, ...error);
      const mapping: UserCentre = {
        id: userId,
        regCenterId: centre.id,
        isActive: booleanValue(r.isActive),
        name: optionalString(r.name),
        statusCode: optionalString(r.statusCode),
        langCode: optionalString(r.langCode),
        createdBy: caller(request),
        createdDateTime: nowTimestamp(ctx),
        updatedBy: null,
        updatedDateTime: null,
      };
      ctx.store.put(KINDS.userCentre, userId, mapping);
      return mdOk(ctx, request, {
        id: mapping.id,
        langCode: mapping.langCode,
        name: mapping.name,
        statusCode: mapping.statusCode,
        regCenterId: mapping.regCenterId,
        isActive: mapping.isActive,
        zoneCode: centre.zoneCode,
        zoneName: findZone(ctx, centre.zoneCode)?.name ?? null,
        regCenterName: centre.name,
      });
    },
  );

  /**
   * `PATCH /usercentermapping?isActive=&id=`: no zone mapping → `KER-USR-008`; activating with an inactive
   * zone mapping → `KER-USR-025`; no centre mapping → `KER-USR-007`; activating re-runs `validateMappingData`.
   */
  app.patch<{ Querystring: { isActive?: string; id?: string } }>(
    '/v1/masterdata/usercentermapping',
    { preHandler: admin },
    (request) => {
      const { isActive, id } = request.query;
      const activate = parseIsActive(isActive);
      if (!id || activate === null) return mdError(ctx, request, 'KER-MSD-999', 'Invalid request input');
      const zoneUser = zoneUserOf(ctx, id);
      if (!zoneUser) return mdError(ctx, request, ...E.zoneMappingMissing);
      if (activate && !zoneUser.isActive) return mdError(ctx, request, ...E.zoneMappingInactive);
      const mapping = ctx.store.get<UserCentre>(KINDS.userCentre, id);
      if (!mapping) return mdError(ctx, request, ...E.centreMappingNotFound);
      if (activate) {
        const centre = ctx.store.get<Centre>(KINDS.centre, mapping.regCenterId);
        if (!centre) return mdError(ctx, request, ...E.centreMappingNotFound);
        const error = mappingError(request, id, centre.zoneCode);
        if (error) return mdError(ctx, request, ...error);
      }
      ctx.store.put<UserCentre>(KINDS.userCentre, id, withStatus(ctx, mapping, activate, caller(request)));
      return mdOk(ctx, request, { status: 'Status updated successfully for User' });
    },
  );
}
