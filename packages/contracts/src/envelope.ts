import { z } from 'zod';

/**
 * MOSIP's kernel envelopes (mosip/commons, kernel-core `RequestWrapper`, `ResponseWrapper`, `ServiceError`).
 * Business errors arrive as HTTP 200 with `errors[]` filled, so every response schema allows both.
 */

/** `{errorCode, message}`: the error item of every kernel service. */
export const serviceErrorSchema = z.object({
  errorCode: z.string(),
  message: z.string().nullable().optional(),
});
export type ServiceError = z.infer<typeof serviceErrorSchema>;

/**
 * Registration-status errors use another shape (`status.dto.ErrorDTO`):
 * `{registrationId, errorCode, errorMessage}`.
 */
export const registrationStatusErrorSchema = z.object({
  registrationId: z.string().nullable().optional(),
  errorCode: z.string(),
  errorMessage: z.string().nullable().optional(),
});
export type RegistrationStatusError = z.infer<typeof registrationStatusErrorSchema>;

export function requestWrapperSchema<T extends z.ZodType>(request: T) {
  return z.object({
    id: z.string().nullable().optional(),
    version: z.string().nullable().optional(),
    requesttime: z.string().nullable().optional(),
    metadata: z.unknown().optional(),
    request,
  });
}

export function responseWrapperSchema<T extends z.ZodType, E extends z.ZodType = typeof serviceErrorSchema>(
  response: T,
  error?: E,
) {
  return z.object({
    id: z.string().nullable().optional(),
    version: z.string().nullable().optional(),
    responsetime: z.string().nullable().optional(),
    metadata: z.unknown().optional(),
    response: response.nullable().optional(),
    errors: z
      .array((error ?? serviceErrorSchema) as E)
      .nullable()
      .optional(),
  });
}

export interface RequestWrapper<T> {
  id: string;
  version: string;
  requesttime: string;
  metadata?: unknown;
  request: T;
}

export interface ResponseWrapper<T, E = ServiceError> {
  id: string | null;
  version: string | null;
  responsetime: string;
  metadata: unknown;
  response: T | null;
  errors: E[] | null;
}

/**
 * MOSIP's wire timestamp `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'` (kernel-core `DateUtils`); exactly what
 * `Date.prototype.toISOString` produces for years 0–9999.
 */
export function mosipTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

const MOSIP_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ISO_LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/;

/**
 * Parses a `requesttime` the way `DateUtils.parseToLocalDateTime` does: the MOSIP pattern first, then
 * ISO `LocalDateTime` (which has no zone, so `2025-04-08T12:34:56Z` fails both). Returns epoch ms or null.
 */
export function parseMosipRequestTime(value: string): number | null {
  if (MOSIP_TIMESTAMP.test(value) || ISO_LOCAL_DATE_TIME.test(value)) {
    const ms = Date.parse(value.endsWith('Z') ? value : `${value}Z`);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}
