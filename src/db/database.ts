import type { Kysely } from 'kysely'
import type { DbConfig } from '../config/index.js'
import type { DialectInfo } from './dialects/dialect.js'
import { openPostgres } from './dialects/postgres.js'
import { openSqlite } from './dialects/sqlite.js'
import type { Database } from './tables.js'

export type Db = Kysely<Database>

export interface DatabaseHandle {
  readonly db: Db
  readonly dialect: DialectInfo
  close(): Promise<void>
}

export function openDatabase(config: DbConfig): DatabaseHandle {
  const { db, dialect } = config.dialect === 'sqlite' ? openSqlite(config.file) : openPostgres(config.url, config.poolSize)
  return { db, dialect, close: () => db.destroy() }
}

/**
 * Runs `work` in a transaction, or inside the caller's when `db` already is one: a whole import or bulk
 * operation can then wrap many service calls in one transaction that rolls back together.
 */
export function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work)
}
