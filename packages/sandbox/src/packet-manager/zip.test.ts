import { describe, expect, it } from 'vitest';
import { findZipEntry, unzipEntries, zipEntries } from './zip.ts';

const entries = [
  { name: 'proofOfIdentity.pdf', data: Buffer.from('pdf') },
  { name: 'ID.json', data: Buffer.from('{ "identity" : { } } ') },
  { name: 'packet_data_hash.txt', data: Buffer.from('ABC') },
];

describe('subpacket zips', () => {
  it('round-trip entries in order', async () => {
    const zip = await zipEntries(entries, Date.UTC(2025, 1, 25, 11, 7, 33));
    expect(await unzipEntries(zip)).toEqual(entries);
  });

  it('are byte-identical for the same entries and time, whatever the time zone', async () => {
    const time = Date.UTC(2025, 1, 25, 11, 7, 33);
    const a = await zipEntries(entries, time);
    expect((await zipEntries(entries, time)).equals(a)).toBe(true);
    expect((await zipEntries(entries, time + 2000)).equals(a)).toBe(false);
    // DOS time of the first local header (offset 10): 11:07:32 UTC (2-second resolution).
    expect(a.readUInt16LE(10)).toBe((11 << 11) | (7 << 5) | 16);
  });

  it('finds files like ZipUtils: name without extension, ignoring case', () => {
    expect(findZipEntry(entries, 'id')?.name).toBe('ID.json');
    expect(findZipEntry(entries, 'PACKET_DATA_HASH')?.name).toBe('packet_data_hash.txt');
    expect(findZipEntry(entries, 'proofOfIdentity')?.data.toString()).toBe('pdf');
    expect(findZipEntry(entries, 'packet_meta_info')).toBeUndefined();
  });

  it('rejects bytes that are not a zip', async () => {
    await expect(unzipEntries(Buffer.from('not a zip'))).rejects.toThrow();
  });
});
