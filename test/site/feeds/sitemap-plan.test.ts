import { CompiledQuery, type KyselyPlugin, type RootOperationNode } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Services } from '../../../src/services.js'
import { createSitemaps } from '../../../src/site/feeds/sitemaps.js'
import { systemActor } from '../../../src/users/index.js'
import { openTestSite, type TestSite } from '../../helpers/databases.js'

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
  async function plansOf(run: (s: Services) => Promise<unknown>): Promise<string[]> {
    // Subqueries pass through transformQuery too; only statements that ran get a result.
    const built = new Map<unknown, RootOperationNode>()
    const nodes: RootOperationNode[] = []
    const recorder: KyselyPlugin = {
      transformQuery: (args) => {
        built.set(args.queryId, args.node)
        return args.node
      },
      transformResult: async (args) => {
        nodes.push(built.get(args.queryId)!)
        return args.result
      },
    }
    const db = services.handle.db.withPlugin(recorder)
    await run({ ...services, handle: { ...services.handle, db } })
    const plans: string[] = []
    for (const node of nodes) {
      const compiled = services.handle.db.getExecutor().compileQuery(node, { queryId: 'plan' })
      const { rows } = await services.handle.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]))
      plans.push(rows.map((r) => r.detail).join('\n'))
    }
    return plans
  }

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
