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
    await importWxr(server.services, path.resolve(import.meta.dirname, '../fixtures/wxr/old-slugs.xml'))
  })
  afterAll(() => server.close())

  test('?p=OLD_ID answers 301 to the imported post, not to a Pressroom post that has that id', async () => {
    const res = await fetch(`${server.url}/?p=51`, { redirect: 'manual' })
    expect(res.status).toBe(301)
    const target = await fetch(server.url + res.headers.get('location')!)
    expect(target.status).toBe(200)
    expect(await target.text()).toContain('<h1 class="article-title">Earlier</h1>')
  })

  test('an old slug from _wp_old_slug answers 301 to the post', async () => {
    const post = await server.services.handle.db.selectFrom('posts').selectAll().where('slug', '=', 'harbour-reopens').executeTakeFirstOrThrow()
    const path = new URL(await server.services.permalinks.linkFor(post)).pathname
    const res = await fetch(server.url + path.replace('harbour-reopens', 'harbor-reopens'), { redirect: 'manual' })
    expect(res.status).toBe(301)
    expect(res.headers.get('location')).toBe(path)
    const target = await fetch(server.url + path)
    expect(await target.text()).toContain('<h1 class="article-title">Harbour reopens</h1>')
  })

  test('a Pressroom id that no import used still works', async () => {
    const res = await fetch(`${server.url}/?p=1`, { redirect: 'manual' })
    expect(res.status).toBe(301)
    expect(res.headers.get('location')).toMatch(/welcome-to-pressroom\/$/)
  })
})
