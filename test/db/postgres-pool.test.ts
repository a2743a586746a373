import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { sql } from 'kysely'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { openPostgres, POOL_IDLE_MS } from '../../src/db/dialects/postgres.js'
import { DIALECTS, freshPostgresUrl } from '../helpers/databases.js'

const ROOT = path.resolve(import.meta.dirname, '../..')

describe.runIf(DIALECTS.includes('postgres'))('the PostgreSQL connection pool', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  test('keeps an idle connection, its backend warm, for minutes rather than pg’s 10 seconds', async () => {
    const { db, pool } = openPostgres(await freshPostgresUrl(), 4)
    try {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
      const pid = async () => (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)).rows[0]!.pid
      const first = await pid()
      expect(pool.idleCount).toBe(1)
      vi.advanceTimersByTime(60_000)
      expect(pool.idleCount).toBe(1)
      expect(await pid()).toBe(first)
      vi.advanceTimersByTime(POOL_IDLE_MS + 1)
      expect(pool.totalCount).toBe(0)
    } finally {
      vi.useRealTimers()
      await db.destroy()
    }
  })

  test('an idle connection does not keep a finished process alive', async () => {
    const script = `import { openPostgres } from './src/db/dialects/postgres.ts'
      const { pool } = openPostgres(${JSON.stringify(await freshPostgresUrl())}, 2)
      await pool.query('select 1')
      console.log('queried')`
    // Without allowExitOnIdle the process would wait for the pool's idle timer (10 s even with pg's default):
    // killed at 8 s here, where it takes well under one.
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 8_000 })
    expect(run.stderr).toBe('')
    expect(run.stdout.trim()).toBe('queried')
    expect(run.status).toBe(0)
  }, 30_000)
})
