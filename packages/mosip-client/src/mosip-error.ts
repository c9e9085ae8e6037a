import { describeMosipError } from '@crvs-mosip/contracts';
import type { Scrub } from './redact.ts';

/** The client operations; every {@link MosipError} names the one that failed. */
export type MosipOperation =
  | 'authenticate'
  | 'createPacket'
  | 'createWorkflowInstance'
  | 'searchRegistrationStatus'
  | 'getRegistrationTransactions'
  | 'getLatestIdSchema';

/**
 * One MOSIP error item, normalised: kernel services send `{errorCode, message}`, the registration
 * status service `{registrationId, errorCode, errorMessage}` (mosip-contracts reference 1.2).
 * Messages are scrubbed of tokens and the client secret.
 */
export interface MosipErrorDetail {
  errorCode: string;
  message: string | null;
  registrationId?: string | null;
}

/** Constructor input of {@link MosipError}. */
export interface MosipErrorInit {
  code: string;
  message: string;
  operation: MosipOperation;
  httpStatus?: number | null;
  /** (Default: the catalogue's verdict for `code`, see `describeMosipError`.) */
  retryable?: boolean;
  /** (Default: `code === 'RPR-WIS-001'`.) */
  alreadyPresent?: boolean;
  errors?: readonly MosipErrorDetail[];
  cause?: unknown;
}

/** The workflow manager's "WorkflowInstance already present" (mosip/registration, `PlatformErrorMessages.RPR_WIS_ALREADY_PRESENT_EXCEPTION`). */
export const WORKFLOW_ALREADY_PRESENT_CODE = 'RPR-WIS-001';

/**
 * Every failure of {@link MosipClient} is a `MosipError`: a MOSIP error code (`KER-PUT-006`, …) or
 * one of the client's `CLIENT-*` codes from the contracts' error catalogue, plus whether repeating
 * the same request can succeed. The message never contains the client secret or a token.
 */
export class MosipError extends Error {
  override readonly name = 'MosipError';
  /** MOSIP error code or `CLIENT-*` code. */
  readonly code: string;
  /** HTTP status of the response that carried the error; `null` when no response arrived. */
  readonly httpStatus: number | null;
  /** True when the same request may succeed later without anyone changing data or configuration. */
  readonly retryable: boolean;
  /** True for `RPR-WIS-001`: the workflow instance exists already, so an earlier trigger succeeded. */
  readonly alreadyPresent: boolean;
  /** The client operation that failed. */
  readonly operation: MosipOperation;
  /** All error items MOSIP returned (scrubbed); empty for client-side failures. */
  readonly errors: readonly MosipErrorDetail[];
  /** What the code means and what to do, from the error catalogue. */
  readonly meaning: string;

  constructor(init: MosipErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    const info = describeMosipError(init.code);
    this.code = init.code;
    this.httpStatus = init.httpStatus ?? null;
    this.retryable = init.retryable ?? info.retryable;
    this.alreadyPresent = init.alreadyPresent ?? init.code === WORKFLOW_ALREADY_PRESENT_CODE;
    this.operation = init.operation;
    this.errors = init.errors ?? [];
    this.meaning = info.meaning;
  }

  /** Structured fields for logs and APIs; free of credentials like the message. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      httpStatus: this.httpStatus,
      retryable: this.retryable,
      alreadyPresent: this.alreadyPresent,
      operation: this.operation,
      errors: this.errors,
    };
  }
}

/** Type guard for {@link MosipError}. */
export function isMosipError(value: unknown): value is MosipError {
  return value instanceof MosipError;
}

/**
 * Builds the error for MOSIP-reported `errors[]`: the first item's code decides, its retryability
 * comes from the catalogue (unknown codes are permanent), and all items are kept.
 * @param operation - the failed operation
 * @param httpStatus - status of the response
 * @param errors - scrubbed error items, at least one
 * @param scrub - scrubber for any text added here
 */
export function errorFromMosipErrors(
  operation: MosipOperation,
  httpStatus: number,
  errors: readonly MosipErrorDetail[],
  scrub: Scrub,
): MosipError {
  const first = errors[0] ?? { errorCode: 'CLIENT-UNKNOWN-MOSIP-ERROR', message: null };
  const info = describeMosipError(first.errorCode);
  const said = first.message ?? info.message;
  return new MosipError({
    code: first.errorCode,
    operation,
    httpStatus,
    errors,
    message: scrub(`${operation} failed with ${first.errorCode} (HTTP ${httpStatus}): ${said}`),
  });
}

/**
 * Builds an error carrying one of the client's own `CLIENT-*` codes; the catalogue supplies the
 * default retryability.
 */
export function clientError(
  code: string,
  operation: MosipOperation,
  detail: string,
  extra: Omit<MosipErrorInit, 'code' | 'operation' | 'message'> = {},
): MosipError {
  return new MosipError({
    ...extra,
    code,
    operation,
    message: `${operation} failed with ${code}: ${detail}`,
  });
}
