import type { Kysely } from 'kysely'

/** What differs between the databases, as capabilities: services never ask which database they run on. */
export interface DialectInfo {
  readonly name: 'sqlite' | 'postgres'
  /** The column type of an auto-numbered primary key. */
  readonly idColumnType: 'integer' | 'serial'
  /** The full-text index the search module builds on: SQLite FTS5 tables, or PostgreSQL tsvector columns with GIN. */
  readonly fullTextSearch: 'fts5' | 'tsvector'
  /** Serialises migrations between app servers sharing one database. */
  lockMigrations(trx: Kysely<any>): Promise<void>
  /** An online, consistent copy of the whole site into `file`, where the database can make one. */
  backup?(file: string): Promise<void>
  /** Replaces the whole database with the copy in `file`. */
  restore?(file: string): Promise<void>
  /**
   * Tells every other process watching this database `message` (at most ~7,900 bytes): PostgreSQL NOTIFY after
   * the caller's commit. A no-op where one process serves the database.
   */
  publishChange?(message: string): Promise<void>
  /**
   * Watches for writes this process did not make. `onChange(message)` gets another process's published message;
   * `onChange(null)` says the database changed in a way nobody described (another process wrote to the SQLite
   * file, or the PostgreSQL listener reconnected and may have missed messages), so everything may be stale.
   */
  watchExternalChanges?(handlers: ExternalChangeHandlers, options?: { pollMs?: number }): ExternalChangesWatch
}

export interface ExternalChangeHandlers {
  onChange(message: string | null): void
  onError?(err: unknown): void
}

export interface ExternalChangesWatch {
  /** Settles once the watch is in place: a change made after it is seen. Never rejects; failures go to onError. */
  readonly ready: Promise<void>
  close(): Promise<void>
}
