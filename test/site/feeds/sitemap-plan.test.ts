import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Services } from '../../../src/services.js'
import { createSitemaps } from '../../../src/site/feeds/sitemaps.js'
import { systemActor } from '../../../src/users/index.js'
import { openTestSite, type TestSite } from '../../helpers/databases.js'
import { sqlitePlansOf } from '../../helpers/query-plans.js'

/**
 * On SQLite a post's status, password and dates are stored after its body, so a query reading them from the
 * table walks every overflow page of the body: sitemaps must read them from an index (migration 0012).
 */
describe('sitemap queries on sqlite', () => {
  let site: TestSite
  let services: Services

  beforeAll(async () => {
    site = await openTestSite('sqlite', { seed: true })
    services = site.services
    const category = await services.terms.create('category', { name: 'News' }, systemActor)
    for (let i = 0; i < 5; i++) {
      await services.posts.create({ title: `Story ${i}`, content: `<p>${'Long body. '.repeat(800)}</p>`, status: 'publish', categories: [category.id], tags: ['harbour'] }, systemActor)
    }
  })
  afterAll(() => site?.close())

  /** The query plans of what `run` sends to the database. */
  const plansOf = (run: (s: Services) => Promise<unknown>): Promise<string[]> =>
    sqlitePlansOf(services.handle.db, (db) => run({ ...services, handle: { ...services.handle, db } }))

  test('sitemap.xml is one query, counting posts on a covering index and finding each newest change through an index', async () => {
    const plans = await plansOf((s) => createSitemaps(s, { perFile: 2 }).index())
    expect(plans.length).toBeLessThanOrEqual(2)
    const all = plans.join('\n')
    expect(all).toMatch(/USING COVERING INDEX posts_public_dates/)
    expect(all).not.toMatch(/SCAN (posts|p)\b/)
    expect(all).not.toMatch(/USING INDEX posts_listing/)
  })

  test('a posts sitemap reads ids, slugs and dates from the index alone', async () => {
    const plans = await plansOf((s) => createSitemaps(s).posts(1))
    const posts = plans.filter((p) => /\bposts\b/.test(p))
    expect(posts).toHaveLength(1)
    expect(posts[0]).toMatch(/^SEARCH posts USING COVERING INDEX posts_public_dates/)
  })
})
