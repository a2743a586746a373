import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { Writable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { type CliSite, cliSite, errorLine } from '../cli/cli-harness.js'
import { DIALECTS } from '../helpers/databases.js'
import { ownFixture } from './fixtures.js'
import { wxrDocument } from './wxr-builder.js'

describe.each(DIALECTS)('pressroom import wxr / export wxr on %s', (dialect) => {
  let site: CliSite
  beforeEach(async () => {
    site = await cliSite(dialect)
  })
  afterEach(() => site.cleanup())

  test('import prints a summary; --json prints it as JSON; a second run imports nothing', async () => {
    const first = await site.run(['import', 'wxr', ownFixture('discussion.xml')])
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/^WXR 1\.2 from https:\/\/old\.example\.com, [\d.]+s\n/)
    expect(first.stdout).toContain('posts              5        0       0')
    expect(first.stdout).toContain('comments           7        0       0')
    expect(first.stdout).toContain('not imported (no place for them here): wp_block ×1')
    expect(first.stdout).toMatch(/\n.*`pressroom search related` computes them all now\.\n$/)
    const again = await site.run(['import', 'wxr', ownFixture('discussion.xml'), '--json'])
    expect(again.code).toBe(0)
    const summary = JSON.parse(again.stdout) as { posts: unknown; comments: unknown; dryRun: boolean }
    expect(summary).toMatchObject({ dryRun: false, posts: { imported: 0, skipped: 5, failed: 0 }, comments: { imported: 0, skipped: 7 } })
  })

  test('--dry-run changes nothing', async () => {
    const result = await site.run(['import', 'wxr', ownFixture('discussion.xml'), '--dry-run', '--json'])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ dryRun: true, posts: { imported: 5 } })
    // Nothing was kept: no Read Also lists to compute either.
    const text = await site.run(['import', 'wxr', ownFixture('discussion.xml'), '--dry-run'])
    expect(text.stdout).toContain('posts              5        0       0')
    expect(text.stdout).not.toContain('search related')
    const slugs = await site.inspect(async (s) => (await s.handle.db.selectFrom('posts').select('slug').execute()).map((r) => r.slug))
    expect(slugs).not.toContain('discussed')
  })

  test('bad input exits 2 with one error line: a missing file, a malformed file (with its position), an author map naming nobody', async () => {
    const missing = await site.run(['import', 'wxr', 'nope.xml'])
    expect([missing.code, errorLine(missing)]).toEqual([2, 'error: nope.xml: no such file'])

    const doc = wxrDocument([{ id: 1, title: 'One' }, { id: 2, title: 'Two' }])
    writeFileSync(path.join(site.dir, 'cut.xml'), doc.slice(0, doc.indexOf('Two')))
    const cut = await site.run(['import', 'wxr', 'cut.xml'])
    expect(cut.code).toBe(2)
    expect(errorLine(cut)).toMatch(/^error: cut\.xml: Unclosed root tag at line \d+, column \d+, in item at line \d+; nothing was imported$/)
    const titles = await site.inspect(async (s) => (await s.handle.db.selectFrom('posts').select('title').execute()).map((r) => r.title))
    expect(titles).not.toContain('One')

    writeFileSync(path.join(site.dir, 'map.json'), JSON.stringify({ editor: 'nobody@example.com' }))
    const map = await site.run(['import', 'wxr', ownFixture('wpautop.xml'), '--authors', 'map.json'])
    expect([map.code, errorLine(map)]).toEqual([2, 'error: --authors: "editor" maps to "nobody@example.com", and there is no such user'])
    writeFileSync(path.join(site.dir, 'bad.json'), '[1,2]')
    expect(errorLine(await site.run(['import', 'wxr', ownFixture('wpautop.xml'), '--authors', 'bad.json']))).toBe('error: --authors bad.json must hold an object like {"oldlogin": "newlogin"}')
  })

  test('--authors gives an old login\'s posts to an existing user', async () => {
    await site.run(['user', 'create', '--email', 'chief@example.com', '--name', 'Chief', '--role', 'editor'])
    writeFileSync(path.join(site.dir, 'map.json'), JSON.stringify({ editor: 'chief@example.com' }))
    const result = await site.run(['import', 'wxr', ownFixture('wpautop.xml'), '--authors', 'map.json', '--json'])
    expect(result.code).toBe(0)
    const author = await site.inspect(async (s) => {
      const post = await s.handle.db.selectFrom('posts').select('author_id').where('slug', '=', 'paragraphs').executeTakeFirstOrThrow()
      return (await s.users.get(post.author_id!)).email
    })
    expect(author).toBe('chief@example.com')
  })

  test('off a terminal, progress is a line per thousand items on stderr (a few thousand posts)', async () => {
    const items = Array.from({ length: 2000 }, (_, i) => ({ id: i + 1, title: `Story ${i + 1}`, content: `Body ${i + 1}.\n\nMore.`, terms: [{ domain: 'category', slug: `s${i % 5}`, name: `Section ${i % 5}` }] }))
    writeFileSync(path.join(site.dir, 'many.xml'), wxrDocument(items))
    const result = await site.run(['import', 'wxr', 'many.xml', '--json'])
    expect(result.code).toBe(0)
    expect(result.stderr.split('\n').filter((l) => l.startsWith('imported '))).toEqual(['imported 1000/2000 items', 'imported 2000/2000 items'])
    expect(JSON.parse(result.stdout)).toMatchObject({ posts: { imported: 2000, skipped: 0, failed: 0 } })
    const count = await site.inspect(async (s) => Number((await s.handle.db.selectFrom('posts').select((eb) => eb.fn.countAll<number>().as('n')).where('slug', 'like', 'item-%').executeTakeFirstOrThrow()).n))
    expect(count).toBe(2000)
  }, 180_000)

  test('on a terminal, a progress bar: items done of the total, items/s and ETA; no plain lines', async () => {
    const items = Array.from({ length: 120 }, (_, i) => ({ id: i + 1, title: `Story ${i + 1}` }))
    writeFileSync(path.join(site.dir, 'some.xml'), wxrDocument(items))
    let drawn = ''
    const terminal = Object.assign(new Writable({ write: (chunk: Buffer, _encoding, done) => ((drawn += chunk.toString()), done()) }), { isTTY: true, columns: 120 })
    const result = await site.run(['import', 'wxr', 'some.xml', '--json'], { terminal })
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    expect(JSON.parse(result.stdout)).toMatchObject({ posts: { imported: 120 } })
    const text = drawn.replace(/\x1B(?:\[[0-9;?]*[A-Za-z]|[78])/g, '')
    expect(text).toMatch(/importing \[[\u2588\u2591]+\] 120\/120 items \| \d+ items\/s \| ETA \d+s/)
  })

  test('export wxr writes WXR 1.2 to a file or standard output, filtered by type, status and date', async () => {
    await site.run(['import', 'wxr', ownFixture('links-menus.xml')])
    await site.run(['import', 'wxr', ownFixture('dates.xml')])
    const out = await site.run(['export', 'wxr', '--out', 'site.xml'])
    expect(out.code).toBe(0)
    expect(out.stdout).toMatch(/^Exported \d+ posts, 2 pages, \d+ attachments, \d+ comments, \d+ terms, 2 menus and \d+ authors to site\.xml\n$/)
    const xml = readFileSync(path.join(site.dir, 'site.xml'), 'utf8')
    expect(xml).toContain('<wp:wxr_version>1.2</wp:wxr_version>')
    expect(xml).toContain('<wp:post_name><![CDATA[team]]></wp:post_name>')
    expect(xml.match(/<wp:post_type><!\[CDATA\[nav_menu_item\]\]><\/wp:post_type>/g)).toHaveLength(10)
    const pages = await site.run(['export', 'wxr', '--type', 'page'])
    expect(pages.stdout.match(/<item>/g)).toHaveLength(2)
    const drafts = await site.run(['export', 'wxr', '--status', 'draft'])
    expect(drafts.stdout.match(/<wp:post_name><!\[CDATA\[([^\]]+)\]\]>/g)).toEqual(['<wp:post_name><![CDATA[draft-never-published]]>'])
    const recent = await site.run(['export', 'wxr', '--since', '2024-06-01', '--type', 'post'])
    expect(recent.stdout).toContain('gmt-date')
    expect(recent.stdout).not.toContain('[CDATA[earlier]]')
    const bad = await site.run(['export', 'wxr', '--status', 'nonsense'])
    expect([bad.code, errorLine(bad)]).toEqual([2, 'error: --status: unknown status "nonsense" (use draft, pending, publish, future, private, trash)'])
    const badDate = await site.run(['export', 'wxr', '--since', 'last tuesday'])
    expect([badDate.code, errorLine(badDate)]).toEqual([2, 'error: --since: "last tuesday" is not a date (use YYYY-MM-DD)'])
    const badType = await site.run(['export', 'wxr', '--type', 'book'])
    expect(badType.code).toBe(2)
    expect(errorLine(badType)).toContain('book')
  })
})
