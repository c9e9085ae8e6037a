import { existsSync, readdirSync, readFileSync, rmSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { fromFileSafeSegment, toFileSafeSegment, writeFileAtomicSync } from '../keymanager/atomic-file.ts';
import { javaHashMapOrder } from './java-hash-map.ts';

/**
 * The packet manager's object store on local disk, mirroring MOSIP's S3 layout (mosip/khazana,
 * `kernel/object-store/src/main/java/io/mosip/commons/khazana/impl/S3Adapter.java`, `util/ObjectStoreUtil.java`;
 * `object.store.s3.use.account.as.bucketname=true`): bucket `packet-manager`, object key
 * `{id}/{source}/{process}/{objectName}` (empty parts skipped), tags as objects `{id}/Tags/{name}`.
 *
 * On disk: `<root>/packet-manager/<segments…>.object` holds the bytes and `.meta.json` beside it the S3
 * user metadata. Every key segment is percent-encoded, so ids and names cannot escape the root. The API is
 * synchronous: subpackets are small and callers (routes, stages, tests) read them inline.
 */

export const PACKET_MANAGER_BUCKET = 'packet-manager';
/** `KhazanaConstant.TAGS_FILENAME`. */
export const TAGS_FOLDER = 'Tags';

const DATA_SUFFIX = '.object';
const METADATA_SUFFIX = '.meta.json';

/** An object under a container, as `S3Adapter.getAllObjects` reports it (`ObjectDto`). */
export interface StoredObjectSummary {
  source: string | null;
  process: string | null;
  objectName: string;
  lastModified: Date;
}

/** S3 user metadata: lower-case keys, string values. */
export type ObjectMetadata = Record<string, string>;

interface Sidecar {
  lastModified: number | null;
  metadata: ObjectMetadata;
}

/** An object-store failure (`KhazanaErrorCodes.OBJECT_STORE_NOT_ACCESSIBLE`). */
export class ObjectStoreError extends Error {
  override readonly name = 'ObjectStoreError';
  readonly code = 'COM-KZN-003';

  constructor(readonly detail: string) {
    super('Object store not accessible');
  }
}

const isPresent = (part: string | null | undefined): part is string => part != null && part !== '';

function readIfPresent(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** S3 lists keys in UTF-8 byte order. */
const byUtf8 = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** Objects, object metadata and tags of the `packet-manager` bucket, under one root directory. */
export class PacketStore {
  private readonly bucketDir: string;
  private readonly clock: (() => number) | undefined;

  /** `clock` stamps `lastModified`; without it the file's modification time is used. */
  constructor(root: string, options: { clock?: () => number } = {}) {
    this.bucketDir = join(root, PACKET_MANAGER_BUCKET);
    this.clock = options.clock;
  }

  /** `ObjectStoreUtil.getName(container, source, process, objectName)`: empty or null parts are skipped. */
  static objectKey(
    id: string | null | undefined,
    source: string | null | undefined,
    process: string | null | undefined,
    objectName: string,
  ): string {
    return [id, source, process].filter(isPresent).concat(objectName).join('/');
  }

  /** Stores (or replaces) an object; like an S3 PUT without metadata, it clears the object's metadata. */
  putObject(
    id: string | null | undefined,
    source: string | null | undefined,
    process: string | null | undefined,
    objectName: string,
    data: Uint8Array,
  ): void {
    this.putKey(PacketStore.objectKey(id, source, process, objectName), data);
  }

  /**
   * `S3Adapter.addObjectMetaData`: the object is re-uploaded with its existing user metadata plus these
   * entries (keys lower-cased as S3 does; a null value removes the key). Fails if the object is absent.
   */
  addObjectMetadata(
    id: string | null | undefined,
    source: string | null | undefined,
    process: string | null | undefined,
    objectName: string,
    metadata: Record<string, string | null>,
  ): ObjectMetadata {
    const paths = this.paths(PacketStore.objectKey(id, source, process, objectName));
    const sidecar = this.readSidecar(paths.metadata);
    if (!sidecar) {
      throw new ObjectStoreError(`no object ${PacketStore.objectKey(id, source, process, objectName)}`);
    }
    const merged: ObjectMetadata = { ...sidecar.metadata };
    for (const [key, value] of Object.entries(metadata)) {
      if (value === null) delete merged[key.toLowerCase()];
      else merged[key.toLowerCase()] = value;
    }
    writeFileAtomicSync(paths.metadata, JSON.stringify({ ...sidecar, metadata: merged }));
    return merged;
  }

  /** The object's bytes, or null when there is no such object. */
  getObject(
    id: string | null | undefined,
    source: string | null | undefined,
    process: string | null | undefined,
    objectName: string,
  ): Buffer | null {
    return readIfPresent(this.paths(PacketStore.objectKey(id, source, process, objectName)).data);
  }

  /** The object's user metadata (`{}` when none was added), or null when there is no such object. */
  getMetadata(
    id: string | null | undefined,
    source: string | null | undefined,
    process: string | null | undefined,
    objectName: string,
  ): ObjectMetadata | null {
    const key = PacketStore.objectKey(id, source, process, objectName);
    if (!this.exists(id, source, process, objectName)) return null;
    return this.readSidecar(this.paths(key).metadata)?.metadata ?? {};
  }

  /** `S3Adapter.exists`: whether the object is stored. */
  exists(
    id: string | null | undefined,
    source: string | null | undefined,
    process: string | null | undefined,
    objectName: string,
  ): boolean {
    return existsSync(this.paths(PacketStore.objectKey(id, source, process, objectName)).data);
  }

  /**
   * `S3Adapter.getAllObjects(account, id)`: every object under `{id}/` except tags, as
   * (source, process, objectName); null when nothing at all is stored under the id.
   */
  list(id: string): StoredObjectSummary[] | null {
    const keys = this.keysUnder(id);
    if (keys.length === 0) return null;
    const summaries: StoredObjectSummary[] = [];
    for (const key of keys) {
      const parts = key.split('/').slice(1);
      if (parts[0]?.endsWith(TAGS_FOLDER)) continue;
      const lastModified = this.lastModified(key);
      if (parts.length === 1) {
        summaries.push({ source: null, process: null, objectName: parts[0] ?? '', lastModified });
      } else if (parts.length === 2) {
        summaries.push({ source: parts[0] ?? null, process: null, objectName: parts[1] ?? '', lastModified });
      } else if (parts.length === 3) {
        summaries.push({
          source: parts[0] ?? null,
          process: parts[1] ?? null,
          objectName: parts[2] ?? '',
          lastModified,
        });
      }
    }
    return summaries;
  }

  /**
   * Every container id (RID) with something stored under it, in no particular order. Not an S3Adapter
   * call: the sandbox console uses it to list the packets received.
   */
  ids(): string[] {
    try {
      return readdirSync(this.bucketDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => fromFileSafeSegment(entry.name));
    } catch {
      return [];
    }
  }

  /** `S3Adapter.addTags`: one object per tag, replacing any existing value. */
  addTags(id: string, tags: Record<string, string>): Record<string, string> {
    for (const [name, value] of Object.entries(tags)) {
      this.putKey(
        `${PacketStore.objectKey(id, null, null, TAGS_FOLDER)}/${name}`,
        Buffer.from(value, 'utf8'),
      );
    }
    return tags;
  }

  /** `S3Adapter.getTags`: all tags of a container, in the order of the HashMap MOSIP returns. */
  getTags(id: string): Record<string, string> {
    const folder = PacketStore.objectKey(id, null, null, TAGS_FOLDER);
    const values = new Map<string, string>();
    for (const key of this.keysUnder(folder)) {
      const name = key.slice(folder.length + 1);
      const data = readIfPresent(this.paths(`${folder}/${name}`).data);
      if (data) values.set(name, data.toString('utf8'));
    }
    return Object.fromEntries(javaHashMapOrder(values.keys()).map((name) => [name, values.get(name) ?? '']));
  }

  /** `S3Adapter.deleteTags`: deleting an absent tag is not an error. */
  deleteTags(id: string, names: readonly string[]): void {
    for (const name of names) {
      const paths = this.paths(`${PacketStore.objectKey(id, null, null, TAGS_FOLDER)}/${name}`);
      rmSync(paths.data, { force: true });
      rmSync(paths.metadata, { force: true });
    }
  }

  private paths(key: string): { data: string; metadata: string } {
    const segments = key.split('/').map(toFileSafeSegment);
    const last = segments.pop() ?? '';
    const dir = join(this.bucketDir, ...segments);
    return { data: join(dir, last + DATA_SUFFIX), metadata: join(dir, last + METADATA_SUFFIX) };
  }

  private putKey(key: string, data: Uint8Array): void {
    const paths = this.paths(key);
    writeFileAtomicSync(paths.data, data);
    const sidecar: Sidecar = { lastModified: this.clock ? this.clock() : null, metadata: {} };
    writeFileAtomicSync(paths.metadata, JSON.stringify(sidecar));
  }

  private readSidecar(path: string): Sidecar | null {
    const text = readIfPresent(path);
    return text ? (JSON.parse(text.toString('utf8')) as Sidecar) : null;
  }

  private lastModified(key: string): Date {
    const paths = this.paths(key);
    const recorded = this.readSidecar(paths.metadata)?.lastModified;
    return recorded != null ? new Date(recorded) : statSync(paths.data).mtime;
  }

  /** Keys of all objects below `prefix/`, in S3 listing order. */
  private keysUnder(prefix: string): string[] {
    const keys: string[] = [];
    const walk = (dir: string, keyPrefix: string): void => {
      let entries: Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        if (entry.isDirectory()) {
          walk(join(dir, entry.name), `${keyPrefix}/${fromFileSafeSegment(entry.name)}`);
        } else if (entry.name.endsWith(DATA_SUFFIX)) {
          keys.push(`${keyPrefix}/${fromFileSafeSegment(entry.name.slice(0, -DATA_SUFFIX.length))}`);
        }
      }
    };
    walk(join(this.bucketDir, ...prefix.split('/').map(toFileSafeSegment)), prefix);
    return keys.sort(byUtf8);
  }
}
