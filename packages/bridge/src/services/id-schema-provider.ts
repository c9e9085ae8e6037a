import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseIdSchema, type IdSchema } from '@crvs-mosip/contracts';
import type { MosipClient } from '@crvs-mosip/mosip-client';
import { AppError } from '../errors.ts';

export interface LoadedIdSchema {
  parsed: IdSchema;
  /** The schema as the `schemaJson` string sent with every packet. */
  json: string;
  /** `schemaVersion` sent with packets (MOSIP's `idVersion`). */
  version: string;
}

/**
 * The country's ID schema, from a file or from MOSIP (`GET /v1/masterdata/idschema/latest`), cached for
 * `ttlMs`. When MOSIP cannot be reached the last good copy keeps serving; with none, callers get
 * SCHEMA_UNAVAILABLE (503) rather than accepting registrations that cannot be validated.
 */
export class IdSchemaProvider {
  private cached: { schema: LoadedIdSchema; at: number } | null = null;
  private loading: Promise<LoadedIdSchema> | null = null;

  constructor(
    private readonly source: { file: string; version: string } | { mosip: MosipClient },
    private readonly clock: () => number,
    private readonly ttlMs = 10 * 60_000,
    /** Where the last schema fetched from MOSIP is kept, so a restart during a MOSIP outage still validates. */
    private readonly cacheFile?: string,
  ) {}

  async get(): Promise<LoadedIdSchema> {
    const now = this.clock();
    if (this.cached && now - this.cached.at < this.ttlMs) return this.cached.schema;
    this.loading ??= this.load()
      .then((schema) => {
        this.cached = { schema, at: this.clock() };
        return schema;
      })
      .finally(() => {
        this.loading = null;
      });
    try {
      return await this.loading;
    } catch (error) {
      if (this.cached) return this.cached.schema;
      const saved = await this.readCacheFile();
      if (saved) {
        this.cached = { schema: saved, at: this.clock() };
        return saved;
      }
      throw new AppError(
        'SCHEMA_UNAVAILABLE',
        `${new AppError('SCHEMA_UNAVAILABLE').message} Cause: ${(error as Error).message}`,
      );
    }
  }

  private async load(): Promise<LoadedIdSchema> {
    if ('file' in this.source) {
      const json = await readFile(this.source.file, 'utf8');
      return {
        parsed: parseIdSchema(json),
        json: JSON.stringify(JSON.parse(json)),
        version: this.source.version,
      };
    }
    const descriptor = await this.source.mosip.getLatestIdSchema();
    const loaded = {
      parsed: parseIdSchema(descriptor.schemaJson),
      json: descriptor.schemaJson,
      version: String(descriptor.idVersion),
    };
    if (this.cacheFile) {
      await mkdir(dirname(this.cacheFile), { recursive: true });
      const tmp = `${this.cacheFile}.tmp`;
      await writeFile(tmp, JSON.stringify({ json: loaded.json, version: loaded.version }));
      await rename(tmp, this.cacheFile);
    }
    return loaded;
  }

  private async readCacheFile(): Promise<LoadedIdSchema | null> {
    if (!this.cacheFile) return null;
    try {
      const saved = JSON.parse(await readFile(this.cacheFile, 'utf8')) as { json: string; version: string };
      return { parsed: parseIdSchema(saved.json), json: saved.json, version: saved.version };
    } catch {
      return null;
    }
  }
}
