import { readFileSync } from 'node:fs';
import { parseIdSchema } from '@crvs-mosip/contracts';
import { MosipClient } from '@crvs-mosip/mosip-client';
import type { BridgeConfig } from '@crvs-mosip/bridge';
import type { OnboardingConfig } from './config.ts';
import { adminAccess, masterdataRows, officerRows } from './doctor-admin.ts';
import { fail, fromProbe, pass, row, skip, type DoctorRow } from './doctor-rows.ts';
import { messageOf } from './errors.ts';
import { MosipAdmin } from './mosip-admin.ts';
import { issueToken, tokenFailureCode, type IssuedToken } from './mosip-http.ts';
import {
  ONLINE_REGISTRATION_CLIENT,
  probePacketManagerAudience,
  probeRegprocAudience,
  probeWriterProvider,
} from './probes.ts';

export type { DoctorRow, RowStatus } from './doctor-rows.ts';

/**
 * The checks of `crvs-mosip doctor`, run against a live deployment with the bridge's own configuration:
 * the CRVS client's token, role and audience (safe probes, see probes.ts), the read client and the ID
 * schema, centre, machine and officer (doctor-admin.ts), and a packet writer per source/process pair.
 */

async function tokenRow(
  check: string,
  url: string,
  credentials: { clientId: string; secret: string; appId: string },
  setting: string,
): Promise<{ row: DoctorRow; token?: IssuedToken }> {
  try {
    const token = await issueToken(url, credentials);
    return { row: pass(check, `issued for ${credentials.clientId} (appId ${credentials.appId})`), token };
  } catch (error) {
    return {
      row: fail(
        check,
        `no token for ${credentials.clientId}: ${messageOf(error)}`,
        `check ${setting} and MOSIP_BASE_URL; the client needs service accounts on in Keycloak`,
        tokenFailureCode(error),
      ),
    };
  }
}

async function schemaRow(config: BridgeConfig): Promise<DoctorRow> {
  const check = 'ID schema reachable and parses';
  return row(check, async () => {
    if (config.SCHEMA_FILE) {
      const schema = parseIdSchema(readFileSync(config.SCHEMA_FILE, 'utf8'));
      return pass(check, `${config.SCHEMA_FILE}: "${schema.title}", ${schema.fields.size} fields`);
    }
    const reader = new MosipClient({
      baseUrl: config.MOSIP_BASE_URL,
      clientId: config.MOSIP_READ_CLIENT_ID,
      secretKey: config.MOSIP_READ_CLIENT_SECRET,
      appId: config.MOSIP_READ_APP_ID,
    });
    const descriptor = await reader.getLatestIdSchema();
    const schema = parseIdSchema(descriptor.schemaJson);
    return pass(
      check,
      `GET /v1/masterdata/idschema/latest: "${schema.title}" v${descriptor.idVersion}, ${schema.fields.size} fields`,
    );
  });
}

/** Every check, in order; never throws. */
export async function diagnose(config: BridgeConfig, onboarding?: OnboardingConfig): Promise<DoctorRow[]> {
  const url = config.MOSIP_BASE_URL.replace(/\/+$/, '');
  const clientId = config.MOSIP_CLIENT_ID;
  const rows: DoctorRow[] = [];
  const crvs = await tokenRow(
    'token obtainable',
    url,
    { clientId, secret: config.MOSIP_CLIENT_SECRET, appId: config.MOSIP_APP_ID },
    'MOSIP_CLIENT_SECRET(_FILE)',
  );
  rows.push(crvs.row);
  const roleCheck = `token carries ${ONLINE_REGISTRATION_CLIENT}`;
  const pmCheck = 'packet manager accepts the client (audience)';
  const rpCheck = 'registration processor accepts the client (audience)';
  const token = crvs.token;
  if (!token) {
    rows.push(...[roleCheck, pmCheck, rpCheck].map((c) => skip(c, 'not checked: no token (see above)')));
  } else {
    const roles = token.claims.roles;
    rows.push(
      roles.includes(ONLINE_REGISTRATION_CLIENT)
        ? pass(roleCheck, `realm roles: ${roles.join(', ')}`)
        : fail(
            roleCheck,
            `realm roles: [${roles.join(', ')}]`,
            `map realm role ${ONLINE_REGISTRATION_CLIENT} to service-account-${clientId} (crvs-mosip onboard --apply)`,
          ),
      await row(pmCheck, async () =>
        fromProbe(pmCheck, await probePacketManagerAudience(url, token, clientId)),
      ),
      await row(rpCheck, async () => fromProbe(rpCheck, await probeRegprocAudience(url, token, clientId))),
    );
  }
  const reader = await tokenRow(
    'read client token obtainable',
    url,
    {
      clientId: config.MOSIP_READ_CLIENT_ID,
      secret: config.MOSIP_READ_CLIENT_SECRET,
      appId: config.MOSIP_READ_APP_ID,
    },
    'MOSIP_READ_CLIENT_SECRET(_FILE)',
  );
  rows.push(reader.row, await schemaRow(config));
  const access = await adminAccess(onboarding);
  rows.push(...access.rows);
  const lang = onboarding?.mosip.langCode ?? config.DEFAULT_LANGUAGE;
  const masterdata =
    access.admin ??
    (reader.token ? new MosipAdmin(url, reader.token.token, config.MOSIP_READ_CLIENT_ID, lang) : undefined);
  rows.push(...(await masterdataRows(config, masterdata)));
  rows.push(...(await officerRows(config, access.keycloak, access.admin)));
  const processes = [...new Set([config.PROCESS_BIRTH, config.PROCESS_DEATH, config.PROCESS_UPDATE])];
  const packetManagerAccepts = rows.find((r) => r.check === pmCheck)?.status === 'pass';
  for (const process of processes) {
    const check = `packet writer for ${config.MOSIP_SOURCE}/${process}`;
    if (!token || !packetManagerAccepts) {
      rows.push(skip(check, 'not checked: the packet manager does not accept the client yet (see above)'));
      continue;
    }
    rows.push(
      await row(check, async () =>
        fromProbe(check, await probeWriterProvider(url, token, clientId, config.MOSIP_SOURCE, process)),
      ),
    );
  }
  return rows;
}
