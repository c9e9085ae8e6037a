import { mosipTimestamp } from '@crvs-mosip/contracts';
import type { FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context.ts';
import { echoedIds, envelope } from '../http/mosip-reply.ts';

/**
 * Masterdata answers (mosip/admin-services `admin/kernel-masterdata-service/src/main/java/io/mosip/kernel/
 * masterdata/config/ResponseBodyAdviceConfig.java` and `…/exception/ApiExceptionHandler.java`): `id` and
 * `version` echoed from the request body, `errors: null` on success; business and validation errors are
 * HTTP 200 with `response: null` and the errors.
 */
export function mdOk(ctx: SandboxContext, request: FastifyRequest, response: unknown) {
  return envelope(ctx.clock(), { ...echoedIds(request.body), response, errors: null });
}

export interface MasterdataError {
  errorCode: string;
  message: string;
}

export function mdErrors(ctx: SandboxContext, request: FastifyRequest, errors: MasterdataError[]) {
  return envelope(ctx.clock(), { ...echoedIds(request.body), response: null, errors });
}

export function mdError(ctx: SandboxContext, request: FastifyRequest, errorCode: string, message: string) {
  return mdErrors(ctx, request, [{ errorCode, message }]);
}

/** Bean-validation constraints of a request DTO field. */
export interface FieldRule {
  field: string;
  /** `@NotNull` (default message "must not be null") or `@NotBlank` (its own message). */
  required?: 'notNull' | { notBlank: string };
  /** `@Size(max)`. */
  max?: number;
}

/**
 * `MethodArgumentNotValidException` → `KER-MSD-999` items `"request.<field>: <message>"`; a missing
 * `request` is `"request: must not be null"`. Returns the request object when valid.
 */
export function validateRequest(
  body: unknown,
  rules: FieldRule[],
): { ok: true; request: Record<string, unknown> } | { ok: false; errors: MasterdataError[] } {
  const request = (body as { request?: unknown } | null)?.request;
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return { ok: false, errors: [{ errorCode: 'KER-MSD-999', message: 'request: must not be null' }] };
  }
  const r = request as Record<string, unknown>;
  const errors: MasterdataError[] = [];
  for (const rule of rules) {
    const value = r[rule.field];
    const error = (message: string) =>
      errors.push({ errorCode: 'KER-MSD-999', message: `request.${rule.field}: ${message}` });
    if (rule.required === 'notNull' && (value === undefined || value === null)) {
      error('must not be null');
    } else if (typeof rule.required === 'object' && (typeof value !== 'string' || value.trim() === '')) {
      error(rule.required.notBlank);
    } else if (rule.max !== undefined && typeof value === 'string' && value.length > rule.max) {
      error(`size must be between 0 and ${rule.max}`);
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, request: r };
}

/** A string field, or null (what Jackson binds for an absent field). */
export const optionalString = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** `Boolean` fields bind from JSON booleans (and the strings "true"/"false", as Jackson coerces). */
export const booleanValue = (v: unknown): boolean => v === true || v === 'true';

/** `LocalDateTime.now()` as masterdata serialises it. */
export const nowTimestamp = (ctx: SandboxContext): string => mosipTimestamp(ctx.clock());

/**
 * The next id of a masterdata id generator (`mosip.kernel.registrationcenterid.length=5`,
 * `mosip.kernel.machineid.length=5`): sequential numbers of that many digits after the highest in use.
 */
export function nextNumericId(existing: readonly string[], length = 5): string {
  const floor = 10 ** (length - 1);
  const highest = existing
    .filter((id) => new RegExp(`^\\d{${length}}$`).test(id))
    .map(Number)
    .reduce((max, n) => Math.max(max, n), floor);
  return String(highest + 1);
}

/** `isActive` of masterdata's status PATCH calls (`?isActive=true|false`); null when missing or not a boolean. */
export function parseIsActive(value: string | undefined): boolean | null {
  return value === 'true' ? true : value === 'false' ? false : null;
}

/** A record after a status PATCH: the flag and the audit fields masterdata sets with it. */
export function withStatus<T extends object>(
  ctx: SandboxContext,
  record: T,
  isActive: boolean,
  updatedBy: string | null,
): T & { isActive: boolean; updatedBy: string | null; updatedDateTime: string } {
  return { ...record, isActive, updatedBy, updatedDateTime: nowTimestamp(ctx) };
}
