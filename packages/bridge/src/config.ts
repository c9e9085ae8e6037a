import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';

/**
 * The bridge's configuration: one zod schema over environment variables (`CRVS_MOSIP_*`) and an optional
 * JSON file with the same keys. Parsed once at start; every invalid key is reported at once. A secret may
 * be given directly or as `<KEY>_FILE` pointing to a file (for container secrets); secrets are never printed.
 */
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const list = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string()).min(1));

export const configSchema = z.object({
  DATA_DIR: z
    .string()
    .default('.crvs-mosip')
    .describe('Directory for the SQLite database and generated files.'),
  DATABASE_URL: z
    .string()
    .optional()
    .describe(
      'postgres://user:pass@host/db for Postgres (several replicas); default: SQLite file <DATA_DIR>/bridge.db.',
    ),
  HOST: z.string().default('127.0.0.1').describe('Address the API listens on.'),
  PORT: int(0, 65535).default(8080).describe('Port of the API and dashboard.'),
  BODY_LIMIT_BYTES: int(1024, 50 * 1024 * 1024)
    .default(1024 * 1024)
    .describe('Larger request bodies are refused with 413.'),
  ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/_-]{43}=?$/, 'must be 32 bytes, base64')
    .describe('AES-256-GCM key (32 bytes, base64) for personal data at rest. Secret.'),
  MOSIP_BASE_URL: z.url().describe('MOSIP gateway, e.g. https://api-internal.example.mosip.net.'),
  MOSIP_CLIENT_ID: z
    .string()
    .default('mosip-crvs1-client')
    .describe('Keycloak client with ONLINE_REGISTRATION_CLIENT.'),
  MOSIP_CLIENT_SECRET: z.string().min(1).describe('Secret of MOSIP_CLIENT_ID. Secret.'),
  MOSIP_APP_ID: z.string().default('regproc').describe('Auth-manager appId (selects the realm).'),
  MOSIP_READ_CLIENT_ID: z
    .string()
    .default('mosip-regproc-client')
    .describe(
      'Client for the transaction search and ID schema (needs REGISTRATION_PROCESSOR; not allowed for the CRVS client by MOSIP).',
    ),
  MOSIP_READ_CLIENT_SECRET: z.string().min(1).describe('Secret of MOSIP_READ_CLIENT_ID. Secret.'),
  MOSIP_READ_APP_ID: z.string().default('regproc').describe('appId of MOSIP_READ_CLIENT_ID.'),
  MOSIP_SOURCE: z.string().default('CRVS1').describe('Packet source (provider.packetwriter.* in MOSIP).'),
  PROCESS_BIRTH: z.string().default('CRVS_NEW').describe('MOSIP process for births.'),
  PROCESS_DEATH: z.string().default('CRVS_DEATH').describe('MOSIP process for deaths.'),
  PROCESS_UPDATE: z.string().default('CRVS_UPDATE').describe('MOSIP process for corrections.'),
  CENTRE_ID: z
    .string()
    .regex(/^\d{5}$/, 'must be 5 digits')
    .default('10001')
    .describe('MOSIP registration centre id.'),
  MACHINE_ID: z
    .string()
    .regex(/^\d{5}$/, 'must be 5 digits')
    .default('10077')
    .describe('MOSIP machine id.'),
  OFFICER_ID: z
    .string()
    .default('crvs-officer')
    .describe('Default officer (Keycloak username) in operationsData.'),
  SCHEMA_FILE: z
    .string()
    .optional()
    .describe('ID schema JSON file; default: fetched from MOSIP masterdata and cached.'),
  SCHEMA_VERSION: z
    .string()
    .default('0.1')
    .describe('schemaVersion sent with packets when SCHEMA_FILE is used.'),
  LANGUAGES: list.default(['eng']).describe('Languages accepted in simpleType fields (comma-separated).'),
  DEFAULT_LANGUAGE: z.string().default('eng').describe('Language of plain-string values.'),
  WORKER_CONCURRENCY: int(1, 256).default(4).describe('Deliveries in flight at once.'),
  WORKER_POLL_MS: int(10, 60_000).default(500).describe('How often the worker looks for due jobs.'),
  LEASE_MS: int(1_000, 3_600_000)
    .default(120_000)
    .describe('A claimed job is released to others after this long without progress.'),
  MAX_ATTEMPTS: int(1, 1_000).default(25).describe('Delivery attempts before a registration is failed.'),
  BACKOFF_BASE_MS: int(10, 3_600_000)
    .default(1_000)
    .describe('First retry delay; doubles each attempt, with jitter.'),
  BACKOFF_MAX_MS: int(100, 86_400_000).default(300_000).describe('Longest retry delay.'),
  TRACKER_INTERVAL_MS: int(100, 3_600_000)
    .default(5_000)
    .describe('How often processing registrations are polled in MOSIP.'),
  TRACKER_BATCH: int(1, 1_000).default(50).describe('Registrations polled per round.'),
  WEBHOOK_URL: z
    .url()
    .optional()
    .describe(
      'CRVS endpoint that receives signed events (registration.accepted, processed, uin_issued, completed, rejected, failed).',
    ),
  WEBHOOK_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe('HMAC-SHA256 key of the X-Signature header. Secret.'),
  WEBHOOK_EVENTS: list.optional().describe('Events to send (comma-separated); default: all.'),
  WEBHOOKS: z
    .string()
    .optional()
    .describe(
      'More subscribers, as JSON: [{"name":"registry","url":"https://…","secret":"≥16 chars","events":["registration.uin_issued"]}]. Secret.',
    ),
  WEBHOOK_TIMEOUT_MS: int(100, 120_000)
    .default(10_000)
    .describe('How long the CRVS has to answer one webhook.'),
  WEBHOOK_MAX_ATTEMPTS: int(1, 10_000)
    .default(220)
    .describe(
      'Webhook attempts before giving up (220 with the default backoff is at least 26 h, whatever the jitter).',
    ),
  WEBHOOK_BACKOFF_MAX_MS: int(100, 86_400_000)
    .default(900_000)
    .describe('Longest delay between webhook attempts.'),
  WEBSUB_HUB_URL: z
    .url()
    .optional()
    .describe('MOSIP WebSub hub (mosip-contracts 12.1, `websub.hub.url`); default: <MOSIP_BASE_URL>/hub.'),
  WEBSUB_CALLBACK_URL: z
    .url()
    .optional()
    .describe(
      "Public URL of this bridge's /websub/callback as MOSIP's hub reaches it; default: http://<HOST>:<PORT>/websub/callback.",
    ),
  WEBSUB_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe("hub.secret: key of the hub's X-Hub-Signature HMAC on deliveries. Secret."),
  WEBSUB_LEASE_SECONDS: int(60, 31_536_000)
    .default(86_400)
    .describe('hub.lease_seconds asked for; the bridge re-subscribes every half lease.'),
  PARTNER_ID: z
    .string()
    .default('crvs-partner')
    .describe('MOSIP credential partner id; credentials arrive on <PARTNER_ID>/CREDENTIAL_ISSUED.'),
  PARTNER_CLIENT_ID: z
    .string()
    .optional()
    .describe(
      'Keycloak client that subscribes to the hub; its service account must be named after PARTNER_ID (mosip-contracts 12.2).',
    ),
  PARTNER_CLIENT_SECRET: z.string().min(1).optional().describe('Secret of PARTNER_CLIENT_ID. Secret.'),
  PARTNER_APP_ID: z.string().default('partner').describe('Auth-manager appId of PARTNER_CLIENT_ID.'),
  PARTNER_KEY_PASSWORD: z
    .string()
    .optional()
    .describe('Password of PARTNER_KEY_FILE when it is a PKCS#12 keystore (.p12). Secret.'),
  CREDENTIAL_ISSUER_KEY_FILE: z
    .string()
    .optional()
    .describe(
      'Public key (PEM, certificate, or base64url SPKI as keymanager tpmsigning/publickey returns) that credential proofs must verify with; unset: proofs are not checked.',
    ),
  PARTNER_KEY_FILE: z
    .string()
    .optional()
    .describe(
      'PEM private key (PKCS#8 or PKCS#1, unencrypted) of the partner certificate credentials are encrypted to. WebSub is on when this, PARTNER_CLIENT_ID, PARTNER_CLIENT_SECRET and WEBSUB_SECRET are set.',
    ),
  CREDENTIAL_WAIT_MS: int(1_000, 30 * 86_400_000)
    .default(3_600_000)
    .describe('A birth processed longer than this without a credential shows waitingForCredential.'),
  JWT_JWKS_URL: z.url().optional().describe('JWKS of the CRVS identity provider, to accept bearer JWTs.'),
  JWT_ISSUER: z.string().optional().describe('Required iss of bearer JWTs.'),
  JWT_AUDIENCE: z.string().optional().describe('Required aud of bearer JWTs.'),
  JWT_SCOPE_CLAIM: z
    .string()
    .default('scope')
    .describe('Claim holding the scopes (space-separated or array).'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Log level.'),
  LOG_FORMAT: z
    .enum(['json', 'pretty', 'auto'])
    .default('auto')
    .describe(
      'json: one JSON object per line; pretty: human-readable (pino-pretty); auto: pretty when stdout is a terminal.',
    ),
  METRICS_PORT: int(0, 65535)
    .optional()
    .describe(
      'When set, Prometheus metrics are served WITHOUT authentication on this port (at METRICS_HOST) and not on the API port; unset: GET /metrics on the API port needs the read scope.',
    ),
  METRICS_HOST: z
    .string()
    .default('127.0.0.1')
    .describe('Address of the separate metrics listener (used with METRICS_PORT).'),
});

const WEBHOOK_EVENT_NAMES = [
  'registration.accepted',
  'registration.processed',
  'registration.uin_issued',
  'registration.completed',
  'registration.rejected',
  'registration.failed',
] as const;

/** `WEBHOOKS`: extra webhook subscribers, each signed with its own secret. */
export const webhookSubscriptionsSchema = z.array(
  z.strictObject({
    name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - only'),
    url: z.url(),
    secret: z.string().min(16, 'must be at least 16 characters'),
    events: z.array(z.enum(WEBHOOK_EVENT_NAMES)).min(1).nullable().default(null),
  }),
);

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Every configured webhook subscriber: `WEBHOOK_URL`/`WEBHOOK_SECRET` (named `crvs`) and those of `WEBHOOKS`. */
export function webhookSubscriptions(
  config: BridgeConfig,
): { name: string; url: string; secret: string; events: string[] | null }[] {
  const single =
    config.WEBHOOK_URL && config.WEBHOOK_SECRET
      ? [
          {
            name: 'crvs',
            url: config.WEBHOOK_URL,
            secret: config.WEBHOOK_SECRET,
            events: config.WEBHOOK_EVENTS ?? null,
          },
        ]
      : [];
  const more = config.WEBHOOKS ? webhookSubscriptionsSchema.parse(JSON.parse(config.WEBHOOKS)) : [];
  return [...single, ...more.map((s) => ({ ...s, events: s.events ? [...s.events] : null }))];
}

export type BridgeConfig = z.infer<typeof configSchema> & { databaseUrl: string };

export const SECRET_KEYS = [
  'ENCRYPTION_KEY',
  'MOSIP_CLIENT_SECRET',
  'MOSIP_READ_CLIENT_SECRET',
  'WEBHOOK_SECRET',
  'WEBHOOKS',
  'WEBSUB_SECRET',
  'PARTNER_CLIENT_SECRET',
  'PARTNER_KEY_PASSWORD',
] as const;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const PREFIX = 'CRVS_MOSIP_';

/**
 * Resolves `<KEY>_FILE` entries of a JSON config file: the referenced file's trimmed content becomes
 * `<KEY>` (relative paths are resolved against the config file's directory, so a config and its secret
 * files can move together). Giving both `<KEY>` and `<KEY>_FILE` is a problem, as is an unreadable file.
 */
function resolveFileReferences(fromFile: Record<string, unknown>, file: string, problems: string[]): void {
  for (const key of Object.keys(configSchema.shape)) {
    const refKey = `${key}_FILE`;
    const ref = fromFile[refKey];
    if (ref === undefined) continue;
    delete fromFile[refKey];
    if (typeof ref !== 'string' || ref === '') {
      problems.push(`config file ${file}: ${refKey} must be a file path`);
      continue;
    }
    if (fromFile[key] !== undefined) {
      problems.push(`config file ${file}: give either ${key} or ${refKey}, not both`);
      continue;
    }
    const path = resolve(dirname(file), ref);
    try {
      fromFile[key] = readFileSync(path, 'utf8').trim();
    } catch (e) {
      problems.push(
        `config file ${file}: ${refKey}: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
}

/**
 * Parses configuration from a JSON file (keys without prefix, secrets directly or as `<KEY>_FILE`)
 * overlaid by environment variables (`CRVS_MOSIP_<KEY>`, or `CRVS_MOSIP_<KEY>_FILE`).
 * Throws ConfigError listing every problem.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  file?: string,
): BridgeConfig {
  const problems: string[] = [];
  let fromFile: Record<string, unknown> = {};
  if (file) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        fromFile = parsed as Record<string, unknown>;
      } else {
        problems.push(`config file ${file}: must hold a JSON object`);
      }
    } catch (e) {
      problems.push(`config file ${file}: ${(e as Error).message}`);
    }
    resolveFileReferences(fromFile, file, problems);
  }
  const raw: Record<string, unknown> = { ...fromFile };
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[PREFIX + key];
    if (value !== undefined && value !== '') raw[key] = value;
    const fileRef = env[`${PREFIX}${key}_FILE`];
    if (fileRef) {
      try {
        raw[key] = readFileSync(fileRef, 'utf8').trim();
      } catch (e) {
        problems.push(
          `${PREFIX}${key}_FILE: cannot read ${fileRef} (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
        );
      }
    }
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      const secret = (SECRET_KEYS as readonly string[]).includes(key);
      problems.push(`${PREFIX}${key}: ${issue.message}${secret ? '' : ''}`);
    }
  }
  if (parsed.success && Boolean(parsed.data.WEBHOOK_URL) !== Boolean(parsed.data.WEBHOOK_SECRET)) {
    problems.push(`${PREFIX}WEBHOOK_URL and ${PREFIX}WEBHOOK_SECRET go together: webhooks are always signed`);
  }
  const websubKeys = [
    'PARTNER_CLIENT_ID',
    'PARTNER_CLIENT_SECRET',
    'PARTNER_KEY_FILE',
    'WEBSUB_SECRET',
  ] as const;
  const websubSet = parsed.success ? websubKeys.filter((k) => parsed.data[k] !== undefined) : [];
  if (websubSet.length > 0 && websubSet.length < websubKeys.length) {
    problems.push(
      `${websubKeys.map((k) => PREFIX + k).join(', ')} go together: WebSub needs the partner client, its key and a hub secret`,
    );
  }
  if (parsed.success && parsed.data.WEBHOOKS) {
    const subs = webhookSubscriptionsSchema.safeParse(safeJson(parsed.data.WEBHOOKS));
    if (!subs.success) {
      problems.push(
        `${PREFIX}WEBHOOKS: ${subs.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`,
      );
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return { ...parsed.data, databaseUrl: parsed.data.DATABASE_URL ?? join(parsed.data.DATA_DIR, 'bridge.db') };
}

/** `.env.example`: every key with its description and default, secrets left empty. */
export function renderEnvExample(): string {
  const lines = ['# crvs-mosip bridge configuration (generated from packages/bridge/src/config.ts)', ''];
  for (const [key, schema] of Object.entries(configSchema.shape)) {
    const description = (schema as z.ZodType).description ?? '';
    lines.push(`# ${description}`);
    const parsed = (schema as z.ZodType).safeParse(undefined);
    const value: unknown = parsed.success ? parsed.data : undefined;
    const fallback = Array.isArray(value)
      ? value.join(',')
      : typeof value === 'string' || typeof value === 'number'
        ? String(value)
        : '';
    const secret = (SECRET_KEYS as readonly string[]).includes(key);
    lines.push(`${PREFIX}${key}=${secret ? '' : fallback}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** Only the database location (for `keys create`, which needs no MOSIP settings). */
export function loadDatabaseUrl(
  env: Record<string, string | undefined> = process.env,
  file?: string,
): string {
  const fromFile = file ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  const dataDir =
    env[`${PREFIX}DATA_DIR`] ?? (typeof fromFile.DATA_DIR === 'string' ? fromFile.DATA_DIR : '.crvs-mosip');
  const url =
    env[`${PREFIX}DATABASE_URL`] ??
    (typeof fromFile.DATABASE_URL === 'string' ? fromFile.DATABASE_URL : undefined);
  return url ?? join(dataDir, 'bridge.db');
}
