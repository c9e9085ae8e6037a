import type { BridgeConfig } from '@crvs-mosip/bridge';
import type { OnboardingConfig } from './config.ts';
import { fail, NEEDS_ADMIN, pass, row, skip, type DoctorRow } from './doctor-rows.ts';
import { PrerequisiteError } from './errors.ts';
import { KeycloakAdmin } from './keycloak.ts';
import { MosipAdmin, normaliseKey } from './mosip-admin.ts';
import { tokenFor } from './mosip-http.ts';
import { OFFICER_ROLE } from './steps-keycloak.ts';

/**
 * Doctor rows that read MOSIP masterdata and Keycloak: centre, machine (and its key), the officer's user,
 * role and mappings. They need admin access (the onboarding configuration's Keycloak admin and MOSIP
 * admin client); centre and machine are tried with the bridge's read client otherwise.
 */

/** Centre and machine rows, read with `masterdata` (admin client, or the read client as a fallback). */
export async function masterdataRows(
  config: BridgeConfig,
  masterdata: MosipAdmin | undefined,
): Promise<DoctorRow[]> {
  const centreCheck = `centre ${config.CENTRE_ID} exists and is active`;
  const machineCheck = `machine ${config.MACHINE_ID} exists, is active, belongs to centre ${config.CENTRE_ID}`;
  if (!masterdata) return [skip(centreCheck, NEEDS_ADMIN), skip(machineCheck, NEEDS_ADMIN)];
  const refused = (check: string, error: unknown) =>
    error instanceof PrerequisiteError && error.code?.startsWith('KER-ATH')
      ? skip(
          check,
          `not checked: ${masterdata.clientId} may not read it (${error.code}); give --onboarding-config for the admin client`,
        )
      : undefined;
  const centre = await row(centreCheck, async () => {
    try {
      const found = (await masterdata.centres()).find((c) => c.id === config.CENTRE_ID);
      if (!found) {
        return fail(
          centreCheck,
          `no centre ${config.CENTRE_ID} in GET /v1/masterdata/registrationcenters`,
          'set CENTRE_ID to an existing centre (crvs-mosip onboard finds it by name)',
        );
      }
      if (found.isActive === false) {
        return fail(
          centreCheck,
          `"${found.name}" is inactive`,
          `activate centre ${found.id} in MOSIP's Admin UI`,
        );
      }
      return pass(centreCheck, `"${found.name}" (zone ${found.zoneCode ?? '?'})`);
    } catch (error) {
      const skipped = refused(centreCheck, error);
      if (skipped) return skipped;
      throw error;
    }
  });
  const machine = await row(machineCheck, async () => {
    try {
      const found = (await masterdata.machines()).find((m) => m.id === config.MACHINE_ID);
      if (!found) {
        return fail(
          machineCheck,
          `no machine ${config.MACHINE_ID} in GET /v1/masterdata/machines`,
          'set MACHINE_ID to an existing machine (crvs-mosip onboard creates it)',
        );
      }
      if (found.isActive === false) {
        return fail(
          machineCheck,
          `"${found.name}" is inactive`,
          `activate machine ${found.id} in MOSIP's Admin UI`,
        );
      }
      if (found.regCenterId !== config.CENTRE_ID) {
        return fail(
          machineCheck,
          `"${found.name}" belongs to centre ${found.regCenterId ?? '(none)'}`,
          `use the machine of centre ${config.CENTRE_ID}, or map machine ${found.id} to it`,
        );
      }
      // Packets are signed with the keymanager's client-security key and verified against the machine's
      // signing key (syncdata tpm/publickey; mosip-contracts reference 3.6, 5.8.6), so they must be the same.
      let key: string;
      try {
        key = await masterdata.tpmSigningPublicKey();
      } catch {
        return pass(machineCheck, `"${found.name}" (key not compared: the keymanager did not answer)`);
      }
      if (normaliseKey(found.signPublicKey) !== normaliseKey(key)) {
        return fail(
          machineCheck,
          `"${found.name}" has a signPublicKey other than the keymanager's TPM signing key: packet signatures will not verify`,
          `register a machine with the key of POST /v1/keymanager/tpmsigning/publickey as publicKey and signPublicKey (crvs-mosip onboard does) and set MACHINE_ID to it`,
        );
      }
      return pass(machineCheck, `"${found.name}", signing key = keymanager's`);
    } catch (error) {
      const skipped = refused(machineCheck, error);
      if (skipped) return skipped;
      throw error;
    }
  });
  return [centre, machine];
}

/** Officer rows: Keycloak user and role, MOSIP zone and centre mappings (admin access only). */
export async function officerRows(
  config: BridgeConfig,
  keycloak?: KeycloakAdmin,
  admin?: MosipAdmin,
): Promise<DoctorRow[]> {
  const officer = config.OFFICER_ID;
  const userCheck = `officer ${officer} exists, is enabled, has ${OFFICER_ROLE}`;
  const zoneCheck = `officer ${officer} mapped to a zone, active`;
  const centreCheck = `officer ${officer} mapped to centre ${config.CENTRE_ID}, active`;
  const rows: DoctorRow[] = [];
  rows.push(
    keycloak
      ? await row(userCheck, async () => {
          const user = await keycloak.findUser(officer);
          if (!user?.id) {
            return fail(
              userCheck,
              `no user ${officer} in realm ${keycloak.settings.realm}`,
              'run crvs-mosip onboard --apply, or set OFFICER_ID to an existing officer',
            );
          }
          const problems: string[] = [];
          if (user.enabled !== true) problems.push('disabled');
          if ((user.requiredActions ?? []).includes('UPDATE_PASSWORD')) problems.push('temporary password');
          if (!(await keycloak.realmRoles(user.id)).some((r) => r.name === OFFICER_ROLE)) {
            problems.push(`no ${OFFICER_ROLE}`);
          }
          return problems.length > 0
            ? fail(
                userCheck,
                problems.join(', '),
                'run crvs-mosip onboard --apply (it enables the user, sets a permanent password and maps the role)',
              )
            : pass(userCheck, `realm ${keycloak.settings.realm}`);
        })
      : skip(userCheck, NEEDS_ADMIN),
  );
  if (!admin) return [...rows, skip(zoneCheck, NEEDS_ADMIN), skip(centreCheck, NEEDS_ADMIN)];
  rows.push(
    await row(zoneCheck, async () => {
      const mapping = await admin.zoneUser(officer);
      if (!mapping) {
        return fail(
          zoneCheck,
          'no user–zone mapping',
          'run crvs-mosip onboard --apply (User Zone Mapping, then activate)',
        );
      }
      if (!mapping.isActive) {
        return fail(
          zoneCheck,
          `zone ${mapping.zoneCode ?? '?'}, inactive`,
          'activate the user–zone mapping (crvs-mosip onboard --apply)',
        );
      }
      return pass(zoneCheck, `zone ${mapping.zoneCode ?? '?'}`);
    }),
    await row(centreCheck, async () => {
      const mapping = await admin.userCentre(officer);
      if (!mapping) {
        return fail(
          centreCheck,
          'no user–centre mapping',
          'run crvs-mosip onboard --apply (User Centre Mapping, then activate)',
        );
      }
      if (mapping.regCenterId && mapping.regCenterId !== config.CENTRE_ID) {
        return fail(
          centreCheck,
          `mapped to centre ${mapping.regCenterId}`,
          `set CENTRE_ID to ${mapping.regCenterId}, or remap the officer`,
        );
      }
      if (!mapping.isActive) {
        return fail(centreCheck, 'inactive', 'activate the user–centre mapping (crvs-mosip onboard --apply)');
      }
      return pass(centreCheck, `centre ${mapping.regCenterId ?? config.CENTRE_ID}`);
    }),
  );
  return rows;
}

/** Admin sessions from the onboarding configuration; failures become rows. */
export async function adminAccess(onboarding: OnboardingConfig | undefined) {
  const rows: DoctorRow[] = [];
  if (!onboarding) return { rows };
  let keycloak: KeycloakAdmin | undefined;
  let admin: MosipAdmin | undefined;
  const kcCheck = 'Keycloak admin login (for the officer checks)';
  rows.push(
    await row(kcCheck, async () => {
      keycloak = await KeycloakAdmin.login(onboarding.keycloak);
      return pass(kcCheck, `${onboarding.keycloak.adminUsername} at ${onboarding.keycloak.url}`);
    }),
  );
  const adminCheck = 'MOSIP admin token (for centre, machine and mapping checks)';
  rows.push(
    await row(adminCheck, async () => {
      const m = onboarding.mosip;
      const issued = await tokenFor(
        adminCheck,
        m.url,
        { clientId: m.adminClientId, secret: m.adminSecret, appId: m.adminAppId },
        'mosip.adminSecret/adminSecretFile',
      );
      admin = new MosipAdmin(m.url, issued.token, m.adminClientId, m.langCode);
      return pass(adminCheck, `${m.adminClientId} (appId ${m.adminAppId})`);
    }),
  );
  return { rows, keycloak, admin };
}
