import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { sql } from 'kysely'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { withSearchTables } from '../../src/search/tables.js'
import type { Services } from '../../src/services.js'
import { systemActor } from '../../src/users/index.js'
import { exportWxr, importWxr, WxrImportError, WxrSyntaxError } from '../../src/wxr/index.js'
import { DIALECTS, openTestSite, type TestSite } from '../helpers/databases.js'
import { ownFixture, tempFile } from './fixtures.js'
import { cdata, wxrDocument, wxrFooter, wxrHeader, wxrItem } from './wxr-builder.js'

const postBySlug = (services: Services, slug: string) =>
  services.handle.db.selectFrom('posts').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow()

/** Every row of every table, to prove that a failed import left nothing behind. */
async function snapshot(services: Services): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const table of ['users', 'posts', 'post_revisions', 'terms', 'post_terms', 'comments', 'media', 'settings', 'wxr_ids', 'wxr_meta'] as const) {
    out[table] = Number((await services.handle.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  }
  return out
}

describe.each(DIALECTS)('importing WXR on %s', (dialect) => {
  let site: TestSite
  beforeEach(async () => {
    site = await openTestSite(dialect, { seed: true })
  })
  afterEach(() => site.close())
  const run = (file: string, options = {}) => importWxr(site.services, file, options)

  test('wpautop: paragraphs and line breaks from blank lines, not inside <pre> or around block tags; <!--more--> kept', async () => {
    await run(ownFixture('wpautop.xml'))
    const post = await postBySlug(site.services, 'paragraphs')
    expect(post.content).toBe(
      '<p>First paragraph,<br />\nwith a line break.</p>\n<p>Second paragraph.</p>\n<pre>code line 1\n\ncode line 2</pre>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<p>After the list.</p>\n<p>[unknown-shortcode foo="bar"]</p>\n<!--more-->\n<p>After the fold.</p>',
    )
  })

  test('[caption] becomes a figure, [gallery] a gallery of figures from the imported media; files missing are reported', async () => {
    const summary = await run(ownFixture('caption-gallery.xml'))
    expect(summary.missingFiles).toEqual(['https://old.example.com/wp-content/uploads/2024/03/harbour.png', 'https://old.example.com/wp-content/uploads/2024/03/market.png'])
    const captioned = await postBySlug(site.services, 'captioned')
    expect(captioned.content).toContain('<figure id="attachment_20" class="wp-caption alignright"><a href="https://old.example.com/wp-content/uploads/2024/03/harbour.png"><img class="size-medium wp-image-20" src="https://old.example.com/wp-content/uploads/2024/03/harbour-300x200.png"')
    expect(captioned.content).toContain('<figcaption class="wp-caption-text">The harbour at dawn</figcaption></figure>')
    const media = await site.services.handle.db.selectFrom('media').selectAll().where('original_name', 'in', ['harbour.png', 'market.png']).orderBy('id').execute()
    expect(media.map((m) => [m.file, m.source_url, m.alt_text, m.caption])).toEqual([
      ['', 'https://old.example.com/wp-content/uploads/2024/03/harbour.png', 'Boats in a harbour', 'The harbour, 6 a.m.'],
      ['', 'https://old.example.com/wp-content/uploads/2024/03/market.png', 'Stalls', 'The market'],
    ].map((row) => row))
    expect(captioned.featured_media_id).toBe(media[0]!.id)
    const byIds = await postBySlug(site.services, 'gallery-ids')
    expect(byIds.content).toMatch(/^<p>Look:<\/p>\n<figure class="wp-block-gallery columns-2"><figure class="wp-block-image size-thumbnail"><a href="[^"]+market\.png"><img src="[^"]+market\.png" alt="Stalls" class="wp-image-21" \/><\/a><figcaption class="wp-element-caption">The market<\/figcaption><\/figure><figure [^>]+><a href="[^"]+harbour\.png">/)
    const attached = await postBySlug(site.services, 'gallery-attached')
    expect(attached.content.match(/<img /g)).toHaveLength(2)
  })

  test('--uploads: files are stored in the media library, and old file URLs (sized copies too) point at them', async () => {
    const { dir, cleanup } = tempFile('placeholder', '')
    try {
      const folder = path.join(dir, '2024/03')
      mkdirSync(folder, { recursive: true })
      for (const name of ['harbour', 'market']) {
        writeFileSync(path.join(folder, `${name}.png`), await sharp({ create: { width: 900, height: 600, channels: 3, background: '#3a7' } }).png().toBuffer())
      }
      const summary = await run(ownFixture('caption-gallery.xml'), { uploadsDir: dir })
      expect(summary.missingFiles).toEqual([])
      expect(summary.attachments.imported).toBe(2)
      const media = await site.services.handle.db.selectFrom('media').selectAll().where('original_name', 'in', ['harbour.png', 'market.png']).orderBy('id').execute()
      expect(media.map((m) => [m.original_name, m.width, m.height, m.alt_text, m.created_at])).toEqual([
        ['harbour.png', 900, 600, 'Boats in a harbour', '2024-03-05T10:00:00.000Z'],
        ['market.png', 900, 600, 'Stalls', '2024-03-05T10:00:00.000Z'],
      ])
      expect(media[0]!.file).toBe('2024/03/harbour.png')
      expect(existsSync(path.join(site.config.uploadsDir, media[0]!.file))).toBe(true)
      const captioned = await postBySlug(site.services, 'captioned')
      expect(captioned.content).toContain('<a href="/uploads/2024/03/harbour.png"><img class="size-medium wp-image-20" src="/uploads/2024/03/harbour-300x200.png"')
    } finally {
      cleanup()
    }
  })

  test('block editor markup loses its delimiters and keeps its HTML; [embed] becomes a link', async () => {
    await run(ownFixture('blocks.xml'))
    expect((await postBySlug(site.services, 'blocks')).content).toBe(
      '<p>Block paragraph.</p>\n<h3 class="wp-block-heading">A heading</h3>\n<p><a href="https://video.example.net/watch/42">https://video.example.net/watch/42</a></p>',
    )
  })

  test('[embed] and URLs alone on their line become links (nothing is fetched); a URL in a sentence or in <pre> stays text', async () => {
    await run(ownFixture('embed.xml'))
    const link = (url: string) => `<p><a href="${url}">${url}</a></p>`
    expect((await postBySlug(site.services, 'embeds')).content).toBe([
      '<p>Watch this:</p>',
      link('https://video.example.net/watch/42'),
      link('https://media.example.org/clip/7'),
      '<p>A link in a sentence, https://media.example.org/clip/8, stays text.</p>',
      '<pre>https://media.example.org/clip/9</pre>',
    ].join('\n'))
  })

  test('imported posts have no revision (as WordPress\'s importer makes none); the first edit here makes one', async () => {
    await run(ownFixture('blocks.xml'))
    const post = await postBySlug(site.services, 'blocks')
    expect(await site.services.posts.revisions(post.id, systemActor)).toEqual([])
    await site.services.posts.update(post.id, { title: 'Blocks, edited' }, systemActor)
    expect((await site.services.posts.revisions(post.id, systemActor)).map((r) => r.title)).toEqual(['Blocks, edited'])
  })

  describe('one reading of the file when what posts point at comes first, two when it does not', () => {
    const media = { id: 5, type: 'attachment', title: 'Harbour', attachmentUrl: 'https://old.example.com/wp-content/uploads/2024/03/harbour.png' }
    const post = { id: 6, title: 'With a picture', name: 'with-a-picture', meta: { _thumbnail_id: '5' }, terms: [{ domain: 'post_tag', slug: 'late', name: 'late' }], comments: [{ id: 1 }] }
    const lateTag = `\t<wp:tag><wp:term_id>9</wp:term_id><wp:tag_slug>${cdata('late')}</wp:tag_slug><wp:tag_name>${cdata('Late Tag')}</wp:tag_name><wp:tag_description>${cdata('Declared at the end')}</wp:tag_description></wp:tag>\n`

    async function importOf(text: string) {
      const { file, cleanup } = tempFile('order.xml', text)
      const phases = new Set<string>()
      let last = { done: 0, total: 0 }
      try {
        const summary = await run(file, { onProgress: (p: { phase: string; done: number; total: number }) => (phases.add(p.phase), (last = p)) })
        const row = await postBySlug(site.services, 'with-a-picture')
        const image = await site.services.handle.db.selectFrom('media').select('id').where('original_name', '=', 'harbour.png').executeTakeFirstOrThrow()
        const rows = async (table: 'posts' | 'media' | 'comments' | 'wxr_ids') => Number((await site.services.handle.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
        return { summary, phases: [...phases], last, featuredIsTheImage: row.featured_media_id === image.id, rows: [await rows('media'), await rows('comments'), await rows('wxr_ids')] }
      } finally {
        cleanup()
      }
    }

    test('media before the posts: read once, with the progress of every item', async () => {
      const before = await snapshot(site.services)
      const result = await importOf(wxrDocument([media, { ...post, terms: [] }, { id: 7, title: 'Another' }]))
      expect(result.phases).toEqual(['import'])
      expect(result.last).toEqual({ phase: 'import', done: 3, total: 3 })
      expect(result.featuredIsTheImage).toBe(true)
      expect([result.summary.attachments.imported, result.summary.posts.imported, result.summary.comments.imported]).toEqual([1, 2, 1])
      expect((await snapshot(site.services)).posts).toBe(before.posts + 2)
    })

    test('media, or a term, after a post that uses it: read twice, with the same result and nothing counted twice', async () => {
      const before = await snapshot(site.services)
      const result = await importOf(wxrHeader() + wxrItem(post) + wxrItem(media) + wxrItem({ id: 7, title: 'Another' }) + lateTag + wxrFooter())
      // Begun in one reading, undone at the image, and done again in two.
      expect(result.phases).toEqual(['import', 'scan'])
      expect(result.featuredIsTheImage).toBe(true)
      expect(result.summary.warnings).toEqual([])
      expect([result.summary.attachments.imported, result.summary.posts.imported, result.summary.comments.imported, result.summary.terms.imported]).toEqual([1, 2, 1, 1])
      const after = await snapshot(site.services)
      expect([after.posts - before.posts, after.media - before.media, after.comments - before.comments, after.terms - before.terms]).toEqual([2, 1, 1, 1])
      const tag = await site.services.handle.db.selectFrom('terms').selectAll().where('slug', '=', 'late').executeTakeFirstOrThrow()
      expect([tag.name, tag.description, tag.count]).toEqual(['Late Tag', 'Declared at the end', 1])
    })
  })

  test('dates: GMT when the file has it, else the local date in the site\'s zone; drafts never published have no date', async () => {
    await site.services.settings.update({ timezone: 'Europe/Paris' }, systemActor)
    await run(ownFixture('dates.xml'))
    const dates = async (slug: string) => {
      const p = await postBySlug(site.services, slug)
      return [p.status, p.published_at, p.created_at]
    }
    expect(await dates('gmt-date')).toEqual(['publish', '2024-07-01T07:30:00.000Z', '2024-07-01T07:30:00.000Z'])
    expect(await dates('no-gmt-date')).toEqual(['publish', '2024-07-01T07:30:00.000Z', '2024-07-01T07:30:00.000Z'])
    expect(await dates('winter-date')).toEqual(['publish', '2024-01-15T08:30:00.000Z', '2024-01-15T08:30:00.000Z'])
    expect(await dates('draft-never-published')).toEqual(['draft', null, '2024-07-02T10:00:00.000Z'])
    expect(await dates('scheduled')).toEqual(['future', '2099-01-01T07:00:00.000Z', '2099-01-01T07:00:00.000Z'])
  })

  test('links to the old site point at the new permalinks (items imported later and nested pages too); menus keep nesting and order', async () => {
    await run(ownFixture('links-menus.xml'))
    const { services } = site
    expect((await postBySlug(services, 'links')).content).toBe(
      '<p>See <a href="/2024/03/05/earlier/">the earlier story</a>, <a href="/2024/03/05/later/#part-2">the later one</a>, <a href="/about/team/">the team</a>, <a href="/">home</a> and <a href="https://elsewhere.example.org/x">elsewhere</a>.</p>',
    )
    const about = await postBySlug(services, 'about')
    const team = await postBySlug(services, 'team')
    expect(team.parent_id).toBe(about.id)
    expect([about.menu_order, team.menu_order]).toEqual([1, 2])
    const local = await services.handle.db.selectFrom('terms').selectAll().where('slug', '=', 'local').executeTakeFirstOrThrow()
    const news = await services.handle.db.selectFrom('terms').selectAll().where('slug', '=', 'news').executeTakeFirstOrThrow()
    expect(local.parent_id).toBe(news.id)
    const menu = [
      { label: 'About', type: 'page', target: about.id, children: [{ label: 'Our team', type: 'page', target: team.id }] },
      { label: 'Local news', type: 'category', target: local.id },
      { label: 'Archive', type: 'url', target: 'https://archive.example.org/' },
      { label: 'Earlier story', type: 'url', target: '/2024/03/05/earlier/' },
    ]
    const menus = await services.settings.get('menus')
    expect(menus.main).toEqual(menu)
    expect(menus.primary).toEqual(menu)
  })

  test('comments keep threads (replies listed first too), statuses, dates, pingbacks; sticky, private, password, trash, custom fields', async () => {
    const summary = await run(ownFixture('discussion.xml'))
    const { db } = site.services.handle
    const post = await postBySlug(site.services, 'discussed')
    expect([post.sticky, post.excerpt, post.comment_status, post.comment_count]).toEqual([1, 'A short summary.', 'closed', 3])
    const comments = await db.selectFrom('comments').selectAll().where('post_id', '=', post.id).orderBy('created_at').orderBy('id').execute()
    const first = comments.find((c) => c.content === 'The first comment')!
    expect(first).toMatchObject({ author_name: 'Ann', author_email: 'ann@example.com', status: 'approved', created_at: '2024-03-05T11:00:00.000Z' })
    expect(comments.find((c) => c.content.startsWith('A reply'))!.parent_id).toBe(first.id)
    expect(Object.fromEntries(comments.map((c) => [c.content, [c.status, c.type]]))).toMatchObject({
      'Held for moderation': ['pending', 'comment'], 'Buy now': ['spam', 'comment'], Removed: ['trash', 'comment'], 'Pingback from another blog': ['approved', 'pingback'],
    })
    expect(summary.warnings).toEqual(['comment 6 on item "Discussed" (post_id 70) at line 12: "not an email" is not a valid email address and was dropped.'])
    expect(summary.ignored).toEqual({ wp_block: 1 })
    const privateOne = await postBySlug(site.services, 'private-one')
    expect([privateOne.status, privateOne.comment_count]).toEqual(['private', 1])
    expect((await postBySlug(site.services, 'protected')).password).toBe('secret')
    expect((await postBySlug(site.services, 'trashed')).status).toBe('trash')
    const custom = await postBySlug(site.services, 'custom-field')
    const meta = await db.selectFrom('wxr_meta').select(['meta_key', 'meta_value']).where('kind', '=', 'post').where('object_id', '=', custom.id).execute()
    expect(meta).toEqual([{ meta_key: 'subtitle', meta_value: 'A subtitle kept for export' }])
  })

  test('authors: matched by email or login, mapped with authorMap, or created without a usable password', async () => {
    const existing = await site.services.users.create({ email: 'EDITOR@old.example.com', displayName: 'Already here', role: 'editor', password: null }, systemActor)
    await run(ownFixture('wpautop.xml'))
    expect((await postBySlug(site.services, 'paragraphs')).author_id).toBe(existing.id)

    const other = await openTestSite(dialect)
    try {
      const boss = await other.services.users.create({ email: 'boss@example.com', displayName: 'Boss', role: 'administrator', password: null }, systemActor)
      await importWxr(other.services, ownFixture('wpautop.xml'), { authorMap: { editor: 'boss@example.com' } })
      expect((await postBySlug(other.services, 'paragraphs')).author_id).toBe(boss.id)
      await importWxr(other.services, ownFixture('dates.xml'))
      const third = await openTestSite(dialect)
      try {
        const summary = await importWxr(third.services, ownFixture('dates.xml'))
        expect(summary.authors).toEqual({ imported: 1, skipped: 0, failed: 0 })
        const user = await third.services.users.find('editor')
        expect(user).toMatchObject({ email: 'editor@old.example.com', display_name: 'Ed Itor', role: 'author', has_password: false })
      } finally {
        await third.close()
      }
    } finally {
      await other.close()
    }
  })

  test('every post status; comments by registered users belong to them, others to nobody', async () => {
    const statuses = ['publish', 'draft', 'pending', 'private', 'future', 'trash']
    const doc = wxrDocument(statuses.map((status, i) => ({
      id: 200 + i, title: `A ${status} post`, name: `status-${status}`, status,
      ...(status === 'future' ? { date: '2099-01-01 08:00:00' } : {}),
      comments: status === 'publish' ? [
        { id: 900, author: 'Ed Itor', email: 'editor@old.example.com', userId: 1, content: 'The author answers' },
        { id: 901, content: 'A reader asks', userId: 0 },
        { id: 902, content: 'A user of the old site who is not in the file', userId: 77 },
      ] : [],
    })))
    const { file, cleanup } = tempFile('statuses.xml', doc)
    try {
      const summary = await run(file)
      expect(summary.posts).toEqual({ imported: 6, skipped: 0, failed: 0 })
      for (const status of statuses) expect((await postBySlug(site.services, `status-${status}`)).status, status).toBe(status)
      const post = await postBySlug(site.services, 'status-publish')
      const editor = await site.services.users.find('editor@old.example.com')
      expect(post.author_id).toBe(editor.id)
      const comments = await site.services.handle.db.selectFrom('comments').select(['content', 'user_id']).where('post_id', '=', post.id).orderBy('id').execute()
      expect(comments.map((c) => [c.content, c.user_id])).toEqual([
        ['The author answers', editor.id], ['A reader asks', null], ['A user of the old site who is not in the file', null],
      ])
    } finally {
      cleanup()
    }
  })

  test('an author whose login is a user\'s here (another email) is that user', async () => {
    const existing = await site.services.users.create({ email: 'ed@new.example.com', login: 'editor', displayName: 'Ed here', role: 'editor', password: null }, systemActor)
    const summary = await run(ownFixture('wpautop.xml'))
    expect(summary.authors).toEqual({ imported: 0, skipped: 1, failed: 0 })
    expect((await postBySlug(site.services, 'paragraphs')).author_id).toBe(existing.id)
  })

  test('a dry run reports what would happen and changes nothing', async () => {
    const before = await snapshot(site.services)
    const summary = await run(ownFixture('discussion.xml'), { dryRun: true })
    expect(summary).toMatchObject({ dryRun: true, posts: { imported: 5 }, comments: { imported: 7 } })
    expect(await snapshot(site.services)).toEqual(before)
  })

  test('a second import of the same file changes nothing', async () => {
    await run(ownFixture('links-menus.xml'))
    await run(ownFixture('discussion.xml'))
    const before = await snapshot(site.services)
    const again = await run(ownFixture('links-menus.xml'))
    expect(again.posts).toEqual({ imported: 0, skipped: 3, failed: 0 })
    expect(again.menus).toEqual({ imported: 0, skipped: 1, failed: 0 })
    await run(ownFixture('discussion.xml'))
    expect(await snapshot(site.services)).toEqual(before)
  })

  describe('a file that breaks part way leaves the database as it was, and says where', () => {
    const big = wxrDocument(Array.from({ length: 30 }, (_, i) => ({
      id: 100 + i, title: `Story ${i}`, content: `Paragraph of story ${i}.\n\nAnother.`, comments: [{ id: 500 + i, content: `Comment ${i}` }],
      terms: [{ domain: 'category', slug: `section-${i % 3}`, name: `Section ${i % 3}` }],
    })))

    test('truncated', async () => {
      const before = await snapshot(site.services)
      const cut = big.slice(0, big.indexOf('Story 20'))
      const { file, cleanup } = tempFile('truncated.xml', cut)
      try {
        const err = await run(file).catch((e: unknown) => e)
        expect(err).toBeInstanceOf(WxrSyntaxError)
        // Cut in the title of "Story 20": the item is named by the line its <item> tag is on.
        const itemLine = cut.slice(0, cut.lastIndexOf('<item>')).split('\n').length
        expect((err as Error).message).toMatch(new RegExp(`^Unclosed root tag at line ${cut.split('\n').length}, column \\d+, in item at line ${itemLine}$`))
        expect(await snapshot(site.services)).toEqual(before)
      } finally {
        cleanup()
      }
    })

    test('an invalid character in the middle', async () => {
      const before = await snapshot(site.services)
      const at = big.indexOf('Paragraph of story 17')
      const broken = `${big.slice(0, at)}\u000B${big.slice(at)}`
      const lines = broken.slice(0, at).split('\n')
      const { file, cleanup } = tempFile('invalid.xml', broken)
      try {
        const err = await run(file).catch((e: unknown) => e)
        const itemLine = broken.slice(0, broken.lastIndexOf('<item>', at)).split('\n').length
        expect((err as Error).message).toBe(`Invalid character U+000B (not allowed in XML) at line ${lines.length}, column ${lines[lines.length - 1]!.length + 1}, in item "Story 17" at line ${itemLine}`)
        expect(await snapshot(site.services)).toEqual(before)
      } finally {
        cleanup()
      }
    })

    test('a database error: everything is rolled back, and the message names the item', async () => {
      const { db } = site.services.handle
      // A real database error (not a rule of the services) on the second post.
      if (dialect === 'sqlite') {
        await sql`create trigger refuse_boom before insert on posts when new.title = 'Boom' begin select raise(abort, 'refused by a trigger'); end`.execute(db)
      } else {
        await sql`create function refuse_boom() returns trigger language plpgsql as $$ begin if new.title = 'Boom' then raise exception 'refused by a trigger'; end if; return new; end $$`.execute(db)
        await sql`create trigger refuse_boom before insert on posts for each row execute function refuse_boom()`.execute(db)
      }
      const doc = wxrDocument([{ id: 1, title: 'Fine', comments: [{ id: 1 }], terms: [{ domain: 'category', slug: 'fresh', name: 'Fresh' }] }, { id: 2, title: 'Boom' }, { id: 3, title: 'After' }])
      const { file, cleanup } = tempFile('boom.xml', doc)
      try {
        const before = await snapshot(site.services)
        const err = await run(file).catch((e: unknown) => e)
        expect(err).toBeInstanceOf(WxrImportError)
        const line = doc.slice(0, doc.indexOf('<item>', doc.indexOf('Fine'))).split('\n').length
        expect((err as Error).message).toMatch(new RegExp(`^Import stopped at item "Boom" \\(post_id 2\\) at line ${line}: .*refused by a trigger`))
        expect(await snapshot(site.services)).toEqual(before)
      } finally {
        cleanup()
      }
    })

    test('with --uploads, files already stored are removed again', async () => {
      const doc = wxrDocument([
        { id: 1, type: 'attachment', title: 'Photo', attachmentUrl: 'https://old.example.com/wp-content/uploads/2024/03/photo.png' },
        { id: 2, title: 'After the photo' },
      ])
      const { file, dir, cleanup } = tempFile('broken.xml', doc.slice(0, doc.indexOf('After the photo')))
      try {
        mkdirSync(path.join(dir, 'up/2024/03'), { recursive: true })
        writeFileSync(path.join(dir, 'up/2024/03/photo.png'), await sharp({ create: { width: 400, height: 300, channels: 3, background: '#888' } }).png().toBuffer())
        const before = await snapshot(site.services)
        await expect(run(file, { uploadsDir: path.join(dir, 'up') })).rejects.toThrow(/^Unclosed root tag/)
        expect(await snapshot(site.services)).toEqual(before)
        const stored = existsSync(site.config.uploadsDir) ? readdirSync(site.config.uploadsDir, { recursive: true }).filter((f) => String(f).endsWith('.png') || String(f).endsWith('.webp')) : []
        expect(stored.filter((f) => String(f).includes('photo'))).toEqual([])
      } finally {
        cleanup()
      }
    })
  })

  test('imported posts are indexed for search in bulk: the same index a rebuild makes, and found by a search', async () => {
    await run(ownFixture('discussion.xml'))
    await run(ownFixture('links-menus.xml'))
    const { db } = site.services.handle
    const sdb = withSearchTables(db)
    const index = async () => ({
      docs: await sdb.selectFrom('search_docs').select(['post_id', 'title', 'meta', 'lead', 'body', 'status']).orderBy('post_id').execute(),
      terms: await sdb.selectFrom('search_terms').select(['term', 'df']).where('df', '>', 0).orderBy('term').execute(),
      stats: await sdb.selectFrom('search_stats').select(['name', 'value']).orderBy('name').execute(),
    })
    const imported = await index()
    const posts = await db.selectFrom('posts').select('id').where('status', '!=', 'trash').execute()
    expect(imported.docs).toHaveLength(posts.length)
    await site.services.search.rebuild()
    expect(await index()).toEqual(imported)
    const found = await site.services.search.search({ query: 'earlier' }, systemActor)
    expect(found.posts.map((p) => p.title)).toContain('Earlier')
  })

  test('_wp_old_slug: each old slug is remembered for the post (not one that is another post\'s slug now), and exported back', async () => {
    const summary = await run(ownFixture('old-slugs.xml'))
    expect(summary.posts.imported).toBe(2)
    const harbour = await postBySlug(site.services, 'harbour-reopens')
    const { db } = site.services.handle
    const old = await db.selectFrom('old_slugs').select(['post_id', 'type', 'slug']).orderBy('slug').execute()
    expect(old).toEqual([
      { post_id: harbour.id, type: 'post', slug: 'harbor-reopens' },
      { post_id: harbour.id, type: 'post', slug: 'harbour-to-reopen' },
    ])
    expect(await db.selectFrom('wxr_meta').select('meta_key').where('meta_key', '=', '_wp_old_slug').execute()).toEqual([])
    let text = ''
    await exportWxr(site.services, (chunk) => {
      text += chunk
    })
    const item = text.split('<item>').find((i) => i.includes('<wp:post_name><![CDATA[harbour-reopens]]>'))!
    expect(item.match(/<wp:meta_key><!\[CDATA\[_wp_old_slug\]\]><\/wp:meta_key>\s*<wp:meta_value><!\[CDATA\[([^\]]*)\]\]>/g)?.map((m) => /CDATA\[([^\]]*)\]\]>$/.exec(m)![1])).toEqual(['harbor-reopens', 'harbour-to-reopen'])
    const bridge = text.split('<item>').find((i) => i.includes('<wp:post_name><![CDATA[bridge-vote]]>'))!
    expect(bridge).not.toContain('_wp_old_slug')
  })

  test('an item the rules refuse is counted as failed and reported; the rest is imported', async () => {
    const { file, cleanup } = tempFile('one-bad.xml', wxrDocument([{ id: 1, title: 'x'.repeat(1200) }, { id: 2, title: 'Fine' }]))
    try {
      const summary = await run(file)
      expect(summary.posts).toEqual({ imported: 1, skipped: 0, failed: 1 })
      expect(summary.warnings[0]).toMatch(/^item "x{59}…" \(post_id 1\) at line \d+: The title has 1200 characters/)
      expect(readFileSync(file, 'utf8')).toContain('Fine')
    } finally {
      cleanup()
    }
  })
})
