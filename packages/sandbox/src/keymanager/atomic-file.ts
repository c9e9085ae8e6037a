import { randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * File helpers shared by the key store and the packet store: atomic writes and file-name-safe encoding
 * of caller-chosen names (application ids, RIDs, tag names), which must never reach the file system raw.
 */

/** Writes through a temporary sibling and renames it, so readers see the old or the new file, never half. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** {@link writeFileAtomic} for synchronous callers. */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Marks the empty string, which `encodeURIComponent` leaves empty (an empty path segment). */
const EMPTY_SEGMENT = '%';

/**
 * One path segment for any string: percent-encoded, with `.` and `*` encoded too so the result never
 * contains a dot (no `..`, and suffixes like `.object` stay unambiguous). Reversible.
 */
export function toFileSafeSegment(name: string): string {
  if (name === '') return EMPTY_SEGMENT;
  return encodeURIComponent(name).replace(/\./g, '%2E').replace(/\*/g, '%2A');
}

/** Reverses {@link toFileSafeSegment}. */
export function fromFileSafeSegment(segment: string): string {
  return segment === EMPTY_SEGMENT ? '' : decodeURIComponent(segment);
}
