import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { createFts } from '../../src/search/fts.js'
import { createSearchRepo } from '../../src/search/search.repo.js'
import type { Services } from '../../src/services.js'
import { anonymousActor, systemActor, userActor } from '../../src/users/index.js'
import { importWxr } from '../../src/wxr/index.js'
import { DIALECTS } from '../helpers/databases.js'
import { tempFile } from '../wxr/fixtures.js'
import { wxrDocument } from '../wxr/wxr-builder.js'
import { daysAgo, openSearchSite, publish, type SearchSite, titlesFor, TODAY } from './helpers.js'

/** What the index holds overall: the counts BM25 uses must always agree with the documents. */
async function indexTotals(services: Services) {
  const db = services.handle.db
  const docs = Number((await db.selectFrom('search_docs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  const stats = Object.fromEntries((await db.selectFrom('search_stats').select(['name', 'value']).execute()).map((r) => [r.name, Number(r.value)]))
  const lens = await db.selectFrom('search_docs').select(['title_len', 'body_len']).execute()
  const { rows } = await sql<{ term: string; df: number }>`select term, df from search_terms where df <> 0 order by term`.execute(db)
  return { docs, stats, bodyTokens: lens.reduce((n, r) => n + r.body_len, 0), titleTokens: lens.reduce((n, r) => n + r.title_len, 0), terms: rows.map((r) => `${r.term}:${Number(r.df)}`) }
}

describe.each(DIALECTS)('the index follows every write on %s', (dialect) => {
  let site: SearchSite
  let services: Services
  beforeEach(async () => {
    site = await openSearchSite(dialect)
    services = site.services
  })
  afterEach(() => site.close())

  test('publish, edit, unpublish, trash, restore and delete', async () => {
    const post = await publish(services, { title: 'Lighthouse keeper retires', content: '<p>After forty years at the lamp.</p>' })
    expect(await titlesFor(services, 'lighthouse')).toEqual(['Lighthouse keeper retires'])
    await services.posts.update(post.id, { title: 'Keeper retires', content: '<p>After forty years at the beacon.</p>' }, systemActor)
    expect(await titlesFor(services, 'lighthouse')).toEqual([])
    expect(await titlesFor(services, 'beacon')).toEqual(['Keeper retires'])
    await services.posts.update(post.id, { status: 'draft' }, systemActor)
    expect(await titlesFor(services, 'beacon')).toEqual([])
    await services.posts.update(post.id, { status: 'publish' }, systemActor)
    expect(await titlesFor(services, 'beacon')).toEqual(['Keeper retires'])
    await services.posts.trash(post.id, systemActor)
    expect(await titlesFor(services, 'beacon')).toEqual([])
    expect((await indexTotals(services)).docs).toBe(0)
    await services.posts.restore(post.id, systemActor)
    await services.posts.publish(post.id, systemActor)
    expect(await titlesFor(services, 'beacon')).toEqual(['Keeper retires'])
    await services.posts.remove(post.id, systemActor)
    expect(await titlesFor(services, 'beacon')).toEqual([])
    const totals = await indexTotals(services)
    expect(totals).toEqual({ docs: 0, stats: { docs: 0, title: 0, meta: 0, lead: 0, body: 0 }, bodyTokens: 0, titleTokens: 0, terms: [] })
  })

  test('a scheduled post is found once the scheduler publishes it, and gets its Read Also list', async () => {
    await publish(services, { title: 'Ferry strike called off', content: '<p>The ferry strike on the harbour route is off.</p>' })
    const scheduled = await services.posts.create({ title: 'Ferry strike talks resume', content: '<p>Talks on the ferry strike resume at the harbour.</p>', status: 'future', publishedAt: daysAgo(-1) }, systemActor)
    expect(scheduled.status).toBe('future')
    expect(await titlesFor(services, 'ferry strike')).toEqual(['Ferry strike called off'])
    // Its time comes (the test clock stands still: the date moves instead).
    await services.handle.db.updateTable('posts').set({ published_at: daysAgo(1).toISOString() }).where('id', '=', scheduled.id).execute()
    expect(await services.posts.publishDue()).toEqual([scheduled.id])
    expect((await titlesFor(services, 'ferry strike')).sort()).toEqual(['Ferry strike called off', 'Ferry strike talks resume'])
    await services.search.idle()
    expect((await services.search.relatedPosts(scheduled.id)).map((p) => p.title)).toEqual(['Ferry strike called off'])
  })

  test('category and tag names are searchable, and follow renames and deletions', async () => {
    await publish(services, { title: 'Match report', content: '<p>A late goal.</p>', categories: ['Sport'], tags: ['Football'] })
    expect(await titlesFor(services, 'football')).toEqual(['Match report'])
    const [tag] = (await services.terms.list('post_tag')).filter((t) => t.name === 'Football')
    await services.terms.update(tag!.id, { name: 'Soccer' }, systemActor)
    expect(await titlesFor(services, 'football')).toEqual([])
    expect(await titlesFor(services, 'soccer')).toEqual(['Match report'])
    await services.terms.remove(tag!.id, systemActor)
    expect(await titlesFor(services, 'soccer')).toEqual([])
    expect(await titlesFor(services, 'sport')).toEqual(['Match report'])
    const [sport] = (await services.terms.list('category')).filter((t) => t.name === 'Sport')
    await services.terms.update(sport!.id, { name: 'Athletics' }, systemActor)
    expect(await titlesFor(services, 'athletics')).toEqual(['Match report'])
    await services.terms.remove(sport!.id, systemActor)
    expect(await titlesFor(services, 'athletics')).toEqual([])
    // What renames and deletions left is what a rebuild from scratch makes.
    const left = await indexTotals(services)
    expect(left.terms.some((t) => t.startsWith('soccer:') || t.startsWith('athlet'))).toBe(false)
    await services.search.rebuild()
    expect(await indexTotals(services)).toEqual(left)
  })

  test('renaming a user re-indexes their posts (drafts too), and only theirs', async () => {
    const writer = await services.users.create({ email: 'k@example.com', displayName: 'Kofi Mensah', role: 'author', password: null }, systemActor)
    const other = await services.users.create({ email: 'o@example.com', displayName: 'Ola Mensah', role: 'author', password: null }, systemActor)
    await publish(services, { title: 'Market report', content: '<p>Prices rose.</p>', authorId: writer.id })
    await publish(services, { title: 'Harvest notes', content: '<p>Rain came.</p>', authorId: writer.id, status: 'draft' })
    await publish(services, { title: 'River levels', content: '<p>Water fell.</p>', authorId: other.id })
    expect(await titlesFor(services, 'kofi')).toEqual(['Market report'])
    const editorFinds = async (q: string) => (await services.search.search({ query: q, statuses: ['publish', 'draft'], perPage: 50 }, systemActor)).posts.map((p) => p.title).sort()
    expect(await editorFinds('kofi')).toEqual(['Harvest notes', 'Market report'])
    const before = await indexTotals(services)
    // A failed rename changes nothing.
    await expect(services.users.update(writer.id, { displayName: '   ' }, systemActor)).rejects.toMatchObject({ code: 'invalid_display_name' })
    await expect(services.users.update(writer.id, { displayName: 'Someone Else' }, userActor(other))).rejects.toMatchObject({ kind: 'forbidden' })
    expect(await indexTotals(services)).toEqual(before)
    await services.users.update(writer.id, { displayName: 'Kwame Asante' }, systemActor)
    expect(await titlesFor(services, 'kofi')).toEqual([])
    expect(await titlesFor(services, 'asante')).toEqual(['Market report'])
    expect(await editorFinds('kwame asante')).toEqual(['Harvest notes', 'Market report'])
    expect(await titlesFor(services, 'mensah')).toEqual(['River levels'])
    // The counts BM25 uses agree with a rebuild from scratch.
    const after = await indexTotals(services)
    await services.search.rebuild()
    expect(await indexTotals(services)).toEqual(after)
  })

  test('deleting a user gives their posts to another, and search finds them under the new byline', async () => {
    const leaver = await services.users.create({ email: 'l@example.com', displayName: 'Zubair Quist', role: 'author', password: null }, systemActor)
    const heir = await services.users.create({ email: 'h@example.com', displayName: 'Yaw Boateng', role: 'author', password: null }, systemActor)
    await publish(services, { title: 'Ferry timetable', content: '<p>Boats leave at noon.</p>', authorId: leaver.id })
    expect(await titlesFor(services, 'quist')).toEqual(['Ferry timetable'])
    await services.users.remove(leaver.id, heir.id, systemActor)
    expect(await titlesFor(services, 'quist')).toEqual([])
    expect(await titlesFor(services, 'boateng')).toEqual(['Ferry timetable'])
    const after = await indexTotals(services)
    await services.search.rebuild()
    expect(await indexTotals(services)).toEqual(after)
  })

  test('the excerpt and the author are searchable; a password-protected post only by its title; markup never', async () => {
    const writer = await services.users.create({ email: 'w@example.com', displayName: 'Mariana Oyelaran', role: 'author', password: null }, systemActor)
    await services.posts.create({ title: 'Tides', content: '<p class="tidal">Moon and <a href="https://example.com/secretpath">sea</a>.</p>', excerpt: 'Spring tides explained', status: 'publish', authorId: writer.id }, systemActor)
    await services.posts.create({ title: 'Locked tides', content: '<p>hidden sea words</p>', password: 'open sesame', status: 'publish' }, systemActor)
    expect(await titlesFor(services, 'spring')).toEqual(['Tides'])
    expect(await titlesFor(services, 'oyelaran')).toEqual(['Tides'])
    expect(await titlesFor(services, 'tidal')).toEqual([])
    expect(await titlesFor(services, 'secretpath')).toEqual([])
    expect(await titlesFor(services, 'hidden')).toEqual([])
    expect((await titlesFor(services, 'tides')).sort()).toEqual(['Locked tides', 'Tides'])
    const found = await services.search.search({ query: 'tides sea', snippets: true }, anonymousActor)
    expect([...found.snippets.values()]).toEqual(['Moon and <mark>sea</mark>.'])
  })

  test('the same event twice changes nothing; a rebuild gives the same index', async () => {
    const post = await publish(services, { title: 'Storm warning', content: '<p>Winds of a storm.</p>', tags: ['Weather'] })
    await publish(services, { title: 'Calm weather', content: '<p>No wind at all.</p>' })
    const before = await indexTotals(services)
    await services.events.emit({ type: 'post.saved', post, previous: null })
    expect(await indexTotals(services)).toEqual(before)
    await services.search.rebuild()
    expect(await indexTotals(services)).toEqual(before)
    await services.handle.db.deleteFrom('search_docs').execute()
    await services.search.rebuild()
    expect(await indexTotals(services)).toEqual(before)
    expect(await titlesFor(services, 'storm')).toEqual(['Storm warning'])
  })

  test('a WordPress import is indexed inside its transaction, and a rolled-back one leaves nothing', async () => {
    const items = [
      { id: 10, title: 'Imported harbour story', content: 'The harbour was quiet.\n\nThen the ferries came.', status: 'publish', date: '2020-01-02 10:00:00' },
      { id: 11, title: 'Imported draft about the harbour', content: 'Not yet.', status: 'draft' },
    ]
    const { file, cleanup } = tempFile('site.xml', wxrDocument(items))
    try {
      await importWxr(services, file, { dryRun: true })
      expect(await titlesFor(services, 'harbour')).toEqual([])
      await importWxr(services, file)
      expect(await titlesFor(services, 'harbour')).toEqual(['Imported harbour story'])
      expect(await titlesFor(services, 'ferry')).toEqual(['Imported harbour story'])
    } finally {
      cleanup()
    }
  })

  test('an index left empty by an upgrade is built on the first search', async () => {
    await publish(services, { title: 'Before the upgrade', content: '<p>Old words.</p>' })
    await services.handle.db.deleteFrom('search_docs').execute()
    await services.handle.db.updateTable('search_stats').set({ value: 0 }).execute()
    await services.handle.db.deleteFrom('search_terms').execute()
    await expect.poll(() => titlesFor(services, 'upgrade')).toEqual(['Before the upgrade'])
  })
})

describe.runIf(DIALECTS.includes('postgres'))('on PostgreSQL a document is written in one row version', () => {
  let site: SearchSite
  beforeEach(async () => {
    site = await openSearchSite('postgres')
  })
  afterEach(() => site.close())

  const fields = (title: string, body: string) => ({ title: title.split(' '), meta: ['weather'], lead: body.split(' ').slice(0, 3), body: body.split(' ') })
  const post = { type: 'post', status: 'publish', author_id: null, published_at: '2025-06-01T00:00:00.000Z' }

  test('its vectors go in with the row: a write leaves no dead version behind', async () => {
    const { db } = site.services.handle
    // What this transaction did to search_docs, counted by PostgreSQL itself (savepoints included).
    const writes = async (trx: typeof db) => {
      const { rows } = await sql<{ ins: string; upd: string }>`select n_tup_ins as ins, n_tup_upd as upd from pg_stat_xact_user_tables where relid = 'search_docs'::regclass`.execute(trx)
      return { inserted: Number(rows[0]!.ins), updated: Number(rows[0]!.upd) }
    }
    await db.transaction().execute(async (trx) => {
      const repo = createSearchRepo(trx, createFts({ fullTextSearch: 'tsvector' }))
      await repo.writeDoc(1, post, fields('harbour bridge opens', 'the new harbour bridge opens to traffic today'), TODAY.toISOString())
      expect(await writes(trx)).toEqual({ inserted: 1, updated: 0 })
      await repo.writeDoc(1, post, fields('harbour bridge closes', 'the harbour bridge closes for repairs'), TODAY.toISOString())
      expect(await writes(trx)).toEqual({ inserted: 1, updated: 1 })
      await repo.writeDocs([2, 3, 4].map((id) => ({ postId: id, post, input: fields(`story ${id}`, `words of story ${id} about the storm`) })), TODAY.toISOString())
      expect(await writes(trx)).toEqual({ inserted: 4, updated: 1 })
      const { rows } = await sql<{ post_id: number; head: string; stripped: boolean }>`select post_id, head_tsv::text as head, terms_tsv = strip(full_tsv) as stripped from search_docs order by post_id`.execute(trx)
      expect(rows.map((r) => [r.post_id, r.stripped])).toEqual([[1, true], [2, true], [3, true], [4, true]])
      expect(rows[0]!.head).toBe("'bridge':3 'closes':4 'harbour':2 'weather':6")
    })
    expect(await titlesFor(site.services, 'harbour')).toEqual([])
  })
})
