import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { inject } from 'vitest'
import { openSite, type Site } from '../../src/boot.js'
import { loadConfig, type Config } from '../../src/config/index.js'
import { openDatabase, type DatabaseHandle } from '../../src/db/index.js'

export type DialectName = 'sqlite' | 'postgres'

/** The databases the domain suites run on: SQLite always, PostgreSQL when the run has one (CI always does). */
export const DIALECTS: DialectName[] = inject('postgresUrl') ? ['sqlite', 'postgres'] : ['sqlite']

/** A schema of its own in the run's PostgreSQL database, so every test starts empty. */
export async function freshPostgresUrl(): Promise<string> {
  const base = inject('postgresUrl')
  if (!base) throw new Error('No PostgreSQL database for this run')
  const schema = `t_${randomBytes(6).toString('hex')}`
  const client = new pg.Client({ connectionString: base })
  await client.connect()
  await client.query(`create schema ${schema}`)
  await client.end()
  const url = new URL(base)
  url.searchParams.set('options', `-c search_path=${schema}`)
  return url.toString()
}

/** A temporary data folder (and config) for one test; removed by the returned cleanup. */
export function tempDataDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'pressroom-test-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

export async function testConfig(dialect: DialectName, dataDir: string, extra: Record<string, string> = {}): Promise<Config> {
  const env: NodeJS.ProcessEnv = { PRESSROOM_DATA: dataDir, PRESSROOM_LOG_LEVEL: 'silent', PORT: '0', ...extra }
  if (dialect === 'postgres') env.DATABASE_URL = await freshPostgresUrl()
  return loadConfig({ env, cwd: dataDir })
}

/** An empty, migrated database of the given kind (SQLite in memory). */
export async function freshDatabase(dialect: DialectName): Promise<DatabaseHandle> {
  return openDatabase(
    dialect === 'sqlite' ? { dialect: 'sqlite', file: ':memory:' } : { dialect: 'postgres', url: await freshPostgresUrl(), poolSize: 4 },
  )
}

export interface TestSite extends Site {
  dataDir: string
  config: Config
}

/** A whole site on a fresh database and data folder: migrated, and seeded only when asked. */
export async function openTestSite(dialect: DialectName, { seed = false, env = {} }: { seed?: boolean; env?: Record<string, string> } = {}): Promise<TestSite> {
  const { dir, cleanup } = tempDataDir()
  const config = await testConfig(dialect, dir, env)
  const site = await openSite(config, { seed })
  return {
    ...site,
    dataDir: dir,
    config,
    close: async () => {
      await site.close()
      cleanup()
    },
  }
}
