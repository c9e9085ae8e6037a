import { mosipTimestamp } from '@crvs-mosip/contracts';

/**
 * Builds MOSIP's `ResponseWrapper` (mosip/commons kernel-core `ResponseWrapper`): `responsetime` now,
 * `metadata` null, and `errors` as the service sets it (`[]`, `null` after `@ResponseFilter`, or a list).
 */
export function envelope<T>(
  nowMs: number,
  parts: { id?: string | null; version?: string | null; response: T | null; errors: unknown[] | null },
) {
  return {
    id: parts.id ?? null,
    version: parts.version ?? null,
    responsetime: mosipTimestamp(nowMs),
    metadata: null,
    response: parts.response,
    errors: parts.errors,
  };
}

/** An error envelope: `response: null` and one `{errorCode, message}` item. */
export function errorEnvelope(
  nowMs: number,
  errorCode: string,
  message: string,
  ids: { id?: string | null; version?: string | null } = {},
) {
  return envelope(nowMs, { ...ids, response: null, errors: [{ errorCode, message }] });
}

/** Reads `id` and `version` from a request body, for services whose `@ResponseFilter` echoes them. */
export function echoedIds(body: unknown): { id: string | null; version: string | null } {
  if (typeof body !== 'object' || body === null) return { id: null, version: null };
  const b = body as Record<string, unknown>;
  return {
    id: typeof b.id === 'string' ? b.id : null,
    version: typeof b.version === 'string' ? b.version : null,
  };
}
