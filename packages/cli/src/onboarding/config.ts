import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { OnboardingConfigError } from './errors.ts';

/**
 * The configuration of `crvs-mosip onboard`: where Keycloak and MOSIP are, the admin credentials that
 * create the prerequisites, and what to create. Secrets are given inline or as a file (`…File`, relative
 * to the configuration file's directory). Defaults follow MOSIP's CRVS integration guide
 * (client `mosip-crvs1-client`, appId `regproc`, source `CRVS1`, processes `CRVS_NEW`/`CRVS_DEATH`).
 */
const text = z.string().trim().min(1);
const hhmmss = z.string().regex(/^\d{2}:\d{2}:\d{2}$/, 'must be HH:mm:ss');

/** `RegCenterPostReqDto` fields other than name and zone (mosip/admin-services kernel-masterdata-service). */
const centreCreationSchema = z.strictObject({
  centerTypeCode: text,
  addressLine1: text,
  addressLine2: text.optional(),
  addressLine3: text.optional(),
  latitude: text,
  longitude: text,
  locationCode: text,
  holidayLocationCode: text,
  workingHours: text,
  perKioskProcessTime: hhmmss,
  centerStartTime: hhmmss,
  centerEndTime: hhmmss,
  lunchStartTime: hhmmss.optional(),
  lunchEndTime: hhmmss.optional(),
  timeZone: text.optional(),
  contactPhone: text.optional(),
  contactPerson: text.optional(),
  numberOfKiosks: z.number().int().positive().optional(),
});

export const onboardingFileSchema = z.strictObject({
  keycloak: z.strictObject({
    url: z
      .url()
      .describe('Keycloak base URL; MOSIP serves it under /auth, e.g. https://iam.example.org/auth'),
    realm: text.default('mosip'),
    adminRealm: text.default('master'),
    adminClientId: text.default('admin-cli'),
    adminUsername: text,
    adminPassword: text.optional(),
    adminPasswordFile: text.optional(),
  }),
  mosip: z.strictObject({
    url: z
      .url()
      .describe('MOSIP API gateway (auth manager, masterdata, keymanager, packet manager, regproc)'),
    adminClientId: text.default('mosip-admin-client'),
    adminSecret: text.optional(),
    adminSecretFile: text.optional(),
    adminAppId: text.default('admin'),
    langCode: text.default('eng'),
  }),
  crvsClientId: text.default('mosip-crvs1-client'),
  crvsAppId: text.default('regproc'),
  readClient: z
    .strictObject({
      clientId: text.default('mosip-regproc-client'),
      appId: text.default('regproc'),
      secret: text.optional(),
      secretFile: text.optional(),
    })
    .default({ clientId: 'mosip-regproc-client', appId: 'regproc' }),
  officer: z.strictObject({
    username: text.regex(/^[a-z0-9._@-]+$/, 'lower case letters, digits and . _ @ - (Keycloak usernames)'),
    firstName: text,
    lastName: text,
    passwordFile: text.optional(),
  }),
  zoneCode: text.describe('zone of the officer (user–zone mapping) and default zone of centre and machine'),
  centre: z
    .strictObject({
      name: text.optional(),
      id: z
        .string()
        .regex(/^\d{5}$/, 'must be 5 digits')
        .optional(),
      zoneCode: text.optional(),
      create: centreCreationSchema.optional(),
    })
    .refine((c) => c.name !== undefined || c.id !== undefined, 'give the centre name or id'),
  machine: z.strictObject({
    name: text.max(64),
    zoneCode: text.optional(),
    machineSpecId: text,
    ipAddress: text.max(17),
    macAddress: text.optional(),
    serialNum: text.optional(),
  }),
  source: text.default('CRVS1'),
  processes: z
    .strictObject({ birth: text, death: text, update: text })
    .default({ birth: 'CRVS_NEW', death: 'CRVS_DEATH', update: 'CRVS_UPDATE' }),
});

type FileConfig = z.infer<typeof onboardingFileSchema>;

/** The parsed configuration with secrets read and defaults applied. */
export interface OnboardingConfig extends Omit<FileConfig, 'keycloak' | 'mosip' | 'readClient' | 'officer'> {
  /** The file it came from (absolute), for messages and relative paths. */
  file: string;
  keycloak: Omit<FileConfig['keycloak'], 'adminPasswordFile'> & { adminPassword: string };
  mosip: Omit<FileConfig['mosip'], 'adminSecretFile'> & { adminSecret: string };
  /** `secret` undefined: read from Keycloak with the admin login. */
  readClient: { clientId: string; appId: string; secret?: string };
  /** `password` undefined: generated when the officer is created. */
  officer: Omit<FileConfig['officer'], 'passwordFile'> & { password?: string };
}

/** URL overrides from the command line. */
export interface UrlOverrides {
  keycloakUrl?: string;
  mosipUrl?: string;
}

/** Exactly one of an inline secret or a file; the file is read relative to the config file. */
function secret(
  base: string,
  path: string,
  inline: string | undefined,
  file: string | undefined,
  required: boolean,
  problems: string[],
): string | undefined {
  if (inline !== undefined && file !== undefined) {
    problems.push(`${path}: give either the secret or ${path}File, not both`);
    return undefined;
  }
  if (file !== undefined) {
    const full = resolve(base, file);
    try {
      const value = readFileSync(full, 'utf8').trim();
      if (value === '') problems.push(`${path}File: ${full} is empty`);
      return value;
    } catch (e) {
      problems.push(`${path}File: cannot read ${full} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      return undefined;
    }
  }
  if (inline === undefined && required) problems.push(`${path}: missing (give ${path} or ${path}File)`);
  return inline;
}

/** A valid override URL, or undefined (an invalid one is reported). */
function checkUrl(name: string, value: string | undefined, problems: string[]): string | undefined {
  if (value === undefined) return undefined;
  if (z.url().safeParse(value).success) return value;
  problems.push(`${name}: not a URL`);
  return undefined;
}

/**
 * Reads and validates the onboarding configuration; every problem is listed at once.
 * @throws OnboardingConfigError
 */
export function loadOnboardingConfig(path: string, overrides: UrlOverrides = {}): OnboardingConfig {
  const file = resolve(path);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new OnboardingConfigError(file, [code ? `cannot read the file (${code})` : (e as Error).message]);
  }
  const problems: string[] = [];
  const keycloakUrl = checkUrl('--keycloak-url', overrides.keycloakUrl, problems);
  const mosipUrl = checkUrl('--mosip-url', overrides.mosipUrl, problems);
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const record = raw as Record<string, Record<string, unknown> | undefined>;
    // Flags win over the file; applied before validation so a flag can stand in for a missing URL.
    if (keycloakUrl) record.keycloak = { ...record.keycloak, url: keycloakUrl };
    if (mosipUrl) record.mosip = { ...record.mosip, url: mosipUrl };
  }
  const parsed = onboardingFileSchema.safeParse(raw);
  if (!parsed.success || problems.length > 0) {
    for (const issue of parsed.error?.issues ?? []) {
      const where = issue.path.join('.') || '(root)';
      problems.push(`${where}: ${issue.message}`);
    }
    throw new OnboardingConfigError(file, problems);
  }
  const c = parsed.data;
  const base = dirname(file);
  const kc = c.keycloak;
  const adminPassword = secret(
    base,
    'keycloak.adminPassword',
    kc.adminPassword,
    kc.adminPasswordFile,
    true,
    problems,
  );
  const adminSecret = secret(
    base,
    'mosip.adminSecret',
    c.mosip.adminSecret,
    c.mosip.adminSecretFile,
    true,
    problems,
  );
  const readSecret = secret(
    base,
    'readClient.secret',
    c.readClient.secret,
    c.readClient.secretFile,
    false,
    problems,
  );
  const officerPassword = secret(
    base,
    'officer.password',
    undefined,
    c.officer.passwordFile,
    false,
    problems,
  );
  if (problems.length > 0) throw new OnboardingConfigError(file, problems);
  const { adminPasswordFile: _p, ...keycloak } = kc;
  const { adminSecretFile: _s, ...mosip } = c.mosip;
  const { passwordFile: _o, ...officer } = c.officer;
  return {
    ...c,
    file,
    keycloak: { ...keycloak, url: keycloak.url.replace(/\/+$/, ''), adminPassword: adminPassword ?? '' },
    mosip: { ...mosip, url: mosip.url.replace(/\/+$/, ''), adminSecret: adminSecret ?? '' },
    readClient: {
      clientId: c.readClient.clientId,
      appId: c.readClient.appId,
      ...(readSecret !== undefined ? { secret: readSecret } : {}),
    },
    officer: { ...officer, ...(officerPassword !== undefined ? { password: officerPassword } : {}) },
  };
}

/** Zone of the centre and of the machine: their own, else the officer's. */
export function centreZone(config: OnboardingConfig): string {
  return config.centre.zoneCode ?? config.zoneCode;
}

export function machineZone(config: OnboardingConfig): string {
  return config.machine.zoneCode ?? config.zoneCode;
}
