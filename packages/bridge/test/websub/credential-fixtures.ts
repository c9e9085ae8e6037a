/**
 * Test-side MOSIP credential encryption, exactly in keymanager `/encrypt`'s default layout
 * (mosip-contracts 4.3): base64url-no-padding( "VER_R2" ‖ SHA-256(cert DER) ‖ RSA-OAEP-SHA256(aesKey)
 * ‖ "#KEY_SPLITTER#" ‖ aad(32) ‖ AES-256-GCM(ciphertext) ‖ tag(16) ), nonce = aad[0..12), AAD = aad.
 */
import {
  constants,
  createCipheriv,
  createHash,
  createHmac,
  generateKeyPairSync,
  publicEncrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

/** An RSA-2048 partner key pair (as the partner's certificate would hold it). */
export function partnerKeyPair(): { publicKey: KeyObject; privateKey: KeyObject; privatePem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKey,
    privateKey,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** Encrypts `plaintext` for `publicKey`; the thumbprint is SHA-256 of the key's DER (any DER will do here). */
export function encryptCredential(plaintext: string, publicKey: KeyObject): string {
  const aesKey = randomBytes(32);
  const aad = randomBytes(32);
  const cipher = createCipheriv('aes-256-gcm', aesKey, aad.subarray(0, 12), { authTagLength: 16 });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const thumbprint = createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest();
  const wrapped = publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    aesKey,
  );
  return Buffer.concat([
    Buffer.from('VER_R2', 'ascii'),
    thumbprint,
    wrapped,
    Buffer.from('#KEY_SPLITTER#', 'utf8'),
    aad,
    ciphertext,
    cipher.getAuthTag(),
  ]).toString('base64url');
}

/** A MOSIP VC carrying a UIN and VID (the shape of the credential service's `vercred`). */
export function verifiableCredential(uin: string, vid = '5555555555555555'): string {
  return JSON.stringify({
    '@context': ['https://www.w3.org/2018/credentials/v1'],
    type: ['VerifiableCredential', 'MOSIPVerifiableCredential'],
    issuer: 'https://credential.example.mosip.net',
    issuanceDate: '2026-01-01T00:00:00.000Z',
    credentialSubject: { id: 'http://credential.idrepo/credentials/abc', UIN: uin, VID: vid, vcVer: 'VC-V1' },
  });
}

/** The `<partnerId>/CREDENTIAL_ISSUED` event (mosip-contracts 11.2). */
export function credentialIssuedEvent(rid: string, credential: string, partnerId = 'crvs-partner') {
  return {
    publisher: 'CREDENTIAL_SERVICE',
    topic: `${partnerId}/CREDENTIAL_ISSUED`,
    publishedOn: '2026-01-01T00:00:00.000Z',
    event: {
      id: `event-${rid}`,
      transactionId: `tx-${rid}`,
      type: { namespace: 'mosip', name: 'mosip' },
      timestamp: '2026-01-01T00:00:00.000Z',
      dataShareUri: null,
      data: {
        registrationId: rid,
        templateTypeCode: 'RPR_UIN_CARD_TEMPLATE',
        credential,
        proof: { signature: 'detached' },
        credentialType: 'vercred',
        protectionKey: '123456',
      },
    },
  };
}

/** `X-Hub-Signature` as MOSIP's hub computes it (mosip-contracts 12.1). */
export const hubSignature = (secret: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
