import { sql } from 'kysely'
import { afterEach, describe, expect, test } from 'vitest'
import { openSite, type Site } from '../../src/boot.js'
import { type DialectName, DIALECTS, tempDataDir, testConfig } from '../helpers/databases.js'
import { publish, titlesFor } from './helpers.js'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/**
 * A site made by `prepare`, taken back by `rollBack` to what it was before a migration, closed and opened again:
 * the upgrade runs on the way. Returns the upgraded site (closed and removed after the test) and what `prepare` gave.
 */
async function upgraded<T>(dialect: DialectName, prepare: (site: Site) => Promise<T>, rollBack: (site: Site) => Promise<void>): Promise<{ site: Site; prepared: T }> {
  const { dir, cleanup } = tempDataDir()
  cleanups.push(cleanup)
  const config = await testConfig(dialect, dir)
  const before = await openSite(config, { seed: false })
  const prepared = await prepare(before)
  await rollBack(before)
  await before.services.search.close()
  await before.close()
  const site = await openSite(config, { seed: false })
  cleanups.push(async () => {
    await site.services.search.close()
    await site.close()
  })
  return { site, prepared }
}

/** 0010 on PostgreSQL: what the search index was before it (matches on `full_tsv`, its GIN index, no `terms_tsv`). */
async function backToBefore0010(site: Site): Promise<void> {
  const { db, dialect } = site.services.handle
  if (dialect.fullTextSearch === 'tsvector') {
    await sql`drop index search_docs_terms`.execute(db)
    await sql`alter table search_docs drop column terms_tsv`.execute(db)
    await sql`create index search_docs_full on search_docs using gin (full_tsv)`.execute(db)
  }
  await sql`delete from pressroom_migrations where name = '0010-search-terms-vector'`.execute(db)
}

describe.each(DIALECTS)('a search index from before 0010 on %s', (dialect) => {
  test('is converted by the upgrade: the same posts are found, phrases and exclusions included, with no reindex', async () => {
    const queries = ['harbour', 'storm bridge', '"harbour bridge"', 'harbour -"harbour bridge"', 'storm -council', 'harb']
    const { site, prepared: found } = await upgraded(dialect, async (before) => {
      await publish(before.services, { title: 'Harbour bridge reopens', content: '<p>The harbour bridge opens to traffic after the storm.</p>', days: 3 })
      await publish(before.services, { title: 'Storm over the harbour', content: '<p>A bridge of boats crossed the harbour in the storm.</p>', days: 2 })
      await publish(before.services, { title: 'Council budget', content: '<p>The council voted on the budget.</p>', days: 1 })
      const found = await Promise.all(queries.map((q) => titlesFor(before.services, q)))
      expect(found).toEqual([
        ['Harbour bridge reopens', 'Storm over the harbour'],
        ['Harbour bridge reopens', 'Storm over the harbour'],
        ['Harbour bridge reopens'],
        ['Storm over the harbour'],
        ['Storm over the harbour', 'Harbour bridge reopens'],
        ['Harbour bridge reopens', 'Storm over the harbour'],
      ])
      return found
    }, backToBefore0010)
    expect(await Promise.all(queries.map((q) => titlesFor(site.services, q)))).toEqual(found)
  })
})

/** 0014: when each "Read Also" list was computed, kept in search_docs.related_at as before it. */
async function backToBefore0014(site: Site): Promise<void> {
  const { db } = site.services.handle
  await sql`alter table search_docs add column related_at text`.execute(db)
  await sql`update search_docs set related_at = (select computed_at from related_lists r where r.post_id = search_docs.post_id)`.execute(db)
  await sql`drop table related_lists`.execute(db)
  await sql`delete from pressroom_migrations where name = '0014-related-lists'`.execute(db)
}

describe.each(DIALECTS)('"Read Also" lists from before 0014 on %s', (dialect) => {
  test('stay computed through the upgrade, and one still to compute stays to compute', async () => {
    const { site, prepared: [older, story] } = await upgraded(dialect, async (before) => {
      const older = await publish(before.services, { title: 'Drought empties the reservoirs', content: '<p>The drought has emptied the reservoirs.</p>', days: 3 })
      const story = await publish(before.services, { title: 'Farmers and the drought', content: '<p>Farmers say the drought and the reservoirs worry them.</p>', days: 1 })
      await before.services.search.idle()
      expect((await before.services.search.relatedIdsFor([older.id, story.id])).get(story.id)).toEqual([older.id])
      await before.services.handle.db.deleteFrom('related_lists').where('post_id', '=', older.id).execute()
      return [older, story] as const
    }, backToBefore0014)
    const kept = await site.services.handle.db.selectFrom('related_lists').select('post_id').execute()
    expect(kept.map((r) => r.post_id)).toEqual([story.id])
    await expect(sql`select related_at from search_docs`.execute(site.services.handle.db)).rejects.toThrow(/related_at/)
    expect(await site.services.search.computeStaleRelated()).toBe(1)
    expect(await site.services.search.relatedIds(story.id)).toEqual([older.id])
  })
})
