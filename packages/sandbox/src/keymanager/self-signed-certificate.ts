import { createHash, sign, type KeyObject } from 'node:crypto';
import {
  derBitString,
  derBoolean,
  derExplicit,
  derNull,
  derObjectIdentifier,
  derOctetString,
  derSequence,
  derSet,
  derSmallInteger,
  derTime,
  derUnsignedInteger,
  derUtf8String,
} from './der.ts';

/**
 * Self-signed X.509 v3 certificates for the sandbox's encryption keys (signature SHA256withRSA).
 *
 * Built here rather than with `@peculiar/x509`: that library needs a global `reflect-metadata` polyfill
 * (through `tsyringe`) which is not installed, and patching the global `Reflect` from library code would
 * make every importer depend on import order.
 */

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const ATTRIBUTE_TYPES = { CN: '2.5.4.3', OU: '2.5.4.11', O: '2.5.4.10' } as const;
const BASIC_CONSTRAINTS = '2.5.29.19';
const KEY_USAGE = '2.5.29.15';
const SUBJECT_KEY_IDENTIFIER = '2.5.29.14';

/** One relative distinguished name: attribute type and value. */
export type NameAttribute = readonly [keyof typeof ATTRIBUTE_TYPES, string];

/** What goes into the certificate. */
export interface SelfSignedCertificateParams {
  /** Relative distinguished names, most significant first (e.g. `[['O', 'x'], ['CN', 'y']]`). */
  subject: readonly NameAttribute[];
  /** Unsigned big-endian serial number (RFC 5280: at most 20 bytes). */
  serialNumber: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  publicKey: KeyObject;
  privateKey: KeyObject;
}

function encodeName(attributes: readonly NameAttribute[]): Buffer {
  return derSequence(
    ...attributes.map(([type, value]) =>
      derSet(derSequence(derObjectIdentifier(ATTRIBUTE_TYPES[type]), derUtf8String(value))),
    ),
  );
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return derSequence(
    derObjectIdentifier(oid),
    ...(critical ? [derBoolean(true)] : []),
    derOctetString(value),
  );
}

/** An end-entity key: not a CA; digitalSignature, keyEncipherment and dataEncipherment. */
function encodeExtensions(subjectPublicKeyInfo: Buffer): Buffer {
  const keyIdentifier = createHash('sha1').update(subjectPublicKeyInfo).digest();
  // Bits 0, 2 and 3 set: 1011 0000, the four low bits unused.
  const keyUsage = derBitString(Buffer.from([0b1011_0000]), 4);
  return derExplicit(
    3,
    derSequence(
      extension(BASIC_CONSTRAINTS, true, derSequence()),
      extension(KEY_USAGE, true, keyUsage),
      extension(SUBJECT_KEY_IDENTIFIER, false, derOctetString(keyIdentifier)),
    ),
  );
}

/** Returns the certificate's DER encoding. */
export function createSelfSignedCertificate(params: SelfSignedCertificateParams): Buffer {
  const subjectPublicKeyInfo = params.publicKey.export({ type: 'spki', format: 'der' });
  const signatureAlgorithm = derSequence(derObjectIdentifier(SHA256_WITH_RSA), derNull());
  const name = encodeName(params.subject);
  const toBeSigned = derSequence(
    derExplicit(0, derSmallInteger(2)),
    derUnsignedInteger(params.serialNumber),
    signatureAlgorithm,
    name,
    derSequence(derTime(params.notBefore), derTime(params.notAfter)),
    name,
    subjectPublicKeyInfo,
    encodeExtensions(subjectPublicKeyInfo),
  );
  const signature = sign('sha256', toBeSigned, params.privateKey);
  return derSequence(toBeSigned, signatureAlgorithm, derBitString(signature));
}

/** PEM text of a DER certificate (64-character lines, trailing newline). */
export function certificateToPem(der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
