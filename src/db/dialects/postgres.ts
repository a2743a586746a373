import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import type { Database } from '../tables.js'
import type { DialectInfo } from './dialect.js'

const MIGRATION_LOCK = 7_302_411 // any constant shared by every Pressroom server

export function openPostgres(url: string, poolSize: number): { db: Kysely<Database>; dialect: DialectInfo; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: poolSize })
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  const dialect: DialectInfo = {
    name: 'postgres',
    idColumnType: 'serial',
    lockMigrations: async (trx) => {
      await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx)
    },
  }
  return { db, dialect, pool }
}
