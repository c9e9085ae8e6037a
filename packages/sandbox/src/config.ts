/**
 * Sandbox settings. Defaults follow MOSIP's own configuration (mosip/mosip-config master) so that what
 * passes the sandbox passes a default MOSIP installation.
 */
export type SeedName = 'demo' | 'bare';

/** Services with their own `auth.server.admin.allowed.audience` list. */
export type MosipService = 'kernel' | 'admin' | 'packet-manager' | 'registration-processor';

export interface WriterProvider {
  source: string;
  /** `A|B|C`, matched by case-insensitive substring as `PacketHelper.isSourceAndProcessPresent` does. */
  process: string;
}

export interface SandboxConfig {
  dataDir: string;
  seed: SeedName;
  host: string;
  port: number;
  /** Audience allow-lists per service (mosip-config `*-default.properties`, `auth.server.admin.allowed.audience`). */
  allowedAudiences: Record<MosipService, string[]>;
  /**
   * `provider.packetwriter.*` (mosip-config application-default.properties). `CRVS_UPDATE` is added to the
   * CRVS1 entry: MOSIP's newer CRVS docs name that process; its config has no provider for it yet.
   */
  writerProviders: WriterProvider[];
  /** Access-token lifetime (Keycloak realm setting). Fault injection can change it at run time. */
  tokenLifetimeSeconds: number;
  /** How long each registration-processor stage takes, so the pipeline is asynchronous as in MOSIP. */
  stageDelayMs: number;
  /** How often the re-processor looks for RESUMABLE and due registrations. */
  pipelineIntervalMs: number;
  /** Languages of the installation (`mosip.mandatory-languages` + `mosip.optional-languages`). */
  languages: string[];
  /** Default language (masterdata answers GET /registrationcenters in this language only). */
  defaultLanguage: string;
  /** `registration.processor.reprocess.elapse.time` and `registration.processor.max.retry`. */
  reprocessElapseSeconds: number;
  maxRetry: number;
  /**
   * `registration.processor.infant.dedupe` (mosip-config: N). Off, a CRVS_NEW infant under 5 is not
   * compared with existing identities, so identical demographics get another UIN, as MOSIP's CRVS docs say.
   */
  infantDedupe: boolean;
  /**
   * Base interval of WebSub delivery retries (mosip/websub `hub/modules/config/configurations.bal`:
   * 3 s, 3 retries, backoff 2.0); tests make it small.
   */
  hubRetryBaseMs: number;
}

export const KERNEL_AUDIENCES = [
  'mosip-toolkit-android-client',
  'mosip-toolkit-client',
  'mosip-regproc-client',
  'mosip-prereg-client',
  'mosip-admin-client',
  'mosip-crereq-client',
  'mosip-creser-client',
  'mosip-datsha-client',
  'mosip-ida-client',
  'mosip-resident-client',
  'mosip-reg-client',
  'mpartner-default-print',
  'mosip-idrepo-client',
  'mpartner-default-auth',
  'mosip-syncdata-client',
  'mosip-masterdata-client',
  'mosip-pms-client',
  'mosip-hotlist-client',
  'mobileid_newlogic',
  'opencrvs-partner',
  'mosip-deployment-client',
  'mpartner-default-digitalcard',
  'mpartner-default-mobile',
  'mosip-signup-client',
];

export function defaultSandboxConfig(overrides: Partial<SandboxConfig> & { dataDir: string }): SandboxConfig {
  return {
    seed: 'demo',
    host: '127.0.0.1',
    port: 0,
    allowedAudiences: {
      kernel: KERNEL_AUDIENCES,
      admin: ['mosip-regproc-client', 'mosip-admin-client'],
      'packet-manager': ['mosip-regproc-client', 'mosip-crvs1-client'],
      'registration-processor': [
        'mosip-regproc-client',
        'mosip-admin-client',
        'mosip-resident-client',
        'mosip-reg-client',
        'mosip-crvs1-client',
      ],
    },
    writerProviders: [
      { source: 'CRVS1', process: 'CRVS_NEW|CRVS_DEATH|CRVS_UPDATE' },
      { source: 'OPENCRVS', process: 'OPENCRVS_NEW' },
      { source: 'REGISTRATION_CLIENT', process: 'NEW|UPDATE|LOST|BIOMETRIC_CORRECTION' },
      { source: 'RESIDENT', process: 'ACTIVATED|DEACTIVATED|RES_UPDATE|LOST|RES_REPRINT' },
    ],
    tokenLifetimeSeconds: 300,
    stageDelayMs: 200,
    pipelineIntervalMs: 250,
    languages: ['eng', 'fra', 'ara'],
    defaultLanguage: 'eng',
    reprocessElapseSeconds: 900,
    maxRetry: 10,
    infantDedupe: false,
    hubRetryBaseMs: 3000,
    ...overrides,
  };
}
