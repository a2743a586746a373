import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { PostRow } from '../../src/db/index.js'
import { systemActor } from '../../src/users/index.js'
import { DIALECTS } from '../helpers/databases.js'
import { startTestServer, type TestServer } from '../helpers/server.js'

const BAD_QUERIES = [
  ' ', '"', '""', '*', '**', 'NEAR', 'NEAR(harbour bridge, 2)', ':', 'title:harbour', '(', ')', '((', '-', '- -', '-"', '^', '\\',
  "'", "'; DROP TABLE posts; --", '" OR 1=1 --', 'harbour" AND "1"="1', '%', '%_%', '{title}: x', 'AND OR NOT', '\u202e\u0301',
  '日本語', 'x'.repeat(10_000), 'harbour '.repeat(1_000),
]

type Item = { id: number; title: { rendered: string } | string; related?: number[]; _links: Record<string, { href: string }[]>; _embedded?: Record<string, { id: number; title: { rendered: string } }[]> }
const titleOf = (item: Item) => (typeof item.title === 'string' ? item.title : item.title.rendered)

describe.each(DIALECTS)('the REST API searches as the site does, on %s', (dialect) => {
  let server: TestServer
  let editorAuth: string
  let editorId: number
  let city: number
  const stories: PostRow[] = []
  const pageTitle = 'Harbour bridge walking guide'

  const get = (path: string, auth?: string) => fetch(server.url + path, { headers: auth ? { authorization: auth } : {} })
  const json = async (path: string, auth?: string) => {
    const res = await get(path, auth)
    expect(res.status, path.slice(0, 80)).toBe(200)
    return { body: (await res.json()) as Item[], total: Number(res.headers.get('x-wp-total')), pages: Number(res.headers.get('x-wp-totalpages')) }
  }
  /** Every result of the site's search page, page after page. */
  async function siteTitles(q: string): Promise<string[]> {
    const out: string[] = []
    for (let page = 1; ; page++) {
      const res = await get(`/?s=${encodeURIComponent(q)}&paged=${page}`)
      if (res.status === 404) return out
      const html = await res.text()
      const titles = [...html.matchAll(/<h3 class="card-title"><a href="[^"]+">([^<]+)<\/a><\/h3>/g)].map((m) => m[1]!)
      if (!titles.length) return out
      out.push(...titles)
    }
  }
  /** Every result of a REST collection, page after page, checking the paging headers on the way. */
  async function restTitles(path: string, auth?: string): Promise<string[]> {
    const first = await json(`${path}&page=1`, auth)
    const out = first.body.map(titleOf)
    for (let page = 2; page <= first.pages; page++) out.push(...(await json(`${path}&page=${page}`, auth)).body.map(titleOf))
    expect(out).toHaveLength(first.total)
    return out
  }

  beforeAll(async () => {
    server = await startTestServer(dialect)
    const { posts, users, appPasswords, terms } = server.services
    const editor = await users.create({ email: 'ed@example.com', displayName: 'Edna Editor', role: 'editor', password: null }, systemActor)
    editorId = editor.id
    const { password } = await appPasswords.create(editor.id, 'tests', systemActor)
    editorAuth = `Basic ${Buffer.from(`${editor.login}:${password}`).toString('base64')}`
    city = (await terms.create('category', { name: 'City' }, systemActor)).id
    const at = (d: number) => new Date(Date.UTC(2025, 0, d, 12))
    const add = async (title: string, content: string, day: number, extra: Record<string, unknown> = {}) =>
      stories.push(await posts.create({ title, content: `<p>${content}</p>`, status: 'publish', publishedAt: at(day), ...extra }, systemActor))
    await add('Harbour bridge', 'A history of the crossing.', 1)
    await add('Morning delays', 'Drivers on the harbour bridge waited; the bridge reopened near the harbour.', 2, { categories: [city] })
    await add('Evening delays', 'The harbour was busy and drivers waited on the bridge; the bridge reopened.', 3, { categories: [city], authorId: editor.id })
    for (let i = 1; i <= 17; i++) {
      const words = `${'harbour '.repeat(1 + (i % 4))} ferry ${'bridge '.repeat(1 + (i % 3))} ${'filler '.repeat(i)}`
      await add(`Ferry note ${i}`, words, 3 + i, i % 2 ? { categories: [city] } : { authorId: editor.id })
    }
    await posts.create({ title: pageTitle, content: '<p>Walk the harbour bridge at dawn.</p>', status: 'publish', type: 'page' }, systemActor)
    await posts.create({ title: 'Harbour bridge plans', content: '<p>harbour bridge secret draft</p>', status: 'draft' }, systemActor)
    await posts.create({ title: 'Tolls on the harbour bridge', content: '<p>harbour bridge secret private</p>', status: 'private' }, systemActor)
    await server.services.search.idle()
  })
  afterAll(() => server.close())

  test('posts?search= lists in the order of the site search page, paged, with X-WP-Total and X-WP-TotalPages', async () => {
    const site = (await siteTitles('harbour bridge')).filter((t) => t !== pageTitle)
    expect(site).toHaveLength(20)
    expect(site[0]).toBe('Harbour bridge')
    const rest = await restTitles('/wp-json/wp/v2/posts?search=harbour%20bridge&per_page=7')
    expect(rest).toEqual(site)
    const page3 = await get('/wp-json/wp/v2/posts?search=harbour%20bridge&per_page=7&page=3')
    expect([page3.headers.get('x-wp-total'), page3.headers.get('x-wp-totalpages')]).toEqual(['20', '3'])
    expect(page3.headers.get('link')).toContain('rel="prev"')
    expect((await get('/wp-json/wp/v2/posts?search=harbour%20bridge&per_page=7&page=4')).status).toBe(400)
    // orderby=relevance is the same; any other order is honoured instead.
    expect(await restTitles('/wp-json/wp/v2/posts?search=harbour%20bridge&per_page=50&orderby=relevance')).toEqual(site)
    const byDate = await restTitles('/wp-json/wp/v2/posts?search=harbour%20bridge&per_page=50&orderby=date')
    expect(byDate[0]).toBe('Ferry note 17')
    expect(new Set(byDate)).toEqual(new Set(site))
    // offset skips in ranked order
    expect((await json('/wp-json/wp/v2/posts?search=harbour%20bridge&per_page=5&offset=3')).body.map(titleOf)).toEqual(site.slice(3, 8))
  })

  test('the query language is the site search page\'s: phrases, exclusions, prefixes', async () => {
    for (const q of ['"harbour bridge"', 'harbour -ferry', 'harb', 'delays', 'filler ferry']) {
      const site = (await siteTitles(q)).filter((t) => t !== pageTitle)
      expect(site.length, q).toBeGreaterThan(0)
      expect(await restTitles(`/wp-json/wp/v2/posts?search=${encodeURIComponent(q)}&per_page=100`), q).toEqual(site)
    }
  })

  test('/wp/v2/search ranks posts and pages as the site search page does; subtype, include and exclude', async () => {
    const site = await siteTitles('harbour bridge')
    expect(site).toContain(pageTitle)
    const hits = await restTitles('/wp-json/wp/v2/search?search=harbour%20bridge&per_page=6')
    expect(hits).toEqual(site)
    const pagesOnly = await json('/wp-json/wp/v2/search?search=harbour%20bridge&subtype=page')
    expect(pagesOnly.body.map(titleOf)).toEqual([pageTitle])
    expect(pagesOnly.body[0]).toMatchObject({ type: 'post', subtype: 'page' })
    expect(await restTitles('/wp-json/wp/v2/search?search=harbour%20bridge&subtype=post&per_page=100')).toEqual(site.filter((t) => t !== pageTitle))
    const ids = (await json('/wp-json/wp/v2/search?search=harbour%20bridge&per_page=100')).body.map((h) => h.id)
    const included = (await json(`/wp-json/wp/v2/search?search=harbour%20bridge&include=${ids[5]},${ids[1]},${ids[3]}`)).body.map((h) => h.id)
    expect(included).toEqual([ids[1], ids[3], ids[5]])
    const excluded = await json(`/wp-json/wp/v2/search?search=harbour%20bridge&per_page=100&exclude=${ids[0]},${ids[2]}`)
    expect(excluded.body.map((h) => h.id)).toEqual(ids.filter((_, i) => i !== 0 && i !== 2))
    expect(excluded.total).toBe(ids.length - 2)
    // An empty search still lists everything, newest first, as WordPress does.
    expect((await json('/wp-json/wp/v2/search?per_page=1')).total).toBeGreaterThan(ids.length)
  })

  test('filters narrow the ranked list and keep its order: categories, author, include, exclude, slug, dates', async () => {
    const all = await json('/wp-json/wp/v2/posts?search=harbour%20bridge&per_page=100')
    const order = all.body.map((p) => p.id)
    const keep = (ids: number[]) => order.filter((id) => ids.includes(id))
    const inCity = stories.filter((s) => [1, 2].includes(stories.indexOf(s)) || (s.title.startsWith('Ferry note') && Number(s.title.split(' ')[2]) % 2 === 1)).map((s) => s.id)
    expect((await json(`/wp-json/wp/v2/posts?search=harbour%20bridge&per_page=100&categories=${city}`)).body.map((p) => p.id)).toEqual(keep(inCity))
    const byEditor = stories.filter((s) => s.author_id === editorId).map((s) => s.id)
    expect(byEditor.length).toBeGreaterThan(3)
    const authored = await json(`/wp-json/wp/v2/posts?search=harbour%20bridge&per_page=3&author=${editorId}`)
    expect(authored.body.map((p) => p.id)).toEqual(keep(byEditor).slice(0, 3))
    expect(authored.total).toBe(byEditor.length)
    expect((await json(`/wp-json/wp/v2/posts?search=harbour%20bridge&include=${order[4]},${order[0]},${order[9]}`)).body.map((p) => p.id)).toEqual([order[0], order[4], order[9]])
    expect((await json(`/wp-json/wp/v2/posts?search=harbour%20bridge&per_page=100&exclude=${order[0]}`)).body.map((p) => p.id)).toEqual(order.slice(1))
    const slug = stories[2]!.slug
    expect((await json(`/wp-json/wp/v2/posts?search=harbour%20bridge&slug=${slug}`)).body.map((p) => p.id)).toEqual([stories[2]!.id])
    const after = await json('/wp-json/wp/v2/posts?search=harbour%20bridge&per_page=100&after=2025-01-15T00:00:00')
    const late = stories.filter((s) => s.published_at! > '2025-01-15').map((s) => s.id)
    expect(after.body.map((p) => p.id)).toEqual(keep(late))
    expect(after.total).toBe(late.length)
  })

  test('readers never find drafts or private posts; an editor finds them when asking for those statuses', async () => {
    for (const path of ['/wp-json/wp/v2/posts?search=secret', '/wp-json/wp/v2/posts?search=harbour%20bridge&per_page=100', '/wp-json/wp/v2/search?search=secret', '/wp-json/wp/v2/search?search=harbour%20bridge&per_page=100']) {
      const res = await get(path)
      expect(res.status).toBe(200)
      const text = await res.text()
      expect(text).not.toContain('secret')
      expect(text).not.toContain('Tolls')
      expect(text).not.toContain('plans')
    }
    expect((await get('/wp-json/wp/v2/posts?search=secret&status=draft')).status).toBe(400)
    expect((await json('/wp-json/wp/v2/posts?search=secret', editorAuth)).body).toEqual([])
    expect((await json('/wp-json/wp/v2/posts?search=secret&status=draft', editorAuth)).body.map(titleOf)).toEqual(['Harbour bridge plans'])
    expect((await json('/wp-json/wp/v2/posts?search=secret&status=private', editorAuth)).body.map(titleOf)).toEqual(['Tolls on the harbour bridge'])
    const both = await json('/wp-json/wp/v2/posts?search=secret&status=draft,private', editorAuth)
    expect(both.body.map(titleOf).sort()).toEqual(['Harbour bridge plans', 'Tolls on the harbour bridge'])
    expect(both.total).toBe(2)
    // The search endpoint lists what anyone may read, whoever asks.
    expect((await json('/wp-json/wp/v2/search?search=secret', editorAuth)).body).toEqual([])
  })

  test.each(BAD_QUERIES.map((q) => [q.length > 40 ? `${q.slice(0, 20)}… (${q.length} chars)` : JSON.stringify(q), q]))('bad input %s is answered, never with an error', async (_label, q) => {
    for (const base of ['/wp-json/wp/v2/posts', '/wp-json/wp/v2/pages', '/wp-json/wp/v2/search']) {
      for (const extra of ['', '&orderby=relevance', '&page=2']) {
        const res = await get(`${base}?search=${encodeURIComponent(q)}${extra}`)
        const body = await res.text()
        expect(res.status, `${base} ${extra}`).toBeLessThan(500)
        if (res.status !== 200) expect(JSON.parse(body)).toMatchObject({ code: expect.any(String), data: { status: 400 } })
        expect(body).not.toContain('secret')
      }
    }
  })
})
