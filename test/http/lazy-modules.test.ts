import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openSite } from '../../src/boot.js'
import { loadConfig } from '../../src/config/index.js'
import { DIALECTS, freshPostgresUrl, tempDataDir } from '../helpers/databases.js'

const ROOT = path.resolve(import.meta.dirname, '../..')

/**
 * A server that only serves readers leaves out what it does not use: each of these costs 12 to 40 MB of RSS.
 * Run in a process of its own (the test worker has loaded them all), over a site seeded beforehand.
 */
const CHILD = `
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
const { loadConfig } = await import('./src/config/index.ts')
const { startServer } = await import('./src/main.ts')
const { isTaggerLoaded } = await import('./src/search/entities.ts')
const server = await startServer(loadConfig({ env: { ...process.env, PORT: '0' } }))
for (const page of ['/', '/?s=welcome', '/feed/', '/wp-json/wp/v2/posts']) await (await fetch(server.url + page)).arrayBuffer()
const maps = readFileSync('/proc/self/maps', 'utf8')
const cjs = Object.keys(createRequire(import.meta.url).cache)
console.log(JSON.stringify({
  sharp: /sharp|libvips/.test(maps),
  argon2: /argon2/.test(maps),
  sqlite: /better_sqlite3/.test(maps),
  pg: cjs.some((f) => f.includes('/node_modules/pg/')),
  compromise: isTaggerLoaded(),
}))
await server.close()
`

describe.each(DIALECTS)('modules a reader-only server on %s leaves unloaded', (dialect) => {
  const data = tempDataDir()
  const env: Record<string, string> = { PRESSROOM_DATA: data.dir, PRESSROOM_LOG_LEVEL: 'silent' }

  beforeAll(async () => {
    if (dialect === 'postgres') env.DATABASE_URL = await freshPostgresUrl()
    // Seeding the welcome post uses sharp: done here, not in the process measured.
    // Its Read Also list too: a list never computed is computed when read, which loads the entity tagger.
    const site = await openSite(loadConfig({ env }))
    await site.services.search.idle()
    await site.services.search.computeStaleRelated()
    await site.close()
  })
  afterAll(() => data.cleanup())

  test('no sharp, argon2, entity tagger, nor the other database\'s driver after serving pages', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
      cwd: ROOT,
      env: { ...process.env, ...env, NODE_ENV: 'production' },
    })
    const loaded = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, boolean>
    expect(loaded).toEqual({ sharp: false, argon2: false, compromise: false, sqlite: dialect === 'sqlite', pg: dialect === 'postgres' })
  })
})
