import { WORKFLOW_INSTANCE_API_ID } from '@crvs-mosip/contracts';
import { describeReply, envelope, mosipRequest, type IssuedToken, type MosipReply } from './mosip-http.ts';

/**
 * Safe probes of a live MOSIP: each request is refused by MOSIP AFTER the auth adapter has accepted the
 * token, so its answer tells whether the token is allowed in, and nothing is ever written.
 *
 * - Packet manager audience: `createPacket` with a source no `provider.packetwriter.*` entry matches →
 *   `KER-PUT-006` (`PacketWriter.getProvider` throws before anything is built; mosip-contracts reference 5.5).
 * - Registration processor audience: `workflowinstance` with an invalid envelope `version` →
 *   `RPR-WIN-001` (`WorkflowInstanceRequestValidator`, before the service runs; reference 9.1).
 * - Writer provider of a source/process pair: `createPacket` with that pair and NO fields, metaInfo,
 *   documents, audits or biometrics. The provider lookup runs first (`KER-PUT-006` when none matches);
 *   with a provider, nothing initialises the packet, the writer throws `KER-KPM-009` "Packet creator not
 *   initialized" before building a subpacket, and the facade answers `response: null, errors: []`
 *   (reference 5.6). So `errors: []` proves the provider exists and nothing was stored.
 */

/** The property MOSIP's auth adapter reads (`kernel-auth-adapter`, reference 2.5, 2.6). No API changes it. */
export const AUDIENCE_PROPERTY = 'auth.server.admin.allowed.audience';
export const PACKET_MANAGER_PROPERTIES = 'packet-manager-default.properties';
export const REGPROC_PROPERTIES = 'registration-processor-default.properties';
export const ONLINE_REGISTRATION_CLIENT = 'ONLINE_REGISTRATION_CLIENT';

/** A source that no provider's configured source string can contain (providers match by substring). */
export const NO_PROVIDER_SOURCE = 'CRVS-MOSIP-AUDIENCE-PROBE-NO-SUCH-SOURCE';
const PROBE_RID = 'crvs-mosip-probe';

export type ProbeResult =
  { ok: true; detail: string } | { ok: false; code: string; detail: string; fix: string };

const CREATE_PACKET = '/commons/v1/packetmanager/createPacket';
const WORKFLOW_INSTANCE = '/registrationprocessor/v1/workflowmanager/workflowinstance';

/** MOSIP's default list per file (mosip/mosip-config master, reference 2.6), to show where the id goes. */
const DEFAULT_AUDIENCES: Record<string, string> = {
  [PACKET_MANAGER_PROPERTIES]: 'mosip-regproc-client,mosip-crvs1-client',
  [REGPROC_PROPERTIES]:
    'mosip-regproc-client,mosip-admin-client,mosip-resident-client,mosip-reg-client,mosip-crvs1-client',
};

/** The line an operator changes on the MOSIP side, then restarts the service. */
export function audienceFix(file: string, clientId: string): string {
  const current = DEFAULT_AUDIENCES[file] ?? 'mosip-regproc-client';
  return (
    `add "${clientId}" to ${AUDIENCE_PROPERTY} in ${file} (mosip-config), e.g. ` +
    `${AUDIENCE_PROPERTY}=${current},${clientId}, and restart the service: no API can change it`
  );
}

/** 401/403 from the auth adapter, common to every probe. */
function refused(reply: MosipReply, file: string, clientId: string, issued: IssuedToken): ProbeResult | null {
  if (reply.status === 401) {
    return {
      ok: false,
      code: reply.errors[0]?.errorCode ?? 'KER-ATH-401',
      detail: `the token was not accepted (${describeReply(reply)})`,
      fix: 'the service must trust the Keycloak realm that issued the token: check auth.server.admin.issuer.uri and that it can fetch the realm JWKS',
    };
  }
  if (reply.status === 403) {
    const hasRole = issued.claims.roles.includes(ONLINE_REGISTRATION_CLIENT);
    return {
      ok: false,
      code: reply.errors[0]?.errorCode ?? 'KER-ATH-403',
      detail: hasRole
        ? `refused (${describeReply(reply)}): the token carries ${ONLINE_REGISTRATION_CLIENT}, so "${clientId}" is not in ${file}'s audience allow-list`
        : `refused (${describeReply(reply)}): the token lacks ${ONLINE_REGISTRATION_CLIENT}`,
      fix: hasRole
        ? audienceFix(file, clientId)
        : `map realm role ${ONLINE_REGISTRATION_CLIENT} to service-account-${clientId} (crvs-mosip onboard --apply); ` +
          `the client must also be in ${AUDIENCE_PROPERTY} of ${file}`,
    };
  }
  return null;
}

function unexpected(reply: MosipReply, expected: string): ProbeResult {
  return {
    ok: false,
    code: reply.errors[0]?.errorCode ?? `HTTP ${reply.status}`,
    detail: `unexpected answer (${describeReply(reply)}); expected ${expected}`,
    fix: 'check that the MOSIP URL points at the API gateway and that the service is up',
  };
}

/** Whether the packet manager lets this token in (the `KER-PUT-006` probe). */
export async function probePacketManagerAudience(
  mosipUrl: string,
  issued: IssuedToken,
  clientId: string,
): Promise<ProbeResult> {
  const reply = await mosipRequest(
    'PUT',
    `${mosipUrl}${CREATE_PACKET}`,
    issued.token,
    envelope({ id: PROBE_RID, source: NO_PROVIDER_SOURCE, process: NO_PROVIDER_SOURCE, offlineMode: false }),
  );
  const denied = refused(reply, PACKET_MANAGER_PROPERTIES, clientId, issued);
  if (denied) return denied;
  if (reply.errors[0]?.errorCode === 'KER-PUT-006') {
    return {
      ok: true,
      detail:
        'accepted (probe: createPacket with a source no provider matches → KER-PUT-006, nothing written)',
    };
  }
  return unexpected(reply, 'KER-PUT-006 for an unknown source');
}

/** Whether the registration processor's workflow manager lets this token in (the `RPR-WIN-001` probe). */
export async function probeRegprocAudience(
  mosipUrl: string,
  issued: IssuedToken,
  clientId: string,
): Promise<ProbeResult> {
  const body = {
    id: WORKFLOW_INSTANCE_API_ID,
    version: 'crvs-mosip-probe',
    requesttime: new Date().toISOString(),
    request: { registrationId: PROBE_RID, process: NO_PROVIDER_SOURCE, source: NO_PROVIDER_SOURCE },
  };
  const reply = await mosipRequest('POST', `${mosipUrl}${WORKFLOW_INSTANCE}`, issued.token, body);
  const denied = refused(reply, REGPROC_PROPERTIES, clientId, issued);
  if (denied) return denied;
  if (reply.errors[0]?.errorCode === 'RPR-WIN-001') {
    return {
      ok: true,
      detail: 'accepted (probe: workflowinstance with an invalid version → RPR-WIN-001, nothing created)',
    };
  }
  return unexpected(reply, 'RPR-WIN-001 for an invalid version');
}

/** Whether `provider.packetwriter.*` has a writer for the pair (the empty-packet probe, see above). */
export async function probeWriterProvider(
  mosipUrl: string,
  issued: IssuedToken,
  clientId: string,
  source: string,
  process: string,
): Promise<ProbeResult> {
  const reply = await mosipRequest(
    'PUT',
    `${mosipUrl}${CREATE_PACKET}`,
    issued.token,
    envelope({ id: PROBE_RID, source, process, offlineMode: false, schemaVersion: '0', schemaJson: '{}' }),
  );
  const denied = refused(reply, PACKET_MANAGER_PROPERTIES, clientId, issued);
  if (denied) return denied;
  const code = reply.errors[0]?.errorCode;
  if (code === 'KER-PUT-006') {
    return {
      ok: false,
      code,
      detail: `no packet writer for source ${source} and process ${process}`,
      fix:
        `add a provider.packetwriter.<name>=source:${source},process:${process},classname:io.mosip.commons.packet.impl.PacketWriterImpl ` +
        '(and the matching provider.packetreader.*) in application-default.properties, or configure the source/process MOSIP has',
    };
  }
  if (reply.status === 200 && code === undefined && reply.response === null) {
    return {
      ok: true,
      detail:
        'writer found (probe: createPacket without any data → provider lookup passes, then KER-KPM-009 before anything is written)',
    };
  }
  return unexpected(reply, '"response": null with "errors": [] (writer found) or KER-PUT-006');
}
