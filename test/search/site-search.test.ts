import sharp from 'sharp'
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

  test('every post page has a Read Also block of related published posts, each with its title, thumbnail and date', async () => {
    const photo = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#3a6' } }).jpeg().toBuffer()
    const image = await server.services.media.upload({ data: photo, filename: 'ferry.jpg', altText: 'The ferry' }, systemActor)
    const ferry = await server.services.posts.create({ title: 'Ferry crosses the harbour', content: '<p>The harbour ferry replaced the bridge while it was shut.</p>', status: 'publish', publishedAt: new Date(Date.UTC(2025, 0, 4)), featuredMediaId: image.id, categories: ['City'], tags: ['Traffic'] }, systemActor)
    await server.services.search.idle()
    const html = await (await get(new URL(await server.services.permalinks.linkFor(harbour)).pathname)).text()
    const related = /<aside class="related"[\s\S]*?<\/aside>/.exec(html)![0]
    expect(related).toContain('Evening delays')
    expect(related).not.toContain('Morning delays')
    expect(related).not.toContain('(draft)')
    const item = /<li class="related-item">((?:(?!<\/li>)[\s\S])*Ferry crosses the harbour[\s\S]*?)<\/li>/.exec(related)![1]!
    expect(item).toMatch(/<img src="[^"]*\/uploads\/[^"]*ferry[^"]*\.(?:jpg|webp)" alt="" loading="lazy"[^>]* width="\d+" height="\d+">/)
    expect(item).toContain('<time datetime="2025-01-04T00:00:00.000Z">')
    await server.services.posts.remove(ferry.id, systemActor)
  })
})

describe.each(DIALECTS)('WordPress\'s filters on the search page on %s', (dialect) => {
  let server: TestServer
  const ids: Record<string, number> = {}
  const get = (path: string) => fetch(server.url + path, { redirect: 'manual' })
  const cardTitles = (html: string) => [...html.matchAll(/<h3 class="card-title"><a href="[^"]+">([^<]+)<\/a><\/h3>/g)].map((m) => m[1]).sort()
  const titlesAt = async (path: string) => {
    const res = await get(path)
    expect(res.status, path).toBe(200)
    return cardTitles(await res.text())
  }

  beforeAll(async () => {
    server = await startTestServer(dialect)
    const { posts, terms, users } = server.services
    const city = await terms.create('category', { name: 'City' }, systemActor)
    const port = await terms.create('category', { name: 'Port', parentId: city.id }, systemActor)
    const sport = await terms.create('category', { name: 'Sport' }, systemActor)
    const ada = await users.create({ email: 'ada@example.com', login: 'ada', displayName: 'Ada Byline', role: 'author', password: null }, systemActor)
    const bo = await users.create({ email: 'bo@example.com', login: 'bo', displayName: 'Bo Reporter', role: 'author', password: null }, systemActor)
    Object.assign(ids, { city: city.id, port: port.id, sport: sport.id, ada: ada.id, bo: bo.id })
    // In Europe/Paris, 2025-01-31T23:30Z is already 1 February.
    await server.services.settings.set('timezone', 'Europe/Paris', systemActor)
    const story = (title: string, categoryIds: number[], tags: string[], authorId: number, publishedAt: string, type = 'post') =>
      posts.create({ title, content: `<p>The harbour ${title.toLowerCase()}.</p>`, status: 'publish', type, categories: categoryIds, tags, authorId, publishedAt: new Date(publishedAt) }, systemActor)
    await story('Harbour traffic at night', [city.id], ['Traffic', 'Night'], ada.id, '2025-01-10T12:00:00Z')
    await story('Harbour traffic by day', [city.id], ['Traffic'], bo.id, '2025-01-31T23:30:00Z')
    await story('Harbour cranes', [port.id], ['Night'], ada.id, '2025-02-10T12:00:00Z')
    await story('Harbour regatta', [sport.id], [], bo.id, '2024-06-01T12:00:00Z')
    await story('About the harbour', [], [], ada.id, '2024-01-01T12:00:00Z', 'page')
    await server.services.search.idle()
  })
  afterAll(() => server.close())

  test('cat and category_name keep the category and its subcategories; cat=-N leaves them out', async () => {
    const inCity = ['Harbour cranes', 'Harbour traffic at night', 'Harbour traffic by day']
    expect(await titlesAt(`/?s=harbour&cat=${ids.city}`)).toEqual(inCity)
    expect(await titlesAt('/?s=harbour&category_name=city')).toEqual(inCity)
    expect(await titlesAt(`/search/harbour/?cat=${ids.port}`)).toEqual(['Harbour cranes'])
    expect(await titlesAt(`/?s=harbour&cat=${ids.port},${ids.sport}`)).toEqual(['Harbour cranes', 'Harbour regatta'])
    expect(await titlesAt(`/?s=harbour&cat=-${ids.city}`)).toEqual(['About the harbour', 'Harbour regatta'])
    const html = await (await get(`/?s=harbour&cat=${ids.city}`)).text()
    expect(html).toContain('Results for “harbour” in City</h1>')
    expect(html).toContain('<title>Search results for “harbour” in City – ')
  })

  test('tag: any of a comma list, all of a plus list; tag_id', async () => {
    expect(await titlesAt('/?s=harbour&tag=traffic')).toEqual(['Harbour traffic at night', 'Harbour traffic by day'])
    expect(await titlesAt('/?s=harbour&tag=traffic,night')).toEqual(['Harbour cranes', 'Harbour traffic at night', 'Harbour traffic by day'])
    expect(await titlesAt('/?s=harbour&tag=traffic+night')).toEqual(['Harbour traffic at night'])
    const night = (await server.services.terms.list('post_tag')).find((t) => t.slug === 'night')!
    expect(await titlesAt(`/?s=harbour&tag_id=${night.id}`)).toEqual(['Harbour cranes', 'Harbour traffic at night'])
  })

  test('author, author_name, author=-N and post_type', async () => {
    expect(await titlesAt(`/?s=harbour&author=${ids.bo}`)).toEqual(['Harbour regatta', 'Harbour traffic by day'])
    expect(await titlesAt('/?s=harbour&author_name=bo')).toEqual(['Harbour regatta', 'Harbour traffic by day'])
    expect(await titlesAt(`/?s=harbour&author=-${ids.bo}`)).toEqual(['About the harbour', 'Harbour cranes', 'Harbour traffic at night'])
    expect(await titlesAt('/?s=harbour&post_type=page')).toEqual(['About the harbour'])
    expect(await titlesAt('/?s=harbour&post_type=any&author_name=ada')).toEqual(['About the harbour', 'Harbour cranes', 'Harbour traffic at night'])
  })

  test('a date in the site\'s time zone: m, or year with monthnum and day', async () => {
    expect(await titlesAt('/?s=harbour&m=202501')).toEqual(['Harbour traffic at night'])
    expect(await titlesAt('/?s=harbour&year=2025&monthnum=2')).toEqual(['Harbour cranes', 'Harbour traffic by day'])
    expect(await titlesAt('/?s=harbour&m=20250201')).toEqual(['Harbour traffic by day'])
    expect(await titlesAt('/?s=harbour&year=2024')).toEqual(['About the harbour', 'Harbour regatta'])
    expect(await (await get('/?s=harbour&year=2025&monthnum=2')).text()).toContain('Results for “harbour” from February 2025</h1>')
  })

  test('filters naming nothing find nothing, with a way back to every story; malformed ones are left out', async () => {
    for (const path of ['/?s=harbour&cat=9999', '/?s=harbour&category_name=nowhere', '/?s=harbour&tag=nowhere', '/?s=harbour&author_name=nobody', '/?s=harbour&author=9999', '/?s=harbour&post_type=product']) {
      const res = await get(path)
      expect(res.status, path).toBe(200)
      const html = await res.text()
      expect(cardTitles(html), path).toEqual([])
      expect(html, path).toContain('No stories found.')
    }
    const empty = await (await get('/?s=harbour&cat=9999')).text()
    expect(empty).toContain(`href="${server.url}/search/harbour/">Search every story</a>`)
    const everything = await titlesAt('/?s=harbour')
    expect(everything).toHaveLength(5)
    for (const path of ['/?s=harbour&cat=abc', '/?s=harbour&m=2025-13', '/?s=harbour&year=2025&monthnum=13', '/?s=harbour&m=20250230', "/?s=harbour&cat=1%27%20OR%201=1", '/?s=harbour&tag=', '/?s=harbour&author[]=2']) {
      expect(await titlesAt(path), path).toEqual(everything)
    }
  })

  test('pages of results keep their filters, and a filtered page is cached apart from the unfiltered one', async () => {
    await server.services.settings.set('posts_per_page', 1, systemActor)
    try {
      const first = await (await get(`/?s=harbour&cat=${ids.city}`)).text()
      const next = new RegExp(`href="${server.url}/search/harbour/page/2/\\?cat=${ids.city}"`)
      expect(first).toMatch(next)
      expect(cardTitles(first)).toHaveLength(1)
      const second = await (await get(`/search/harbour/page/2/?cat=${ids.city}`)).text()
      expect(cardTitles(second)).toHaveLength(1)
      expect(cardTitles(second)).not.toEqual(cardTitles(first))
      expect((await get(`/search/harbour/page/4/?cat=${ids.city}`)).status).toBe(404)
      // Asked again (cache hits where the page cache keeps them), each answer is its own.
      for (let i = 0; i < 2; i++) {
        expect(await (await get('/?s=harbour')).text()).toContain('5 stories found.')
        expect(await (await get(`/?s=harbour&cat=${ids.city}`)).text()).toContain('3 stories found.')
      }
    } finally {
      await server.services.settings.set('posts_per_page', 10, systemActor)
    }
  })
})
