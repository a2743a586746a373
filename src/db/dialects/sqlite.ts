import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { Database } from '../tables.js'
import type { DialectInfo } from './dialect.js'

export function openSqlite(file: string): { db: Kysely<Database>; dialect: DialectInfo } {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true })
  const sqlite = new SqliteDatabase(file)
  configure(sqlite)
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
  const dialect: DialectInfo = {
    name: 'sqlite',
    idColumnType: 'integer',
    // One process owns a SQLite file; BEGIN IMMEDIATE inside the transaction already serialises writers.
    lockMigrations: async () => {},
    backup: async (target) => {
      if (existsSync(target)) throw new Error(`${target} already exists: choose a new file name`)
      await sqlite.backup(target)
    },
    restore: async (source) => {
      const copy = new SqliteDatabase(source, { readonly: true, fileMustExist: true })
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
  }
  return { db, dialect }
}

function configure(sqlite: SqliteDatabase.Database): void {
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('busy_timeout = 5000')
}
