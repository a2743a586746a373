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
