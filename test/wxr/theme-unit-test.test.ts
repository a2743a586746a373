import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Services } from '../../src/services.js'
import { importWxr, type ImportSummary } from '../../src/wxr/index.js'
import { DIALECTS, openTestSite, type TestSite } from '../helpers/databases.js'
import { startTestServer, type TestServer } from '../helpers/server.js'
import { fileFacts } from './file-facts.js'
import { sharedFixture } from './fixtures.js'

const THEME_UNIT_TEST = sharedFixture('wxr/themeunittestdata.wordpress.xml')

async function countBy(services: Services, table: 'posts' | 'comments', where: { type?: string } = {}) {
  let q = services.handle.db.selectFrom(table as 'posts').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status')
  if (where.type) q = q.where('type', '=', where.type)
  return Object.fromEntries((await q.execute()).map((r) => [r.status, Number(r.n)]))
}

const oldToNew = async (services: Services, kind: string) =>
  new Map((await services.handle.db.selectFrom('wxr_ids').select(['old_id', 'new_id']).where('kind', '=', kind).execute()).map((r) => [r.old_id, r.new_id]))

describe.skipIf(!THEME_UNIT_TEST).each(DIALECTS)('the WordPress Theme Unit Test data imported on %s', (dialect) => {
  let site: TestSite
  let summary: ImportSummary
  const facts = THEME_UNIT_TEST ? fileFacts(THEME_UNIT_TEST) : null!
  beforeAll(async () => {
    site = await openTestSite(dialect)
    summary = await importWxr(site.services, THEME_UNIT_TEST!)
  })
  afterAll(() => site?.close())

  test('every post, page, attachment and comment is imported, with the file\'s statuses', async () => {
    const { services } = site
    const file = facts.byTypeAndStatus
    expect(await countBy(services, 'posts', { type: 'post' })).toEqual(file.post)
    expect(await countBy(services, 'posts', { type: 'page' })).toEqual(file.page)
    const attachments = Object.values(file.attachment ?? {}).reduce((a, b) => a + b, 0)
    expect(Number((await services.handle.db.selectFrom('media').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(attachments)
    expect(await countBy(services, 'comments')).toEqual({ approved: facts.comments['1'] ?? 0, pending: facts.comments['0'] ?? 0 })
    const inFile = (type: string) => Object.values(file[type] ?? {}).reduce((a, b) => a + b, 0)
    expect(summary.posts).toEqual({ imported: inFile('post'), skipped: 0, failed: 0 })
    expect(summary.pages).toEqual({ imported: inFile('page'), skipped: 0, failed: 0 })
    expect(summary.attachments).toEqual({ imported: attachments, skipped: 0, failed: 0 })
    expect(summary.comments).toEqual({ imported: Object.values(facts.comments).reduce((a, b) => a + b, 0), skipped: 0, failed: 0 })
    expect(summary.missingFiles).toHaveLength(attachments)
    expect(summary.authors.imported).toBe(2)
  })

  test('every category keeps its slug and its parent; every tag is there', async () => {
    const { db } = site.services.handle
    const terms = await db.selectFrom('terms').selectAll().execute()
    const byId = new Map(terms.map((t) => [t.id, t]))
    const categories = new Map(terms.filter((t) => t.taxonomy === 'category').map((t) => [t.slug, t]))
    for (const [slug, parent] of facts.categories) {
      const term = categories.get(slug)
      expect(term, slug).toBeDefined()
      expect(term!.parent_id === null ? '' : byId.get(term!.parent_id)!.slug, `parent of ${slug}`).toBe(parent)
    }
    expect(categories.get('child-category-03')?.parent_id).toBe(categories.get('parent-category')!.id)
    const tags = new Set(terms.filter((t) => t.taxonomy === 'post_tag').map((t) => t.slug))
    for (const slug of facts.tags) expect(tags.has(slug), slug).toBe(true)
    // As many as the file has: those of its header, and those its items name without declaring them. Items
    // name a tag "content" with the very name of the header's tag "content-2": as WordPress does, both are
    // kept, each at its own slug, and nothing is merged.
    expect(summary.warnings.filter((w) => /was merged into the one with the same name/.test(w))).toEqual([])
    expect(new Set(categories.keys())).toEqual(new Set([...facts.categories.keys(), ...facts.itemTerms.category]))
    expect(tags).toEqual(new Set([...facts.tags, ...facts.itemTerms.post_tag]))
    expect(tags.has('content') && tags.has('content-2')).toBe(true)
  })

  test('comments by registered users belong to them (the file\'s authors carry no id: matched by email)', async () => {
    const { db } = site.services.handle
    const comments = await oldToNew(site.services, 'comment')
    const byAuthors = facts.byUsers.filter((c) => facts.authorEmails.includes(c.email))
    expect(byAuthors.length).toBeGreaterThan(0)
    for (const { id, email } of facts.byUsers) {
      const row = await db.selectFrom('comments').select('user_id').where('id', '=', comments.get(id)!).executeTakeFirstOrThrow()
      // A user of the old site who is not among the file's authors is nobody here.
      const user = facts.authorEmails.includes(email) ? (await site.services.users.find(email)).id : null
      expect(row.user_id, `comment ${id}`).toBe(user)
    }
    const anonymous = await db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', 'is', null).executeTakeFirstOrThrow()
    expect(Number(anonymous.n)).toBe(Object.values(facts.comments).reduce((a, b) => a + b, 0) - byAuthors.length)
  })

  test('threaded comments keep their parents; sticky posts are sticky', async () => {
    const { db } = site.services.handle
    const comments = await oldToNew(site.services, 'comment')
    expect(facts.threads.length).toBeGreaterThan(0)
    for (const { id, parent } of facts.threads) {
      const row = await db.selectFrom('comments').select('parent_id').where('id', '=', comments.get(id)!).executeTakeFirstOrThrow()
      expect(row.parent_id, `comment ${id}`).toBe(comments.get(parent))
    }
    const posts = await oldToNew(site.services, 'post')
    const sticky = await db.selectFrom('posts').select('id').where('sticky', '=', 1).execute()
    expect(sticky.map((r) => r.id).sort()).toEqual(facts.sticky.map((id) => posts.get(id)!).sort())
  })

  test('every page keeps its parent and its menu_order', async () => {
    const { db } = site.services.handle
    const posts = await oldToNew(site.services, 'post')
    expect(facts.pages.some((p) => p.parent !== '0') && facts.pages.some((p) => p.order > 0)).toBe(true)
    for (const { id, parent, order } of facts.pages) {
      const row = await db.selectFrom('posts').select(['parent_id', 'menu_order']).where('id', '=', posts.get(id)!).executeTakeFirstOrThrow()
      expect([row.parent_id, row.menu_order], `page ${id}`).toEqual([parent === '0' ? null : posts.get(parent), order])
    }
  })

  test('slugs, dates, special characters, long titles, <!--more--> and <!--nextpage--> survive', async () => {
    const { db } = site.services.handle
    const bySlug = async (slug: string) => db.selectFrom('posts').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow()
    const special = await bySlug('title-with-special-characters')
    expect(special.title).toBe('Markup: Title With Special Characters ~`!@#$%^&*()-_=+{}[]/\\;:\'"?,.>')
    const long = await db.selectFrom('posts').selectAll().where('title', 'like', 'Taumata%').executeTakeFirstOrThrow()
    expect(long.title).toBe('Taumatawhakatangihangakoauauotamateaturipukakapikimaungahoronukupokaiwhenuakitanatahu')
    expect((await bySlug('template-more-tag')).content).toContain('<!--more-->')
    const paginated = await bySlug('template-paginated')
    expect(paginated.content.match(/<!--nextpage-->/g)).toHaveLength(2)
    // post_date_gmt, kept as the publication date
    expect((await bySlug('template-more-tag')).published_at).toBe('2012-03-15T21:41:11.000Z')
    expect((await bySlug('template-password-protected')).password).toBe('enter')
  })

  test('importing the same file again changes nothing', async () => {
    const { db } = site.services.handle
    const count = async (table: 'posts' | 'comments' | 'terms' | 'media' | 'users') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
    const before = await Promise.all((['posts', 'comments', 'terms', 'media', 'users'] as const).map(count))
    const again = await importWxr(site.services, THEME_UNIT_TEST!)
    expect(await Promise.all((['posts', 'comments', 'terms', 'media', 'users'] as const).map(count))).toEqual(before)
    expect(again.posts.imported + again.pages.imported + again.comments.imported + again.attachments.imported + again.terms.imported).toBe(0)
    expect(again.posts.skipped).toBe(summary.posts.imported)
  })
})

describe.skipIf(!THEME_UNIT_TEST).each(DIALECTS)('the Theme Unit Test data served on %s', (dialect) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer(dialect)
    await importWxr(server.services, THEME_UNIT_TEST!)
  })
  afterAll(() => server?.close())

  const page = async (slug: string, type = 'post') => {
    const post = await server.services.handle.db.selectFrom('posts').selectAll().where('slug', '=', slug).where('type', '=', type).executeTakeFirstOrThrow()
    const link = await server.services.permalinks.linkFor(post)
    const res = await fetch(link)
    expect(res.status, link).toBe(200)
    return { link, html: await res.text() }
  }

  test('a [caption] post shows a figure with its caption', async () => {
    const { html } = await page('markup-image-alignment')
    expect(html).toMatch(/<figure id="attachment_906" class="wp-caption aligncenter"><img [^>]*src="https:\/\/wpthemetestdata\.files\.wordpress\.com\/2013\/03\/image-alignment-580x300\.jpg"/)
    const figure = html.slice(html.indexOf('<figure id="attachment_906"'))
    expect(figure.slice(0, figure.indexOf('</figure>'))).toMatch(/<figcaption class="wp-caption-text">Look at 580[x×]300 getting some <a [^>]*href="https:\/\/en\.support\.wordpress\.com\/images\/image-settings\/"[^>]*>caption<\/a> love\.<\/figcaption>$/)
  })

  test('pages with parents live at nested URLs', async () => {
    const { link, html } = await page('page-image-alignment', 'page')
    expect(new URL(link).pathname).toBe('/about/page-image-alignment/')
    expect(html).toContain('Page Image Alignment')
    const deep = await page('level-3', 'page')
    expect(new URL(deep.link).pathname).toBe('/level-1/level-2/level-3/')
  })

  test('a <!--more--> post is listed with what comes before the fold only; a paginated post shows every page', async () => {
    const more = await page('template-more-tag')
    expect(more.html).toContain('This content is before the')
    expect(more.html).toContain('And this content is after the more tag.')
    expect(more.html).toContain('March 15, 2012</time>')
    const day = await fetch(`${server.url}/2012/03/15/`)
    expect(day.status).toBe(200)
    const listing = await day.text()
    expect(listing).toContain('Template: More Tag')
    expect(listing).toContain('This content is before the more tag')
    expect(listing).not.toContain('And this content is after the more tag')
    const paginated = await page('template-paginated')
    for (const n of [1, 2, 3]) expect(paginated.html).toContain(`Post Page ${n}`)
  })

  test('threaded comments show nested under their post', async () => {
    const { html } = await page('template-comments')
    const comments = await oldToNew(server.services, 'comment')
    const reply = html.indexOf(`id="comment-${comments.get('905')}"`)
    expect(reply).toBeGreaterThan(html.indexOf(`id="comment-${comments.get('904')}"`))
    expect(html.slice(html.indexOf(`id="comment-${comments.get('904')}"`), reply)).toContain('<ol class="children">')
    expect(html).toContain('John Κώστας Doe Τάδε')
  })
})
