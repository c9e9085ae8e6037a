import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  randomBytes as cryptoRandomBytes,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fromFileSafeSegment, toFileSafeSegment, writeFileAtomic } from './atomic-file.ts';
import { base64UrlEncode } from './base64url.ts';
import { csSignWith, keyIndexOf } from './client-crypto.ts';
import {
  assembleEnvelope,
  CONTENT_KEY_LENGTH,
  decryptDataBlock,
  encryptDataBlock,
  parseEnvelope,
  unwrapContentKey,
  wrapContentKey,
  type SymmetricInputs,
} from './hybrid-encryption.ts';
import { KeyManagerError } from './keymanager-error.ts';
import { certificateToPem, createSelfSignedCertificate } from './self-signed-certificate.ts';

/**
 * The sandbox keymanager's keys, kept as PEM files so a restart keeps them:
 * - `reg.key` / `reg.pub`: the host's client-security key (`LocalClientCryptoServiceImpl`, which keeps the
 *   same pair under `.mosipkeys`), behind `/tpmsigning/publickey` and `/cssign`;
 * - `encryption/<applicationId>/<referenceId>.key.pem` + `.crt.pem`: one RSA-2048 key and self-signed
 *   certificate per (applicationId, referenceId), created on first use (MOSIP would sign it with the
 *   application's master key; whether it auto-creates keys for any referenceId is not verified).
 */

const RSA_BITS = 2048;
const SIGNING_PRIVATE_FILE = 'reg.key';
const SIGNING_PUBLIC_FILE = 'reg.pub';
const ENCRYPTION_DIR = 'encryption';
const PRIVATE_SUFFIX = '.key.pem';
const CERTIFICATE_SUFFIX = '.crt.pem';
/** Used for new certificates when no clock is given, so they never depend on the wall clock. */
const DEFAULT_KEY_EPOCH_MS = Date.UTC(2024, 0, 1);
const DEFAULT_VALIDITY_DAYS = 3650;
const DAY_MS = 86_400_000;

const generateRsaKeyPair = promisify(generateKeyPair);

/** Injected time, randomness and certificate validity. */
export interface KeyStoreOptions {
  /** Epoch milliseconds; stamps `notBefore` of new certificates (default: 2024-01-01T00:00:00Z). */
  clock?: () => number;
  /** Content keys, generated aad/IV and certificate serial numbers (default `crypto.randomBytes`). */
  randomBytes?: (size: number) => Buffer;
  /** Validity of new certificates in days (default 3650). */
  certificateValidityDays?: number;
}

/** A certificate as `GET /getCertificate` serves it, plus the thumbprint `/encrypt` prepends. */
export interface CertificateInfo {
  pem: string;
  der: Buffer;
  /** SHA-256 of the DER encoding (`CryptomanagerUtils.getCertificateThumbprint`), 32 bytes. */
  thumbprint: Buffer;
  notBefore: Date;
  notAfter: Date;
}

/** `salt` and `aad` of an `/encrypt` or `/decrypt` request, already base64-decoded. */
export type CryptoRequestOptions = SymmetricInputs;

interface EncryptionKey {
  applicationId: string;
  referenceId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  certificate: CertificateInfo;
}

function parseCertificate(pemOrDer: string | Buffer): { certificate: CertificateInfo; publicKey: KeyObject } {
  const parsed = new X509Certificate(pemOrDer);
  const der = Buffer.from(parsed.raw);
  const certificate = {
    pem: certificateToPem(der),
    der,
    thumbprint: createHash('sha256').update(der).digest(),
    notBefore: new Date(parsed.validFrom),
    notAfter: new Date(parsed.validTo),
  };
  return { certificate, publicKey: parsed.publicKey };
}

const keyId = (applicationId: string, referenceId: string) => JSON.stringify([applicationId, referenceId]);

async function readIfPresent(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function loadOrCreateSigningKey(dir: string): Promise<{ privateKey: KeyObject; publicSpki: Buffer }> {
  const privatePem = await readIfPresent(join(dir, SIGNING_PRIVATE_FILE));
  const publicPem = await readIfPresent(join(dir, SIGNING_PUBLIC_FILE));
  if (privatePem && publicPem) {
    const publicSpki = createPublicKey(publicPem).export({ type: 'spki', format: 'der' });
    return { privateKey: createPrivateKey(privatePem), publicSpki };
  }
  // Like LocalClientCryptoServiceImpl: without both files, a new pair replaces whatever is there.
  const pair = await generateRsaKeyPair('rsa', { modulusLength: RSA_BITS, publicExponent: 0x10001 });
  await writeFileAtomic(
    join(dir, SIGNING_PRIVATE_FILE),
    pair.privateKey.export({ type: 'pkcs8', format: 'pem' }),
  );
  await writeFileAtomic(
    join(dir, SIGNING_PUBLIC_FILE),
    pair.publicKey.export({ type: 'spki', format: 'pem' }),
  );
  return { privateKey: pair.privateKey, publicSpki: pair.publicKey.export({ type: 'spki', format: 'der' }) };
}

async function loadEncryptionKeys(dir: string): Promise<EncryptionKey[]> {
  const root = join(dir, ENCRYPTION_DIR);
  const applications = await readdir(root).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const keys: EncryptionKey[] = [];
  for (const applicationSegment of applications) {
    const files = await readdir(join(root, applicationSegment));
    for (const file of files.filter((name) => name.endsWith(PRIVATE_SUFFIX))) {
      const referenceSegment = file.slice(0, -PRIVATE_SUFFIX.length);
      const certificatePem = await readIfPresent(
        join(root, applicationSegment, referenceSegment + CERTIFICATE_SUFFIX),
      );
      // A key without its certificate (interrupted creation) is recreated on first use.
      if (!certificatePem) continue;
      const privatePem = await readFile(join(root, applicationSegment, file), 'utf8');
      keys.push({
        applicationId: fromFileSafeSegment(applicationSegment),
        referenceId: fromFileSafeSegment(referenceSegment),
        privateKey: createPrivateKey(privatePem),
        ...parseCertificate(certificatePem),
      });
    }
  }
  return keys;
}

/** File-backed keymanager keys and the `/encrypt`, `/decrypt`, `/cssign` operations on them. */
export class KeyStore {
  private readonly byId = new Map<string, EncryptionKey>();
  private readonly byThumbprint = new Map<string, EncryptionKey>();
  private readonly creating = new Map<string, Promise<EncryptionKey>>();
  private readonly clock: () => number;
  private readonly randomBytes: (size: number) => Buffer;
  private readonly validityDays: number;

  private constructor(
    private readonly dir: string,
    private readonly signing: { privateKey: KeyObject; publicSpki: Buffer },
    keys: EncryptionKey[],
    options: KeyStoreOptions,
  ) {
    this.clock = options.clock ?? (() => DEFAULT_KEY_EPOCH_MS);
    this.randomBytes = options.randomBytes ?? cryptoRandomBytes;
    this.validityDays = options.certificateValidityDays ?? DEFAULT_VALIDITY_DAYS;
    for (const key of keys) this.remember(key);
  }

  /** Opens (creating if needed) the key directory; existing keys are loaded, missing ones created lazily. */
  static async open(dir: string, options: KeyStoreOptions = {}): Promise<KeyStore> {
    await mkdir(dir, { recursive: true });
    const signing = await loadOrCreateSigningKey(dir);
    return new KeyStore(dir, signing, await loadEncryptionKeys(dir), options);
  }

  /** The client-security public key, X.509 SubjectPublicKeyInfo DER (`getSigningPublicPart`). */
  signingPublicKey(): Buffer {
    return Buffer.from(this.signing.publicSpki);
  }

  /** What `POST /v1/keymanager/tpmsigning/publickey` returns as `publicKey`: base64url, no padding. */
  signingPublicKeyBase64Url(): string {
    return base64UrlEncode(this.signing.publicSpki);
  }

  /** The `KeyIndex` MOSIP prints next to the public key (colon-separated hex SHA-256). */
  signingKeyIndex(): string {
    return keyIndexOf(this.signing.publicSpki);
  }

  /** `POST /v1/keymanager/cssign`: SHA256withRSA with the client-security key. */
  csSign(data: Uint8Array): Buffer {
    return csSignWith(this.signing.privateKey, data);
  }

  /** The certificate for (applicationId, referenceId), created and persisted on first use. */
  async certificate(applicationId: string, referenceId: string): Promise<CertificateInfo> {
    return (await this.encryptionKey(applicationId, referenceId)).certificate;
  }

  /**
   * `POST /v1/keymanager/encrypt` on raw bytes (the route base64-decodes `data`, `salt` and `aad`). The
   * thumbprint is always prepended (`prependThumbprint` is ignored since MOSIP 1.2.0.1). A blank
   * referenceId is refused with `KER-CRY-011`, as `CryptomanagerUtils.validateKeyIdentifierIds` does.
   */
  async encrypt(
    applicationId: string,
    referenceId: string,
    data: Uint8Array,
    options: CryptoRequestOptions = {},
  ): Promise<Buffer> {
    if (referenceId.trim() === '') throw new KeyManagerError('encryptNotAllowed');
    if (data.length === 0) throw new KeyManagerError('emptyData');
    const contentKey = this.randomBytes(CONTENT_KEY_LENGTH);
    const { dataBlock, header } = encryptDataBlock(contentKey, data, options, this.randomBytes);
    const key = await this.encryptionKey(applicationId, referenceId);
    return assembleEnvelope({
      header,
      thumbprint: key.certificate.thumbprint,
      wrappedKey: wrapContentKey(key.publicKey, contentKey),
      dataBlock,
    });
  }

  /**
   * `POST /v1/keymanager/decrypt` on raw bytes. With a thumbprint the key is found by it (any
   * referenceId of the same application is accepted, as `KeymanagerDBHelper.getKeyAlias` does); without
   * one, the (applicationId, referenceId) key is used. Failures are {@link KeyManagerError}s.
   */
  decrypt(
    applicationId: string,
    referenceId: string,
    data: Uint8Array,
    options: CryptoRequestOptions = {},
  ): Buffer {
    if (data.length === 0) throw new KeyManagerError('emptyData');
    const envelope = parseEnvelope(data);
    const key = envelope.thumbprint
      ? this.keyForThumbprint(applicationId, envelope.thumbprint)
      : this.byId.get(keyId(applicationId, referenceId));
    if (!key) throw new KeyManagerError('noUniqueAlias');
    const contentKey = unwrapContentKey(key.privateKey, envelope.wrappedKey);
    return decryptDataBlock(contentKey, envelope.dataBlock, envelope.header, options);
  }

  private keyForThumbprint(applicationId: string, thumbprint: Buffer): EncryptionKey {
    const key = this.byThumbprint.get(thumbprint.toString('hex'));
    if (!key) throw new KeyManagerError('keyNotFoundByThumbprint');
    if (key.applicationId !== applicationId) throw new KeyManagerError('appIdReferenceIdNotMatching');
    return key;
  }

  private remember(key: EncryptionKey): void {
    this.byId.set(keyId(key.applicationId, key.referenceId), key);
    this.byThumbprint.set(key.certificate.thumbprint.toString('hex'), key);
  }

  private async encryptionKey(applicationId: string, referenceId: string): Promise<EncryptionKey> {
    const id = keyId(applicationId, referenceId);
    const existing = this.byId.get(id);
    if (existing) return existing;
    // Concurrent first uses share one creation, so a reference never gets two keys.
    let pending = this.creating.get(id);
    if (!pending) {
      pending = this.createEncryptionKey(applicationId, referenceId).finally(() => this.creating.delete(id));
      this.creating.set(id, pending);
    }
    return pending;
  }

  private async createEncryptionKey(applicationId: string, referenceId: string): Promise<EncryptionKey> {
    const pair = await generateRsaKeyPair('rsa', { modulusLength: RSA_BITS, publicExponent: 0x10001 });
    const notBefore = new Date(Math.floor(this.clock() / 1000) * 1000);
    const serialNumber = this.randomBytes(16);
    serialNumber[0] = (serialNumber[0] ?? 0) & 0x7f;
    const der = createSelfSignedCertificate({
      subject: [
        ['O', 'crvs-mosip sandbox'],
        ['OU', applicationId],
        ['CN', `${applicationId}-${referenceId}`],
      ],
      serialNumber,
      notBefore,
      notAfter: new Date(notBefore.getTime() + this.validityDays * DAY_MS),
      publicKey: pair.publicKey,
      privateKey: pair.privateKey,
    });
    const base = join(
      this.dir,
      ENCRYPTION_DIR,
      toFileSafeSegment(applicationId),
      toFileSafeSegment(referenceId),
    );
    await writeFileAtomic(base + PRIVATE_SUFFIX, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    // The certificate is written last: a key file alone is treated as unfinished on the next open.
    await writeFileAtomic(base + CERTIFICATE_SUFFIX, certificateToPem(der));
    const key: EncryptionKey = {
      applicationId,
      referenceId,
      privateKey: pair.privateKey,
      ...parseCertificate(der),
    };
    this.remember(key);
    return key;
  }
}
