import { createRequire } from 'node:module'
import { Kysely, PostgresDialect, sql } from 'kysely'
import type pg from 'pg'
import type { Database } from '../tables.js'
import type { DialectInfo, ExternalChangeHandlers, ExternalChangesWatch } from './dialect.js'

const MIGRATION_LOCK = 7_302_411 // any constant shared by every Pressroom server
const CHANGES_CHANNEL = 'pressroom_purge'
const RECONNECT_FIRST_MS = 250
const RECONNECT_LONGEST_MS = 10_000
/**
 * How long a pooled connection may stay idle before it is closed. pg's default, 10 s, made a site with a
 * search every half minute open a new backend for it each time: a connection to set up and the backend's
 * caches to fill, 2–3× the query's time (`topic 17` at 100,000 posts: 26–38 ms against 13 warm).
 */
export const POOL_IDLE_MS = 300_000

/** The driver, loaded when a PostgreSQL database is opened: a SQLite site does not pay its memory. */
const driver = (): typeof pg => createRequire(import.meta.url)('pg') as typeof pg

export function openPostgres(url: string, poolSize: number): { db: Kysely<Database>; dialect: DialectInfo; pool: pg.Pool } {
  // Idle connections never keep the process alive: a command that is done exits without closing the pool.
  const pool = new (driver().Pool)({ connectionString: url, max: poolSize, idleTimeoutMillis: POOL_IDLE_MS, allowExitOnIdle: true })
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  let channel: Promise<string> | null = null
  const dialect: DialectInfo = {
    name: 'postgres',
    idColumnType: 'serial',
    fullTextSearch: 'tsvector',
    lockMigrations: async (trx) => {
      await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx)
    },
    publishChange: async (message) => {
      channel ??= channelOf(pool).catch((err: unknown) => {
        channel = null
        throw err
      })
      await pool.query('select pg_notify($1, $2)', [await channel, message])
    },
    watchExternalChanges: (handlers) => listenForChanges(url, handlers),
  }
  return { db, dialect, pool }
}

/** One channel per schema: sites sharing a database in separate schemas don't hear each other. */
async function channelOf(client: pg.Pool | pg.Client): Promise<string> {
  const { rows } = await client.query<{ schema: string | null }>('select current_schema() as schema')
  const schema = rows[0]?.schema
  return !schema || schema === 'public' ? CHANGES_CHANNEL : `${CHANGES_CHANNEL}_${schema}`.slice(0, 63)
}

/**
 * LISTEN on a connection of its own (a pooled one would be handed to queries). A lost connection is re-opened
 * with backoff; messages sent meanwhile are lost, so a reconnect reports `onChange(null)`.
 */
function listenForChanges(url: string, handlers: ExternalChangeHandlers): ExternalChangesWatch {
  let closed = false
  let client: pg.Client | null = null
  let connecting: Promise<void> = Promise.resolve()
  let retry: NodeJS.Timeout | null = null
  let wait = RECONNECT_FIRST_MS
  let missed = false
  let markReady!: () => void
  const ready = new Promise<void>((resolve) => (markReady = resolve))

  function lost(c: pg.Client, err: unknown): void {
    if (client !== c) return // already handled, or closed on purpose
    client = null
    c.end().catch(() => {})
    if (closed) return
    if (err !== undefined) handlers.onError?.(err)
    missed = true
    retry = setTimeout(() => {
      retry = null
      connecting = connect()
    }, wait)
    retry.unref()
    wait = Math.min(wait * 2, RECONNECT_LONGEST_MS)
  }

  async function connect(): Promise<void> {
    const c = new (driver().Client)({ connectionString: url })
    client = c
    c.on('error', (err) => lost(c, err))
    c.on('end', () => lost(c, new Error('The PostgreSQL connection listening for changes ended')))
    try {
      await c.connect()
      const channel = await channelOf(c)
      c.on('notification', (note) => {
        if (note.channel === channel) handlers.onChange(note.payload ?? '')
      })
      await c.query(`listen "${channel.replaceAll('"', '""')}"`)
    } catch (err) {
      lost(c, err)
      return
    }
    if (client !== c) return
    wait = RECONNECT_FIRST_MS
    if (missed) {
      missed = false
      handlers.onChange(null)
    }
    markReady()
  }

  connecting = connect()
  return {
    ready,
    close: async () => {
      closed = true
      if (retry) clearTimeout(retry)
      await connecting
      const c = client
      client = null
      if (c) await c.end().catch(() => {})
      markReady()
    },
  }
}
