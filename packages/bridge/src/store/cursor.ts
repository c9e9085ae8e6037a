import { InvalidCursor } from './store-errors.ts';

/** Position after the last item of a page: the keyset (created_at, id). */
export interface Keyset {
  createdAt: number;
  id: string;
}

/**
 * Encodes a keyset as an opaque cursor. Opaque so clients cannot build cursors and the encoding can
 * change; it holds no personal data (a time and a uuid).
 */
export function encodeCursor(keyset: Keyset): string {
  return Buffer.from(JSON.stringify([keyset.createdAt, keyset.id]), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by `encodeCursor`.
 * @throws InvalidCursor when the text is not such a cursor
 */
export function decodeCursor(cursor: string): Keyset {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor();
  }
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    !Number.isSafeInteger(value[0]) ||
    typeof value[1] !== 'string' ||
    value[1] === ''
  ) {
    throw new InvalidCursor();
  }
  return { createdAt: value[0] as number, id: value[1] };
}
