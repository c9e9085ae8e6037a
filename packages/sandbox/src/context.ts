import type { IdSchema } from '@crvs-mosip/contracts';
import type { SandboxConfig } from './config.ts';
import type { FaultSettings } from './faults/faults.ts';
import type { Iam } from './idp/iam.ts';
import type { TokenIssuer } from './idp/token-issuer.ts';
import type { KeyStore } from './keymanager/key-store.ts';
import type { PacketStore } from './packet-manager/packet-store.ts';
import type { DocumentStore } from './state/document-store.ts';
import type { Hub } from './websub/hub.ts';

/** Everything a sandbox route or stage needs; time, randomness and ids are injected for tests. */
export interface SandboxContext {
  config: SandboxConfig;
  store: DocumentStore;
  iam: Iam;
  issuer: TokenIssuer;
  keyStore: KeyStore;
  packetStore: PacketStore;
  /** The WebSub hub (subscriptions, publishing, deliveries). */
  hub: Hub;
  /** The installation's identity schema, parsed and as the `schemaJson` string masterdata serves. */
  idSchema: { parsed: IdSchema; json: string; version: number };
  clock: () => number;
  random: () => number;
  uuid: () => string;
  faults: { get(): FaultSettings; set(settings: FaultSettings): void };
  /** `http://127.0.0.1:<port>` once listening; tokens carry it in `iss`. */
  publicUrl: () => string;
}

/** Issuer URL of a realm, as Keycloak behind MOSIP's `/auth` context. */
export function realmIssuer(ctx: SandboxContext, realm: string): string {
  return `${ctx.publicUrl()}/auth/realms/${realm}`;
}

/** Lifetime of tokens issued now: a fault setting overrides the configured one. */
export function tokenLifetime(ctx: SandboxContext): number {
  return ctx.faults.get().tokenLifetimeSeconds ?? ctx.config.tokenLifetimeSeconds;
}
