import { sql } from 'kysely'
import { afterEach, describe, expect, test } from 'vitest'
import { openSite, type Site } from '../../src/boot.js'
import { DIALECTS, tempDataDir, testConfig } from '../helpers/databases.js'
import { publish, titlesFor } from './helpers.js'

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
  const cleanups: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  test('is converted by the upgrade: the same posts are found, phrases and exclusions included, with no reindex', async () => {
    const { dir, cleanup } = tempDataDir()
    cleanups.push(cleanup)
    const config = await testConfig(dialect, dir)
    const before = await openSite(config, { seed: false })
    await publish(before.services, { title: 'Harbour bridge reopens', content: '<p>The harbour bridge opens to traffic after the storm.</p>', days: 3 })
    await publish(before.services, { title: 'Storm over the harbour', content: '<p>A bridge of boats crossed the harbour in the storm.</p>', days: 2 })
    await publish(before.services, { title: 'Council budget', content: '<p>The council voted on the budget.</p>', days: 1 })
    const queries = ['harbour', 'storm bridge', '"harbour bridge"', 'harbour -"harbour bridge"', 'storm -council', 'harb']
    const found = await Promise.all(queries.map((q) => titlesFor(before.services, q)))
    expect(found).toEqual([
      ['Harbour bridge reopens', 'Storm over the harbour'],
      ['Harbour bridge reopens', 'Storm over the harbour'],
      ['Harbour bridge reopens'],
      ['Storm over the harbour'],
      ['Storm over the harbour', 'Harbour bridge reopens'],
      ['Harbour bridge reopens', 'Storm over the harbour'],
    ])
    await backToBefore0010(before)
    await before.services.search.close()
    await before.close()

    const after = await openSite(config, { seed: false })
    cleanups.push(async () => {
      await after.services.search.close()
      await after.close()
    })
    expect(await Promise.all(queries.map((q) => titlesFor(after.services, q)))).toEqual(found)
  })
})
