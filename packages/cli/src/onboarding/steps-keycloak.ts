import { randomBytes } from 'node:crypto';
import { notYet, pending, type OnboardContext } from './context.ts';
import { PrerequisiteError } from './errors.ts';
import { KeycloakAdmin, type ClientRepresentation } from './keycloak.ts';
import { issueToken, tokenFailureCode } from './mosip-http.ts';
import { ONLINE_REGISTRATION_CLIENT, probePacketManagerAudience, probeRegprocAudience } from './probes.ts';
import type { Step } from './runner.ts';

/**
 * Onboarding steps 1–8, on Keycloak (MOSIP CRVS integration guide, "Technical Details"; mosip/mosip-infra
 * `deployment/v3/external/iam/import-init-values.yaml` for the realm's roles): admin login, the confidential
 * CRVS client with service accounts, the realm role ONLINE_REGISTRATION_CLIENT mapped to its service-account
 * user, its secret, a MOSIP token carrying the role, the audience check, and the officer user.
 */

/** The guide's "Registration_officer" is MOSIP's realm role REGISTRATION_OFFICER (import-init-values.yaml). */
export const OFFICER_ROLE = 'REGISTRATION_OFFICER';

function kc(ctx: OnboardContext): KeycloakAdmin {
  if (!ctx.keycloak) throw new Error('Keycloak admin login has not run');
  return ctx.keycloak;
}

/** What a CRVS client must be: confidential, enabled, with service accounts (client-credentials grant). */
function clientDifferences(client: ClientRepresentation): string[] {
  const differences: string[] = [];
  if (client.enabled === false) differences.push('enable it');
  if (client.publicClient === true) differences.push('make it confidential');
  if (client.bearerOnly === true) differences.push('turn off bearer-only');
  if (client.serviceAccountsEnabled !== true) differences.push('turn service accounts on');
  return differences;
}

const keycloakLogin: Step<OnboardContext> = {
  name: 'Keycloak admin login',
  async check(ctx) {
    ctx.keycloak ??= await KeycloakAdmin.login(ctx.config.keycloak);
    const k = ctx.config.keycloak;
    return { status: 'exists', detail: `${k.adminUsername} on realm ${k.adminRealm} at ${k.url}` };
  },
};

const crvsClient: Step<OnboardContext> = {
  name: 'CRVS client in Keycloak',
  async check(ctx) {
    const id = ctx.config.crvsClientId;
    const client = await kc(ctx).findClient(id);
    if (!client) return pending(ctx, 'missing', `${id}: will create it (confidential, service accounts on)`);
    ctx.client = client;
    const differences = clientDifferences(client);
    if (differences.length > 0) return pending(ctx, 'differs', `${id}: ${differences.join(', ')}`);
    return { status: 'exists', detail: `${id} (confidential, service accounts on)` };
  },
  async apply(ctx, state) {
    const id = ctx.config.crvsClientId;
    if (state.status === 'missing') {
      // No browser flows: the bridge only uses the client-credentials grant (the guide's redirect `*` is not needed).
      await kc(ctx).createClient({
        clientId: id,
        name: 'CRVS bridge (crvs-mosip)',
        protocol: 'openid-connect',
        enabled: true,
        publicClient: false,
        bearerOnly: false,
        clientAuthenticatorType: 'client-secret',
        serviceAccountsEnabled: true,
        standardFlowEnabled: false,
        implicitFlowEnabled: false,
        directAccessGrantsEnabled: false,
      });
    } else if (ctx.client?.id) {
      await kc(ctx).updateClient(ctx.client.id, {
        ...ctx.client,
        enabled: true,
        publicClient: false,
        bearerOnly: false,
        serviceAccountsEnabled: true,
      });
    }
    ctx.client = await kc(ctx).findClient(id);
    return state.status === 'missing' ? `${id} created` : `${id} updated (${state.detail.split(': ')[1]})`;
  },
};

const realmRole: Step<OnboardContext> = {
  name: `realm role ${ONLINE_REGISTRATION_CLIENT}`,
  async check(ctx) {
    const role = await kc(ctx).findRealmRole(ONLINE_REGISTRATION_CLIENT);
    if (!role) return pending(ctx, 'missing', `will create it in realm ${ctx.config.keycloak.realm}`);
    return { status: 'exists', detail: `in realm ${ctx.config.keycloak.realm}` };
  },
  async apply(ctx) {
    await kc(ctx).createRealmRole(
      ONLINE_REGISTRATION_CLIENT,
      'Creates packets and starts workflows for a CRVS (packet manager createPacket, workflowinstance)',
    );
    return 'created';
  },
};

const roleMapping: Step<OnboardContext> = {
  name: `${ONLINE_REGISTRATION_CLIENT} mapped to the client's service account`,
  async check(ctx) {
    const user = `service-account-${ctx.config.crvsClientId}`;
    if (!ctx.client?.id || ctx.client.serviceAccountsEnabled !== true) {
      return pending(ctx, 'missing', `will map it to ${user}`);
    }
    const account = await kc(ctx).serviceAccountUser(ctx.client.id);
    const roles = await kc(ctx).realmRoles(account.id ?? '');
    if (!roles.some((r) => r.name === ONLINE_REGISTRATION_CLIENT)) {
      return pending(ctx, 'missing', `will map it to ${account.username ?? user}`);
    }
    return { status: 'exists', detail: `${account.username ?? user} has it` };
  },
  async apply(ctx) {
    const client = ctx.client;
    const role = await kc(ctx).findRealmRole(ONLINE_REGISTRATION_CLIENT);
    if (!client?.id || !role) throw new Error('client or role missing after the steps that create them');
    const account = await kc(ctx).serviceAccountUser(client.id);
    await kc(ctx).addRealmRoles(account.id ?? '', [role]);
    return `mapped to ${account.username ?? `service-account-${client.clientId ?? ''}`}`;
  },
};

const clientSecrets: Step<OnboardContext> = {
  name: 'client secrets',
  async check(ctx) {
    const read = ctx.config.readClient;
    if (read.secret !== undefined) ctx.secrets.read = read.secret;
    else {
      const readClient = await kc(ctx).findClient(read.clientId);
      if (!readClient?.id) {
        return {
          status: 'blocked',
          detail: `read client ${read.clientId} not found in realm ${ctx.config.keycloak.realm}`,
          fix: 'set readClient.clientId to a client with REGISTRATION_PROCESSOR (MOSIP installs mosip-regproc-client), or give readClient.secret/secretFile',
        };
      }
      ctx.secrets.read = await kc(ctx).clientSecret(readClient.id);
    }
    if (!ctx.client?.id) return pending(ctx, 'missing', 'Keycloak generates one with the client');
    ctx.secrets.crvs = await kc(ctx).clientSecret(ctx.client.id);
    if (!ctx.secrets.crvs) {
      return pending(ctx, 'missing', `${ctx.config.crvsClientId} has none: will generate one`);
    }
    return {
      status: 'exists',
      detail: `${ctx.config.crvsClientId} and ${read.clientId} secrets read (never printed without --show-secret)`,
    };
  },
  async apply(ctx) {
    if (!ctx.client?.id) throw new Error('client missing after the step that creates it');
    ctx.secrets.crvs =
      (await kc(ctx).clientSecret(ctx.client.id)) ?? (await kc(ctx).regenerateClientSecret(ctx.client.id));
    if (!ctx.secrets.crvs) throw new Error(`Keycloak returned no secret for ${ctx.config.crvsClientId}`);
    return 'secret read (kept out of the output)';
  },
};

const mosipToken: Step<OnboardContext> = {
  name: `MOSIP token of the client carries ${ONLINE_REGISTRATION_CLIENT}`,
  async check(ctx) {
    const c = ctx.config;
    if (!ctx.secrets.crvs) return notYet('checked once the client has a secret');
    let issued;
    try {
      issued = await issueToken(c.mosip.url, {
        clientId: c.crvsClientId,
        secret: ctx.secrets.crvs,
        appId: c.crvsAppId,
      });
    } catch (error) {
      if (ctx.mode === 'plan' && ctx.keycloakPending) return notYet('token');
      return {
        status: 'blocked',
        code: tokenFailureCode(error),
        detail: `the auth manager gave no token for ${c.crvsClientId} (appId ${c.crvsAppId})`,
        fix: 'check that the auth manager reaches this Keycloak realm, that crvsAppId maps to it (mosip.kernel.auth.appid-realm-map) and that the client has service accounts on',
      };
    }
    if (!issued.claims.roles.includes(ONLINE_REGISTRATION_CLIENT)) {
      if (ctx.mode === 'plan' && ctx.keycloakPending) return notYet(`role in the token`);
      return {
        status: 'blocked',
        detail: `token of ${c.crvsClientId} has realm roles [${issued.claims.roles.join(', ')}], not ${ONLINE_REGISTRATION_CLIENT}`,
        fix: `map the realm role to service-account-${c.crvsClientId} (MOSIP reads only realm_access.roles)`,
      };
    }
    ctx.crvsToken = issued;
    return { status: 'exists', detail: `issued by the auth manager (appId ${c.crvsAppId})` };
  },
};

const audience: Step<OnboardContext> = {
  name: 'packet manager and registration processor accept the client (audience)',
  async check(ctx) {
    const token = ctx.crvsToken;
    if (!token) return notYet('checked with the token');
    const { url } = ctx.config.mosip;
    const id = ctx.config.crvsClientId;
    const results = [
      { service: 'packet manager', result: await probePacketManagerAudience(url, token, id) },
      { service: 'registration processor', result: await probeRegprocAudience(url, token, id) },
    ];
    const failed = results.flatMap((r) => (r.result.ok ? [] : [{ service: r.service, ...r.result }]));
    if (failed.length === 0) {
      return {
        status: 'exists',
        detail: 'accepted by both (KER-PUT-006 and RPR-WIN-001 probes, nothing written)',
      };
    }
    return {
      status: failed.every((f) => f.code === 'KER-ATH-403') ? 'manual' : 'blocked',
      code: [...new Set(failed.map((f) => f.code))].join(', '),
      detail: failed.map((f) => `${f.service}: ${f.detail}`).join('; '),
      fix: failed.map((f) => f.fix).join('; and '),
    };
  },
};

const officer: Step<OnboardContext> = {
  name: `officer user with ${OFFICER_ROLE}`,
  async check(ctx) {
    const o = ctx.config.officer;
    const user = await kc(ctx).findUser(o.username);
    if (!user?.id) {
      return pending(
        ctx,
        'missing',
        `${o.username}: will create it (enabled, non-temporary password, ${OFFICER_ROLE})`,
      );
    }
    const differences: string[] = [];
    if (user.enabled !== true) differences.push('enable it');
    if (user.firstName !== o.firstName || user.lastName !== o.lastName) {
      differences.push('set first and last name');
    }
    if ((user.requiredActions ?? []).includes('UPDATE_PASSWORD')) {
      differences.push('replace its temporary password');
    }
    const roles = await kc(ctx).realmRoles(user.id);
    if (!roles.some((r) => r.name === OFFICER_ROLE)) differences.push(`map ${OFFICER_ROLE}`);
    if (differences.length > 0) return pending(ctx, 'differs', `${o.username}: ${differences.join(', ')}`);
    return { status: 'exists', detail: `${o.username} (enabled, ${OFFICER_ROLE})` };
  },
  async apply(ctx, state) {
    const o = ctx.config.officer;
    const admin = kc(ctx);
    const role = await admin.findRealmRole(OFFICER_ROLE);
    if (!role) {
      throw new PrerequisiteError(
        `realm role ${OFFICER_ROLE}`,
        'HTTP 404',
        `realm ${ctx.config.keycloak.realm} has no role ${OFFICER_ROLE}`,
        'MOSIP installs it with its realm import (mosip-infra import-init-values.yaml); import the MOSIP realm roles first',
      );
    }
    const password = () => {
      ctx.officerPassword ??= o.password
        ? { value: o.password, generated: false }
        : { value: randomBytes(18).toString('base64url'), generated: true };
      return ctx.officerPassword.value;
    };
    const user = await admin.findUser(o.username);
    if (!user?.id) {
      const id = await admin.createUser({
        username: o.username,
        firstName: o.firstName,
        lastName: o.lastName,
        enabled: true,
        emailVerified: true,
      });
      await admin.setPassword(id, password());
      await admin.addRealmRoles(id, [role]);
      return `${o.username} created (non-temporary password${ctx.officerPassword?.generated ? ', generated' : ' from officer.passwordFile'})`;
    }
    const id = user.id;
    if (user.enabled !== true || user.firstName !== o.firstName || user.lastName !== o.lastName) {
      await admin.updateUser(id, { ...user, enabled: true, firstName: o.firstName, lastName: o.lastName });
    }
    if ((user.requiredActions ?? []).includes('UPDATE_PASSWORD')) await admin.setPassword(id, password());
    if (!(await admin.realmRoles(id)).some((r) => r.name === OFFICER_ROLE)) {
      await admin.addRealmRoles(id, [role]);
    }
    return `${o.username} updated (${state.detail.split(': ')[1] ?? ''})`;
  },
};

/** Steps 1–8 in the guide's order. */
export const keycloakSteps: Step<OnboardContext>[] = [
  keycloakLogin,
  crvsClient,
  realmRole,
  roleMapping,
  clientSecrets,
  mosipToken,
  audience,
  officer,
];
