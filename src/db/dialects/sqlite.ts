import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import type SqliteDatabase from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { Database } from '../tables.js'
import type { DialectInfo, ExternalChangeHandlers, ExternalChangesWatch } from './dialect.js'

/** The driver, loaded when a SQLite database is opened: a PostgreSQL site does not pay its memory. */
const driver = (): typeof SqliteDatabase => createRequire(import.meta.url)('better-sqlite3') as typeof SqliteDatabase

export function openSqlite(file: string): { db: Kysely<Database>; dialect: DialectInfo } {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true })
  const sqlite = new (driver())(file)
  configure(sqlite)
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) })
  const dialect: DialectInfo = {
    name: 'sqlite',
    idColumnType: 'integer',
    fullTextSearch: 'fts5',
    // One process owns a SQLite file; BEGIN IMMEDIATE inside the transaction already serialises writers.
    lockMigrations: async () => {},
    backup: async (target) => {
      if (existsSync(target)) throw new Error(`${target} already exists: choose a new file name`)
      await sqlite.backup(target)
    },
    restore: async (source) => {
      const copy = new (driver())(source, { readonly: true, fileMustExist: true })
      try {
        const known = copy
          .prepare("select count(*) as n from sqlite_master where type = 'table' and name = 'pressroom_migrations'")
          .get() as { n: number }
        if (!known.n) throw new Error(`${source} is not a Pressroom backup (it has no pressroom_migrations table)`)
        // The backup API copies page by page into the open database, so WAL and readers stay consistent.
        await copy.backup(sqlite.name)
      } finally {
        copy.close()
      }
    },
    // Only this process serves a SQLite file: there is no other server to tell.
    publishChange: async () => {},
    watchExternalChanges: (handlers, options) => watchDataVersion(sqlite, handlers, options?.pollMs),
  }
  return { db, dialect }
}

/**
 * The `pressroom` CLI (or a restore) may write the file while the server runs. `PRAGMA data_version` on this
 * connection changes only when ANOTHER connection commits, so polling it costs one cheap read and never fires
 * for this process's own writes.
 */
function watchDataVersion(sqlite: SqliteDatabase.Database, handlers: ExternalChangeHandlers, pollMs = 1000): ExternalChangesWatch {
  const read = sqlite.prepare('pragma data_version').pluck()
  let last = read.get() as number
  const timer = setInterval(() => {
    if (!sqlite.open) return
    try {
      const now = read.get() as number
      if (now === last) return
      last = now
      handlers.onChange(null)
    } catch (err) {
      handlers.onError?.(err)
    }
  }, pollMs)
  timer.unref()
  return { ready: Promise.resolve(), close: async () => clearInterval(timer) }
}

function configure(sqlite: SqliteDatabase.Database): void {
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('busy_timeout = 5000')
}

const STATEMENT_CACHE_SIZE = 1000

/**
 * Kysely prepares every query afresh; SQLite's prepare costs more than running a small query. The same SQL text
 * reuses its prepared statement (bounded, oldest dropped first).
 */
function withStatementCache(sqlite: SqliteDatabase.Database) {
  const statements = new Map<string, SqliteDatabase.Statement>()
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql)
      if (!statement) {
        statement = sqlite.prepare(sql)
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!)
        statements.set(sql, statement)
      }
      return statement
    },
  }
}
