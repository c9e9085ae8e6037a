import { randomBytes, randomInt, X509Certificate } from 'node:crypto';
import { base64UrlEncode } from '../keymanager/base64url.ts';
import {
  assembleEnvelope,
  CONTENT_KEY_LENGTH,
  encryptDataBlock,
  wrapContentKey,
} from '../keymanager/hybrid-encryption.ts';
import type { KeyStore } from '../keymanager/key-store.ts';
import type { IdentityRecord } from '../state/models.ts';
import type { CredentialPartner } from './partners.ts';

/** `mosip.credential.service.type.name` / `…namespace` (mosip-config `credential-service-default.properties`). */
const EVENT_TYPE = { namespace: 'mosip', name: 'mosip' };
/** Prefix of credential ids (id-repository credential-service `mosip.credential.service.credential.id.prefix`). */
export const CREDENTIAL_ID_PREFIX = 'http://credential.idrepo/credentials/';

/** Injected time and ids. */
export interface IssueContext {
  now: Date;
  uuid: () => string;
  keyStore: KeyStore;
}

/** The `EventModel` the credential service publishes to `<partnerId>/CREDENTIAL_ISSUED`. */
export interface CredentialIssuedEvent {
  publisher: 'CREDENTIAL_SERVICE';
  topic: string;
  publishedOn: string;
  event: {
    id: string;
    transactionId: string;
    type: { namespace: string; name: string };
    timestamp: string;
    dataShareUri: null;
    data: {
      registrationId: string;
      templateTypeCode: string;
      credential: string;
      proof: { signature: string };
      credentialType: 'vercred';
      protectionKey: string;
    };
  };
}

/** A 16-digit VID (MOSIP's VID generator draws 16 digits, no leading zero). */
export function generateVid(): string {
  return String(randomInt(1, 10)) + Array.from({ length: 15 }, () => String(randomInt(10))).join('');
}

/**
 * The verifiable credential of an identity, shaped as id-repository credential-service
 * `VerCredProvider` builds it (W3C VC; `credentialSubject.id` = the credential id, which opencrvs/mosip
 * `packages/mosip-api/src/websub/...` reads back together with `credentialSubject.VID`).
 */
export function buildVerifiableCredential(
  identity: IdentityRecord,
  vid: string,
  credentialId: string,
  issuanceDate: Date,
): Record<string, unknown> {
  const id = `${CREDENTIAL_ID_PREFIX}${credentialId}`;
  return {
    '@context': [
      'https://www.w3.org/2018/credentials/v1',
      'https://api.sandbox.mosip.net/.well-known/mosip-context.json',
    ],
    id,
    type: ['VerifiableCredential', 'MOSIPVerifiableCredential'],
    issuer: 'https://api.sandbox.mosip.net/.well-known/controller.json',
    issuanceDate: issuanceDate.toISOString(),
    credentialSubject: { ...identity.identity, id, UIN: identity.uin, VID: vid },
  };
}

/**
 * Detached JWS (RS256) over the credential JSON: `base64url(header)..base64url(signature)`, the signing
 * input being `base64url(header).base64url(payload)` (keymanager `jwtSign` with `includePayload=false`,
 * as credential-service `CredentialStoreServiceImpl` requests for `data.proof.signature`). Signed with the
 * keymanager's signing key (the key of `POST /v1/keymanager/tpmsigning/publickey`).
 */
export function detachedJws(keyStore: KeyStore, payload: string): string {
  const header = base64UrlEncode(
    Buffer.from(JSON.stringify({ alg: 'RS256', kid: keyStore.signingKeyIndex() }), 'utf8'),
  );
  const input = `${header}.${base64UrlEncode(Buffer.from(payload, 'utf8'))}`;
  return `${header}..${base64UrlEncode(keyStore.csSign(Buffer.from(input, 'ascii')))}`;
}

/**
 * `/encrypt` default layout (VER_R2 ‖ thumbprint ‖ RSA-OAEP-256 key ‖ #KEY_SPLITTER# ‖ aad ‖ cipher ‖ tag)
 * to the partner's certificate, base64url without padding (mosip/keymanager `CryptomanagerServiceImpl`).
 */
export function encryptForPartner(partner: CredentialPartner, data: Uint8Array): string {
  const certificate = new X509Certificate(partner.certificatePem);
  const contentKey = randomBytes(CONTENT_KEY_LENGTH);
  const { dataBlock, header } = encryptDataBlock(contentKey, data, {}, randomBytes);
  return base64UrlEncode(
    assembleEnvelope({
      header,
      thumbprint: Buffer.from(partner.thumbprint, 'hex'),
      wrappedKey: wrapContentKey(certificate.publicKey, contentKey),
      dataBlock,
    }),
  );
}

/** Issues the credential of `identity` for `partner` and returns the CREDENTIAL_ISSUED event. */
export function issueCredential(
  ctx: IssueContext,
  partner: CredentialPartner,
  identity: IdentityRecord,
  registrationId: string,
  vid: string,
): CredentialIssuedEvent {
  const credentialId = ctx.uuid();
  const vc = JSON.stringify(buildVerifiableCredential(identity, vid, credentialId, ctx.now));
  const at = ctx.now.toISOString();
  return {
    publisher: 'CREDENTIAL_SERVICE',
    topic: `${partner.partnerId}/CREDENTIAL_ISSUED`,
    publishedOn: at,
    event: {
      id: ctx.uuid(),
      transactionId: credentialId,
      type: EVENT_TYPE,
      timestamp: at,
      dataShareUri: null,
      data: {
        registrationId,
        templateTypeCode: 'RPR_UIN_CARD_TEMPLATE',
        credential: encryptForPartner(partner, Buffer.from(vc, 'utf8')),
        proof: { signature: detachedJws(ctx.keyStore, vc) },
        credentialType: 'vercred',
        protectionKey: String(randomInt(100_000, 1_000_000)),
      },
    },
  };
}
