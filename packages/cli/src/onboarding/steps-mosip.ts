import { centreZone, machineZone } from './config.ts';
import type { OnboardContext } from './context.ts';
import { PrerequisiteError } from './errors.ts';
import { MosipAdmin, normaliseKey, type Machine, type MosipCallError } from './mosip-admin.ts';
import { tokenFor } from './mosip-http.ts';
import type { Step, StepState } from './runner.ts';
import { closeMatches, sameName } from './similar.ts';

/**
 * Onboarding steps 9–14, on MOSIP's admin APIs (MOSIP CRVS integration guide: "Create Centre", "Create
 * Machine", "User Zone Mapping", "User Centre Mapping"; mosip-contracts reference 3 and 4.1): admin token,
 * zone, centre (found by name: MOSIP has no lookup), machine with the keymanager's TPM signing key, then the
 * officer's user–zone and user–centre mappings, each created and activated, in the order MOSIP enforces
 * (`KER-USR-008`: the centre mapping needs an active zone mapping).
 */

function admin(ctx: OnboardContext): MosipAdmin {
  if (!ctx.admin) throw new Error('MOSIP admin token has not run');
  return ctx.admin;
}

const adminToken: Step<OnboardContext> = {
  name: 'MOSIP admin token',
  async check(ctx) {
    const m = ctx.config.mosip;
    const issued = await tokenFor(
      'MOSIP admin token',
      m.url,
      { clientId: m.adminClientId, secret: m.adminSecret, appId: m.adminAppId },
      'mosip.adminSecret/adminSecretFile',
    );
    if (!issued.claims.roles.some((r) => r === 'GLOBAL_ADMIN' || r === 'ZONAL_ADMIN')) {
      return {
        status: 'blocked',
        detail: `${m.adminClientId} has realm roles [${issued.claims.roles.join(', ')}], neither GLOBAL_ADMIN nor ZONAL_ADMIN`,
        fix: 'use an admin client with GLOBAL_ADMIN (MOSIP installs mosip-admin-client with it)',
      };
    }
    ctx.admin = new MosipAdmin(m.url, issued.token, m.adminClientId, m.langCode);
    return { status: 'exists', detail: `${m.adminClientId} (appId ${m.adminAppId})` };
  },
};

const zone: Step<OnboardContext> = {
  name: 'zones',
  async check(ctx) {
    const zones = await admin(ctx).zones();
    const wanted = [...new Set([ctx.config.zoneCode, centreZone(ctx.config), machineZone(ctx.config)])];
    const missing = wanted.filter((code) => !zones.some((z) => z.code === code));
    if (missing.length === 0) return { status: 'exists', detail: wanted.join(', ') };
    const visible = zones.map((z) => `${z.code} (${z.name})`).join(', ');
    return {
      status: 'blocked',
      detail:
        zones.length === 0
          ? `zone ${missing.join(', ')} not found: ${ctx.config.mosip.adminClientId} is mapped to no zone, so it sees none`
          : `zone ${missing.join(', ')} not found among the zones ${ctx.config.mosip.adminClientId} manages: ${visible}`,
      fix:
        zones.length === 0
          ? `map service-account-${ctx.config.mosip.adminClientId} to the top zone in MOSIP's Admin UI (User Zone Mapping)`
          : `set zoneCode (and centre.zoneCode/machine.zoneCode) to one of: ${zones.map((z) => z.code).join(', ')}` +
            (closeMatches(
              missing[0] ?? '',
              zones.map((z) => z.code),
            ).length > 0
              ? ` (close: ${closeMatches(
                  missing[0] ?? '',
                  zones.map((z) => z.code),
                ).join(', ')})`
              : ''),
    };
  },
};

const centre: Step<OnboardContext> = {
  name: 'registration centre',
  async check(ctx) {
    const c = ctx.config.centre;
    const centres = await admin(ctx).centres();
    const found = c.id
      ? centres.find((x) => x.id === c.id)
      : centres.find((x) => sameName(x.name, c.name ?? ''));
    const label = c.id ? `id ${c.id}` : `"${c.name ?? ''}"`;
    if (found) {
      ctx.centre = found;
      if (found.isActive === false) {
        return { status: 'differs', detail: `${label} is ${found.id}, inactive: will activate it` };
      }
      return { status: 'exists', detail: `${label} is ${found.id} (zone ${found.zoneCode ?? '?'}, active)` };
    }
    if (ctx.createCentre && c.name && c.create) {
      return { status: 'missing', detail: `${label}: will create it in zone ${centreZone(ctx.config)}` };
    }
    const matches = closeMatches(
      c.name ?? c.id ?? '',
      centres.flatMap((x) => [x.name, x.id]),
    );
    const listed = matches.length > 0 ? `; close matches: ${matches.map((m) => `"${m}"`).join(', ')}` : '';
    return {
      status: 'blocked',
      code: centres.length === 0 ? 'KER-MSD-215' : undefined,
      detail: `no centre ${label} among the ${centres.length} centres MOSIP lists${listed}`,
      fix: ctx.createCentre
        ? 'give centre.name and centre.create {centerTypeCode, addressLine1, latitude, longitude, locationCode, holidayLocationCode, workingHours, perKioskProcessTime, centerStartTime, centerEndTime} to create it'
        : 'set centre.name to the exact name (or centre.id), or run with --create-centre to create it',
    };
  },
  async apply(ctx, state) {
    const c = ctx.config.centre;
    if (state.status === 'differs' && ctx.centre) {
      await admin(ctx).activateCentre(ctx.centre.id);
      return `${ctx.centre.id} activated`;
    }
    const created = await admin(ctx).createCentre({
      ...c.create,
      name: c.name,
      zoneCode: centreZone(ctx.config),
    });
    ctx.centre = created;
    return `"${c.name ?? ''}" created with id ${created.id} in zone ${centreZone(ctx.config)}`;
  },
  explain(ctx, error) {
    if (error.code === 'KER-MSD-060' || error.code === 'KER-MSD-999' || error.code === 'KER-MSD-281') {
      return new PrerequisiteError(
        'create registration centre',
        error.code,
        error.message,
        'correct the centre.create field the message names (centre types and locations must exist in masterdata)',
      );
    }
    return undefined;
  },
};

function machineState(ctx: OnboardContext, found: Machine, key: string): StepState {
  const sameKey = normaliseKey(found.publicKey) === key && normaliseKey(found.signPublicKey) === key;
  if (!sameKey) {
    return {
      status: 'blocked',
      detail: `machine "${found.name}" (id ${found.id}) exists with another public key, so packets signed with this keymanager's key would not verify against it`,
      fix: `choose another machine.name, or set machine ${found.id}'s publicKey and signPublicKey to the keymanager's TPM signing key (POST /v1/keymanager/tpmsigning/publickey)`,
    };
  }
  if (ctx.centre && found.regCenterId !== ctx.centre.id) {
    return {
      status: 'blocked',
      detail: `machine "${found.name}" (id ${found.id}) belongs to centre ${found.regCenterId ?? '(none)'}, not ${ctx.centre.id}`,
      fix: `choose another machine.name, or move machine ${found.id} to centre ${ctx.centre.id} in MOSIP's Admin UI`,
    };
  }
  ctx.machine = found;
  if (found.isActive === false) {
    return { status: 'differs', detail: `"${found.name}" is ${found.id}, inactive: will activate it` };
  }
  return {
    status: 'exists',
    detail: `"${found.name}" is ${found.id} (centre ${found.regCenterId ?? '?'}, keymanager key)`,
  };
}

const machine: Step<OnboardContext> = {
  name: 'machine with the keymanager TPM signing key',
  async check(ctx) {
    const m = ctx.config.machine;
    ctx.tpmKey = await admin(ctx).tpmSigningPublicKey();
    const key = normaliseKey(ctx.tpmKey);
    const machines = await admin(ctx).machines();
    const found = machines.find((x) => sameName(x.name, m.name));
    if (found) return machineState(ctx, found, key);
    const withKey = machines.find(
      (x) => normaliseKey(x.publicKey) === key || normaliseKey(x.signPublicKey) === key,
    );
    if (withKey) {
      return {
        status: 'blocked',
        code: 'KER-MSD-414',
        detail: `the keymanager's key is already registered for machine "${withKey.name}" (id ${withKey.id}); MOSIP refuses a second machine with it`,
        fix: `set machine.name to "${withKey.name}" to use that machine`,
      };
    }
    return {
      status: 'missing',
      detail: `"${m.name}": will create it in zone ${machineZone(ctx.config)} with the keymanager key as publicKey and signPublicKey`,
    };
  },
  async apply(ctx, state) {
    const m = ctx.config.machine;
    if (state.status === 'differs' && ctx.machine) {
      await admin(ctx).activateMachine(ctx.machine.id);
      ctx.machine = { ...ctx.machine, isActive: true };
      return `${ctx.machine.id} activated`;
    }
    if (!ctx.centre || !ctx.tpmKey) {
      throw new Error('centre or keymanager key missing after the steps that find them');
    }
    const created = await admin(ctx).createMachine({
      name: m.name,
      serialNum: m.serialNum ?? m.name,
      macAddress: m.macAddress ?? null,
      ipAddress: m.ipAddress,
      machineSpecId: m.machineSpecId,
      zoneCode: machineZone(ctx.config),
      regCenterId: ctx.centre.id,
      publicKey: ctx.tpmKey,
      signPublicKey: ctx.tpmKey,
    });
    ctx.machine = { ...created, regCenterId: ctx.centre.id };
    return `"${m.name}" created with id ${created.id} at centre ${ctx.centre.id}`;
  },
  explain(ctx, error: MosipCallError) {
    const name = ctx.config.machine.name;
    if (error.code === 'KER-MSD-413') {
      return new PrerequisiteError(
        'create machine',
        error.code,
        `machine name "${name}" is already used (${error.message})`,
        'choose another machine.name (the existing machine is not listed, e.g. decommissioned or in another language)',
      );
    }
    if (error.code === 'KER-MSD-414') {
      return new PrerequisiteError(
        'create machine',
        error.code,
        `the keymanager's public key is already used by another machine (${error.message})`,
        'find that machine in MOSIP (Admin UI → Machines) and set machine.name to its name',
      );
    }
    if (error.code === 'KER-MSD-255') {
      return new PrerequisiteError(
        'create machine',
        error.code,
        error.message,
        `machine.zoneCode must be in the admin client's zone subtree`,
      );
    }
    return undefined;
  },
};

const zoneMapping: Step<OnboardContext> = {
  name: 'officer mapped to the zone and active',
  async check(ctx) {
    const { username } = ctx.config.officer;
    const zoneCode = ctx.config.zoneCode;
    const mapping = await admin(ctx).zoneUser(username);
    if (!mapping) return { status: 'missing', detail: `${username} → ${zoneCode}: will map, then activate` };
    if (mapping.zoneCode && mapping.zoneCode !== zoneCode) {
      return {
        status: 'blocked',
        code: 'KER-USR-021',
        detail: `${username} is mapped to zone ${mapping.zoneCode}, not ${zoneCode}`,
        fix: `set zoneCode to ${mapping.zoneCode}, or change the officer's zone in MOSIP's Admin UI (User Zone Mapping)`,
      };
    }
    if (!mapping.isActive) {
      return { status: 'differs', detail: `${username} → ${zoneCode} is inactive: will activate it` };
    }
    return { status: 'exists', detail: `${username} → ${zoneCode}, active` };
  },
  async apply(ctx, state) {
    const { username } = ctx.config.officer;
    if (state.status === 'missing') await admin(ctx).mapZone(username, ctx.config.zoneCode);
    await admin(ctx).activateZoneUser(username);
    return `${username} → ${ctx.config.zoneCode}${state.status === 'missing' ? ' mapped and' : ''} activated`;
  },
};

const centreMapping: Step<OnboardContext> = {
  name: 'officer mapped to the centre and active',
  async check(ctx) {
    const { username } = ctx.config.officer;
    const centreId = ctx.centre?.id;
    const mapping = await admin(ctx).userCentre(username);
    if (!mapping) {
      return {
        status: 'missing',
        detail: `${username} → centre ${centreId ?? '(created above)'}: will map, then activate`,
      };
    }
    if (centreId && mapping.regCenterId && mapping.regCenterId !== centreId) {
      return {
        status: 'blocked',
        code: 'KER-USR-013',
        detail: `${username} is mapped to centre ${mapping.regCenterId}, not ${centreId}`,
        fix: `set centre.id to ${mapping.regCenterId}, or remap the officer in MOSIP's Admin UI (User Centre Mapping)`,
      };
    }
    if (!mapping.isActive) {
      return {
        status: 'differs',
        detail: `${username} → centre ${mapping.regCenterId ?? '?'} is inactive: will activate it`,
      };
    }
    return { status: 'exists', detail: `${username} → centre ${mapping.regCenterId ?? '?'}, active` };
  },
  async apply(ctx, state) {
    const o = ctx.config.officer;
    if (!ctx.centre) throw new Error('centre missing after the step that finds it');
    if (state.status === 'missing') {
      await admin(ctx).mapCentre(o.username, `${o.firstName} ${o.lastName}`, ctx.centre.id);
    }
    await admin(ctx).activateUserCentre(o.username);
    return `${o.username} → centre ${ctx.centre.id}${state.status === 'missing' ? ' mapped and' : ''} activated`;
  },
  explain(ctx, error) {
    const fixes: Record<string, string> = {
      'KER-USR-008': 'the user–zone mapping must exist and be active first (the step before); run again',
      'KER-USR-015': `the centre's zone must be inside the officer's zone ${ctx.config.zoneCode}: set zoneCode to the centre's zone or a parent of it`,
      'KER-USR-025': 'activate the user–zone mapping first (the step before); run again',
      'KER-USR-012': 'the centre does not exist (any more): check centre.name / centre.id',
    };
    const fix = fixes[error.code];
    return fix ? new PrerequisiteError('map officer to centre', error.code, error.message, fix) : undefined;
  },
};

/** Steps 9–14, in the order MOSIP requires. */
export const mosipSteps: Step<OnboardContext>[] = [
  adminToken,
  zone,
  centre,
  machine,
  zoneMapping,
  centreMapping,
];
