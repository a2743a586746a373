import { createReadStream, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Services } from '../../src/services.js'
import { convertWordPressContent } from '../../src/wxr/convert/index.js'
import { importWxr, type ImportSummary, WxrSyntaxError } from '../../src/wxr/index.js'
import { readWxr } from '../../src/wxr/parse.js'
import { readWxrFile } from '../../src/wxr/read-ahead.js'
import type { WxrRecord } from '../../src/wxr/types.js'
import { DIALECTS, openTestSite, type TestSite } from '../helpers/databases.js'
import { ownFixture, sharedFixture, tempFile } from './fixtures.js'
import { wxrDocument, wxrFooter, wxrHeader, wxrItem } from './wxr-builder.js'

/**
 * A large export is read and parsed on a second thread (src/wxr/read-ahead.ts), which also converts the posts'
 * content ahead when it needs no media. Whichever thread reads it, an import must give the same site.
 */

const THEME_UNIT_TEST = sharedFixture('wxr/themeunittestdata.wordpress.xml')
const WORDPRESS_61 = sharedFixture('wxr/wordpress-6.1-export.xml')
const FILES = [THEME_UNIT_TEST, WORDPRESS_61, ownFixture('caption-gallery.xml'), ownFixture('blocks.xml'), ownFixture('wpautop.xml')].filter((f): f is string => f !== null)

async function collect(records: AsyncIterable<WxrRecord>): Promise<WxrRecord[]> {
  const out: WxrRecord[] = []
  for await (const record of records) out.push(record)
  return out
}

const withoutConverted = (records: WxrRecord[]) =>
  records.map((r) => (r.kind === 'item' ? { ...r, item: { ...r.item, converted: undefined } } : r))

describe('reading an export on a second thread', () => {
  test.each(FILES)('gives the records of %s in the same order as reading it here', async (file) => {
    const here = await collect(readWxrFile(file, false))
    const ahead = await collect(readWxrFile(file, true))
    expect(here.filter((r) => r.kind === 'item').length).toBeGreaterThan(0)
    expect(here.every((r) => r.kind !== 'item' || r.item.converted === undefined)).toBe(true)
    expect(withoutConverted(ahead)).toEqual(here)
    expect(here).toEqual(await collect(readWxr(createReadStream(file))))
  })

  test('converts posts and pages ahead as the importer would, but leaves galleries (they need media) to it', async () => {
    const records = await collect(readWxrFile(ownFixture('caption-gallery.xml'), true))
    const posts = records.flatMap((r) => (r.kind === 'item' && (r.item.type === 'post' || r.item.type === 'page') ? [r.item] : []))
    const galleries = posts.filter((p) => /\[gallery\b/.test(p.content))
    const others = posts.filter((p) => !/\[gallery\b/.test(p.content))
    expect(galleries.length).toBeGreaterThan(0)
    expect(others.length).toBeGreaterThan(0)
    for (const post of galleries) expect(post.converted, post.title).toBeUndefined()
    for (const post of others) expect(post.converted, post.title).toBe(convertWordPressContent(post.content))
    // Attachments are not posts: their content is not converted.
    expect(records.some((r) => r.kind === 'item' && r.item.type === 'attachment' && r.item.converted === undefined)).toBe(true)
  })

  test('a Pressroom export is HTML already: nothing is converted ahead', async () => {
    const doc = wxrDocument([{ id: 1, title: 'Plain', content: 'One\n\nTwo' }], { extra: '<generator>Pressroom 0.1</generator>' })
    const { file, cleanup } = tempFile('pressroom.xml', doc)
    try {
      const item = (await collect(readWxrFile(file, true))).find((r) => r.kind === 'item')
      expect(item).toMatchObject({ kind: 'item', item: { title: 'Plain' } })
      expect(item!.kind === 'item' && item!.item.converted).toBeUndefined()
      const wordpress = tempFile('wordpress.xml', wxrDocument([{ id: 1, title: 'Plain', content: 'One\n\nTwo' }]))
      try {
        const converted = (await collect(readWxrFile(wordpress.file, true))).find((r) => r.kind === 'item')
        expect(converted!.kind === 'item' && converted!.item.converted).toBe('<p>One</p>\n<p>Two</p>')
      } finally {
        wordpress.cleanup()
      }
    } finally {
      cleanup()
    }
  })

  describe('a broken file gives the same error, at the same record', () => {
    const big = wxrDocument(Array.from({ length: 300 }, (_, i) => ({ id: 100 + i, title: `Story ${i}`, content: `Paragraph of story ${i}.\n\nAnother.` })))
    const cases = {
      truncated: big.slice(0, big.indexOf('Story 250')),
      'an invalid character': big.replace('Paragraph of story 170', '\u000BParagraph of story 170'),
      'not WXR': '<rss><channel><title>x</title></channel></rss>',
    }
    test.each(Object.entries(cases))('%s', async (name, text) => {
      const { file, cleanup } = tempFile(`${name}.xml`, text)
      try {
        const read = async (ahead: boolean) => {
          const seen: WxrRecord[] = []
          const error = await (async () => {
            for await (const record of readWxrFile(file, ahead)) seen.push(record)
          })().catch((err: unknown) => err)
          return { seen: withoutConverted(seen), error }
        }
        const here = await read(false)
        const ahead = await read(true)
        expect(here.error).toBeInstanceOf(WxrSyntaxError)
        expect(ahead.error).toBeInstanceOf(WxrSyntaxError)
        expect((ahead.error as Error).message).toBe((here.error as Error).message)
        expect(ahead.seen.length).toBe(here.seen.length)
        expect(ahead.seen).toEqual(here.seen)
      } finally {
        cleanup()
      }
    })
  })

  test('a reader left early stops its thread', async () => {
    // The threads of this process, as Linux counts them: the reader is one while it runs.
    const threads = () => Number(/^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))![1])
    const before = threads()
    let during = 0
    for await (const record of readWxrFile(FILES[0]!, true)) {
      during = threads()
      if (record.kind === 'item') break
    }
    expect(during).toBeGreaterThan(before)
    expect(threads()).toBe(before)
  })
})

/** What an import made, by old id, with nothing that differs between two sites by chance (new ids, clock). */
async function contents(services: Services) {
  const { db } = services.handle
  const ids = new Map((await db.selectFrom('wxr_ids').select(['kind', 'old_id', 'new_id']).execute()).map((r) => [`${r.kind}:${r.new_id}`, r.old_id]))
  const old = (kind: string, id: number | null) => (id === null ? null : (ids.get(`${kind}:${id}`) ?? `new:${id}`))
  const posts = await db.selectFrom('posts').select(['id', 'type', 'title', 'slug', 'content', 'content_source', 'excerpt', 'status', 'parent_id', 'featured_media_id', 'published_at', 'comment_status', 'sticky', 'menu_order', 'comment_count']).orderBy('id').execute()
  const comments = await db.selectFrom('comments').select(['post_id', 'author_name', 'content', 'content_html', 'status', 'created_at']).orderBy('id').execute()
  const terms = await db.selectFrom('terms').select(['taxonomy', 'name', 'slug', 'count']).orderBy('taxonomy').orderBy('slug').execute()
  return {
    posts: posts.map(({ id, parent_id, featured_media_id, ...p }) => ({ ...p, id: old('post', id), parent: old('post', parent_id), featured: old('media', featured_media_id) })),
    comments: comments.map(({ post_id, ...c }) => ({ ...c, post: old('post', post_id) })),
    terms,
  }
}

describe.each(DIALECTS)('an import read on a second thread gives the same site, on %s', (dialect) => {
  const sites: TestSite[] = []
  afterAll(async () => {
    for (const site of sites) await site.close()
  })

  async function importBoth(file: string): Promise<[Awaited<ReturnType<typeof contents>>, Awaited<ReturnType<typeof contents>>, ImportSummary[]]> {
    const here = await openTestSite(dialect)
    const ahead = await openTestSite(dialect)
    sites.push(here, ahead)
    const summaries = [await importWxr(here.services, file, { readAhead: false }), await importWxr(ahead.services, file, { readAhead: true })]
    return [await contents(here.services), await contents(ahead.services), summaries]
  }

  test.each(FILES)('%s', async (file) => {
    const [here, ahead, [a, b]] = await importBoth(file)
    expect(here.posts.length).toBeGreaterThan(0)
    expect(ahead).toEqual(here)
    expect({ ...b, seconds: 0 }).toEqual({ ...a, seconds: 0 })
  })

  test('an attachment after the posts: the file is read twice, on the second thread both times', async () => {
    const doc = wxrHeader()
      + wxrItem({ id: 1, title: 'With a photo', content: 'Look.\n\n[gallery ids="2"]', meta: { _thumbnail_id: '2' } })
      + wxrItem({ id: 2, title: 'photo', type: 'attachment', attachmentUrl: 'https://old.example.com/wp-content/uploads/photo.jpg', parent: 1 })
      + wxrItem({ id: 3, title: 'Later', content: 'Text.' })
      + wxrFooter()
    const { file, cleanup } = tempFile('late-attachment.xml', doc)
    try {
      const [here, ahead] = await importBoth(file)
      expect(here.posts.map((p) => p.title)).toEqual(['With a photo', 'Later'])
      expect(here.posts[0]!.featured).toBe('2')
      expect(ahead).toEqual(here)
    } finally {
      cleanup()
    }
  })

  beforeAll(() => expect(FILES.length).toBeGreaterThanOrEqual(3))
})
