import type { FastifyInstance } from 'fastify';
import { protect } from '../auth/auth-adapter.ts';
import type { SandboxContext } from '../context.ts';
import {
  booleanValue,
  mdError,
  mdErrors,
  mdOk,
  nextNumericId,
  nowTimestamp,
  optionalString,
  validateRequest,
  type FieldRule,
  parseIsActive,
  withStatus,
} from '../masterdata/masterdata-reply.ts';
import { callerSubZones, findZone } from '../masterdata/zones.ts';
import { KINDS, type Centre } from '../state/models.ts';

/** `mosip.role.admin.masterdata.*` in mosip/mosip-config `kernel-default.properties`. */
export const CENTRE_READ_ROLES = [
  'INDIVIDUAL',
  'ZONAL_ADMIN',
  'GLOBAL_ADMIN',
  'PRE_REGISTRATION_ADMIN',
  'PRE_REGISTRATION',
];
const CENTRE_WRITE_ROLES = ['ZONAL_ADMIN', 'GLOBAL_ADMIN'];

const CENTRE_NOT_FOUND = ['KER-MSD-215', 'Registration Center not found'] as const;

/** `RegistrationCenterDto` (GET items). */
export function centreDto(centre: Centre) {
  return {
    id: centre.id,
    name: centre.name,
    centerTypeCode: centre.centerTypeCode ?? null,
    addressLine1: centre.addressLine1,
    addressLine2: centre.addressLine2 ?? null,
    addressLine3: centre.addressLine3 ?? null,
    latitude: centre.latitude ?? null,
    longitude: centre.longitude ?? null,
    locationCode: centre.locationCode,
    holidayLocationCode: centre.holidayLocationCode ?? null,
    contactPhone: centre.contactPhone ?? null,
    workingHours: centre.workingHours ?? null,
    langCode: centre.langCode,
    numberOfKiosks: centre.numberOfKiosks ?? null,
    perKioskProcessTime: centre.perKioskProcessTime ?? null,
    centerStartTime: centre.centerStartTime,
    centerEndTime: centre.centerEndTime,
    timeZone: centre.timeZone,
    contactPerson: centre.contactPerson ?? null,
    lunchStartTime: centre.lunchStartTime ?? null,
    lunchEndTime: centre.lunchEndTime ?? null,
    isActive: centre.isActive,
    zoneCode: centre.zoneCode,
  };
}

/** `RegistrationCenterExtnDto` (create response): the DTO plus `BaseDto`. */
function centreExtnDto(centre: Centre) {
  return {
    ...centreDto(centre),
    createdBy: centre.createdBy ?? null,
    createdDateTime: centre.createdDateTime ?? null,
    updatedBy: centre.updatedBy ?? null,
    updatedDateTime: centre.updatedDateTime ?? null,
    isDeleted: null,
    deletedDateTime: null,
    workingNonWorkingDays: null,
    exceptionalHolidayPutPostDto: null,
  };
}

/** `RegCenterPostReqDto` constraints. */
const CENTRE_RULES: FieldRule[] = [
  { field: 'name', required: 'notNull', max: 128 },
  { field: 'addressLine1', required: 'notNull', max: 256 },
  { field: 'isActive', required: 'notNull' },
  { field: 'centerTypeCode', required: 'notNull', max: 36 },
  { field: 'latitude', required: 'notNull', max: 32 },
  { field: 'longitude', required: 'notNull', max: 32 },
  { field: 'locationCode', required: 'notNull', max: 36 },
  { field: 'holidayLocationCode', required: 'notNull', max: 36 },
  { field: 'workingHours', required: 'notNull', max: 32 },
  { field: 'perKioskProcessTime', required: 'notNull' },
  { field: 'centerStartTime', required: 'notNull' },
  { field: 'centerEndTime', required: 'notNull' },
  { field: 'zoneCode', required: 'notNull', max: 36 },
];

const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;
const withSeconds = (t: string) => (t.length === 5 ? `${t}:00` : t);

/**
 * Registration centres (mosip/admin-services `admin/kernel-masterdata-service/src/main/java/io/mosip/
 * kernel/masterdata/controller/RegistrationCenterController.java`, `…/utils/RegistrationCenterValidator.java`)
 * and the admin-service proxy `GET /v1/admin/masterdata/registrationcenters`
 * (`admin/admin-service/src/main/java/io/mosip/admin/controller/MasterdataProxyController.java`).
 * The sandbox keeps no location hierarchy or centre types: `locationCode` and `centerTypeCode` are stored
 * as given.
 */
export function registerCentreRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const read = protect(ctx, { service: 'kernel', roles: CENTRE_READ_ROLES, style: 'spring' });
  const write = protect(ctx, { service: 'kernel', roles: CENTRE_WRITE_ROLES, style: 'spring' });

  /** Centres in the default language only; none → `KER-MSD-215`. */
  app.get('/v1/masterdata/registrationcenters', { preHandler: read }, (request) => {
    const centres = ctx.store
      .list<Centre>(KINDS.centre)
      .filter((c) => c.langCode === ctx.config.defaultLanguage);
    if (centres.length === 0) return mdError(ctx, request, ...CENTRE_NOT_FOUND);
    return mdOk(ctx, request, { registrationCenters: centres.map(centreDto) });
  });

  /**
   * The admin service forwards to masterdata with the caller's cookie and answers HTTP 200 with whatever
   * masterdata answered (its own audience list is `mosip-regproc-client,mosip-admin-client`).
   */
  app.get(
    '/v1/admin/masterdata/registrationcenters',
    { preHandler: protect(ctx, { service: 'admin', roles: 'authenticated', style: 'spring' }) },
    async (request, reply) => {
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      const downstream = await app.inject({
        method: 'GET',
        url: `/v1/masterdata/registrationcenters${query}`,
        headers: { cookie: request.headers.cookie ?? '' },
      });
      return reply.code(200).type('application/json').send(downstream.body);
    },
  );

  /**
   * `POST /registrationcenters` (`RegCenterPostReqDto`, no id: a 5-digit id is generated). Unknown zone →
   * `KER-MSD-340`, a zone outside the caller's subtree → `KER-MSD-441`, start ≥ end → `KER-MSD-309`,
   * lunch start ≥ end → `KER-MSD-308`, coordinates with fewer than 4 decimals → `KER-MSD-307`,
   * kiosks ≤ 0 → `KER-MSD-281`.
   */
  app.post('/v1/masterdata/registrationcenters', { preHandler: write }, (request) => {
    const valid = validateRequest(request.body, CENTRE_RULES);
    if (!valid.ok) return mdErrors(ctx, request, valid.errors);
    const r = valid.request;
    const zoneCode = String(r.zoneCode);
    const langCode = optionalString(r.langCode) ?? ctx.config.defaultLanguage;
    if (!findZone(ctx, zoneCode)) {
      return mdError(ctx, request, 'KER-MSD-340', `Zone ${zoneCode} doesn't exist`);
    }
    const username = request.mosipUser?.username ?? '';
    if (!callerSubZones(ctx, username).some((z) => z.code === zoneCode)) {
      return mdError(
        ctx,
        request,
        'KER-MSD-441',
        'Admin not authorized to access this Registration Center for this Zone',
      );
    }
    const start = String(r.centerStartTime);
    const end = String(r.centerEndTime);
    if (!TIME.test(start) || !TIME.test(end)) {
      return mdError(ctx, request, 'KER-MSD-999', 'Invalid request input');
    }
    if (withSeconds(start) >= withSeconds(end)) {
      return mdError(ctx, request, 'KER-MSD-309', 'Center Start Time must be smaller than Center End Time');
    }
    const lunchStart = optionalString(r.lunchStartTime);
    const lunchEnd = optionalString(r.lunchEndTime);
    if (lunchStart && lunchEnd && withSeconds(lunchStart) >= withSeconds(lunchEnd)) {
      return mdError(
        ctx,
        request,
        'KER-MSD-308',
        'Center Lunch Start Time must be smaller than Center Lunch End Time',
      );
    }
    const coordinate = /^-?\d+\.\d{4,}$/;
    if (!coordinate.test(String(r.latitude)) || !coordinate.test(String(r.longitude))) {
      return mdError(
        ctx,
        request,
        'KER-MSD-307',
        'Latitude or Longitude must have minimum 4 digits after decimal',
      );
    }
    const kiosks =
      r.numberOfKiosks === undefined || r.numberOfKiosks === null ? null : Number(r.numberOfKiosks);
    if (kiosks !== null && !(kiosks > 0)) {
      return mdError(ctx, request, 'KER-MSD-281', 'Invalid number of kiosks');
    }
    const centre: Centre = {
      id: nextNumericId(ctx.store.list<Centre>(KINDS.centre).map((c) => c.id)),
      name: String(r.name),
      zoneCode,
      langCode,
      isActive: booleanValue(r.isActive),
      centerStartTime: withSeconds(start),
      centerEndTime: withSeconds(end),
      timeZone: optionalString(r.timeZone) ?? 'UTC',
      addressLine1: String(r.addressLine1),
      addressLine2: optionalString(r.addressLine2),
      addressLine3: optionalString(r.addressLine3),
      locationCode: String(r.locationCode),
      centerTypeCode: String(r.centerTypeCode),
      latitude: String(r.latitude),
      longitude: String(r.longitude),
      holidayLocationCode: String(r.holidayLocationCode),
      contactPhone: optionalString(r.contactPhone),
      contactPerson: optionalString(r.contactPerson),
      workingHours: String(r.workingHours),
      numberOfKiosks: kiosks,
      perKioskProcessTime: String(r.perKioskProcessTime),
      lunchStartTime: lunchStart,
      lunchEndTime: lunchEnd,
      createdBy: username,
      createdDateTime: nowTimestamp(ctx),
      updatedBy: null,
      updatedDateTime: null,
    };
    ctx.store.put(KINDS.centre, centre.id, centre);
    return mdOk(ctx, request, centreExtnDto(centre));
  });

  /** `PATCH /registrationcenters?isActive=&id=`: unknown id → `KER-MSD-215`. */
  app.patch<{ Querystring: { isActive?: string; id?: string } }>(
    '/v1/masterdata/registrationcenters',
    { preHandler: write },
    (request) => {
      const { id, isActive } = request.query;
      const active = parseIsActive(isActive);
      if (!id || active === null) return mdError(ctx, request, 'KER-MSD-999', 'Invalid request input');
      const centre = ctx.store.get<Centre>(KINDS.centre, id);
      if (!centre) return mdError(ctx, request, ...CENTRE_NOT_FOUND);
      ctx.store.put<Centre>(
        KINDS.centre,
        id,
        withStatus(ctx, centre, active, request.mosipUser?.username ?? null),
      );
      return mdOk(ctx, request, { status: 'Status updated successfully for Registration Centers' });
    },
  );
}
