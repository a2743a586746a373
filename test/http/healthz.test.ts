import type { KyselyPlugin } from 'kysely'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { buildApp } from '../../src/server.js'
import { createServices } from '../../src/services.js'
import { DIALECTS, openTestSite, type TestSite } from '../helpers/databases.js'

describe.each(DIALECTS)('GET /healthz on %s', (dialect) => {
  let site: TestSite
  let url: string
  let close: () => Promise<void>
  /** While true, every query the server sends fails as it would with the database gone. */
  let databaseDown = false

  beforeEach(async () => {
    databaseDown = false
    site = await openTestSite(dialect)
    const outage: KyselyPlugin = {
      transformQuery: ({ node }) => {
        if (databaseDown) throw new Error('connect ECONNREFUSED 127.0.0.1:5432')
        return node
      },
      transformResult: async ({ result }) => result,
    }
    const { handle, config, clock } = site.services
    const services = createServices({ handle: { ...handle, db: handle.db.withPlugin(outage) }, config, clock })
    const app = await buildApp(services)
    await app.listen({ port: 0, host: '127.0.0.1' })
    const address = app.server.address()
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    close = () => app.close()
  })
  afterEach(async () => {
    await close()
    await site.close()
  })

  test('answers 200 while the database answers, 503 with a JSON reason when it does not, and 200 again after', async () => {
    const up = await fetch(`${url}/healthz`)
    expect(up.status).toBe(200)
    expect(await up.json()).toEqual({ status: 'ok' })

    databaseDown = true
    const down = await fetch(`${url}/healthz`)
    expect(down.status).toBe(503)
    expect(down.headers.get('content-type')).toContain('application/json')
    const body = (await down.json()) as { status: string; message: string }
    expect(body).toEqual({ status: 'unavailable', message: 'The database does not answer.' })
    expect(JSON.stringify(body)).not.toContain('ECONNREFUSED')

    databaseDown = false
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
  })
})
