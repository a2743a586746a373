import { afterEach, describe, expect, test } from 'vitest'
import { compiledOnce, type DatabaseHandle, inTransaction, migrateToLatest } from '../../src/db/index.js'
import { DIALECTS, freshDatabase } from '../helpers/databases.js'

const termsNamed = compiledOnce<{ taxonomy: string; name: string }, { slug: string }>('test.termsNamed', (db, arg) =>
  db.selectFrom('terms').select('slug').where('taxonomy', '=', arg('taxonomy')).where('name', '=', arg('name')).orderBy('id'),
)
const slugsIn = compiledOnce<Record<string, string>, { slug: string }>('test.slugsIn', (db, arg, count) =>
  db.selectFrom('terms').select('slug').where('slug', 'in', Array.from({ length: count }, (_, i) => arg(`s${i}`))).orderBy('slug'),
)

describe.each(DIALECTS)('queries compiled once (%s)', (dialect) => {
  let handle: DatabaseHandle
  afterEach(async () => handle?.close())

  async function withTerms(): Promise<DatabaseHandle> {
    handle = await freshDatabase(dialect)
    await migrateToLatest(handle)
    const row = (slug: string, name: string) => ({ taxonomy: 'post_tag', slug, name, description: '', parent_id: null, count: 0 })
    await handle.db.insertInto('terms').values([row('a', 'Alpha'), row('b', 'Beta'), row('c', 'Alpha Two')]).execute()
    return handle
  }

  test('runs with new values each time, inside and outside a transaction, and per shape', async () => {
    const { db } = await withTerms()
    expect(await termsNamed(db, { taxonomy: 'post_tag', name: 'Alpha' })).toEqual([{ slug: 'a' }])
    expect(await termsNamed(db, { taxonomy: 'post_tag', name: 'Beta' })).toEqual([{ slug: 'b' }])
    expect(await termsNamed(db, { taxonomy: 'category', name: 'Beta' })).toEqual([])
    await inTransaction(db, async (trx) => {
      await trx.insertInto('terms').values({ taxonomy: 'category', slug: 'd', name: 'Beta', description: '', parent_id: null, count: 0 }).execute()
      expect(await termsNamed(trx, { taxonomy: 'category', name: 'Beta' })).toEqual([{ slug: 'd' }])
    })
    expect(await slugsIn(db, { s0: 'c', s1: 'a' }, 2)).toEqual([{ slug: 'a' }, { slug: 'c' }])
    expect(await slugsIn(db, { s0: 'b' }, 1)).toEqual([{ slug: 'b' }])
    expect(await slugsIn(db, { s0: 'b', s1: 'c', s2: 'x' }, 3)).toEqual([{ slug: 'b' }, { slug: 'c' }])
  })

  test('a value that is not an argument is refused when the query is compiled', async () => {
    const { db } = await withTerms()
    const constant = compiledOnce<{ name: string }, { slug: string }>(`test.constant.${dialect}`, (d, arg) =>
      d.selectFrom('terms').select('slug').where('taxonomy', '=', 'post_tag').where('name', '=', arg('name')),
    )
    await expect(constant(db, { name: 'Alpha' })).rejects.toThrow(/must be an argument/)
  })
})
