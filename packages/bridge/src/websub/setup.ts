import { loadIssuerKey, loadPartnerKey } from './partner-key.ts';
import { MosipClient, type MosipClientOptions } from '@crvs-mosip/mosip-client';
import type { WebSubParts } from '../api/websub.routes.ts';
import type { BridgeConfig } from '../config.ts';
import type { Notifier } from '../services/notifier.ts';
import type { Store } from '../store/store.ts';
import type { BridgeLogger } from '../observability/logger.ts';
import type { WebSubDeliveryOutcome } from '../observability/metrics.ts';

import { WebSubReceiver } from './receiver.ts';
import { WORKFLOW_COMPLETED_TOPIC, WebSubSubscriber, credentialIssuedTopic } from './subscriber.ts';

export interface WebSubSetupDeps {
  store: Store;
  notifier: Notifier;
  clock: () => number;
  fetch?: typeof fetch;
  logger: BridgeLogger;
  /** Logger and observers of the partner client, given its client id. (Default: none) */
  mosipOptions?: (clientId: string) => Pick<MosipClientOptions, 'logger' | 'onCall' | 'onTokenRefresh'>;
  /** Counts each delivery's outcome, for metrics. */
  onDelivery?: (outcome: WebSubDeliveryOutcome) => void;
  /** How often subscriptions are checked. (Default: 30 000) */
  checkMs?: number;
}

/**
 * Builds the subscriber and receiver when WebSub is configured: the partner client (its service account
 * must be named after the partner id for `<partnerId>/CREDENTIAL_ISSUED`, mosip-contracts 12.2), its
 * private key and the hub secret. Returns null otherwise; the tracker then finds every outcome by polling.
 * @throws when the partner key file cannot be read (a misconfiguration to report at start)
 */
export function createWebSub(config: BridgeConfig, deps: WebSubSetupDeps): WebSubParts | null {
  const { PARTNER_CLIENT_ID, PARTNER_CLIENT_SECRET, PARTNER_KEY_FILE, WEBSUB_SECRET } = config;
  if (!PARTNER_CLIENT_ID || !PARTNER_CLIENT_SECRET || !PARTNER_KEY_FILE || !WEBSUB_SECRET) return null;
  const partner = new MosipClient({
    baseUrl: config.MOSIP_BASE_URL,
    clientId: PARTNER_CLIENT_ID,
    secretKey: PARTNER_CLIENT_SECRET,
    appId: config.PARTNER_APP_ID,
    clock: { now: deps.clock },
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...deps.mosipOptions?.(PARTNER_CLIENT_ID),
  });
  const subscriber = new WebSubSubscriber({
    hubUrl: config.WEBSUB_HUB_URL ?? `${config.MOSIP_BASE_URL.replace(/\/+$/, '')}/hub`,
    secret: WEBSUB_SECRET,
    leaseSeconds: config.WEBSUB_LEASE_SECONDS,
    topics: [credentialIssuedTopic(config.PARTNER_ID), WORKFLOW_COMPLETED_TOPIC],
    getToken: () => partner.getToken(),
    fetch: deps.fetch ?? fetch,
    clock: deps.clock,
    logger: deps.logger,
    ...(deps.checkMs ? { checkMs: deps.checkMs } : {}),
  });
  const receiver = new WebSubReceiver({
    store: deps.store,
    notifier: deps.notifier,
    subscriber,
    secret: WEBSUB_SECRET,
    partnerKey: loadPartnerKey(PARTNER_KEY_FILE, config.PARTNER_KEY_PASSWORD),
    ...(config.CREDENTIAL_ISSUER_KEY_FILE
      ? { issuerKey: loadIssuerKey(config.CREDENTIAL_ISSUER_KEY_FILE) }
      : {}),
    clock: deps.clock,
    logger: deps.logger,
    ...(deps.onDelivery ? { onDelivery: deps.onDelivery } : {}),
  });
  return { subscriber, receiver, partner };
}
