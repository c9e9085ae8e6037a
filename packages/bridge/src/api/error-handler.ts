import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, ERRORS, type ErrorCode } from '../errors.ts';

/** Fastify's own body errors mapped to the catalogue, so clients see one vocabulary. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'EMPTY_BODY',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
};

/** The catalogue code an error is answered with (`INTERNAL` for anything unexpected). */
export function errorCodeOf(error: FastifyError | AppError | Error): ErrorCode {
  if (error instanceof AppError) return error.code;
  const { code, statusCode } = error as FastifyError;
  const mapped = code ? FASTIFY_CODES[code] : undefined;
  if (mapped) return mapped;
  if (error instanceof SyntaxError || (statusCode === 400 && /JSON/i.test(error.message))) {
    return 'MALFORMED_JSON';
  }
  return 'INTERNAL';
}

/**
 * The one error translator: AppError → its status and code; Fastify body errors → the catalogue; anything
 * else → 500 INTERNAL with a generic message (details go to the log, keyed by request id, never to the client).
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    void reply.header('x-request-id', request.id);
    if (error instanceof AppError) {
      return reply.code(error.status).send({
        code: error.code,
        message: error.message,
        ...(error.errors ? { errors: error.errors } : {}),
      });
    }
    const code = errorCodeOf(error);
    if (code !== 'INTERNAL') {
      return reply.code(ERRORS[code].status).send({ code, message: ERRORS[code].message });
    }
    request.log.error(
      { err: { type: error.name, code: error.code, message: error.message } },
      'unhandled error',
    );
    return reply.code(500).send({ code: 'INTERNAL', message: ERRORS.INTERNAL.message });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.header('x-request-id', request.id);
    return reply.code(404).send({
      code: 'ROUTE_NOT_FOUND',
      message: `No route ${request.method} ${request.url.split('?')[0]}; see /docs.`,
    });
  });
}
