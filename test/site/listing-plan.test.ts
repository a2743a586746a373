import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createPostsRepo } from '../../src/content/posts.repo.js'
import type { Services } from '../../src/services.js'
import { createFeedsRepo } from '../../src/site/feeds/feeds.repo.js'
import { systemActor } from '../../src/users/index.js'
import { DIALECTS, openTestSite, type TestSite } from '../helpers/databases.js'
import { sqlitePlansOf } from '../helpers/query-plans.js'

const reader = { kind: 'anonymous' } as const

/**
 * List pages and feeds find their posts from the listing indexes alone (migration 0013): on SQLite a post's
 * status, dates and comment count are stored after its body, and reading them from the table walks every overflow
 * page of the body. A large archive is found by walking the listing (`termsDense`), a small one by collecting its
 * posts first: the same posts either way.
 */
describe.each(DIALECTS)('listing queries on %s', (dialect) => {
  let site: TestSite
  let services: Services
  let news = 0
  let rare = 0

  beforeAll(async () => {
    site = await openTestSite(dialect, { seed: true })
    services = site.services
    news = (await services.terms.create('category', { name: 'News' }, systemActor)).id
    const local = (await services.terms.create('category', { name: 'Local', parentId: news }, systemActor)).id
    rare = (await services.terms.create('post_tag', { name: 'Rare' }, systemActor)).id
    for (let i = 0; i < 12; i++) {
      const categories = i % 3 === 0 ? [local] : i % 3 === 1 ? [news] : []
      await services.posts.create({ title: `Story ${i}`, content: `<p>${'Long body. '.repeat(800)}</p>`, status: i === 5 ? 'draft' : 'publish', categories, tags: i % 4 === 0 ? [rare] : [], sticky: i === 2 }, systemActor)
    }
  }, 60_000)
  afterAll(() => site?.close())

  test('walking the listing and collecting the posts first find the same posts, in the same order, on every page', async () => {
    for (const termIds of [[news], [news, news + 1], [rare]]) {
      for (let page = 1; page <= 3; page++) {
        const walked = await services.posts.listHeads({ termIds, termsDense: true, page, perPage: 2 }, reader)
        const collected = await services.posts.listHeads({ termIds, termsDense: false, page, perPage: 2 }, reader)
        const rows = await services.posts.list({ termIds, page, perPage: 2 }, reader)
        expect(walked).toEqual(collected)
        expect(walked.heads.map((h) => h.id)).toEqual(rows.posts.map((p) => p.id))
        expect(walked.heads).toEqual(rows.posts.map((p) => ({ id: p.id, modified_at: p.modified_at, comment_count: p.comment_count })))
      }
    }
  })

  test('listed rows are the published posts asked for, without their bodies', async () => {
    const { posts } = await services.posts.list({ perPage: 20 }, reader)
    const draft = (await services.posts.list({ status: 'draft', perPage: 5 }, systemActor)).posts[0]!
    const listed = await services.posts.listedByIds([...posts.map((p) => p.id), draft.id])
    expect(listed.map((p) => p.id).sort((a, b) => a - b)).toEqual(posts.map((p) => p.id).sort((a, b) => a - b))
    for (const row of listed) expect(row).toEqual({ ...posts.find((p) => p.id === row.id)!, content: '', content_source: '' })
  })

  // SQLite's plans only (PostgreSQL chooses index-only scans from its statistics and visibility map): defined on
  // SQLite alone rather than skipped on PostgreSQL, so a CI run skips nothing.
  const onSqlite = dialect === 'sqlite' ? test : ((() => undefined) as unknown as typeof test)
  onSqlite('a page of any list, and a feed, is read from an index alone', async () => {
    const base = { type: 'post', statuses: ['publish'], limit: 10, offset: 0 } as const
    const plans = await sqlitePlansOf(services.handle.db, async (db) => {
      const repo = createPostsRepo(db)
      for (const query of [{ ...base, stickyFirst: true }, base, { ...base, termIds: [news], termsDense: true }, { ...base, authorId: 1 }, { ...base, publishedFrom: '2000-01-01T00:00:00.000Z', publishedTo: '2100-01-01T00:00:00.000Z' }]) {
        await repo.listHeads(query)
      }
      await createFeedsRepo(db).feedHeads({}, 10)
    })
    expect(plans).toHaveLength(6)
    for (const plan of plans) {
      expect(plan).toMatch(/^SEARCH posts USING COVERING INDEX posts_listing(_sticky)?_heads/)
      expect(plan).not.toMatch(/SCAN posts|USE TEMP B-TREE/)
    }
  })
})
