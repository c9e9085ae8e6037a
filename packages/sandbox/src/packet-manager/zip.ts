import { fromBuffer, type Entry, type ZipFile as ZipReader } from 'yauzl';
import { ZipFile } from 'yazl';

/**
 * In-memory zips of subpackets. The writer mirrors `java.util.zip.ZipOutputStream` as MOSIP uses it:
 * entries in order, deflated, DOS timestamps only (no extended-timestamp field). The timestamp is given,
 * so the same files and time always give the same bytes.
 */

export interface ZipEntryData {
  name: string;
  data: Buffer;
}

/**
 * yazl encodes DOS times from the local-time fields of a Date; this Date's local fields carry the UTC
 * wall time, so the archive does not depend on the machine's time zone (MOSIP's containers run in UTC).
 */
function utcWallClock(epochMs: number): Date {
  const instant = new Date(epochMs);
  return new Date(
    instant.getUTCFullYear(),
    instant.getUTCMonth(),
    instant.getUTCDate(),
    instant.getUTCHours(),
    instant.getUTCMinutes(),
    instant.getUTCSeconds(),
  );
}

/** Zips the entries in order, each stamped with `modifiedAtMs` (epoch ms, UTC). */
export async function zipEntries(entries: readonly ZipEntryData[], modifiedAtMs: number): Promise<Buffer> {
  const zip = new ZipFile();
  const mtime = utcWallClock(modifiedAtMs);
  for (const entry of entries) {
    zip.addBuffer(entry.data, entry.name, { mtime, compress: true, forceDosTimestamp: true });
  }
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
  zip.end();
  return done;
}

function readEntry(zip: ZipReader, entry: Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(error);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => resolve(Buffer.concat(chunks)));
      stream.on('error', reject);
    });
  });
}

/** Every file of a zip held in memory, in archive order (directories skipped). */
export async function unzipEntries(archive: Buffer): Promise<ZipEntryData[]> {
  const zip = await new Promise<ZipReader>((resolve, reject) => {
    fromBuffer(archive, { lazyEntries: true }, (error, opened) => (error ? reject(error) : resolve(opened)));
  });
  const entries: ZipEntryData[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: Entry) => {
      if (entry.fileName.endsWith('/')) return zip.readEntry();
      readEntry(zip, entry).then((data) => {
        entries.push({ name: entry.fileName, data });
        zip.readEntry();
      }, reject);
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return entries;
}

/**
 * `ZipUtils.unzipAndGetFile(packet, name)` (mosip/packet-manager `.../packet/util/ZipUtils.java`): the
 * first entry whose name without its last extension equals `name`, ignoring case.
 */
export function findZipEntry(
  entries: readonly ZipEntryData[],
  nameWithoutExtension: string,
): ZipEntryData | undefined {
  const wanted = nameWithoutExtension.toLowerCase();
  return entries.find((entry) => {
    // FilenameUtils.removeExtension: the last dot after the last separator ('/' or '\\').
    const lastSeparator = Math.max(entry.name.lastIndexOf('/'), entry.name.lastIndexOf('\\'));
    const dot = entry.name.lastIndexOf('.');
    const withoutExtension = dot > lastSeparator ? entry.name.slice(0, dot) : entry.name;
    return withoutExtension.toLowerCase() === wanted;
  });
}
