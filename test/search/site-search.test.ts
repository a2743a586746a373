import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { PostRow } from '../../src/db/index.js'
import { anonymousActor, systemActor } from '../../src/users/index.js'
import { DIALECTS } from '../helpers/databases.js'
import { startTestServer, type TestServer } from '../helpers/server.js'

const BAD_QUERIES = [
  '', ' ', '"', '""', '*', '**', 'NEAR', 'NEAR(harbour bridge, 2)', ':', 'title:harbour', '(', ')', '((', '-', '- -', '-"', '^', '\\',
  "'", "'; DROP TABLE posts; --", '" OR 1=1 --', 'harbour" AND "1"="1', '%', '%_%', '{title}: x', 'AND OR NOT', '\u202e\u0301',
  '日本語', 'x'.repeat(10_000), 'harbour '.repeat(1_500), `${'a'.repeat(199)}😀`, `harbours ${'😀'.repeat(600)}`,
]

describe.each(DIALECTS)('the site search page on %s', (dialect) => {
  let server: TestServer
  let harbour: PostRow
  const get = (path: string) => fetch(server.url + path, { redirect: 'manual' })
  const cardTitles = (html: string) => [...html.matchAll(/<h3 class="card-title"><a href="[^"]+">([^<]+)<\/a><\/h3>/g)].map((m) => m[1])

  beforeAll(async () => {
    server = await startTestServer(dialect)
    const { posts } = server.services
    const at = (d: number) => new Date(Date.UTC(2025, 0, d))
    harbour = await posts.create({ title: 'Morning delays', content: '<p>Drivers on the harbour bridge waited; the bridge reopened near the harbour.</p>', status: 'publish', publishedAt: at(2), categories: ['City'], tags: ['Traffic'] }, systemActor)
    await posts.create({ title: 'Evening delays', content: '<p>The harbour was busy and drivers waited on the bridge; the bridge reopened near the harbour.</p>', status: 'publish', publishedAt: at(2), categories: ['City'], tags: ['Traffic'] }, systemActor)
    await posts.create({ title: 'Harbour bridge', content: '<p>A history of the crossing.</p>', status: 'publish', publishedAt: at(1) }, systemActor)
    await posts.create({ title: 'Harbour bridge plans (draft)', content: '<p>harbour bridge secret</p>', status: 'draft' }, systemActor)
    await posts.create({ title: 'Tolls on the harbour bridge', content: '<p>Tolls rise on the harbour bridge.</p>', status: 'private' }, systemActor)
    await posts.create({ title: 'School fair', content: '<p>Cakes and games.</p>', status: 'publish', publishedAt: at(3), categories: ['City'] }, systemActor)
    await server.services.search.idle()
  })
  afterAll(() => server.close())

  test('/?s= ranks: the exact title first, the phrase before scattered words; drafts and private posts never show', async () => {
    const res = await get('/?s=harbour+bridge')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(cardTitles(html)).toEqual(['Harbour bridge', 'Morning delays', 'Evening delays'])
    expect(html).toContain('3 stories found.')
    expect(html).not.toContain('secret')
    expect(html).not.toContain('Tolls')
  })

  test('/search/<query>/ is the same page; an empty result has its friendly state', async () => {
    expect(cardTitles(await (await get('/search/harbour%20bridge/')).text())).toEqual(['Harbour bridge', 'Morning delays', 'Evening delays'])
    const none = await (await get('/search/lighthouse/')).text()
    expect(none).toContain('No stories found.')
    expect(none).toContain('<title>Search results for “lighthouse” – ')
    const blank = await (await get('/?s=+')).text()
    expect(blank).toContain('<title>Search – ')
    expect(blank).not.toContain('No stories found.')
    expect(blank).toContain('<input id="search-page"')
    expect((await get('/search/harbour/page/9/')).status).toBe(404)
  })

  test('snippets are escaped text with <mark> only', async () => {
    const found = await server.services.search.search({ query: 'harbour bridge', snippets: true }, anonymousActor)
    const html = found.snippets.get(harbour.id)!
    expect(html).toBe('Drivers on the <mark>harbour bridge</mark> waited; the <mark>bridge</mark> reopened near the <mark>harbour</mark>.')
    for (const s of found.snippets.values()) expect(s).not.toMatch(/<(?!\/?mark>)/)
    // and the search page shows them in place of the excerpt
    const page = await (await get('/?s=harbour+bridge')).text()
    expect(page).toContain('<p class="card-excerpt">Drivers on the <mark>harbour bridge</mark> waited')
  })

  test.each(BAD_QUERIES.map((q) => [q.length > 40 ? `${q.slice(0, 20)}… (${q.length} chars)` : JSON.stringify(q), q]))('bad input %s is answered, never with an error', async (_label, q) => {
    for (const path of [`/?s=${encodeURIComponent(q)}`, ...(q.trim() ? [`/search/${encodeURIComponent(q)}/`] : [])]) {
      const res = await get(path)
      expect(res.status, path.slice(0, 60)).toBeLessThan(500)
      expect([200, 301, 404]).toContain(res.status)
      const html = await res.text()
      expect(html).not.toContain('secret')
    }
    const direct = await server.services.search.search({ query: q, snippets: true }, anonymousActor)
    expect(direct.total).toBeGreaterThanOrEqual(0)
  })

  test('a repeated or bracketed s parameter is answered: the last one counts, as in PHP', async () => {
    for (const path of ['/?s=lighthouse&s=harbour+bridge', '/?s=&s=harbour+bridge', '/?s=harbour+bridge&s=', '/?s[]=harbour', '/?s[x]=harbour&s=harbour+bridge']) {
      const res = await get(path)
      expect(res.status, path).toBe(200)
      const html = await res.text()
      if (path.endsWith('s=harbour+bridge')) expect(cardTitles(html), path).toEqual(['Harbour bridge', 'Morning delays', 'Evening delays'])
    }
  })

  test('every post page has a Read Also block of related published posts', async () => {
    const html = await (await get(new URL(await server.services.permalinks.linkFor(harbour)).pathname)).text()
    const related = /<aside class="related"[\s\S]*?<\/aside>/.exec(html)![0]
    expect(related).toContain('Evening delays')
    expect(related).not.toContain('Morning delays')
    expect(related).not.toContain('(draft)')
  })
})
