import KcAdminClient from '@keycloak/keycloak-admin-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  authenticate,
  birthFields,
  call,
  completedTransactions,
  nextRid,
  packetBody,
  REGPROC,
  startTestSandbox,
  workflowBody,
  type TestSandbox,
} from './helpers.ts';

const CENTRES = '/v1/masterdata/registrationcenters';
const MACHINES = '/v1/masterdata/machines';
const wrap = (request: unknown) => ({
  id: 'string',
  version: 'string',
  requesttime: new Date().toISOString(),
  metadata: {},
  request,
});

const centreRequest = (name: string, zoneCode = 'KTA') => ({
  name,
  addressLine1: 'Civil Registry',
  isActive: true,
  centerTypeCode: 'REG',
  latitude: '34.2610',
  longitude: '-6.5802',
  locationCode: 'KTA',
  holidayLocationCode: 'KTA',
  workingHours: '24:00:00',
  perKioskProcessTime: '00:15:00',
  centerStartTime: '00:00:00',
  centerEndTime: '23:59:59',
  timeZone: 'UTC',
  zoneCode,
  langCode: 'eng',
});

const machineRequest = (name: string, key: string) => ({
  name,
  serialNum: 'CRVS-1',
  macAddress: null,
  ipAddress: '192.168.0.1',
  machineSpecId: '1001',
  isActive: false,
  zoneCode: 'KTA',
  langCode: 'eng',
  publicKey: key,
  signPublicKey: key,
});

/**
 * One-command onboarding against a bare MOSIP: Keycloak objects through the admin API, then masterdata
 * and keymanager with the admin client's token, then a birth through the onboarded centre and machine.
 */
describe('onboarding a bare sandbox', () => {
  let sb: TestSandbox;
  let admin: string;

  beforeAll(async () => {
    sb = await startTestSandbox({ seed: 'bare' });
    admin = await authenticate(sb.url, ADMIN);
  });
  afterAll(async () => sb.dispose());

  it('creates a centre in KTA and finds it by listing; checks zones and validation', async () => {
    const none = await call(sb.url, CENTRES, admin, 'GET');
    expect(none.status).toBe(200);
    expect(none.body.errors).toEqual([
      { errorCode: 'KER-MSD-215', message: 'Registration Center not found' },
    ]);

    const invalid = await call(
      sb.url,
      CENTRES,
      admin,
      'POST',
      wrap({ ...centreRequest('x'), name: undefined }),
    );
    expect(invalid.body.errors).toEqual([
      { errorCode: 'KER-MSD-999', message: 'request.name: must not be null' },
    ]);
    const unknownZone = await call(sb.url, CENTRES, admin, 'POST', wrap(centreRequest('x', 'NOPE')));
    expect(unknownZone.body.errors).toEqual([
      { errorCode: 'KER-MSD-340', message: "Zone NOPE doesn't exist" },
    ]);

    const created = await call(sb.url, CENTRES, admin, 'POST', wrap(centreRequest('CRVS Kenitra')));
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ id: 'string', version: 'string', errors: null });
    expect(created.body.response).toMatchObject({ name: 'CRVS Kenitra', zoneCode: 'KTA', isActive: true });
    expect(created.body.response.id).toMatch(/^\d{5}$/);

    const listed = await call(sb.url, CENTRES, admin, 'GET');
    const found = listed.body.response.registrationCenters.find(
      (c: { name: string }) => c.name === 'CRVS Kenitra',
    );
    expect(found.id).toBe(created.body.response.id);

    const viaAdmin = await call(sb.url, '/v1/admin/masterdata/registrationcenters', admin, 'GET');
    expect(viaAdmin.status).toBe(200);
    expect(viaAdmin.body.response.registrationCenters).toHaveLength(1);

    const leafs = await call(sb.url, '/v1/masterdata/zones/leafs/eng', admin, 'GET');
    expect(leafs.body.response.map((z: { code: string }) => z.code)).toEqual(['KTA']);
    const hierarchy = await call(sb.url, '/v1/masterdata/zones/hierarchy/eng', admin, 'GET');
    expect(hierarchy.body.response.map((z: { code: string }) => z.code)).toEqual(['MOR', 'RSK', 'KTA']);
    const zoneName = await call(
      sb.url,
      '/v1/masterdata/zones/zonename?userID=service-account-mosip-admin-client&langCode=eng',
      admin,
      'GET',
    );
    expect(zoneName.body.response).toEqual({ zoneCode: 'MOR', zoneName: 'Morocco' });
  });

  it('registers a machine with the TPM signing key; same key or name again is refused', async () => {
    const key = await call(
      sb.url,
      '/v1/keymanager/tpmsigning/publickey',
      admin,
      'POST',
      wrap({ serverProfile: 'Prod' }),
    );
    expect(Object.keys(key.body.response)).toEqual(['publicKey']);
    const publicKey = key.body.response.publicKey as string;
    expect(publicKey).toBe(sb.ctx.keyStore.signingPublicKeyBase64Url());

    const none = await call(sb.url, MACHINES, admin, 'GET');
    expect(none.body.errors).toEqual([{ errorCode: 'KER-MSD-030', message: 'Machine not Found' }]);

    const created = await call(
      sb.url,
      MACHINES,
      admin,
      'POST',
      wrap(machineRequest('crvs-bridge', publicKey)),
    );
    expect(created.body.errors).toBeNull();
    expect(created.body.response).toMatchObject({ name: 'crvs-bridge', zoneCode: 'KTA', isActive: false });
    expect(created.body.response.id).toMatch(/^\d{5}$/);
    expect(created.body.response.publicKey).toBeUndefined();

    const sameKey = await call(sb.url, MACHINES, admin, 'POST', wrap(machineRequest('other', publicKey)));
    expect(sameKey.body.errors).toEqual([
      { errorCode: 'KER-MSD-414', message: 'Entry already found for the provided public keys' },
    ]);
    const sameName = await call(
      sb.url,
      MACHINES,
      admin,
      'POST',
      wrap(machineRequest('crvs-bridge', publicKey)),
    );
    expect(sameName.body.errors?.[0]?.errorCode).toBe('KER-MSD-413');

    const activated = await call(
      sb.url,
      `${MACHINES}?id=${created.body.response.id}&isActive=true`,
      admin,
      'PATCH',
    );
    expect(activated.body.response).toEqual({ status: 'Status updated successfully for machine' });
    const listed = await call(sb.url, MACHINES, admin, 'GET');
    expect(listed.body.response.machines).toEqual([
      expect.objectContaining({ id: created.body.response.id, isActive: true, publicKey }),
    ]);
  });

  it('maps an officer in MOSIP order and a birth through the onboarded centre and machine passes', async () => {
    const kc = new KcAdminClient({ baseUrl: `${sb.url}/auth`, realmName: 'master' });
    await kc.auth({ username: 'admin', password: 'admin', grantType: 'password', clientId: 'admin-cli' });
    kc.setConfig({ realmName: 'mosip' });
    const { id: clientUuid } = await kc.clients.create({
      clientId: 'mosip-crvs1-client',
      serviceAccountsEnabled: true,
    });
    const { roleName } = await kc.roles.create({ name: 'ONLINE_REGISTRATION_CLIENT' });
    const role = await kc.roles.findOneByName({ name: roleName });
    const serviceAccount = await kc.clients.getServiceAccountUser({ id: clientUuid });
    await kc.users.addRealmRoleMappings({
      id: serviceAccount.id!,
      roles: [{ id: role!.id!, name: roleName }],
    });
    const { value: secret } = await kc.clients.getClientSecret({ id: clientUuid });
    const { id: officerUuid } = await kc.users.create({ username: 'registrar-kta', enabled: true });
    await kc.users.resetPassword({
      id: officerUuid,
      credential: { type: 'password', value: 'S3cret!', temporary: false },
    });

    const centreId = (await call(sb.url, CENTRES, admin, 'GET')).body.response.registrationCenters[0]
      .id as string;
    const machineId = (await call(sb.url, MACHINES, admin, 'GET')).body.response.machines[0].id as string;
    const centreMapping = wrap({
      id: 'registrar-kta',
      name: 'Registrar',
      regCenterId: centreId,
      isActive: false,
      langCode: 'eng',
    });

    const tooEarly = await call(sb.url, '/v1/masterdata/usercentermapping', admin, 'POST', centreMapping);
    expect(tooEarly.body.errors).toEqual([
      { errorCode: 'KER-USR-008', message: 'Zone user mapping not exists or not active' },
    ]);
    const zoneUser = wrap({ zoneCode: 'KTA', userId: 'registrar-kta', langCode: 'eng', isActive: false });
    const mapped = await call(sb.url, '/v1/masterdata/zoneuser', admin, 'POST', zoneUser);
    expect(mapped.body.response).toMatchObject({ zoneCode: 'KTA', userId: 'registrar-kta', isActive: false });
    expect(
      (await call(sb.url, '/v1/masterdata/zoneuser', admin, 'POST', zoneUser)).body.errors[0].errorCode,
    ).toBe('KER-USR-018');
    // An inactive zone mapping does not count yet.
    expect(
      (await call(sb.url, '/v1/masterdata/usercentermapping', admin, 'POST', centreMapping)).body.errors[0]
        .errorCode,
    ).toBe('KER-USR-008');
    const zoneActive = await call(
      sb.url,
      '/v1/masterdata/zoneuser?isActive=true&userId=registrar-kta',
      admin,
      'PATCH',
    );
    expect(zoneActive.body.response).toEqual({ status: 'Status updated successfully for Zone' });
    const centreMapped = await call(sb.url, '/v1/masterdata/usercentermapping', admin, 'POST', centreMapping);
    expect(centreMapped.body.response).toMatchObject({
      id: 'registrar-kta',
      regCenterId: centreId,
      zoneCode: 'KTA',
      regCenterName: 'CRVS Kenitra',
    });
    const centreActive = await call(
      sb.url,
      '/v1/masterdata/usercentermapping?isActive=true&id=registrar-kta',
      admin,
      'PATCH',
    );
    expect(centreActive.body.response).toEqual({ status: 'Status updated successfully for User' });
    const search = (column: string) =>
      wrap({
        filters: [{ columnName: column, type: 'equals', value: 'registrar-kta' }],
        sort: [],
        pagination: { pageStart: 0, pageFetch: 10 },
      });
    const zoneSearch = await call(sb.url, '/v1/masterdata/zoneuser/search', admin, 'POST', search('userId'));
    expect(zoneSearch.body.response.data).toEqual([
      expect.objectContaining({ userId: 'registrar-kta', zoneCode: 'KTA', isActive: true }),
    ]);
    const centreSearch = await call(
      sb.url,
      '/v1/masterdata/usercentermapping/search',
      admin,
      'POST',
      search('id'),
    );
    expect(centreSearch.body.response).toMatchObject({
      totalRecord: 1,
      data: [expect.objectContaining({ id: 'registrar-kta', regCenterId: centreId, isActive: true })],
    });
    const zoneAgain = await call(
      sb.url,
      '/v1/masterdata/zoneuser?isActive=false&userId=registrar-kta',
      admin,
      'PATCH',
    );
    expect(zoneAgain.body.errors[0].errorCode).toBe('KER-USR-011');

    const crvs = await authenticate(sb.url, {
      clientId: 'mosip-crvs1-client',
      secret: secret!,
      appId: 'regproc',
    });
    const rid = nextRid(centreId, machineId);
    const at = { centreId, machineId };
    const packet = await call(
      sb.url,
      '/commons/v1/packetmanager/createPacket',
      crvs,
      'PUT',
      packetBody(rid, 'CRVS_NEW', birthFields(), 'registrar-kta', undefined, at),
    );
    expect(packet.body.errors).toEqual([]);
    const workflow = await call(
      sb.url,
      '/registrationprocessor/v1/workflowmanager/workflowinstance',
      crvs,
      'POST',
      workflowBody(rid, 'CRVS_NEW'),
    );
    expect(workflow.body.errors ?? []).toEqual([]);
    const regproc = await authenticate(sb.url, REGPROC);
    const transactions = await completedTransactions(sb.url, regproc, rid);
    const byType = Object.fromEntries(transactions.map((t) => [t.transactionTypeCode, t.statusCode]));
    expect(byType).toMatchObject({ CMD_VALIDATION: 'SUCCESS', OPERATOR_VALIDATION: 'SUCCESS' });
    expect(transactions.at(-1)).toMatchObject({
      transactionTypeCode: 'PRINT_SERVICE',
      statusCode: 'SUCCESS',
    });
  });
});
