import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Services } from '../../src/services.js'
import type { MenuItem } from '../../src/settings/definitions.js'
import { exportWxr, importWxr, readWxr } from '../../src/wxr/index.js'
import { DIALECTS, openTestSite, type TestSite } from '../helpers/databases.js'
import { ownFixture, sharedFixture, tempFile } from './fixtures.js'

/** The site as a reader and an editor see it, without ids: what a round trip must keep. */
async function contentOf(services: Services) {
  const { db } = services.handle
  const posts = await db.selectFrom('posts').selectAll().execute()
  const terms = await db.selectFrom('terms').selectAll().execute()
  const media = await db.selectFrom('media').selectAll().execute()
  const comments = await db.selectFrom('comments').selectAll().execute()
  const users = await db.selectFrom('users').selectAll().execute()
  const postTerms = await db.selectFrom('post_terms').selectAll().execute()
  const meta = await db.selectFrom('wxr_meta').selectAll().where('meta_key', '!=', '_wxr_post_parent').execute()
  const oldSlugs = await db.selectFrom('old_slugs').selectAll().execute()
  const menus = await services.settings.get('menus')
  const postKey = new Map(posts.map((p) => [p.id, `${p.type}:${p.slug}`]))
  const termKey = new Map(terms.map((t) => [t.id, `${t.taxonomy}:${t.slug}`]))
  const mediaKey = new Map(media.map((m) => [m.id, m.source_url || m.original_name]))
  const commentKey = new Map(comments.map((c) => [c.id, `${postKey.get(c.post_id)}@${c.created_at}:${c.content.slice(0, 30)}`]))
  const objectKey = (kind: string, id: number) => (kind === 'post' ? postKey.get(id) : kind === 'media' ? mediaKey.get(id) : kind === 'comment' ? commentKey.get(id) : termKey.get(id))
  const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort()
  return {
    posts: sorted(posts.map((p) => ({
      key: postKey.get(p.id), title: p.title, status: p.status, content: p.content, excerpt: p.excerpt, password: p.password,
      // Trashing records when it happened (as WordPress does): an imported trashed post is trashed anew.
      published: p.published_at, modified: p.status === 'trash' ? 'trashed' : p.modified_at, commentStatus: p.comment_status, sticky: p.sticky, order: p.menu_order,
      parent: p.parent_id === null ? null : postKey.get(p.parent_id), featured: p.featured_media_id === null ? null : mediaKey.get(p.featured_media_id),
      author: users.find((u) => u.id === p.author_id)?.login ?? null, comments: p.comment_count,
      terms: postTerms.filter((pt) => pt.post_id === p.id).map((pt) => termKey.get(pt.term_id)).sort(),
    }))),
    terms: sorted(terms.map((t) => ({ key: termKey.get(t.id), name: t.name, description: t.description, parent: t.parent_id === null ? null : termKey.get(t.parent_id), count: t.count }))),
    media: sorted(media.map((m) => ({ key: mediaKey.get(m.id), title: m.title, alt: m.alt_text, caption: m.caption, description: m.description, created: m.created_at }))),
    comments: sorted(comments.map((c) => ({
      key: commentKey.get(c.id), parent: c.parent_id === null ? null : commentKey.get(c.parent_id), status: c.status, type: c.type,
      // The comments module's sanitizer keeps rel on a link whose href it drops, and drops it on a second pass: a
      // known difference of that module (reported), not of the WXR round trip.
      author: c.author_name, email: c.author_email, url: c.author_url, ip: c.author_ip, content: c.content.replace(/<a rel="nofollow ugc">/g, '<a>'), created: c.created_at,
    }))),
    meta: sorted(meta.map((m) => ({ object: `${m.kind}:${objectKey(m.kind, m.object_id)}`, key: m.meta_key, value: m.meta_value }))),
    users: sorted(users.map((u) => ({ login: u.login, email: u.email, name: u.display_name }))),
    // Menus with their targets by key: pages and terms have new ids on the second site.
    menus: Object.fromEntries(Object.entries(menus).map(([slug, items]) => [slug, menuByKey(items, postKey, termKey)])),
    oldSlugs: sorted(oldSlugs.map((o) => ({ post: postKey.get(o.post_id), slug: o.slug }))),
  }
}

function menuByKey(items: readonly MenuItem[], postKey: Map<number, string>, termKey: Map<number, string>): unknown[] {
  return items.map((item) => ({
    label: item.label,
    type: item.type,
    target: item.type === 'page' ? postKey.get(Number(item.target)) : item.type === 'category' || item.type === 'tag' ? termKey.get(Number(item.target)) : item.target,
    children: menuByKey(item.children ?? [], postKey, termKey),
  }))
}

async function exportToFile(services: Services): Promise<{ file: string; cleanup: () => void }> {
  let text = ''
  await exportWxr(services, (chunk) => {
    text += chunk
  })
  return tempFile('export.xml', text)
}

const sources = [
  ['the Theme Unit Test data', sharedFixture('wxr/themeunittestdata.wordpress.xml')],
  ['this suite\'s own fixtures', ownFixture('discussion.xml')],
] as const

describe.each(DIALECTS)('import → export → import into an empty site, on %s', (dialect) => {
  describe.each(sources.filter(([, file]) => file !== null))('%s', (_name, file) => {
    let first: TestSite
    let second: TestSite
    let exported: { file: string; cleanup: () => void }
    beforeAll(async () => {
      first = await openTestSite(dialect)
      await importWxr(first.services, file!)
      if (file!.endsWith('discussion.xml')) {
        for (const extra of ['old-slugs.xml', 'links-menus.xml', 'caption-gallery.xml', 'dates.xml', 'blocks.xml', 'wpautop.xml']) await importWxr(first.services, ownFixture(extra))
      }
      exported = await exportToFile(first.services)
      second = await openTestSite(dialect)
      await importWxr(second.services, exported.file)
    })
    afterAll(async () => {
      exported?.cleanup()
      await first?.close()
      await second?.close()
    })

    test('the export is WXR 1.2 that the streaming reader reads back', async () => {
      const text = readFileSync(exported.file, 'utf8')
      expect(text).toContain('<wp:wxr_version>1.2</wp:wxr_version>')
      expect(text).toContain('xmlns:wp="http://wordpress.org/export/1.2/"')
      let items = 0
      for await (const record of readWxr((async function* () { yield Buffer.from(text) })())) if (record.kind === 'item') items++
      expect(items).toBeGreaterThan(0)
    })

    test('menus are exported as WordPress writes them: nav_menu terms, nav_menu_item items with _menu_item_* postmeta', async () => {
      const text = readFileSync(exported.file, 'utf8')
      const menus = await first.services.settings.get('menus')
      const slugs = Object.keys(menus).filter((slug) => menus[slug]!.length)
      expect(slugs.length).toBeGreaterThan(0)
      for (const slug of slugs) expect(text).toContain(`<wp:term_taxonomy><![CDATA[nav_menu]]></wp:term_taxonomy>\n\t\t<wp:term_slug><![CDATA[${slug}]]></wp:term_slug>`)
      const count = (items: readonly MenuItem[]): number => items.reduce((n, i) => n + 1 + count(i.children ?? []), 0)
      const menuItems = text.split('<item>').filter((i) => i.includes('<wp:post_type><![CDATA[nav_menu_item]]></wp:post_type>'))
      expect(menuItems).toHaveLength(slugs.reduce((n, slug) => n + count(menus[slug]!), 0))
      for (const item of menuItems) {
        for (const key of ['_menu_item_type', '_menu_item_object', '_menu_item_object_id', '_menu_item_url', '_menu_item_menu_item_parent']) expect(item).toContain(`<wp:meta_key><![CDATA[${key}]]></wp:meta_key>`)
        expect(item).toMatch(/<category domain="nav_menu" nicename="[^"]+">/)
      }
    })

    test('the same posts, terms, media, comments, metadata and authors', async () => {
      const [a, b] = [await contentOf(first.services), await contentOf(second.services)]
      expect(b.users).toEqual(a.users)
      expect(b.terms).toEqual(a.terms)
      expect(b.media).toEqual(a.media)
      expect(b.posts).toEqual(a.posts)
      expect(b.comments).toEqual(a.comments)
      expect(b.meta).toEqual(a.meta)
      expect(b.oldSlugs).toEqual(a.oldSlugs)
      expect(b.menus).toEqual(a.menus)
    })
  })
})
