import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { Services } from '../../src/services.js'
import { importWxr } from '../../src/wxr/index.js'
import { DIALECTS, openTestSite, type TestSite } from '../helpers/databases.js'
import { tempFile } from './fixtures.js'
import { type ItemSpec, SITE, wxrDocument } from './wxr-builder.js'

/**
 * The importer writes what it remembers of WordPress (old ids, custom fields) a few hundred rows per statement:
 * the rows must be those one statement per row would write, and go or stay with the import and with each item.
 */

/** Every row the import writes, in an order that does not depend on how it was written. */
async function rows(services: Services) {
  const db = services.handle.db
  return {
    ids: await db.selectFrom('wxr_ids').selectAll().orderBy('kind').orderBy('source').orderBy('old_id').execute(),
    meta: await db.selectFrom('wxr_meta').selectAll().orderBy('kind').orderBy('object_id').orderBy('meta_key').orderBy('meta_value').execute(),
    posts: await db.selectFrom('posts').select(['id', 'type', 'slug', 'status', 'content', 'comment_count']).orderBy('id').execute(),
    comments: await db.selectFrom('comments').select(['id', 'post_id', 'parent_id', 'content', 'status']).orderBy('id').execute(),
    oldSlugs: await db.selectFrom('old_slugs').select(['post_id', 'slug']).orderBy('slug').execute(),
    postTerms: await db.selectFrom('post_terms').selectAll().orderBy('post_id').orderBy('term_id').execute(),
  }
}

async function count(services: Services, table: 'posts' | 'wxr_ids' | 'wxr_meta' | 'comments'): Promise<number> {
  return Number((await services.handle.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
}

/** Posts with custom fields, old slugs, comments (threaded), links to earlier and later posts, a page tree. */
function items(): ItemSpec[] {
  const out: ItemSpec[] = []
  for (let i = 1; i <= 14; i++) {
    out.push({
      id: i,
      name: `story-${i}`,
      link: `${SITE}/2024/03/story-${i}/`,
      content: `Story ${i}. See <a href="${SITE}/?p=${i === 1 ? 14 : i - 1}">another</a> and <a href="${SITE}/2024/03/story-${Math.max(1, i - 2)}/">an older one</a>.`,
      terms: [{ domain: 'category', slug: `section-${i % 3}`, name: `Section ${i % 3}` }, { domain: 'post_tag', slug: `tag-${i % 5}`, name: `Tag ${i % 5}` }],
      meta: { source_desk: `desk ${i % 4}`, ...(i % 3 === 0 ? { _wp_old_slug: `old-story-${i}` } : {}) },
      comments: i % 2 === 0 ? [{ id: 100 + i, content: `First on ${i}.` }, { id: 200 + i, content: `Reply on ${i}.`, parent: 100 + i }] : [],
    })
  }
  out.push({ id: 30, type: 'page', name: 'child', parent: 31, meta: { layout: 'wide' } })
  out.push({ id: 31, type: 'page', name: 'parent' })
  return out
}

describe.each(DIALECTS)('WXR import writes in batches on %s', (dialect) => {
  let sites: TestSite[] = []
  const open = async () => {
    const site = await openTestSite(dialect, { seed: true })
    sites.push(site)
    return site
  }
  beforeEach(() => {
    sites = []
  })
  afterEach(async () => {
    for (const site of sites) await site.close()
  })

  test('batches of any size write the same rows as one statement a row', async () => {
    const { file, cleanup } = tempFile('batches.xml', wxrDocument(items()))
    try {
      const results = []
      for (const batchRows of [1, 3, 500]) {
        const site = await open()
        const summary = await importWxr(site.services, file, { batchRows })
        expect(summary.posts).toEqual({ imported: 14, skipped: 0, failed: 0 })
        results.push(await rows(site.services))
      }
      expect(results[0]!.ids.length).toBeGreaterThan(30)
      expect(results[0]!.meta).toHaveLength(15)
      expect(results[0]!.oldSlugs).toHaveLength(4)
      expect(results[1]).toEqual(results[0])
      expect(results[2]).toEqual(results[0])
    } finally {
      cleanup()
    }
  })

  test('a second import of the file, in small batches, finds every item and writes nothing new', async () => {
    const { file, cleanup } = tempFile('again.xml', wxrDocument(items()))
    try {
      const site = await open()
      await importWxr(site.services, file, { batchRows: 3 })
      const before = await rows(site.services)
      const summary = await importWxr(site.services, file, { batchRows: 3 })
      expect(summary.posts).toEqual({ imported: 0, skipped: 14, failed: 0 })
      expect(summary.comments).toEqual({ imported: 0, skipped: 14, failed: 0 })
      expect(await rows(site.services)).toEqual(before)
    } finally {
      cleanup()
    }
  })

  test('an item the rules refuse leaves none of its ids, custom fields, terms or counts behind, even in a batch already begun', async () => {
    const list = items()
    // Its second comment is too long: the whole item (post, first comment, what it remembered) is undone.
    list[4] = { ...list[4]!, comments: [{ id: 105, content: 'Fine.' }, { id: 205, content: 'x'.repeat(70_000) }] }
    const { file, cleanup } = tempFile('refused.xml', wxrDocument(list))
    try {
      const site = await open()
      const summary = await importWxr(site.services, file, { batchRows: 3 })
      expect(summary.warnings).toEqual([expect.stringMatching(/^item "Item 5" \(post_id 5\) at line \d+: Your comment is too long\.$/)])
      // Counted once, as failed; the tag it made is made again by the next post that has it (item 10).
      expect(summary.posts).toEqual({ imported: 13, skipped: 0, failed: 1 })
      expect(summary.comments.imported).toBe(14)
      expect(summary.terms.imported).toBe(8)
      const db = site.services.handle.db
      expect(await db.selectFrom('wxr_ids').select('old_id').where('old_id', 'in', ['5', '105', '205']).execute()).toEqual([])
      const postIds = (await db.selectFrom('posts').select('id').execute()).map((p) => p.id)
      const orphans = await db.selectFrom('wxr_meta').select('object_id').where('kind', '=', 'post').where('object_id', 'not in', postIds).execute()
      expect(orphans).toEqual([])
      expect(await db.selectFrom('wxr_meta').select('meta_value').where('meta_key', '=', 'source_desk').execute()).toHaveLength(13)
      // The same item, fixed, comes in on the next import: nothing says it was imported before.
      const { file: fixed, cleanup: cleanupFixed } = tempFile('fixed.xml', wxrDocument(items()))
      try {
        const again = await importWxr(site.services, fixed, { batchRows: 3 })
        expect(again.posts).toEqual({ imported: 1, skipped: 13, failed: 0 })
      } finally {
        cleanupFixed()
      }
    } finally {
      cleanup()
    }
  })

  test('an import that fails after batches were written, and a dry run, leave no row behind', async () => {
    const text = wxrDocument(items())
    // Malformed after the tenth item: batches of three were written by then.
    const cut = text.indexOf('<item>', text.indexOf('<wp:post_id>11</wp:post_id>'))
    const { file: broken, cleanup } = tempFile('broken.xml', `${text.slice(0, cut)}<item><title>&bogus</title></item></channel></rss>`)
    const { file: whole, cleanup: cleanupWhole } = tempFile('whole.xml', text)
    try {
      const site = await open()
      const before = { posts: await count(site.services, 'posts'), ids: await count(site.services, 'wxr_ids'), meta: await count(site.services, 'wxr_meta'), comments: await count(site.services, 'comments') }
      await expect(importWxr(site.services, broken, { batchRows: 3 })).rejects.toThrow(/line \d+/)
      const dry = await importWxr(site.services, whole, { batchRows: 3, dryRun: true })
      expect(dry.posts.imported).toBe(14)
      const after = { posts: await count(site.services, 'posts'), ids: await count(site.services, 'wxr_ids'), meta: await count(site.services, 'wxr_meta'), comments: await count(site.services, 'comments') }
      expect(after).toEqual(before)
    } finally {
      cleanup()
      cleanupWhole()
    }
  })
})
