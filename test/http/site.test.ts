import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../../src/users/index.js'
import { DIALECTS } from '../helpers/databases.js'
import { startTestServer, type TestServer } from '../helpers/server.js'

describe.each(DIALECTS)('the public site on %s', (dialect) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer(dialect)
  })
  afterAll(() => server.close())

  const get = (path: string) => fetch(server.url + path, { redirect: 'manual' })

  test('GET /healthz answers 200 while the database answers', async () => {
    const res = await get('/healthz')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
  })

  test('a brand-new site shows its welcome post, with a captioned image whose file is served', async () => {
    const home = await get('/')
    expect(home.status).toBe(200)
    const html = await home.text()
    expect(html).toContain('Just another Pressroom site')
    const link = /<a href="([^"]+)">Welcome to Pressroom<\/a>/.exec(html)?.[1]
    expect(link).toMatch(/\/\d{4}\/\d{2}\/\d{2}\/welcome-to-pressroom\/$/)
    const post = await (await fetch(link!)).text()
    expect(post).toMatch(/<figure[^>]*><img src="\/uploads\/\d{4}\/\d{2}\/readers-this-week\.png" alt="A bar chart[^"]+" width="1200" height="700" srcset="[^"]+ 300w[^"]+" sizes="[^"]+" loading="lazy"/)
    expect(post).toContain('<figcaption class="wp-caption-text">Every image carries alt text')
    expect(post).toContain('<h2 id="write-the-way-a-newsroom-writes">Write the way a newsroom writes</h2>')
    expect(post).toMatch(/<h3[^>]*>What comes with it<\/h3>/)
    expect(post).toMatch(/<ul>\s*(<li>[^<]+<\/li>\s*){3}<\/ul>/)
    expect(post).toMatch(/<blockquote><p>Freedom of the press [^<]+<\/p><cite>Walter Cronkite<\/cite><\/blockquote>/)
    const src = /<img src="(\/uploads\/[^"]+readers-this-week\.png)"/.exec(post)![1]!
    const image = await get(src)
    expect(image.status).toBe(200)
    expect(image.headers.get('content-type')).toBe('image/png')
  })

  test('a published post appears on the home page at its permalink; a draft does not', async () => {
    const { posts, permalinks } = server.services
    const published = await posts.create({ title: 'Council approves the new bridge', content: '<p>After years of debate…</p>', status: 'publish' }, systemActor)
    const draft = await posts.create({ title: 'Unfinished story', content: '<p>todo</p>' }, systemActor)
    const home = await (await get('/')).text()
    expect(home).toContain('Council approves the new bridge')
    expect(home).not.toContain('Unfinished story')
    const link = await permalinks.linkFor(published)
    expect(link).toBe(`${server.siteUrl}/${published.published_at!.slice(0, 4)}/${published.published_at!.slice(5, 7)}/${published.published_at!.slice(8, 10)}/council-approves-the-new-bridge/`)
    const page = await get(new URL(link).pathname)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<h1 class="article-title">Council approves the new bridge</h1>')
    expect((await get(`/?p=${draft.id}`)).status).toBe(404)
    expect((await get(`/${'2026/01/01'}/unfinished-story/`)).status).toBe(404)
  })

  test('canonical redirects: ?p=ID, a missing trailing slash and an old slug answer 301', async () => {
    const { posts, permalinks } = server.services
    const post = await posts.create({ title: 'Original headline', status: 'publish' }, systemActor)
    const oldPath = new URL(await permalinks.linkFor(post)).pathname
    const renamed = await posts.update(post.id, { slug: 'better-headline' }, systemActor)
    const path = new URL(await permalinks.linkFor(renamed)).pathname
    for (const from of [`/?p=${post.id}`, path.slice(0, -1), oldPath]) {
      const res = await get(from)
      expect(res.status, from).toBe(301)
      expect(res.headers.get('location')).toBe(path)
    }
  })

  test('an unknown page is a 404 page for people and a JSON error for the API', async () => {
    const res = await get('/no/such/page/')
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(await res.text()).toContain('Page not found')
    const api = await get('/wp-json/nothing')
    expect(api.status).toBe(404)
    expect(await api.json()).toMatchObject({ code: 'rest_no_route', data: { status: 404 } })
  })
})
