/**
 * The bridge's one error catalogue: every error a client of the API can see, with its HTTP status and a
 * message a registrar's IT team can act on. Services throw `AppError`; one Fastify error handler turns it
 * into `{code, message, errors?}` with the `x-request-id` header.
 */
export const ERRORS = {
  UNAUTHORIZED: {
    status: 401,
    message:
      'Send "Authorization: Bearer <API key or JWT>". Create a key with: crvs-mosip keys create --scopes submit,read',
  },
  INVALID_CREDENTIALS: {
    status: 401,
    message: 'The API key or JWT is not valid (unknown, revoked, expired or badly signed).',
  },
  FORBIDDEN_SCOPE: { status: 403, message: 'The credentials lack the scope this call needs.' },
  VALIDATION_FAILED: { status: 400, message: 'The registration is invalid; see errors[] for every problem.' },
  MALFORMED_JSON: { status: 400, message: 'The body is not valid JSON.' },
  EMPTY_BODY: { status: 400, message: 'The body is empty; send a JSON registration.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send the body as application/json.' },
  BODY_TOO_LARGE: {
    status: 413,
    message: 'The body is larger than the configured limit (CRVS_MOSIP_BODY_LIMIT_BYTES).',
  },
  IDEMPOTENCY_CONFLICT: {
    status: 409,
    message:
      'A registration with this requestId exists with a different body. Use a new requestId for a new event.',
  },
  NOT_FOUND: { status: 404, message: 'No registration has this id, RID or requestId.' },
  NOT_RETRYABLE: { status: 409, message: 'Only a failed registration can be retried.' },
  DELIVERY_NOT_FOUND: { status: 404, message: 'No webhook delivery of this registration has this id.' },
  DELIVERY_NOT_RETRYABLE: {
    status: 409,
    message: 'Only a failed or cancelled webhook delivery can be retried.',
  },
  DELIVERY_NOT_CANCELLABLE: {
    status: 409,
    message: 'Only a pending, running or failed webhook delivery can be cancelled.',
  },
  PAYLOAD_PURGED: {
    status: 410,
    message: 'The packet request was erased after the retention period; only the timeline remains.',
  },
  CSRF_REJECTED: {
    status: 403,
    message: 'The form is stale or was sent from another site: reload the page and try again.',
  },
  INVALID_QUERY: { status: 400, message: 'A query parameter is invalid; see errors[].' },
  SCHEMA_UNAVAILABLE: {
    status: 503,
    message:
      'The ID schema could not be loaded from MOSIP; registrations cannot be validated now. Retry later.',
  },
  INTERNAL: { status: 500, message: 'Unexpected error; quote the x-request-id header when reporting it.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export interface ErrorDetail {
  path: string;
  code: string;
  message: string;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly errors?: ErrorDetail[],
  ) {
    super(message ?? ERRORS[code].message);
    this.status = ERRORS[code].status;
  }
}
