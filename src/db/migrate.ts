import { sql } from 'kysely'
import { toIso } from '../shared/clock.js'
import type { DatabaseHandle } from './database.js'
import { migrations as allMigrations, type Migration } from './migrations/index.js'

export interface MigrationResult {
  applied: string[]
}

/**
 * Brings the schema up to date. Each migration runs in its own transaction with its bookkeeping row, so one
 * that fails leaves the database exactly as the previous one left it (both databases have transactional DDL).
 */
export async function migrateToLatest(
  { db, dialect }: DatabaseHandle,
  migrations: readonly Migration[] = allMigrations,
): Promise<MigrationResult> {
  await db.schema
    .createTable('pressroom_migrations')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute()
  const applied: string[] = []
  for (const migration of migrations) {
    const ran = await db.transaction().execute(async (trx) => {
      await dialect.lockMigrations(trx)
      const done = await trx.selectFrom('pressroom_migrations').select('name').where('name', '=', migration.name).executeTakeFirst()
      if (done) return false
      try {
        await migration.up(trx, dialect)
      } catch (err) {
        throw new Error(`Migration ${migration.name} failed, nothing of it was applied: ${(err as Error).message}`, { cause: err })
      }
      await trx.insertInto('pressroom_migrations').values({ name: migration.name, applied_at: toIso(new Date()) }).execute()
      return true
    })
    if (ran) applied.push(migration.name)
  }
  return { applied }
}

export async function appliedMigrations({ db }: DatabaseHandle): Promise<string[]> {
  const rows = await db.selectFrom('pressroom_migrations').select('name').orderBy('name').execute()
  return rows.map((r) => r.name)
}

/** The database answers a trivial query: what `/healthz` asks. */
export async function ping({ db }: DatabaseHandle): Promise<void> {
  await sql`select 1`.execute(db)
}
