import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { PostRow } from '../../src/db/index.js'
import { systemActor, type Actor, type Role } from '../../src/users/index.js'
import { usersByRole } from '../helpers/actors.js'
import { DIALECTS } from '../helpers/databases.js'
import { cookieHeader, startTestServer, type TestServer } from '../helpers/server.js'

describe.each(DIALECTS)('public routes on %s', (dialect) => {
  let server: TestServer
  let as: Record<Role, { id: number; actor: Actor }>
  let news: PostRow[]
  let europe: PostRow
  let draft: PostRow
  let privatePost: PostRow
  let trashed: PostRow
  let page: PostRow
  let child: PostRow

  const get = (path: string, headers: Record<string, string> = {}) => fetch(server.url + path, { redirect: 'manual', headers })
  const pathOf = async (post: PostRow) => new URL(await server.services.permalinks.linkFor(post)).pathname

  beforeAll(async () => {
    server = await startTestServer(dialect)
    const { posts, terms, users, settings } = server.services
    as = await usersByRole(server.services)
    await users.setRole(as.author.id, 'author', systemActor)
    const world = await terms.create('category', { name: 'World' }, systemActor)
    await terms.create('category', { name: 'Europe', parentId: world.id }, systemActor)
    await settings.set('posts_per_page', 3, systemActor)
    news = []
    for (let i = 1; i <= 4; i++) {
      news.push(await posts.create({ title: `World story ${i}`, content: `<p>Story ${i} about "the world".</p>`, status: 'publish', categories: ['World'], tags: ['Climate'], authorId: as.author.id, publishedAt: new Date(Date.UTC(2024, 2, i, 12)) }, systemActor))
    }
    europe = await posts.create({ title: 'Europe story', content: '<p>From Brussels.</p>', status: 'publish', categories: ['Europe'], publishedAt: new Date(Date.UTC(2023, 6, 14, 23, 30)) }, systemActor)
    draft = await posts.create({ title: 'Secret draft', content: '<p>not yet</p>', authorId: as.author.id }, systemActor)
    privatePost = await posts.create({ title: 'Private memo', content: '<p>eyes only</p>', status: 'private' }, systemActor)
    trashed = await posts.create({ title: 'Binned story', status: 'publish' }, systemActor)
    trashed = await posts.trash(trashed.id, systemActor)
    page = await posts.create({ type: 'page', title: 'About us', content: '<p>Who we are</p>', status: 'publish' }, systemActor)
    child = await posts.create({ type: 'page', title: 'Our team', content: '<p>The people</p>', status: 'publish', parentId: page.id }, systemActor)
  })
  afterAll(() => server.close())

  test('home paginates with /page/N/, rel prev/next and sticky posts first', async () => {
    const { posts } = server.services
    await posts.update(news[0]!.id, { sticky: true }, systemActor)
    const home = await (await get('/')).text()
    const titles = [...home.matchAll(/<a href="[^"]+">(?:<span class="badge">Featured<\/span> )?((?:World|Europe) story[^<]*|Welcome to Pressroom)<\/a>/g)].map((m) => m[1])
    expect(titles[0]).toBe('World story 1')
    expect(home).toContain('<link rel="next" href="' + server.siteUrl + '/page/2/">')
    const second = await get('/page/2/')
    expect(second.status).toBe(200)
    const body = await second.text()
    expect(body).toContain('<link rel="prev" href="' + server.siteUrl + '/">')
    expect(body).toContain('Page 2 of')
    expect((await get('/page/99/')).status).toBe(404)
    await posts.update(news[0]!.id, { sticky: false }, systemActor)
  })

  test('category archives include subcategories; tag, author and date archives filter', async () => {
    const world = await (await get('/category/world/')).text()
    expect(world).toContain('<h1 class="archive-title">World</h1>')
    expect(world).toContain('World story 4')
    expect(await (await get('/category/world/page/2/')).text()).toContain('Europe story')
    const europeOnly = await (await get('/category/world/europe/')).text()
    expect(europeOnly).toContain('Europe story')
    expect(europeOnly).not.toContain('World story 1')
    const tag = await (await get('/tag/climate/')).text()
    expect(tag).toContain('World story 4')
    expect(tag).not.toContain('Europe story')
    const author = await (await get('/author/author/')).text()
    expect(author).toContain('World story 2')
    expect(author).not.toContain('Europe story')
    const march = await (await get('/2024/03/')).text()
    expect(march).toContain('World story 3')
    expect(march).not.toContain('Europe story')
    expect(await (await get('/2023/07/14/')).text()).toContain('Europe story')
    for (const missing of ['/category/nope/', '/tag/nope/', '/author/nobody/', '/2024/13/']) expect((await get(missing)).status, missing).toBe(404)
  })

  test('pages live under their parents; posts at the permalink structure', async () => {
    expect(await pathOf(child)).toBe('/about-us/our-team/')
    const res = await get('/about-us/our-team/')
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('<h1 class="article-title">Our team</h1>')
    expect((await get('/our-team/')).headers.get('location')).toBe('/about-us/our-team/')
    expect(await pathOf(europe)).toBe('/2023/07/14/europe-story/')
  })

  test('the permalink structure setting changes every link, and old links still arrive', async () => {
    const { settings } = server.services
    await settings.set('permalink_structure', '/%category%/%postname%/', systemActor)
    try {
      expect(await pathOf(europe)).toBe('/world/europe/europe-story/')
      expect((await get('/world/europe/europe-story/')).status).toBe(200)
      expect((await get('/2023/07/14/europe-story/')).headers.get('location')).toBe('/world/europe/europe-story/')
    } finally {
      await settings.set('permalink_structure', '/%year%/%monthnum%/%day%/%postname%/', systemActor)
    }
  })

  test('every permalink tag builds links that resolve: %post_id%, %author%, %category% with dates and times', async () => {
    const { settings, users, posts } = server.services
    // Not the login "author": /author/<x>/ is the author archive, before any permalink structure (as in WordPress).
    const writer = await users.create({ email: 'ann.writer@example.com', login: 'ann-writer', displayName: 'Ann Writer', role: 'author', password: null }, systemActor)
    const byAnn = await posts.create({ title: 'Harbour reopens', status: 'publish', authorId: writer.id, categories: ['Europe'], publishedAt: new Date(Date.UTC(2022, 0, 5, 8)) }, systemActor)
    const cases: [structure: string, post: PostRow, path: string][] = [
      ['/%post_id%/%postname%/', news[1]!, `/${news[1]!.id}/world-story-2/`],
      ['/%author%/%postname%/', byAnn, '/ann-writer/harbour-reopens/'],
      ['/%category%/%year%/%postname%/', europe, '/world/europe/2023/europe-story/'],
      ['/archives/%year%%monthnum%%day%-%hour%%minute%%second%/%postname%.html', europe, '/archives/20230714-233000/europe-story.html'],
      ['/news/%post_id%/', news[0]!, `/news/${news[0]!.id}/`],
    ]
    try {
      for (const [structure, post, path] of cases) {
        await settings.set('permalink_structure', structure, systemActor)
        expect(await pathOf(post), structure).toBe(path)
        const res = await get(path)
        expect(res.status, structure).toBe(200)
        expect(await res.text(), structure).toContain(`<h1 class="article-title">${post.title}</h1>`)
        // The same post under the default structure's address still arrives, by a 301 to the new one.
        const old = `/${post.published_at!.slice(0, 4)}/${post.published_at!.slice(5, 7)}/${post.published_at!.slice(8, 10)}/${post.slug}/`
        const moved = await get(old)
        expect(moved.status, `${structure} from ${old}`).toBe(301)
        expect(moved.headers.get('location'), structure).toBe(path)
      }
      // A %post_id% link with a wrong slug goes to the right one; an id that is not a post is a 404.
      await settings.set('permalink_structure', '/%post_id%/%postname%/', systemActor)
      expect((await get(`/${news[1]!.id}/a-wrong-slug/`)).headers.get('location')).toBe(`/${news[1]!.id}/world-story-2/`)
      expect((await get('/999999/no-such-story/')).status).toBe(404)
    } finally {
      await settings.set('permalink_structure', '/%year%/%monthnum%/%day%/%postname%/', systemActor)
      await posts.trash(byAnn.id, systemActor)
    }
  })

  test('year, month and day archives; /page/N/ on archives; ?page_id=ID and trailing slashes with a query', async () => {
    const year = await get('/2024/')
    expect(year.status).toBe(200)
    const body = await year.text()
    expect(body).toContain('<h1 class="archive-title">2024</h1>')
    expect(body).toContain('World story 4')
    expect(body).not.toContain('Europe story')
    expect((await get('/2023/')).status).toBe(200)
    expect(await (await get('/2024/page/2/')).text()).toContain('World story 1')
    expect((await get('/2024/page/3/')).status).toBe(404)
    const byPageId = await get(`/?page_id=${child.id}`)
    expect(byPageId.status).toBe(301)
    expect(byPageId.headers.get('location')).toBe('/about-us/our-team/')
    const slashless = await get('/category/world?utm_source=x')
    expect(slashless.status).toBe(301)
    expect(slashless.headers.get('location')).toBe('/category/world/?utm_source=x')
  })

  test('drafts, private and trashed posts are 404 to readers; previews only for those who may edit', async () => {
    expect((await get(`/?p=${draft.id}`)).status).toBe(404)
    expect((await get(`/?p=${draft.id}&preview=true`)).status).toBe(404)
    expect((await get(await pathOf(privatePost))).status).toBe(404)
    expect((await get(`/?p=${trashed.id}`)).status).toBe(404)
    const { token } = await server.services.sessions.start(as.author.id)
    const preview = await get(`/?p=${draft.id}&preview=true`, { cookie: cookieHeader({ pressroom_session: token }) })
    expect(preview.status).toBe(200)
    expect(await preview.text()).toContain('Secret draft')
    const { token: other } = await server.services.sessions.start(as.contributor.id)
    expect((await get(`/?p=${draft.id}&preview=true`, { cookie: cookieHeader({ pressroom_session: other }) })).status).toBe(404)
  })

  test('search finds published posts only, with a friendly empty state', async () => {
    const found = await (await get('/?s=Brussels')).text()
    expect(found).toContain('Europe story')
    expect(found).toContain('1 story found.')
    const none = await (await get('/search/nothing-matches-this/')).text()
    expect(none).toContain('No stories found.')
    expect(await (await get('/?s=not+yet')).text()).not.toContain('Secret draft')
  })

  test('the head has canonical, description, OpenGraph, Twitter card and NewsArticle + BreadcrumbList JSON-LD', async () => {
    const html = await (await get(await pathOf(europe))).text()
    expect(html).toContain(`<link rel="canonical" href="${server.siteUrl}/2023/07/14/europe-story/">`)
    expect(html).toContain('<meta property="og:type" content="article">')
    expect(html).toContain('<meta name="twitter:card" content="summary">')
    const ld = JSON.parse(/<script type="application\/ld\+json">([^<]+)<\/script>/.exec(html)![1]!)
    const types = ld['@graph'].map((n: { '@type': string }) => n['@type'])
    expect(types).toEqual(['NewsArticle', 'BreadcrumbList'])
    expect(ld['@graph'][1].itemListElement.map((i: { name: string }) => i.name)).toEqual(['Home', 'Europe', 'Europe story'])
    expect(html).toContain('<link rel="alternate" type="application/rss+xml"')
  })

  test('a post with a featured image shares it: og:image, a large Twitter card, JSON-LD image, author and section', async () => {
    const { id } = await server.services.handle.db.selectFrom('posts').select('id').where('slug', '=', 'welcome-to-pressroom').executeTakeFirstOrThrow()
    const welcome = await server.services.posts.get(id, systemActor)
    const html = await (await get(await pathOf(welcome))).text()
    const image = /<meta property="og:image" content="([^"]+)">/.exec(html)?.[1]
    expect(image).toMatch(new RegExp(`^${server.siteUrl}/uploads/\\d{4}/\\d{2}/welcome-to-pressroom[^"]*\\.jpg$`))
    expect(html).toContain('<meta property="og:image:alt" content="An illustration of a news page')
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image">')
    expect(html).toContain(`<meta name="twitter:image" content="${image}">`)
    expect(html).toContain('<meta property="og:title" content="Welcome to Pressroom – Pressroom">')
    expect(html).toMatch(/<meta property="article:published_time" content="\d{4}-\d{2}-\d{2}T/)
    const ld = JSON.parse(/<script type="application\/ld\+json">([^<]+)<\/script>/.exec(html)![1]!)
    const article = ld['@graph'][0]
    expect(ld['@context']).toBe('https://schema.org')
    expect(article).toMatchObject({ '@type': 'NewsArticle', headline: 'Welcome to Pressroom', image: [image], url: `${server.siteUrl}${await pathOf(welcome)}` })
    expect(Date.parse(article.datePublished)).toBe(Date.parse(welcome.published_at!))
    expect(article.publisher).toEqual({ '@type': 'Organization', name: 'Pressroom', url: server.siteUrl })
  })

  test('archives carry their canonical, rel prev/next, a BreadcrumbList and a link to their own feed', async () => {
    const first = await (await get('/category/world/')).text()
    expect(first).toContain(`<link rel="canonical" href="${server.siteUrl}/category/world/">`)
    expect(first).toContain(`<link rel="next" href="${server.siteUrl}/category/world/page/2/">`)
    expect(first).not.toContain('<link rel="prev"')
    expect(first).toContain(`<link rel="alternate" type="application/rss+xml" title="Pressroom » World Category Feed" href="${server.siteUrl}/category/world/feed/">`)
    const ld = JSON.parse(/<script type="application\/ld\+json">([^<]+)<\/script>/.exec(first)![1]!)
    expect(ld['@graph'].map((n: { '@type': string }) => n['@type'])).toEqual(['WebSite', 'BreadcrumbList'])
    expect(ld['@graph'][1].itemListElement).toEqual([
      { '@type': 'ListItem', position: 1, name: 'Home', item: `${server.siteUrl}/` },
      { '@type': 'ListItem', position: 2, name: 'World', item: `${server.siteUrl}/category/world/` },
    ])
    const second = await (await get('/category/world/page/2/')).text()
    expect(second).toContain(`<link rel="canonical" href="${server.siteUrl}/category/world/page/2/">`)
    expect(second).toContain(`<link rel="prev" href="${server.siteUrl}/category/world/">`)
    expect(second).not.toContain('<link rel="next"')
    expect(await (await get('/category/world/europe/')).text()).toContain(`title="Pressroom » Europe Category Feed" href="${server.siteUrl}/category/world/europe/feed/">`)
    expect(await (await get('/tag/climate/')).text()).toContain(`title="Pressroom » Climate Tag Feed" href="${server.siteUrl}/tag/climate/feed/">`)
    expect(await (await get('/author/author/')).text()).toMatch(new RegExp(`title="Pressroom » Posts by [^"]+ Feed" href="${server.siteUrl}/author/author/feed/">`))
    const postPath = await pathOf(news[1]!)
    expect(await (await get(postPath)).text()).toContain(`title="Pressroom » World story 2 Comments Feed" href="${server.siteUrl}${postPath}feed/">`)
    // Each linked feed is there.
    for (const feed of ['/category/world/feed/', '/category/world/europe/feed/', '/tag/climate/feed/', '/author/author/feed/', `${postPath}feed/`]) {
      const res = await get(feed)
      expect(res.status, feed).toBe(200)
      expect(res.headers.get('content-type'), feed).toBe('application/rss+xml; charset=utf-8')
    }
  })

  test('Read Also lists posts from the same section, never the post itself', async () => {
    const html = await (await get(await pathOf(news[1]!))).text()
    const related = /<aside class="related"[\s\S]*?<\/aside>/.exec(html)![0]
    expect(related).toContain('World story 1')
    expect(related).not.toContain('World story 2')
    expect(related).not.toContain('Welcome to Pressroom')
  })

  test('theme assets have content-hashed names and are cached for a year', async () => {
    const home = await (await get('/')).text()
    const css = /href="(\/assets\/default\/css\/style\.[0-9a-f]{10}\.css)"/.exec(home)![1]!
    const res = await get(css)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(res.headers.get('content-type')).toContain('text/css')
    expect((await get(css, { 'if-none-match': res.headers.get('etag')! })).status).toBe(304)
    const raw = await (await get(css, { 'accept-encoding': 'identity' })).text()
    expect(raw).toContain('--accent')
    const { gunzipSync } = await import('node:zlib')
    const zipped = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      import('node:http').then(({ get: httpGet }) => httpGet(server.url + css, { headers: { 'accept-encoding': 'gzip' } }, (r) => {
        const chunks: Buffer[] = []
        r.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ encoding: r.headers['content-encoding'], body: Buffer.concat(chunks) }))
      }).on('error', reject))
    })
    expect(zipped.encoding).toBe('gzip')
    expect(gunzipSync(zipped.body).toString()).toBe(raw)
    expect((await get('/assets/default/css/style.0000000000.css')).status).toBe(404)
  })

  test('HTML from an author is sanitized on save; an editor may embed', async () => {
    const { posts } = server.services
    const byAuthor = await posts.create({ title: 'Author html', content: '<p>ok<script>alert(1)</script><img src=x onerror=alert(2)></p>', status: 'publish' }, as.author.actor)
    const byEditor = await posts.create({ title: 'Editor html', content: '<p>ok</p><iframe src="https://video.example/embed/1"></iframe>', status: 'publish' }, as.editor.actor)
    const a = await (await get(await pathOf(byAuthor))).text()
    expect(a).not.toContain('<script>alert(1)')
    expect(a).not.toContain('onerror')
    expect(await (await get(await pathOf(byEditor))).text()).toContain('<iframe src="https://video.example/embed/1"></iframe>')
  })

  test('the navigation menu comes from the menus setting, marks the current page, and an unknown theme falls back to default', async () => {
    const { settings } = server.services
    await settings.set('menus', { primary: [
      { label: 'Front', type: 'home' },
      { label: 'About', type: 'page', target: page.id, children: [{ label: 'Team', type: 'page', target: child.id }] },
      { label: 'World news', type: 'category', target: 'world' },
      { label: 'Elsewhere', type: 'url', target: 'https://elsewhere.example/' },
    ] }, systemActor)
    await settings.set('theme', 'no-such-theme', systemActor)
    try {
      const html = await (await get('/about-us/')).text()
      const nav = /<nav class="site-nav"[\s\S]*?<\/nav>/.exec(html)![0]
      expect(nav).toContain(`<a href="${server.siteUrl}/">Front</a>`)
      expect(nav).toContain(`<a href="${server.siteUrl}/about-us/" aria-current="page">About</a><ul class="sub-menu"><li class="nav-item"><a href="${server.siteUrl}/about-us/our-team/">Team</a>`)
      expect(nav).toContain(`<a href="${server.siteUrl}/category/world/">World news</a>`)
      expect(nav).toContain('<a href="https://elsewhere.example/">Elsewhere</a>')
      expect(html).toContain('/assets/default/css/style.')
    } finally {
      await settings.update({ menus: { primary: [] }, theme: 'default' }, systemActor)
    }
  })
})
