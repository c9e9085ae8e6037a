import type { SandboxContext } from '../context.ts';
import { KINDS, type Zone, type ZoneUser } from '../state/models.ts';

/**
 * Zone scoping of masterdata (mosip/admin-services `admin/kernel-masterdata-service/src/main/java/io/
 * mosip/kernel/masterdata/utils/ZoneUtils.java`): what an administrator may touch is its own zone (from
 * `zone_user`, by the token's `preferred_username`) and every zone below it. No mapping → nothing
 * ("User {} not mapped to any zones!!").
 */
export function allZones(ctx: SandboxContext, langCode?: string): Zone[] {
  const zones = ctx.store.list<Zone>(KINDS.zone);
  return langCode ? zones.filter((z) => z.langCode === langCode) : zones;
}

export function findZone(ctx: SandboxContext, code: string): Zone | undefined {
  return allZones(ctx).find((z) => z.code === code);
}

/** `root` and all its descendants. */
export function subtree(ctx: SandboxContext, root: string, langCode?: string): Zone[] {
  const zones = allZones(ctx, langCode);
  const codes = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const z of zones) {
      if (z.parentZoneCode && codes.has(z.parentZoneCode) && !codes.has(z.code)) {
        codes.add(z.code);
        grew = true;
      }
    }
  }
  return zones.filter((z) => codes.has(z.code));
}

/** Zones of the subtree that have no child zone (`ZoneUtils.getLeafZones`). */
export function leaves(ctx: SandboxContext, root: string, langCode?: string): Zone[] {
  const tree = subtree(ctx, root, langCode);
  const all = allZones(ctx);
  return tree.filter((z) => !all.some((c) => c.parentZoneCode === z.code));
}

export function zoneUserOf(ctx: SandboxContext, userId: string): ZoneUser | undefined {
  return ctx.store.get<ZoneUser>(KINDS.zoneUser, userId);
}

/** `ZoneUtils.getSubZones`: the caller's zone and below, or none when the caller is not zone-mapped. */
export function callerSubZones(ctx: SandboxContext, username: string, langCode?: string): Zone[] {
  const mapping = zoneUserOf(ctx, username);
  return mapping ? subtree(ctx, mapping.zoneCode, langCode) : [];
}

/** `country/region/city` codes from the root to the zone (the `hierarchy_path` column). */
export function hierarchyPath(ctx: SandboxContext, zone: Zone): string {
  const path = [zone.code];
  let current: Zone | undefined = zone;
  while (current?.parentZoneCode) {
    current = findZone(ctx, current.parentZoneCode);
    if (current) path.unshift(current.code);
  }
  return path.join('/');
}

/** `ZoneExtnDto`. */
export function zoneDto(ctx: SandboxContext, zone: Zone) {
  return {
    isActive: true,
    createdBy: 'superadmin',
    createdDateTime: '2024-01-01T00:00:00.000Z',
    updatedBy: null,
    updatedDateTime: null,
    isDeleted: null,
    deletedDateTime: null,
    code: zone.code,
    langCode: zone.langCode,
    name: zone.name,
    hierarchyLevel: zone.hierarchyLevel,
    hierarchyName: zone.hierarchyName,
    parentZoneCode: zone.parentZoneCode,
    hierarchyPath: hierarchyPath(ctx, zone),
  };
}
