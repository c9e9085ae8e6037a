/**
 * The few DER (X.690) encoders a self-signed X.509 certificate needs. Only encoding: certificates are
 * parsed with Node's `crypto.X509Certificate`.
 */

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One tag-length-value element. */
export function derElement(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

/** SEQUENCE of already-encoded elements. */
export function derSequence(...items: Uint8Array[]): Buffer {
  return derElement(0x30, Buffer.concat(items));
}

/** SET of already-encoded elements (callers pass them in DER order). */
export function derSet(...items: Uint8Array[]): Buffer {
  return derElement(0x31, Buffer.concat(items));
}

/** A non-negative INTEGER from its unsigned big-endian bytes (minimal, with a sign byte when needed). */
export function derUnsignedInteger(bigEndian: Uint8Array): Buffer {
  let start = 0;
  while (start < bigEndian.length - 1 && bigEndian[start] === 0) start++;
  const trimmed = Buffer.from(bigEndian.subarray(start));
  const content = (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
  return derElement(0x02, content.length === 0 ? Buffer.from([0]) : content);
}

/** INTEGER from a non-negative JavaScript number. */
export function derSmallInteger(value: number): Buffer {
  const bytes: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return derUnsignedInteger(Buffer.from(bytes.length ? bytes : [0]));
}

/** BOOLEAN (DER: 0xff for true). */
export function derBoolean(value: boolean): Buffer {
  return derElement(0x01, Buffer.from([value ? 0xff : 0x00]));
}

/** NULL, as in AlgorithmIdentifier parameters. */
export function derNull(): Buffer {
  return Buffer.from([0x05, 0x00]);
}

/** OBJECT IDENTIFIER from dotted form ("1.2.840.113549.1.1.11"). */
export function derObjectIdentifier(dotted: string): Buffer {
  const arcs = dotted.split('.').map((arc) => Number(arc));
  const [first = 0, second = 0, ...rest] = arcs;
  const bytes: number[] = [first * 40 + second];
  for (const arc of rest) {
    const base128: number[] = [arc % 128];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) {
      base128.unshift((value % 128) | 0x80);
    }
    bytes.push(...base128);
  }
  return derElement(0x06, Buffer.from(bytes));
}

/** UTF8String. */
export function derUtf8String(text: string): Buffer {
  return derElement(0x0c, Buffer.from(text, 'utf8'));
}

/** OCTET STRING. */
export function derOctetString(content: Uint8Array): Buffer {
  return derElement(0x04, content);
}

/** BIT STRING whose last byte has `unusedBits` padding bits. */
export function derBitString(content: Uint8Array, unusedBits = 0): Buffer {
  return derElement(0x03, Buffer.concat([Buffer.from([unusedBits]), content]));
}

/** `[n] EXPLICIT` context-specific constructed tag. */
export function derExplicit(tagNumber: number, content: Uint8Array): Buffer {
  return derElement(0xa0 | tagNumber, content);
}

/** RFC 5280 Time: UTCTime for 1950–2049, GeneralizedTime otherwise; always UTC, whole seconds. */
export function derTime(date: Date): Buffer {
  const iso = date.toISOString();
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
  const year = date.getUTCFullYear();
  if (year >= 1950 && year < 2050) return derElement(0x17, Buffer.from(`${digits.slice(2)}Z`, 'ascii'));
  return derElement(0x18, Buffer.from(`${digits}Z`, 'ascii'));
}
