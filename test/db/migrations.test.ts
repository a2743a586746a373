import { sql, type Kysely } from 'kysely'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { appliedMigrations, migrateToLatest, type Database, type DatabaseHandle } from '../../src/db/index.js'
import { migrations, type Migration } from '../../src/db/migrations/index.js'
import { DIALECTS, freshDatabase } from '../helpers/databases.js'

/** Every table of src/db/tables.ts: the type check below fails when one is added there and not here. */
const TABLES = [
  'users', 'sessions', 'app_passwords', 'posts', 'post_revisions', 'old_slugs', 'terms', 'post_terms',
  'comments', 'media', 'settings', 'wxr_ids', 'wxr_meta', 'search_docs', 'search_terms', 'search_stats', 'post_related', 'related_lists', 'pressroom_migrations',
] as const satisfies readonly (keyof Database)[]
type MissingTables = Exclude<keyof Database, (typeof TABLES)[number]>
const everyTableListed: [MissingTables] extends [never] ? true : false = true

/** The tables of the database's current schema (the test's own schema on PostgreSQL). */
async function tableNames({ db, dialect }: DatabaseHandle): Promise<string[]> {
  const { rows } =
    dialect.name === 'sqlite'
      ? // Ordinary tables only: FTS5's virtual tables and their shadow tables are the search index's own.
        await sql<{ name: string }>`select name from pragma_table_list where schema = 'main' and type = 'table' and name not like 'sqlite_%'`.execute(db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(db)
  return rows.map((r) => r.name).sort()
}

/** A migration that creates a table, then fails the way `fail` does. */
function brokenMigration(name: string, table: string, fail: (db: Parameters<Migration['up']>[0]) => Promise<void>): Migration {
  return {
    name,
    async up(db, dialect) {
      await db.schema.createTable(table).addColumn('id', dialect.idColumnType, (c) => c.primaryKey()).addColumn('label', 'text').execute()
      await db.insertInto(table).values({ id: 1, label: 'half done' }).execute()
      await fail(db)
    },
  }
}

const tableMigration = (name: string, table: string): Migration => ({
  name,
  async up(db) {
    await db.schema.createTable(table).addColumn('note', 'text').execute()
  },
})

describe.each(DIALECTS)('migrations on %s', (dialect) => {
  let handle: DatabaseHandle
  beforeEach(async () => {
    handle = await freshDatabase(dialect)
  })
  afterEach(() => handle.close())

  test('an empty database is brought to the latest schema, and a second run applies nothing', async () => {
    expect(everyTableListed).toBe(true)
    expect(await tableNames(handle)).toEqual([])

    const first = await migrateToLatest(handle)
    expect(first.applied).toEqual(migrations.map((m) => m.name))
    expect(first.applied).toContain('0001-init')
    expect(await tableNames(handle)).toEqual([...TABLES].sort())
    expect(await appliedMigrations(handle)).toEqual(migrations.map((m) => m.name).sort())

    const second = await migrateToLatest(handle)
    expect(second.applied).toEqual([])
    expect(await appliedMigrations(handle)).toEqual(migrations.map((m) => m.name).sort())
    expect(await tableNames(handle)).toEqual([...TABLES].sort())
  })

  test('the migrated schema takes rows and enforces its constraints', async () => {
    await migrateToLatest(handle)
    // untyped, so that the row may leave out what the schema defaults (url, description)
    const db = handle.db as unknown as Kysely<any>
    const now = new Date().toISOString()
    const user = { login: 'ann', email: 'ann@example.com', display_name: 'Ann', role: 'author', password_hash: null, registered_at: now, updated_at: now }
    const inserted = await db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow()
    expect(inserted).toMatchObject({ id: 1, login: 'ann', url: '', description: '' })
    // users.email is unique
    await expect(db.insertInto('users').values({ ...user, login: 'ann2' }).execute()).rejects.toThrow()
    // sessions.user_id references users
    await expect(
      db.insertInto('sessions').values({ id: 'x', user_id: 999, created_at: now, expires_at: now, last_seen_at: now, ip: '', user_agent: '' }).execute(),
    ).rejects.toThrow()
  })

  test('a failing migration rolls back completely, is not recorded, and names itself; earlier ones stay', async () => {
    const broken = brokenMigration('9001-broken', 'broken_things', async () => {
      throw new Error('boom in the middle')
    })
    const err = await migrateToLatest(handle, [...migrations, broken]).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Error)
    expect((err as Error).message).toContain('9001-broken')
    expect((err as Error).message).toContain('boom in the middle')

    const tables = await tableNames(handle)
    expect(tables).not.toContain('broken_things')
    expect(tables).toEqual([...TABLES].sort())
    expect(await appliedMigrations(handle)).toEqual(migrations.map((m) => m.name).sort())

    // the real schema still works, and a later run with the migration fixed applies only that one
    expect((await migrateToLatest(handle)).applied).toEqual([])
    const fixed = tableMigration('9001-broken', 'broken_things')
    expect((await migrateToLatest(handle, [...migrations, fixed])).applied).toEqual(['9001-broken'])
    expect(await tableNames(handle)).toContain('broken_things')
  })

  test('a migration failing in SQL stops the run there: earlier ones applied, later ones not run', async () => {
    const good = tableMigration('9001-good', 'good_things')
    const broken = brokenMigration('9002-bad-sql', 'bad_things', async (db) => {
      await db.insertInto('no_such_table').values({ x: 1 }).execute()
    })
    const later = tableMigration('9003-later', 'later_things')
    const err = await migrateToLatest(handle, [...migrations, good, broken, later]).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Error)
    expect((err as Error).message).toMatch(/^Migration 9002-bad-sql failed/)
    expect((err as Error).message).toMatch(/no_such_table/)

    const tables = await tableNames(handle)
    expect(tables).toContain('good_things')
    expect(tables).not.toContain('bad_things')
    expect(tables).not.toContain('later_things')
    expect(await appliedMigrations(handle)).toEqual([...migrations.map((m) => m.name), '9001-good'].sort())
  })

  test('a migration that failed on an empty database leaves nothing of itself behind', async () => {
    const broken = brokenMigration('0001-init', 'half_init', async () => {
      throw new Error('init exploded')
    })
    await expect(migrateToLatest(handle, [broken])).rejects.toThrow(/0001-init.*init exploded/)
    expect(await tableNames(handle)).toEqual(['pressroom_migrations'])
    expect(await appliedMigrations(handle)).toEqual([])
    // the real init still applies afterwards
    expect((await migrateToLatest(handle)).applied).toEqual(migrations.map((m) => m.name))
  })
})

/** Every table's columns, as "name" or "name not null" (a primary key counts as not null on both). */
async function columnsOf({ db, dialect }: DatabaseHandle): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {}
  for (const table of TABLES) {
    const { rows } =
      dialect.name === 'sqlite'
        ? await sql<{ name: string; required: number }>`select name, ("notnull" or pk > 0) as required from pragma_table_info(${table})`.execute(db)
        : await sql<{ name: string; required: boolean }>`select column_name as name, is_nullable = 'NO' as required from information_schema.columns
            where table_schema = current_schema() and table_name = ${table}`.execute(db)
    out[table] = rows.map((r) => `${r.name}${r.required ? ' not null' : ''}`).sort()
  }
  return out
}

describe.runIf(DIALECTS.includes('postgres'))('the migrated schema', () => {
  test('has the same tables and columns, and the same NOT NULLs, on SQLite and PostgreSQL', async () => {
    const sqlite = await freshDatabase('sqlite')
    const postgres = await freshDatabase('postgres')
    try {
      await migrateToLatest(sqlite)
      await migrateToLatest(postgres)
      const [a, b] = [await columnsOf(sqlite), await columnsOf(postgres)]
      expect(a.posts).toContain('title not null')
      // The full-text index is the one part that differs by design: tsvector columns on PostgreSQL, FTS5 tables on SQLite.
      const tsv = ['full_tsv not null', 'head_tsv not null', 'terms_tsv not null']
      expect(b.search_docs).toEqual(expect.arrayContaining(tsv))
      b.search_docs = b.search_docs!.filter((c) => !tsv.includes(c))
      expect(b).toEqual(a)
    } finally {
      await sqlite.close()
      await postgres.close()
    }
  })
})
