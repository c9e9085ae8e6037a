import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The sandbox's durable state: one SQLite file in the data directory holding JSON documents by kind.
 * A restart of the sandbox keeps clients, users, identities, registrations and their transactions.
 * (Keys and packets live beside it as files, as MOSIP keeps them in its keystore and object store.)
 */
export class DocumentStore {
  private readonly db: Database.Database;

  private constructor(db: Database.Database) {
    this.db = db;
  }

  /** Opens (or creates) `sandbox.db` in `dataDir`. */
  static open(dataDir: string): DocumentStore {
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(join(dataDir, 'sandbox.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.exec(`
      CREATE TABLE IF NOT EXISTS documents (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        ref TEXT,
        json TEXT NOT NULL,
        UNIQUE (kind, id)
      );
      CREATE INDEX IF NOT EXISTS documents_kind_ref ON documents (kind, ref);
    `);
    return new DocumentStore(db);
  }

  get<T>(kind: string, id: string): T | undefined {
    const row = this.db.prepare('SELECT json FROM documents WHERE kind = ? AND id = ?').get(kind, id) as
      { json: string } | undefined;
    return row ? (JSON.parse(row.json) as T) : undefined;
  }

  /** Inserts or replaces; `ref` is a secondary lookup key (for example the RID of a transaction). */
  put<T>(kind: string, id: string, value: T, ref: string | null = null): void {
    this.db
      .prepare(
        `INSERT INTO documents (kind, id, ref, json) VALUES (?, ?, ?, ?)
         ON CONFLICT (kind, id) DO UPDATE SET ref = excluded.ref, json = excluded.json`,
      )
      .run(kind, id, ref, JSON.stringify(value));
  }

  /** Inserts only when absent; returns false when a document with that id already exists. */
  insert<T>(kind: string, id: string, value: T, ref: string | null = null): boolean {
    const result = this.db
      .prepare('INSERT OR IGNORE INTO documents (kind, id, ref, json) VALUES (?, ?, ?, ?)')
      .run(kind, id, ref, JSON.stringify(value));
    return result.changes === 1;
  }

  delete(kind: string, id: string): boolean {
    return this.db.prepare('DELETE FROM documents WHERE kind = ? AND id = ?').run(kind, id).changes === 1;
  }

  /** All documents of a kind in insertion order. */
  list<T>(kind: string): T[] {
    const rows = this.db.prepare('SELECT json FROM documents WHERE kind = ? ORDER BY seq').all(kind) as {
      json: string;
    }[];
    return rows.map((r) => JSON.parse(r.json) as T);
  }

  /** All documents of a kind with their ids, in insertion order. */
  listWithIds<T>(kind: string): { id: string; value: T }[] {
    const rows = this.db.prepare('SELECT id, json FROM documents WHERE kind = ? ORDER BY seq').all(kind) as {
      id: string;
      json: string;
    }[];
    return rows.map((r) => ({ id: r.id, value: JSON.parse(r.json) as T }));
  }

  /** Documents of a kind with the given secondary key, in insertion order. */
  listByRef<T>(kind: string, ref: string): T[] {
    const rows = this.db
      .prepare('SELECT json FROM documents WHERE kind = ? AND ref = ? ORDER BY seq')
      .all(kind, ref) as { json: string }[];
    return rows.map((r) => JSON.parse(r.json) as T);
  }

  count(kind: string): number {
    return (this.db.prepare('SELECT count(*) AS n FROM documents WHERE kind = ?').get(kind) as { n: number })
      .n;
  }

  /** Runs `fn` in one transaction: all of its writes land or none do. */
  transaction<R>(fn: () => R): R {
    return this.db.transaction(fn)();
  }

  close(): void {
    this.db.close();
  }
}
