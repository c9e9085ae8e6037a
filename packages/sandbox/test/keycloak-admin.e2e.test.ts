import KcAdminClient from '@keycloak/keycloak-admin-client';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate, call, startTestSandbox, type TestSandbox } from './helpers.ts';

/** Keycloak's Admin REST API, driven by Keycloak's own admin client as onboarding does. */
describe('Keycloak admin API (bare sandbox)', () => {
  let sb: TestSandbox;
  let kc: KcAdminClient;

  beforeAll(async () => {
    sb = await startTestSandbox({ seed: 'bare', manualPipeline: true });
    kc = new KcAdminClient({ baseUrl: `${sb.url}/auth`, realmName: 'master' });
    await kc.auth({ username: 'admin', password: 'admin', grantType: 'password', clientId: 'admin-cli' });
    kc.setConfig({ realmName: 'mosip' });
  });
  afterAll(async () => sb.dispose());

  const passwordGrant = (clientId: string, secret: string, username: string, password: string) =>
    fetch(`${sb.url}/auth/realms/mosip/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: clientId,
        client_secret: secret,
        username,
        password,
      }).toString(),
    });

  it('creates a confidential client whose service account gets a new realm role, usable at once', async () => {
    const { id } = await kc.clients.create({
      clientId: 'mosip-crvs1-client',
      publicClient: false,
      serviceAccountsEnabled: true,
      redirectUris: ['*'],
    });
    const found = await kc.clients.find({ clientId: 'mosip-crvs1-client' });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ id, clientId: 'mosip-crvs1-client', serviceAccountsEnabled: true });
    expect(await kc.clients.findOne({ id: 'no-such-client' })).toBeNull();

    expect(await kc.roles.findOneByName({ name: 'ONLINE_REGISTRATION_CLIENT' })).toBeNull();
    const { roleName } = await kc.roles.create({ name: 'ONLINE_REGISTRATION_CLIENT' });
    expect(roleName).toBe('ONLINE_REGISTRATION_CLIENT');
    const role = await kc.roles.findOneByName({ name: 'ONLINE_REGISTRATION_CLIENT' });
    expect(role).toMatchObject({ name: 'ONLINE_REGISTRATION_CLIENT', composite: false, clientRole: false });
    await expect(kc.roles.create({ name: 'ONLINE_REGISTRATION_CLIENT' })).rejects.toMatchObject({
      response: { status: 409 },
    });

    const serviceAccount = await kc.clients.getServiceAccountUser({ id });
    expect(serviceAccount.username).toBe('service-account-mosip-crvs1-client');
    await kc.users.addRealmRoleMappings({
      id: serviceAccount.id!,
      roles: [{ id: role!.id!, name: role!.name! }],
    });
    const mapped = await kc.users.listRealmRoleMappings({ id: serviceAccount.id! });
    expect(mapped.map((r) => r.name)).toEqual(['ONLINE_REGISTRATION_CLIENT']);

    const { value: secret } = await kc.clients.getClientSecret({ id });
    expect(secret).toMatch(/^[A-Za-z0-9]{32}$/);
    const token = await authenticate(sb.url, {
      clientId: 'mosip-crvs1-client',
      secret: secret!,
      appId: 'regproc',
    });
    expect(decodeJwt(token)).toMatchObject({
      azp: 'mosip-crvs1-client',
      preferred_username: 'service-account-mosip-crvs1-client',
      realm_access: { roles: ['ONLINE_REGISTRATION_CLIENT'] },
    });

    // A regenerated secret replaces the old one.
    const { value: rotated } = await kc.clients.generateNewClientSecret({ id });
    expect(rotated).not.toBe(secret);
    await expect(
      authenticate(sb.url, { clientId: 'mosip-crvs1-client', secret: secret!, appId: 'regproc' }),
    ).rejects.toThrow(/HTTP 500/);
  });

  it('answers a duplicate client with 409 and Keycloak error message', async () => {
    const duplicate = kc.clients.create({ clientId: 'mosip-crvs1-client', serviceAccountsEnabled: true });
    await expect(duplicate).rejects.toMatchObject({
      message: 'Client mosip-crvs1-client already exists',
      response: { status: 409 },
    });
  });

  it('maps a realm role only with its id, else 404 Role not found', async () => {
    const [client] = await kc.clients.find({ clientId: 'mosip-crvs1-client' });
    const serviceAccount = await kc.clients.getServiceAccountUser({ id: client!.id! });
    await expect(
      kc.users.addRealmRoleMappings({
        id: serviceAccount.id!,
        roles: [{ id: 'wrong', name: 'REGISTRATION_PROCESSOR' }],
      }),
    ).rejects.toMatchObject({ message: 'Role not found', response: { status: 404 } });
  });

  it('creates a user, sets a password and maps a role: the password grant then works', async () => {
    const [client] = await kc.clients.find({ clientId: 'mosip-crvs1-client' });
    const { value: secret } = await kc.clients.getClientSecret({ id: client!.id! });
    const { id } = await kc.users.create({ username: 'Registrar-One', enabled: true, firstName: 'Ada' });
    const users = await kc.users.find({ username: 'registrar-one', exact: true });
    expect(users).toEqual([expect.objectContaining({ id, username: 'registrar-one', enabled: true })]);
    await expect(kc.users.create({ username: 'registrar-one', enabled: true })).rejects.toMatchObject({
      message: 'User exists with same username',
      response: { status: 409 },
    });

    await kc.users.resetPassword({
      id,
      credential: { type: 'password', value: 'Pa55word!', temporary: true },
    });
    const notSetUp = await passwordGrant('mosip-crvs1-client', secret!, 'registrar-one', 'Pa55word!');
    expect(notSetUp.status).toBe(400);
    expect(await notSetUp.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Account is not fully set up',
    });

    await kc.users.resetPassword({
      id,
      credential: { type: 'password', value: 'Pa55word!', temporary: false },
    });
    const officer = await kc.roles.findOneByName({ name: 'REGISTRATION_OFFICER' });
    await kc.users.addRealmRoleMappings({ id, roles: [{ id: officer!.id!, name: 'REGISTRATION_OFFICER' }] });
    const res = await passwordGrant('mosip-crvs1-client', secret!, 'registrar-one', 'Pa55word!');
    expect(res.status).toBe(200);
    const { access_token } = (await res.json()) as { access_token: string };
    expect(decodeJwt(access_token)).toMatchObject({
      preferred_username: 'registrar-one',
      realm_access: { roles: ['REGISTRATION_OFFICER'] },
    });

    await kc.users.update({ id }, { enabled: false });
    expect((await kc.users.findOne({ id }))?.enabled).toBe(false);
    expect((await passwordGrant('mosip-crvs1-client', secret!, 'registrar-one', 'Pa55word!')).status).toBe(
      401,
    );
  });

  it('refuses a wrong admin password with 401 and requests without an admin token', async () => {
    const other = new KcAdminClient({ baseUrl: `${sb.url}/auth`, realmName: 'master' });
    await expect(
      other.auth({ username: 'admin', password: 'wrong', grantType: 'password', clientId: 'admin-cli' }),
    ).rejects.toMatchObject({ response: { status: 401 } });

    const none = await fetch(`${sb.url}/auth/admin/realms/mosip/clients`);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error: 'HTTP 401 Unauthorized' });

    // A mosip-realm token is valid but carries no admin rights.
    const [client] = await kc.clients.find({ clientId: 'mosip-crvs1-client' });
    const { value: secret } = await kc.clients.getClientSecret({ id: client!.id! });
    const token = await authenticate(sb.url, {
      clientId: 'mosip-crvs1-client',
      secret: secret!,
      appId: 'regproc',
    });
    const forbidden = await fetch(`${sb.url}/auth/admin/realms/mosip/clients`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({ error: 'unknown_error' });
  });

  it('keeps audience allow-lists as configuration: an unlisted new client gets 403 on createPacket', async () => {
    const { id } = await kc.clients.create({
      clientId: 'crvs-unlisted-client',
      serviceAccountsEnabled: true,
    });
    const role = await kc.roles.findOneByName({ name: 'ONLINE_REGISTRATION_CLIENT' });
    const serviceAccount = await kc.clients.getServiceAccountUser({ id });
    await kc.users.addRealmRoleMappings({
      id: serviceAccount.id!,
      roles: [{ id: role!.id!, name: role!.name! }],
    });
    const { value: secret } = await kc.clients.getClientSecret({ id });
    const token = await authenticate(sb.url, {
      clientId: 'crvs-unlisted-client',
      secret: secret!,
      appId: 'regproc',
    });
    const res = await call(sb.url, '/commons/v1/packetmanager/createPacket', token, 'PUT', { request: {} });
    expect(res.status).toBe(403);
    expect(res.body.errors).toEqual([{ errorCode: 'KER-ATH-403', message: 'Forbidden' }]);
  });
});
