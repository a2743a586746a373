import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { whereFor } from '../../src/search/filters.js'
import { candidatesByTwoMatches, createFts } from '../../src/search/fts.js'
import { parseQuery } from '../../src/search/query.js'
import { withSearchTables } from '../../src/search/tables.js'
import { anonymousActor } from '../../src/users/index.js'
import { DIALECTS } from '../helpers/databases.js'
import { openSearchSite, publish, type SearchSite } from './helpers.js'

describe.each(DIALECTS)('finding the newest matches on %s', (dialect) => {
  let site: SearchSite
  beforeAll(async () => {
    site = await openSearchSite(dialect)
    for (let i = 1; i <= 40; i++) {
      await publish(site.services, { title: `Harbour note ${i}`, content: `<p>${i % 3 ? 'ferry' : 'bridge'} ${i % 5 ? '' : 'storm'} words ${i}</p>`, days: 50 - i, tags: i % 4 ? [] : ['Weather'] })
    }
    await publish(site.services, { title: 'Harbour draft', content: '<p>ferry storm</p>', status: 'draft' })
  })
  afterAll(() => site.close())

  test('a selective query found through the index gives the same posts as the walk from the newest', async () => {
    const fts = createFts(site.services.handle.dialect)
    const db = withSearchTables(site.services.handle.db)
    const where = whereFor(anonymousActor, {})
    for (const q of ['harbour', 'ferry', 'storm', 'ferry storm', '"harbour note"', 'weather', 'harbour -ferry', 'nothing']) {
      for (const head of [false, true]) {
        for (const limit of [3, 10, 100]) {
          const options = { head, any: false, where, limit }
          const walked = await fts.matchIds(db, parseQuery(q), { ...options, selective: false })
          const indexed = await fts.matchIds(db, parseQuery(q), { ...options, selective: true })
          expect(indexed, `${q} head=${head} limit=${limit}`).toEqual(walked)
          expect(walked).toEqual([...walked].sort((a, b) => b - a))
        }
      }
    }
    expect((await fts.matchIds(db, parseQuery('ferry'), { head: false, any: false, where, limit: 100, selective: true })).length).toBe(27)
  })

  test('matches read with their documents are the same matches, in the same order, with what the documents hold', async () => {
    const fts = createFts(site.services.handle.dialect)
    const db = withSearchTables(site.services.handle.db)
    const where = whereFor(anonymousActor, {})
    for (const q of ['harbour', 'ferry storm', '"harbour note"', 'harbour -ferry', 'nothing']) {
      for (const head of [false, true]) {
        for (const selective of [false, true]) {
          const options = { head, any: false, where, limit: 10, selective }
          const docs = await fts.matchDocs(db, parseQuery(q), options)
          expect(docs.map((d) => d.id), `${q} head=${head} selective=${selective}`).toEqual(await fts.matchIds(db, parseQuery(q), options))
          for (const d of docs) {
            const stored = await db.selectFrom('search_docs').selectAll().where('post_id', '=', d.id).executeTakeFirstOrThrow()
            expect(d).toEqual({ id: d.id, published_at: stored.published_at, title: stored.title, meta: stored.meta, lead: stored.lead, body: stored.body, title_len: stored.title_len, meta_len: stored.meta_len, lead_len: stored.lead_len, body_len: stored.body_len })
          }
        }
      }
    }
    expect((await fts.matchDocs(db, parseQuery('ferry'), { head: false, any: false, where, limit: 100 })).length).toBe(27)
  })

  test('the candidates of a query are the window and the older headline matches, however they are found', async () => {
    const fts = createFts(site.services.handle.dialect)
    const db = withSearchTables(site.services.handle.db)
    const where = whereFor(anonymousActor, {})
    const ids = (c: { window: { id: number }[]; older: { id: number }[] }) => ({ window: c.window.map((d) => d.id), older: c.older.map((d) => d.id) })
    for (const q of ['harbour', 'ferry', 'harbour storm', 'weather harbour', '"harbour note"', 'harbour -ferry', 'nothing']) {
      for (const [window, head] of [[5, 3], [10, 40], [100, 100]] as const) {
        for (const selective of [false, true]) {
          const options = { where, window, head, selective }
          const found = await fts.matchCandidates(db, parseQuery(q), options)
          expect(ids(found), `${q} ${window}/${head} selective=${selective}`).toEqual(ids(await candidatesByTwoMatches(fts, db, parseQuery(q), options)))
          expect(found.window[0]).toEqual((await fts.matchDocs(db, parseQuery(q), { head: false, any: false, where, limit: 1 }))[0])
        }
      }
    }
    // 'harbour' is in every title: the five newest fill the window, the three newest headlines are among them.
    expect(ids(await fts.matchCandidates(db, parseQuery('harbour'), { where, window: 5, head: 3, selective: true })).older).toEqual([])
    const older = ids(await fts.matchCandidates(db, parseQuery('weather harbour'), { where, window: 2, head: 10, selective: true })).older
    expect(older.length).toBeGreaterThan(0)
  })
})
