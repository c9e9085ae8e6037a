import type { FastifyInstance } from 'fastify';
import { protect } from '../auth/auth-adapter.ts';
import type { SandboxContext } from '../context.ts';
import { parseMachineKey } from '../masterdata/machine-keys.ts';
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
import { callerSubZones } from '../masterdata/zones.ts';
import { KINDS, type Centre, type Machine } from '../state/models.ts';

/** `mosip.role.admin.masterdata.*machines` (mosip/mosip-config `kernel-default.properties`). */
const MACHINE_READ_ROLES = [
  'PRE_REGISTRATION_ADMIN',
  'GLOBAL_ADMIN',
  'ZONAL_ADMIN',
  'REGISTRATION_CLIENT',
  'REGISTRATION_PROCESSOR',
];
const MACHINE_CREATE_ROLES = ['GLOBAL_ADMIN', 'ZONAL_ADMIN', 'RESIDENT', 'MASTERDATA_ADMIN'];
const MACHINE_UPDATE_ROLES = ['GLOBAL_ADMIN', 'ZONAL_ADMIN', 'MASTERDATA_ADMIN'];

const MACHINE_NOT_FOUND = ['KER-MSD-030', 'Machine not Found'] as const;
const ZONE_NOT_ALLOWED = [
  'KER-MSD-255',
  'Admin not authorized to access this Machine for this Zone',
] as const;

/** `MachineDto` (GET items); the key indexes are not part of it. */
function machineDto(m: Machine) {
  return {
    id: m.id,
    name: m.name,
    serialNum: m.serialNum ?? null,
    macAddress: m.macAddress ?? null,
    ipAddress: m.ipAddress ?? null,
    machineSpecId: m.machineSpecId ?? null,
    regCenterId: m.regCenterId,
    langCode: m.langCode,
    isActive: m.isActive,
    validityDateTime: m.validityDateTime ?? null,
    publicKey: m.publicKey,
    signPublicKey: m.signPublicKey,
    zoneCode: m.zoneCode,
  };
}

/** `MachineExtnDto` (create response): no keys, plus `BaseDto`. */
function machineExtnDto(m: Machine) {
  const { publicKey: _publicKey, signPublicKey: _signPublicKey, ...rest } = machineDto(m);
  return {
    ...rest,
    createdBy: m.createdBy ?? null,
    createdDateTime: m.createdDateTime ?? null,
    updatedBy: m.updatedBy ?? null,
    updatedDateTime: m.updatedDateTime ?? null,
    isDeleted: null,
    deletedDateTime: null,
  };
}

/** `MachinePostReqDto` constraints. */
const MACHINE_RULES: FieldRule[] = [
  { field: 'name', required: 'notNull', max: 64 },
  { field: 'ipAddress', required: 'notNull', max: 17 },
  { field: 'machineSpecId', required: 'notNull', max: 36 },
  { field: 'isActive', required: 'notNull' },
  { field: 'zoneCode', required: 'notNull', max: 36 },
  { field: 'regCenterId', max: 10 },
  { field: 'publicKey', required: { notBlank: 'Public key cannot be blank or null' } },
  { field: 'signPublicKey', required: { notBlank: 'Sign public key cannot be blank or null' } },
];

/** Index of a stored key: its recorded index, or computed (machines seeded before indexes were kept). */
const indexOf = (stored: string | undefined, key: string) => stored ?? parseMachineKey(key)?.keyIndex;

/**
 * Machines (mosip/admin-services `admin/kernel-masterdata-service/src/main/java/io/mosip/kernel/masterdata/
 * controller/MachineController.java`, `…/service/impl/MachineServiceImpl.java`). The sandbox keeps no
 * machine specifications: `machineSpecId` is stored as given.
 */
export function registerMachineRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const read = protect(ctx, { service: 'kernel', roles: MACHINE_READ_ROLES, style: 'spring' });
  const live = () => ctx.store.list<Machine>(KINDS.machine);

  /** `GET /machines`: every machine; none → `KER-MSD-030`. */
  app.get('/v1/masterdata/machines', { preHandler: read }, (request) => {
    const machines = live();
    if (machines.length === 0) return mdError(ctx, request, ...MACHINE_NOT_FOUND);
    return mdOk(ctx, request, { machines: machines.map(machineDto) });
  });

  app.get<{ Params: { id: string } }>('/v1/masterdata/machines/:id', { preHandler: read }, (request) => {
    const machine = ctx.store.get<Machine>(KINDS.machine, request.params.id);
    if (!machine) return mdError(ctx, request, ...MACHINE_NOT_FOUND);
    return mdOk(ctx, request, { machines: [machineDto(machine)] });
  });

  /**
   * `POST /machines`: zone outside the caller's subtree → `KER-MSD-255`; a `regCenterId` must name a
   * centre of the same zone (else `KER-MSD-255` too); duplicate name → `KER-MSD-413`; unreadable key →
   * `KER-MSD-257` / `KER-MSD-410` (sign key); a key already used by another machine → `KER-MSD-414`.
   */
  app.post(
    '/v1/masterdata/machines',
    { preHandler: protect(ctx, { service: 'kernel', roles: MACHINE_CREATE_ROLES, style: 'spring' }) },
    (request) => {
      const valid = validateRequest(request.body, MACHINE_RULES);
      if (!valid.ok) return mdErrors(ctx, request, valid.errors);
      const r = valid.request;
      const zoneCode = String(r.zoneCode);
      const username = request.mosipUser?.username ?? '';
      if (!callerSubZones(ctx, username).some((z) => z.code === zoneCode)) {
        return mdError(ctx, request, ...ZONE_NOT_ALLOWED);
      }
      const regCenterId = optionalString(r.regCenterId) || null;
      if (regCenterId) {
        const centre = ctx.store.get<Centre>(KINDS.centre, regCenterId);
        if (!centre) return mdError(ctx, request, 'KER-MSD-215', 'Registration Center not found');
        if (centre.zoneCode !== zoneCode) return mdError(ctx, request, ...ZONE_NOT_ALLOWED);
      }
      const name = String(r.name);
      const machines = live();
      if (machines.some((m) => m.name.toLowerCase() === name.toLowerCase())) {
        return mdError(ctx, request, 'KER-MSD-413', 'Entry already found for the provided machine name');
      }
      const publicKey = parseMachineKey(String(r.publicKey));
      if (!publicKey) return mdError(ctx, request, 'KER-MSD-257', 'Invalid public key provided');
      const signKey = parseMachineKey(String(r.signPublicKey));
      if (!signKey) return mdError(ctx, request, 'KER-MSD-410', 'Invalid sign public key provided');
      const taken = machines.some(
        (m) =>
          indexOf(m.keyIndex, m.publicKey) === publicKey.keyIndex ||
          indexOf(m.signKeyIndex, m.signPublicKey) === signKey.keyIndex,
      );
      if (taken) {
        return mdError(ctx, request, 'KER-MSD-414', 'Entry already found for the provided public keys');
      }
      const machine: Machine = {
        id: nextNumericId(machines.map((m) => m.id)),
        name,
        regCenterId,
        zoneCode,
        langCode: optionalString(r.langCode) ?? ctx.config.defaultLanguage,
        isActive: booleanValue(r.isActive),
        publicKey: publicKey.base64Url,
        signPublicKey: signKey.base64Url,
        keyIndex: publicKey.keyIndex,
        signKeyIndex: signKey.keyIndex,
        serialNum: optionalString(r.serialNum),
        macAddress: optionalString(r.macAddress),
        ipAddress: String(r.ipAddress),
        machineSpecId: String(r.machineSpecId),
        validityDateTime: optionalString(r.validityDateTime),
        createdBy: username,
        createdDateTime: nowTimestamp(ctx),
        updatedBy: null,
        updatedDateTime: null,
      };
      ctx.store.put(KINDS.machine, machine.id, machine);
      return mdOk(ctx, request, machineExtnDto(machine));
    },
  );

  /** `PATCH /machines?id=&isActive=` → `{status}`; unknown id → `KER-MSD-030`. */
  app.patch<{ Querystring: { id?: string; isActive?: string } }>(
    '/v1/masterdata/machines',
    { preHandler: protect(ctx, { service: 'kernel', roles: MACHINE_UPDATE_ROLES, style: 'spring' }) },
    (request) => {
      const { id, isActive } = request.query;
      const active = parseIsActive(isActive);
      if (!id || active === null) return mdError(ctx, request, 'KER-MSD-999', 'Invalid request input');
      const machine = ctx.store.get<Machine>(KINDS.machine, id);
      if (!machine) return mdError(ctx, request, ...MACHINE_NOT_FOUND);
      if (!callerSubZones(ctx, request.mosipUser?.username ?? '').some((z) => z.code === machine.zoneCode)) {
        return mdError(ctx, request, ...ZONE_NOT_ALLOWED);
      }
      ctx.store.put<Machine>(
        KINDS.machine,
        id,
        withStatus(ctx, machine, active, request.mosipUser?.username ?? null),
      );
      return mdOk(ctx, request, { status: 'Status updated successfully for machine' });
    },
  );
}
