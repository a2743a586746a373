import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { systemActor } from '../../src/users/index.js'
import { type CliSite, cliSite } from '../cli/cli-harness.js'
import { DIALECTS } from '../helpers/databases.js'
import { DIPLOMACY, NO_ENTITIES } from './helpers.js'

describe.each(DIALECTS)('pressroom search and post suggest-tags on %s', (dialect) => {
  let site: CliSite
  beforeEach(async () => {
    site = await cliSite(dialect)
  })
  afterEach(() => site.cleanup())

  const create = (title: string, content: string, status = 'publish') =>
    site.inspect(async (services) => (await services.posts.create({ title, content, status }, systemActor)).id)

  test('post suggest-tags ID --json prints {name, kind, tag_id|null}; no entities, an empty array', async () => {
    const story = await create('Blinken in the Gulf', DIPLOMACY)
    const quiet = await create('A rainy day', NO_ENTITIES)
    const result = await site.run(['post', 'suggest-tags', String(story), '--json'])
    expect(result.code).toBe(0)
    const suggestions = JSON.parse(result.stdout) as { name: string; kind: string; tag_id: number | null }[]
    expect(suggestions.map((s) => s.name)).toEqual(expect.arrayContaining(['Antony Blinken', 'Vladimir Putin', 'Kuwait', 'Saudi Arabia', 'Brazil', 'India', 'Japan']))
    expect(suggestions.every((s) => Object.keys(s).join() === 'name,kind,tag_id')).toBe(true)
    expect(JSON.parse((await site.run(['post', 'suggest-tags', String(quiet), '--json'])).stdout)).toEqual([])
    const table = await site.run(['post', 'suggest-tags', String(story)])
    expect(table.stdout).toMatch(/^NAME\s+KIND\s+TAG\n/)
    expect(table.stdout).toMatch(/Antony Blinken\s+person\s+new/)
    const missing = await site.run(['post', 'suggest-tags', '9999'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('Post 9999 not found')
    expect((await site.run(['post', 'suggest-tags', 'abc'])).code).toBe(2)
  })

  test('search related computes the Read Also lists an import left to be computed, and only those', async () => {
    const story = await create('Harbour bridge reopens', '<p>The harbour bridge is open again.</p>')
    await create('Bridge tolls', '<p>Tolls on the harbour bridge rise.</p>')
    await site.inspect(async (services) => {
      await services.search.idle()
      // As an import leaves them: indexed, no list computed.
      await services.handle.db.deleteFrom('related_lists').execute()
      await services.handle.db.deleteFrom('post_related').execute()
    })
    const stale = () =>
      site.inspect(async (services) => {
        const count = (table: 'search_docs' | 'related_lists') => services.handle.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
        return Number((await count('search_docs')).n) - Number((await count('related_lists')).n)
      })
    expect(await stale()).toBeGreaterThanOrEqual(2)
    const result = await site.run(['search', 'related'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^Computed related posts for \d+ posts\.\n$/)
    expect(Number(/for (\d+) posts/.exec(result.stdout)![1])).toBeGreaterThanOrEqual(2)
    expect(await stale()).toBe(0)
    const stored = await site.inspect((services) => services.handle.db.selectFrom('post_related').select('related_id').where('post_id', '=', story).execute())
    expect(stored.length).toBeGreaterThan(0)
    expect((await site.run(['search', 'related'])).stdout).toBe('Computed related posts for 0 posts.\n')
  })

  test('search reindex rebuilds the index and the related posts; search query answers like the site', async () => {
    await create('Harbour bridge reopens', '<p>The harbour bridge is open again.</p>')
    await create('Bridge tolls', '<p>Tolls on the harbour bridge rise.</p>')
    await site.inspect((services) => services.handle.db.deleteFrom('search_docs').execute())
    const reindex = await site.run(['search', 'reindex'])
    expect(reindex.code).toBe(0)
    expect(reindex.stdout).toMatch(/^Indexed \d+ posts and pages; computed related posts for \d+ posts\.\n$/)
    const query = await site.run(['search', 'query', 'harbour', 'bridge', '--json'])
    const found = JSON.parse(query.stdout) as { total: number; results: { title: string; snippet: string }[] }
    expect(found.results.map((r) => r.title)).toEqual(['Harbour bridge reopens', 'Bridge tolls'])
    expect(found.results[0]!.snippet).toContain('<mark>harbour bridge</mark>')
    expect((await site.run(['search', 'query', '"', 'NEAR(', '--json'])).code).toBe(0)
    // An excluded word is the query's, not an option; a mistyped option is still refused.
    const excluded = await site.run(['search', 'query', 'harbour', '-tolls', '--json'])
    expect(excluded.code).toBe(0)
    expect((JSON.parse(excluded.stdout) as typeof found).results.map((r) => r.title)).toEqual(['Harbour bridge reopens'])
    const typo = await site.run(['search', 'query', 'harbour', '--jsn'])
    expect(typo.code).toBe(2)
    expect(typo.stderr).toContain("unknown option '--jsn'")
    const related = await site.inspect(async (services) => {
      const [post] = (await services.search.search({ query: 'tolls' }, { kind: 'anonymous' })).posts
      return (await services.search.relatedPosts(post!.id)).map((p) => p.title)
    })
    expect(related).toContain('Harbour bridge reopens')
  })
})
