import type { PayloadCipher } from './payload-cipher.ts';

/** How the repositories store a registration's UIN (see `RegistrationsTable.uin`). */

/** Associated data binding a UIN token to its registration row. */
export function uinAssociatedData(registrationId: string): string {
  return `${registrationId}:uin`;
}

/**
 * The clear UIN of a row: decrypted when the row has a lookup hash, as stored when it has none (a
 * clear-text UIN written before migration 0003, not yet converted by `encryptLegacyUins`).
 * @throws PayloadDecryptionError when the token does not decrypt on this row
 */
export function decryptUin(
  cipher: PayloadCipher,
  row: { id: string; uin: string | null; uin_lookup: string | null },
): string | null {
  if (row.uin === null) return null;
  if (row.uin_lookup === null) return row.uin;
  return cipher.decrypt(row.uin, uinAssociatedData(row.id));
}
