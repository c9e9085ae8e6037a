import type { FastifyInstance } from 'fastify';

/** Console forms are a few short fields; anything bigger is not from the console. */
const FORM_BODY_LIMIT = 16 * 1024;

/**
 * `application/x-www-form-urlencoded` for the console's scope only. The app-wide parser (for Keycloak's
 * token endpoint) flattens repeated fields with `Object.fromEntries`, which would lose all but one checked
 * endpoint; here the body stays a `URLSearchParams` so `getAll` works. Must run inside an encapsulated
 * plugin: Fastify clones the parsers per plugin scope, so removing the inherited one does not affect the app.
 */
export function registerFormBodyParser(scope: FastifyInstance): void {
  scope.removeContentTypeParser('application/x-www-form-urlencoded');
  scope.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
    (_request, body, done) => {
      done(null, new URLSearchParams(body as string));
    },
  );
}

/** The parsed form, or an empty one when the request carried something else (JSON, nothing). */
export function formOf(body: unknown): URLSearchParams {
  return body instanceof URLSearchParams ? body : new URLSearchParams();
}
