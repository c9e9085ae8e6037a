/**
 * The three timestamp formats of the packet writer, from an injected epoch-milliseconds clock
 * (mosip/commons `kernel/kernel-core/.../util/DateUtils.java`; mosip/packet-manager `PacketWriterImpl`).
 */

/**
 * `DateUtils.getUTCCurrentDateTimeString()` = `Instant.toString()`: ISO-8601 UTC, fraction digits only
 * when non-zero (`…:07.769Z`, `…:07Z`). `PacketInfo.creationDate`.
 */
export function javaInstantToString(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** `mosip.utc-datetime-pattern` `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'` in UTC: the meta-info `creationDate`. */
export function mosipUtcDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** `packetmanager.zip.datetime.pattern` `yyyyMMddHHmmss` in UTC: the offline packet id suffix. */
export function zipDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace(/[-T:]/g, '');
}
