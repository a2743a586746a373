import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null
  }
}

/**
 * Creates one fresh PostgreSQL database for this test run (each test then works in a schema of its own) and
 * drops it afterwards. Without TEST_DATABASE_URL the PostgreSQL half is skipped, and says so; in CI it may not be.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const admin = process.env.TEST_DATABASE_URL
  if (!admin) {
    if (process.env.CI === 'true') {
      throw new Error('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL suites must run in CI (see .ci/run).')
    }
    process.stderr.write(
      '\n  NOTE: TEST_DATABASE_URL is not set, so the PostgreSQL half of the database suites is SKIPPED.\n' +
        '  Run e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test to include it.\n\n',
    )
    project.provide('postgresUrl', null)
    return
  }
  const name = `pressroom_test_${Date.now()}_${randomBytes(3).toString('hex')}`
  const client = new pg.Client({ connectionString: admin })
  await client.connect()
  await client.query(`create database ${name}`)
  await client.end()
  const url = new URL(admin)
  url.pathname = `/${name}`
  project.provide('postgresUrl', url.toString())
  return async () => {
    const c = new pg.Client({ connectionString: admin })
    await c.connect()
    await c.query(`drop database if exists ${name} with (force)`)
    await c.end()
  }
}
