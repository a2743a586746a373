import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openSite, type Site } from '../../src/boot.js'
import type { Config } from '../../src/config/index.js'
import { startServer, type RunningServer } from '../../src/main.js'
import { startCacheInvalidation } from '../../src/site/cache/index.js'
import { systemActor } from '../../src/users/index.js'
import { DIALECTS, tempDataDir, testConfig } from '../helpers/databases.js'
import { freePort } from '../helpers/server.js'
import { installQueryCounter, queriesFor } from './query-counter.js'

/** Polls until `check` holds (or fails after a few seconds): another process's write is heard asynchronously. */
async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

installQueryCounter()

/**
 * How many posts a list has (its pagination) and what sitemap.xml says are kept between requests, without the
 * page cache: every change that purges `lists`, made here or by another process, drops them.
 */
describe.each(DIALECTS)('kept list totals on %s', (dialect) => {
  let config: Config
  let server: RunningServer
  let cleanup: () => void
  let categoryId = 0
  let firstId = 0
  let otherId = 0
  let tagId = 0

  const html = async (path: string) => {
    const res = await fetch(server.url + path)
    expect(res.status, path).toBe(200)
    return res.text()
  }
  const pageCount = async (path: string) => Number(/Page 1 of (\d+)/.exec(await html(path))?.[1] ?? 1)
  /** Pages of the home page, as counted now. */
  const homePages = async () => Math.ceil((await server.services.posts.list({ perPage: 1 }, { kind: 'anonymous' })).total / 2)
  const publish = (title: string, categories = [categoryId]) => server.services.posts.create({ title, content: `<p>${title}.</p>`, status: 'publish', categories }, systemActor)

  beforeAll(async () => {
    const dir = tempDataDir()
    cleanup = dir.cleanup
    config = await testConfig(dialect, dir.dir, { PORT: String(await freePort()), PRESSROOM_PAGE_CACHE: 'off' })
    server = await startServer(config)
    await server.services.settings.update({ posts_per_page: 2 }, systemActor)
    categoryId = (await server.services.terms.create('category', { name: 'Harbour News' }, systemActor)).id
    otherId = (await server.services.terms.create('category', { name: 'Elsewhere' }, systemActor)).id
    // A tag no published post has yet: sitemap.xml lists no tags sitemap.
    tagId = (await server.services.terms.create('post_tag', { name: 'Ferry' }, systemActor)).id
    firstId = (await publish('Bridge story 1')).id
    for (let i = 2; i <= 3; i++) await publish(`Bridge story ${i}`)
  }, 60_000)
  afterAll(async () => {
    await server?.close()
    cleanup?.()
  })

  test('a list counts its posts once, then pages from what it kept', async () => {
    const path = '/category/harbour-news/'
    await html(path)
    const sql = await queriesFor(server.url + path)
    expect(sql.filter((q) => /count\(/i.test(q)), sql.join('\n')).toEqual([])
    expect(await pageCount(path)).toBe(2)
  })

  test('publishing, unpublishing or moving a post renews the totals; a draft changes nothing', async () => {
    const path = '/category/harbour-news/'
    expect(await pageCount(path)).toBe(2)
    const draft = await server.services.posts.create({ title: 'Draft story', content: '<p>Draft.</p>', status: 'draft', categories: [categoryId] }, systemActor)
    expect(await pageCount(path)).toBe(2)
    await server.services.posts.update(draft.id, { status: 'publish' }, systemActor)
    await publish('Bridge story 5')
    expect(await pageCount(path)).toBe(3)
    expect(await pageCount('/')).toBe(await homePages())
    await server.services.posts.trash(draft.id, systemActor)
    await server.services.posts.update(firstId, { categories: [otherId] }, systemActor)
    expect(await pageCount(path)).toBe(2)
    expect(await pageCount('/')).toBe(await homePages())
  })

  test("another process's publishing renews this one's totals and sitemap.xml", async () => {
    const path = '/category/harbour-news/'
    const before = await pageCount(path)
    expect(await html('/sitemap.xml')).not.toContain('sitemap-tags.xml')
    const other: Site = await openSite(config, { seed: false })
    // As the CLI (or another app server) runs: its writes are told to the app servers.
    const invalidation = startCacheInvalidation({ events: other.services.events, dialect: other.services.handle.dialect, settings: other.services.settings, listen: false })
    try {
      await invalidation.ready
      for (let i = 0; i < 2; i++) await other.services.posts.create({ title: `Elsewhere story ${i}`, content: '<p>Elsewhere.</p>', status: 'publish', categories: [categoryId], tags: [tagId] }, systemActor)
      await waitFor(async () => (await pageCount(path)) === before + 1, "the other process's posts in the category's pagination")
      await waitFor(async () => (await html('/sitemap.xml')).includes('sitemap-tags.xml'), "the other process's tagged posts in sitemap.xml")
    } finally {
      await invalidation.close()
      await other.close()
    }
  })
})
