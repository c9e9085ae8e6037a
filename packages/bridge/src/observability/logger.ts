import { AsyncLocalStorage } from 'node:async_hooks';
import type { MosipLogger } from '@crvs-mosip/mosip-client';
import type { FastifyBaseLogger } from 'fastify';
import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

/** `LOG_FORMAT`: one JSON object per line, pino-pretty's human form, or pretty only on a terminal. */
export type LogFormat = 'json' | 'pretty' | 'auto';

/** What the bridge's components log through: pino's API, which Fastify's logger has too. */
export type BridgeLogger = FastifyBaseLogger;

/** Logs carry RIDs and request ids; never credentials, bodies or personal data (DESIGN.md, Security). */
const SENSITIVE_KEYS = [
  'authorization',
  'cookie',
  'password',
  'secret',
  'secretKey',
  'token',
  'accessToken',
  'apiKey',
  'uin',
  'UIN',
  'fullName',
  'firstName',
  'lastName',
  'name',
  'dateOfBirth',
  'email',
  'phone',
  'body',
  'payload',
  'fields',
  'credential',
];

/**
 * pino `redact` paths. Fastify's request serializer logs no headers today; the header paths guard a
 * future serializer or a hand-written `{ req }`. Sensitive keys are caught at the top level and one
 * level down (pino's wildcard depth), where structured fields of this code base live.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature"]',
  'req.headers["x-signature"]',
  'res.headers["set-cookie"]',
  ...SENSITIVE_KEYS.flatMap((key) => [key, `*.${key}`]),
];

/** Query parameters whose values are never personal data and help reading a log (filters, paging). */
const PLAIN_QUERY_PARAMS = new Set([
  'status',
  'type',
  'order',
  'fragment',
  'done',
  'limit',
  'after',
  'from',
  'to',
  'next',
]);

/**
 * The request URL for a log line: the path as is (ids, RIDs), query values masked unless plainly harmless,
 * since a search (`/registrations?q=<UIN>`) carries personal data in the query string.
 */
export function loggableUrl(url: string): string {
  const index = url.indexOf('?');
  if (index < 0) return url;
  const params = new URLSearchParams(url.slice(index + 1));
  const shown = [...params].map(
    ([name, value]) =>
      `${encodeURIComponent(name)}=${PLAIN_QUERY_PARAMS.has(name) ? encodeURIComponent(value) : '[REDACTED]'}`,
  );
  return `${url.slice(0, index)}?${shown.join('&')}`;
}

/** Replaces Fastify's `req` serializer: the same fields, with the URL made loggable. */
export const LOG_SERIALIZERS = {
  req: (req: {
    method?: string;
    url?: string;
    host?: string;
    ip?: string;
    socket?: { remotePort?: number };
  }) => ({
    method: req.method,
    url: loggableUrl(req.url ?? ''),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  }),
};

export interface LoggerSettings {
  level: string;
  format: LogFormat;
  /** Where lines go. (Default: stdout) */
  stream?: DestinationStream | NodeJS.WritableStream;
}

/** The bridge's root logger; Fastify gets it as its `loggerInstance`, components get children of it. */
export function createLogger(settings: LoggerSettings): Logger {
  const target = settings.stream ?? process.stdout;
  const isTty = (target as { isTTY?: boolean }).isTTY === true;
  const prettyOutput = settings.format === 'pretty' || (settings.format === 'auto' && isTty);
  const options = {
    level: settings.level,
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    serializers: LOG_SERIALIZERS,
  };
  if (prettyOutput) {
    // In-process (not a worker transport): lines are written before close() returns and tests see them.
    const stream = pretty({
      destination: settings.stream ?? 1,
      colorize: isTty,
      sync: true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
    });
    return pino(options, stream);
  }
  return settings.stream ? pino(options, settings.stream) : pino(options);
}

/** Fields of the registration being worked on, for lines logged by code that does not know it. */
const registrationContext = new AsyncLocalStorage<{ rid: string; registrationId: string }>();

/**
 * Runs `work` with the registration's RID and id attached to every line the MOSIP client logs in it
 * (the client is shared and knows only paths, yet its lines are about this registration).
 */
export function withRegistrationContext<T>(registration: { rid: string; id: string }, work: () => T): T {
  return registrationContext.run({ rid: registration.rid, registrationId: registration.id }, work);
}

/** The child logger for lines about one registration: every line carries its RID and id. */
export function registrationLogger(
  logger: BridgeLogger,
  registration: { rid: string; id: string },
): BridgeLogger {
  return logger.child({ rid: registration.rid, registrationId: registration.id });
}

/** Adapts a pino logger to the MOSIP client's, adding the registration context when there is one. */
export function mosipClientLogger(logger: BridgeLogger): MosipLogger {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (fields: Record<string, unknown>, message?: string): void => {
      const context = registrationContext.getStore();
      logger[level](context ? { ...context, ...fields } : fields, message);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
