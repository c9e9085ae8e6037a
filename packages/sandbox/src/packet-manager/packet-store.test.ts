import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PacketStore } from './packet-store.ts';

let root: string;
let store: PacketStore;
const NOW = Date.UTC(2025, 0, 2, 3, 4, 5);

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'packet-store-'));
  store = new PacketStore(root, { clock: () => NOW });
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('PacketStore objects', () => {
  it('uses the S3 key {id}/{source}/{process}/{name} under the packet-manager bucket', async () => {
    expect(PacketStore.objectKey('R1', 'CRVS1', 'CRVS_NEW', 'R1_id')).toBe('R1/CRVS1/CRVS_NEW/R1_id');
    expect(PacketStore.objectKey('R1', '', null, 'R1_id')).toBe('R1/R1_id');
    store.putObject('R1', 'CRVS1', 'CRVS_NEW', 'R1_id', Buffer.from('bytes'));
    const file = join(root, 'packet-manager', 'R1', 'CRVS1', 'CRVS_NEW', 'R1_id.object');
    expect(await readFile(file, 'utf8')).toBe('bytes');
    expect(store.getObject('R1', 'CRVS1', 'CRVS_NEW', 'R1_id')?.toString()).toBe('bytes');
    expect(store.exists('R1', 'CRVS1', 'CRVS_NEW', 'R1_id')).toBe(true);
    expect(store.exists('R1', 'CRVS1', 'CRVS_NEW', 'R1_evidence')).toBe(false);
    expect(store.getObject('R1', 'CRVS1', 'CRVS_NEW', 'R1_evidence')).toBeNull();
    expect(store.getMetadata('R1', 'CRVS1', 'CRVS_NEW', 'R1_evidence')).toBeNull();
  });

  it('merges metadata like S3 re-uploads, lower-cases keys, and a new PUT clears it', () => {
    store.putObject('R1', 'S', 'P', 'R1_id', Buffer.from('v1'));
    expect(store.getMetadata('R1', 'S', 'P', 'R1_id')).toEqual({});
    store.addObjectMetadata('R1', 'S', 'P', 'R1_id', { encryptedHash: 'h1', refid: 'a_b' });
    store.addObjectMetadata('R1', 'S', 'P', 'R1_id', { encryptedhash: 'h2', refid: null });
    expect(store.getMetadata('R1', 'S', 'P', 'R1_id')).toEqual({ encryptedhash: 'h2' });
    store.putObject('R1', 'S', 'P', 'R1_id', Buffer.from('v2'));
    expect(store.getMetadata('R1', 'S', 'P', 'R1_id')).toEqual({});
    expect(store.getObject('R1', 'S', 'P', 'R1_id')?.toString()).toBe('v2');
    expect(() => store.addObjectMetadata('R1', 'S', 'P', 'missing', { a: 'b' })).toThrow(
      expect.objectContaining({ code: 'COM-KZN-003' }),
    );
  });

  it('lists objects of an id without tags, null when nothing is stored', () => {
    expect(store.list('R1')).toBeNull();
    store.putObject('R1', 'CRVS1', 'CRVS_NEW', 'R1_id', Buffer.from('a'));
    store.putObject('R1', 'CRVS1', 'CRVS_NEW', 'R1_evidence', Buffer.from('b'));
    store.putObject('R10', 'CRVS1', 'CRVS_NEW', 'R10_id', Buffer.from('c'));
    store.addTags('R1', { AGE_GROUP: 'ADULT' });
    expect(store.list('R1')).toEqual([
      { source: 'CRVS1', process: 'CRVS_NEW', objectName: 'R1_evidence', lastModified: new Date(NOW) },
      { source: 'CRVS1', process: 'CRVS_NEW', objectName: 'R1_id', lastModified: new Date(NOW) },
    ]);
  });

  it('keeps ids and names inside the root', () => {
    store.putObject('../../evil', '..', '.', 'a/../../b', Buffer.from('x'));
    expect(readdirSync(root)).toEqual(['packet-manager']);
    expect(store.getObject('../../evil', '..', '.', 'a/../../b')?.toString()).toBe('x');
    expect(existsSync(join(root, 'packet-manager', '%2E%2E', '%2E%2E', 'evil'))).toBe(true);
  });
});

describe('PacketStore tags', () => {
  it('stores one object per tag under {id}/Tags and deletes them', () => {
    expect(store.getTags('R1')).toEqual({});
    store.addTags('R1', { AGE_GROUP: 'ADULT', META_INFO_OPERATIONS_DATA: 'x' });
    store.addTags('R1', { AGE_GROUP: 'MINOR' });
    expect(store.getTags('R1')).toEqual({ AGE_GROUP: 'MINOR', META_INFO_OPERATIONS_DATA: 'x' });
    expect(store.getObject('R1', null, null, 'Tags/AGE_GROUP')?.toString()).toBe('MINOR');
    store.deleteTags('R1', ['AGE_GROUP', 'UNKNOWN']);
    expect(store.getTags('R1')).toEqual({ META_INFO_OPERATIONS_DATA: 'x' });
  });
});
