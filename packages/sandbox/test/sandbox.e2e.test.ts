import { createHash } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPacket } from '../src/packet-manager/packet-reader.ts';
import { IdentityRepository } from '../src/regproc/identity-repository.ts';
import {
  ADMIN,
  authenticate,
  birthFields,
  call,
  completedTransactions,
  CRVS,
  mosipDate,
  nextRid,
  officerToken,
  packetBody,
  REGPROC,
  startTestSandbox,
  workflowBody,
  type TestSandbox,
} from './helpers.ts';

const CREATE_PACKET = '/commons/v1/packetmanager/createPacket';
const WORKFLOW = '/registrationprocessor/v1/workflowmanager/workflowinstance';
const STATUS = '/registrationprocessor/v1/registrationstatus/search';
const tx = (rid: string) => `/registrationprocessor/v1/registrationtransaction/search/${rid}`;

describe('sandbox over HTTP', () => {
  let sb: TestSandbox;
  let crvs: string;
  let regproc: string;

  beforeAll(async () => {
    sb = await startTestSandbox();
    crvs = await authenticate(sb.url, CRVS);
    regproc = await authenticate(sb.url, REGPROC);
  });
  afterAll(async () => sb.dispose());

  async function registerBirth(fields = birthFields()) {
    const rid = nextRid();
    const created = await call(sb.url, CREATE_PACKET, crvs, 'PUT', packetBody(rid, 'CRVS_NEW', fields));
    expect(created.body.response).toHaveLength(3);
    const wf = await call(sb.url, WORKFLOW, crvs, 'POST', workflowBody(rid, 'CRVS_NEW'));
    expect(wf.body.response.workflowInstanceId).toMatch(/^[0-9a-f-]{36}$/);
    return { rid, created, transactions: await completedTransactions(sb.url, regproc, rid) };
  }

  describe('auth manager and identity provider', () => {
    it('returns the JWT in the Authorization header and cookie with the MOSIP envelope', async () => {
      const res = await fetch(`${sb.url}/v1/authmanager/authenticate/clientidsecretkey`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          id: 'my.id',
          version: '1.0',
          requesttime: new Date().toISOString(),
          request: { clientId: CRVS.clientId, secretKey: CRVS.secret, appId: 'regproc' },
        }),
      });
      const token = res.headers.get('authorization')!;
      expect(token.split('.')).toHaveLength(3);
      expect(res.headers.get('set-cookie')).toBe(`Authorization=${token}; Max-Age=6000000; Path=/; HttpOnly`);
      const body = await res.json();
      expect(body).toMatchObject({
        id: 'my.id',
        version: '1.0',
        metadata: null,
        errors: null,
        response: {
          status: 'Success',
          message: 'Clientid and Token combination had been validated successfully',
        },
      });
    });

    it('answers KER-ATH-026 (HTTP 200) for an unknown appId and HTTP 500 "500" for a bad secret', async () => {
      const body = (secretKey: string, appId: string) => ({
        request: { clientId: CRVS.clientId, secretKey, appId },
      });
      const unknownApp = await call(
        sb.url,
        '/v1/authmanager/authenticate/clientidsecretkey',
        null,
        'POST',
        body(CRVS.secret, 'nope'),
      );
      expect(unknownApp.status).toBe(200);
      expect(unknownApp.body.errors[0]).toEqual({
        errorCode: 'KER-ATH-026',
        message: 'Realm not found:: nope',
      });
      const badSecret = await call(
        sb.url,
        '/v1/authmanager/authenticate/clientidsecretkey',
        null,
        'POST',
        body('wrong', 'regproc'),
      );
      expect(badSecret.status).toBe(500);
      expect(badSecret.body.errors[0].errorCode).toBe('500');
      expect(badSecret.headers.get('authorization')).toBeNull();
    });

    it('issues RS256 tokens verifiable with the realm JWKS found by discovery', async () => {
      const discovery = (await (
        await fetch(`${sb.url}/auth/realms/mosip/.well-known/openid-configuration`)
      ).json()) as { issuer: string; jwks_uri: string };
      expect(discovery.issuer).toBe(`${sb.url}/auth/realms/mosip`);
      const { payload, protectedHeader } = await jwtVerify(
        crvs,
        createRemoteJWKSet(new URL(discovery.jwks_uri)),
        { issuer: discovery.issuer },
      );
      expect(protectedHeader.alg).toBe('RS256');
      expect(payload).toMatchObject({
        azp: CRVS.clientId,
        aud: 'account',
        preferred_username: 'service-account-mosip-crvs1-client',
        realm_access: { roles: ['ONLINE_REGISTRATION_CLIENT'] },
      });
      expect(payload.exp! - payload.iat!).toBe(300);
    });

    it('supports client_credentials and password grants with Keycloak errors', async () => {
      const form = (p: Record<string, string>) =>
        fetch(`${sb.url}/auth/realms/mosip/protocol/openid-connect/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(p).toString(),
        });
      const cc = await form({
        grant_type: 'client_credentials',
        client_id: ADMIN.clientId,
        client_secret: ADMIN.secret,
      });
      expect(decodeJwt(((await cc.json()) as { access_token: string }).access_token).realm_access).toEqual({
        roles: expect.arrayContaining(['GLOBAL_ADMIN', 'ZONAL_ADMIN']),
      });
      expect(decodeJwt(await officerToken(sb.url))).toMatchObject({
        preferred_username: 'crvs-officer',
        realm_access: { roles: ['REGISTRATION_OFFICER'] },
      });
      const bad = await form({
        grant_type: 'password',
        client_id: CRVS.clientId,
        client_secret: CRVS.secret,
        username: 'crvs-officer',
        password: 'x',
      });
      expect(bad.status).toBe(401);
      expect(await bad.json()).toEqual({
        error: 'invalid_grant',
        error_description: 'Invalid user credentials',
      });
    });
  });

  describe("MOSIP's auth adapter", () => {
    const body = () => packetBody(nextRid(), 'CRVS_NEW', birthFields());

    it('refuses a request without the Authorization cookie with 401 KER-ATH-401, even with a Bearer header', async () => {
      const none = await call(sb.url, CREATE_PACKET, null, 'PUT', body());
      expect(none.status).toBe(401);
      expect(none.body.errors).toEqual([{ errorCode: 'KER-ATH-401', message: 'Authentication Failed' }]);
      const bearer = await fetch(`${sb.url}${CREATE_PACKET}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${crvs}` },
        body: JSON.stringify(body()),
      });
      expect(bearer.status).toBe(401);
    });

    it('refuses a client outside the audience allow-list with 403 (admin client on the packet manager)', async () => {
      const admin = await authenticate(sb.url, ADMIN);
      const res = await call(sb.url, CREATE_PACKET, admin, 'PUT', body());
      expect(res.status).toBe(403);
      expect(res.body.errors[0].errorCode).toBe('KER-ATH-403');
    });

    it('refuses a missing realm role with 403 (CRVS client on the status search and transactions)', async () => {
      const status = await call(sb.url, STATUS, crvs, 'POST', {
        id: 'mosip.registration.status',
        version: '1.0',
        requesttime: new Date().toISOString(),
        request: [],
      });
      expect(status.status).toBe(403);
      expect((await call(sb.url, tx(nextRid()), crvs, 'GET')).status).toBe(403);
    });

    it('refuses an expired token and a token signed by another key with 401', async () => {
      let offsetMs = 0;
      const other = await startTestSandbox({ clock: () => Date.now() + offsetMs });
      try {
        const token = await authenticate(other.url, CRVS);
        expect((await call(other.url, CREATE_PACKET, token, 'PUT', body())).status).toBe(200);
        offsetMs = 301_000;
        expect((await call(other.url, CREATE_PACKET, token, 'PUT', body())).status).toBe(401);
        offsetMs = 0;
        // A token of this sandbox's realm presented to another sandbox, whose realm key differs.
        expect((await call(other.url, CREATE_PACKET, crvs, 'PUT', body())).status).toBe(401);
      } finally {
        await other.dispose();
      }
    });

    it('reads the Vert.x cookie only when Authorization comes first', async () => {
      const res = await fetch(`${sb.url}${WORKFLOW}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: `other=1; Authorization=${crvs}` },
        body: JSON.stringify(workflowBody(nextRid(), 'CRVS_NEW')),
      });
      expect(res.status).toBe(401);
    });
  });

  describe('packet manager', () => {
    it('creates a CRVS_NEW packet: three entries evidence/optional/id, stored encrypted and signed', async () => {
      const rid = nextRid();
      const res = await call(sb.url, CREATE_PACKET, crvs, 'PUT', packetBody(rid, 'CRVS_NEW', birthFields()));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: 'mosip.registration.packet.writer', version: 'v1', errors: [] });
      const infos = res.body.response as Record<string, string>[];
      expect(infos.map((i) => i.packetName)).toEqual([`${rid}_evidence`, `${rid}_optional`, `${rid}_id`]);
      for (const info of infos) {
        expect(info).toMatchObject({
          id: rid,
          source: 'CRVS1',
          process: 'CRVS_NEW',
          refId: '10001_10077',
          schemaVersion: '0.1',
          providerName: 'PacketWriterImpl',
          providerVersion: 'v1.0',
        });
        expect(info.signature).toHaveLength(342);
        const stored = sb.ctx.packetStore.getObject(rid, 'CRVS1', 'CRVS_NEW', info.packetName!);
        expect(createHash('sha256').update(stored!).digest('base64url')).toBe(info.encryptedHash);
      }
      const packet = await readPacket(rid, 'CRVS1', 'CRVS_NEW', {
        store: sb.ctx.packetStore,
        keyStore: sb.ctx.keyStore,
        signingPublicKeyFor: () => sb.ctx.keyStore.signingPublicKey(),
      });
      expect(JSON.parse(JSON.stringify(packet.identity.fullName))[0].language).toBe('eng');
      expect(packet.identity.IDSchemaVersion).toBe(0.1);
    });

    it('answers KER-PUT-006 for an unconfigured source and a silent null for a packet without audits', async () => {
      const unknown = packetBody(nextRid(), 'CRVS_NEW', birthFields());
      unknown.request.source = 'SOMEWHERE';
      const r1 = await call(sb.url, CREATE_PACKET, crvs, 'PUT', unknown);
      expect(r1.status).toBe(200);
      expect(r1.body).toMatchObject({
        id: null,
        response: null,
        errors: [{ errorCode: 'KER-PUT-006', message: 'No available provider for given source and process' }],
      });
      const noAudits = packetBody(nextRid(), 'CRVS_NEW', birthFields());
      noAudits.request.audits = [];
      const r2 = await call(sb.url, CREATE_PACKET, crvs, 'PUT', noAudits);
      expect(r2.status).toBe(200);
      expect(r2.body).toMatchObject({ response: null, errors: [] });
    });
  });

  describe('registration processor', () => {
    it('takes a birth to a UIN, reflects every stage, and refuses a second workflow with RPR-WIS-001', async () => {
      const { rid, transactions } = await registerBirth();
      expect(transactions.map((t) => `${t.transactionTypeCode}:${t.statusCode}`)).toEqual([
        'WORKFLOW_RESUME:REPROCESS',
        'VALIDATE_PACKET:SUCCESS',
        'PACKET_CLASSIFICATION:SUCCESS',
        'CMD_VALIDATION:SUCCESS',
        'OPERATOR_VALIDATION:SUCCESS',
        'DEMOGRAPHIC_VERIFICATION:SUCCESS',
        'UIN_GENERATOR:SUCCESS',
        'FINALIZATION:SUCCESS',
        // credential-requestor (CredentialRequestorStage records PRINT_SERVICE)
        'PRINT_SERVICE:SUCCESS',
      ]);
      const registration = sb.ctx.store.listByRef<{ uin: string; statusCode: string }>(
        'registration',
        rid,
      )[0]!;
      expect(registration.statusCode).toBe('PROCESSED');
      expect(registration.uin).toMatch(/^[2-9]\d{9}$/);
      expect(new IdentityRepository(sb.ctx.store).get(registration.uin)?.createdByRid).toBe(rid);
      const again = await call(sb.url, WORKFLOW, crvs, 'POST', workflowBody(rid, 'CRVS_NEW'));
      expect(again.status).toBe(200);
      expect(again.body.errors).toEqual([
        { errorCode: 'RPR-WIS-001', message: 'WorkflowInstance already present' },
      ]);
      const status = await call(sb.url, STATUS, await officerToken(sb.url), 'POST', {
        id: 'mosip.registration.status',
        version: '1.0',
        requesttime: new Date().toISOString(),
        request: [{ registrationId: rid }, { registrationId: nextRid() }],
      });
      expect(status.body.response).toEqual([
        { registrationId: rid, statusCode: 'PROCESSED', additionalInfoReqId: null },
      ]);
      expect(status.body.errors[0]).toMatchObject({
        errorCode: 'RPR-RGS-031',
        errorMessage: 'RID Not Found',
      });
      expect(status.headers.get('response-signature')).toMatch(/^[\w-]+\.\.[\w-]+$/);
    });

    it('marks the identity deceased on a CRVS_DEATH for its UIN', async () => {
      const { rid } = await registerBirth();
      const uin = sb.ctx.store.listByRef<{ uin: string }>('registration', rid)[0]!.uin;
      const deathRid = nextRid();
      const fields = {
        UIN: uin,
        declaredAsDeceased: 'Y',
        deceasedDeclarationDate: mosipDate(Date.now()),
        typeOfDeath: JSON.stringify([{ language: 'eng', value: 'Natural' }]),
      };
      expect(
        (await call(sb.url, CREATE_PACKET, crvs, 'PUT', packetBody(deathRid, 'CRVS_DEATH', fields))).body
          .response,
      ).toHaveLength(3);
      await call(sb.url, WORKFLOW, crvs, 'POST', workflowBody(deathRid, 'CRVS_DEATH'));
      const transactions = await completedTransactions(sb.url, regproc, deathRid);
      expect(transactions.map((t) => t.transactionTypeCode)).toEqual([
        'WORKFLOW_RESUME',
        'VALIDATE_PACKET',
        'PACKET_CLASSIFICATION',
        'CMD_VALIDATION',
        'OPERATOR_VALIDATION',
        'UIN_GENERATOR',
        'FINALIZATION',
      ]);
      const identity = new IdentityRepository(sb.ctx.store).get(uin)!;
      expect(identity.deceased).toBe(true);
      expect(identity.status).toBe('ACTIVATED');
      expect(identity.identity.deceasedDeclarationDate).toBe(fields.deceasedDeclarationDate);
    });

    it('rejects a packet missing a mandatory attribute at packet validation, while the status API says PROCESSED', async () => {
      const rid = nextRid();
      await call(
        sb.url,
        CREATE_PACKET,
        crvs,
        'PUT',
        packetBody(rid, 'CRVS_NEW', birthFields({ gender: null })),
      );
      await call(sb.url, WORKFLOW, crvs, 'POST', workflowBody(rid, 'CRVS_NEW'));
      const last = (await completedTransactions(sb.url, regproc, rid)).at(-1)!;
      expect(last).toMatchObject({ transactionTypeCode: 'VALIDATE_PACKET', statusCode: 'FAILED' });
      expect(last.statusComment).toContain('gender');
      const status = await call(sb.url, STATUS, await officerToken(sb.url), 'POST', {
        id: 'mosip.registration.status',
        version: '1.0',
        requesttime: new Date().toISOString(),
        request: [{ registrationId: rid }],
      });
      expect(status.body.response[0].statusCode).toBe('PROCESSED');
    });

    it('gives identical infants another UIN by default (infant dedupe off, as MOSIP configures it)', async () => {
      const person = {
        fullName: 'Twin Default Config',
        dateOfBirth: mosipDate(Date.now() - 20 * 86_400_000),
        gender: 'Male',
      };
      await registerBirth(birthFields(person));
      const { transactions } = await registerBirth(birthFields(person));
      expect(
        transactions.find((t) => t.transactionTypeCode === 'DEMOGRAPHIC_VERIFICATION')?.statusComment,
      ).toContain('not applicable');
      expect(transactions.at(-1)).toMatchObject({
        transactionTypeCode: 'PRINT_SERVICE',
        statusCode: 'SUCCESS',
      });
    });

    it('fails a CRVS_NEW packet of an adult at the infant check', async () => {
      const { transactions } = await registerBirth(birthFields({ dateOfBirth: '1990/05/01' }));
      expect(transactions.at(-1)).toMatchObject({
        transactionTypeCode: 'CMD_VALIDATION',
        statusCode: 'FAILED',
      });
    });

    it('validates the workflow envelope with RPR-WIN-000/001', async () => {
      const missing = await call(sb.url, WORKFLOW, crvs, 'POST', {
        ...workflowBody(nextRid(), 'CRVS_NEW'),
        id: undefined,
      });
      expect(missing.body.errors).toEqual([
        { errorCode: 'RPR-WIN-000', message: 'Missing Request Value - id' },
      ]);
      const version = await call(sb.url, WORKFLOW, crvs, 'POST', {
        ...workflowBody(nextRid(), 'CRVS_NEW'),
        version: '1.0',
      });
      expect(version.body.errors).toEqual([
        { errorCode: 'RPR-WIN-001', message: 'Invalid Request Value - version' },
      ]);
      const time = await call(sb.url, WORKFLOW, crvs, 'POST', {
        ...workflowBody(nextRid(), 'CRVS_NEW'),
        requesttime: '2025-04-08T12:34:56Z',
      });
      expect(time.body.errors).toEqual([
        { errorCode: 'RPR-WIN-001', message: 'Invalid Request Value - requesttime' },
      ]);
    });
  });
});
