import { createPublicKey, type KeyObject } from 'node:crypto';
import { keyIndexOf } from '../keymanager/client-crypto.ts';

/** A machine key as masterdata stores it: X.509 SubjectPublicKeyInfo, base64url, and its key index. */
export interface ParsedMachineKey {
  base64Url: string;
  keyIndex: string;
}

const TPM_ALG_RSA = 0x0001;
const TPM_ALG_NULL = 0x0010;

/**
 * A `TPMT_PUBLIC` RSA structure (TPM 2.0 Part 2, 12.2.4): type, nameAlg, objectAttributes, authPolicy,
 * `TPMS_RSA_PARMS` (symmetric, scheme, keyBits, exponent) and the modulus. Returns null if it is not one.
 */
function parseTpmtPublic(bytes: Buffer): KeyObject | null {
  try {
    let offset = 0;
    const u16 = () => {
      const v = bytes.readUInt16BE(offset);
      offset += 2;
      return v;
    };
    if (u16() !== TPM_ALG_RSA) return null;
    u16(); // nameAlg
    offset += 4; // objectAttributes
    offset += u16(); // authPolicy
    if (u16() !== TPM_ALG_NULL) offset += 4; // symmetric: keyBits + mode
    if (u16() !== TPM_ALG_NULL) offset += 2; // scheme details: hashAlg
    u16(); // keyBits
    const exponent = bytes.readUInt32BE(offset) || 65537;
    offset += 4;
    const size = u16();
    const modulus = bytes.subarray(offset, offset + size);
    if (modulus.length !== size || offset + size !== bytes.length || size === 0) return null;
    const e = Buffer.alloc(4);
    e.writeUInt32BE(exponent);
    return createPublicKey({
      key: {
        kty: 'RSA',
        n: modulus.toString('base64url'),
        e: e.subarray(e.findIndex((b) => b !== 0)).toString('base64url'),
      },
      format: 'jwk',
    });
  } catch {
    return null;
  }
}

function decodeKeyText(text: string): Buffer | null {
  if (/^[A-Za-z0-9_-]+={0,2}$/.test(text)) return Buffer.from(text, 'base64url');
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return Buffer.from(text, 'base64');
  return null;
}

/**
 * `MachineServiceImpl` key handling (mosip/admin-services `admin/kernel-masterdata-service/src/main/java/
 * io/mosip/kernel/masterdata/service/impl/MachineServiceImpl.java`): base64url (standard base64 as a
 * fallback), parsed as a TPM `TPMT_PUBLIC` first and as an X.509 RSA key otherwise; stored re-encoded as
 * base64url X.509 with the lower-case SHA-256 fingerprint as key index. Null when it is no RSA key.
 */
export function parseMachineKey(text: string): ParsedMachineKey | null {
  const bytes = decodeKeyText(text.trim());
  if (!bytes || bytes.length === 0) return null;
  let key = parseTpmtPublic(bytes);
  if (!key) {
    try {
      key = createPublicKey({ key: bytes, format: 'der', type: 'spki' });
    } catch {
      return null;
    }
  }
  if (key.asymmetricKeyType !== 'rsa') return null;
  const spki = key.export({ type: 'spki', format: 'der' });
  return { base64Url: spki.toString('base64url'), keyIndex: keyIndexOf(spki) };
}
