import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { importWxr } from '../../src/wxr/index.js'
import { DIALECTS } from '../helpers/databases.js'
import { startTestServer, type TestServer } from '../helpers/server.js'

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/wxr/links-menus.xml')

describe.each(DIALECTS)('links of a site moved from WordPress (%s)', (dialect) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer(dialect)
    await importWxr(server.services, FIXTURE)
  })
  afterAll(() => server.close())

  test('?p=OLD_ID answers 301 to the imported post, not to a Pressroom post that has that id', async () => {
    const res = await fetch(`${server.url}/?p=51`, { redirect: 'manual' })
    expect(res.status).toBe(301)
    const target = await fetch(server.url + res.headers.get('location')!)
    expect(target.status).toBe(200)
    expect(await target.text()).toContain('<h1 class="article-title">Earlier</h1>')
  })

  test('a Pressroom id that no import used still works', async () => {
    const res = await fetch(`${server.url}/?p=1`, { redirect: 'manual' })
    expect(res.status).toBe(301)
    expect(res.headers.get('location')).toMatch(/welcome-to-pressroom\/$/)
  })
})
