import { randomUUID } from 'node:crypto'
import Parser from 'rss-parser'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { PostRow } from '../../src/db/index.js'
import { anonymousActor, systemActor } from '../../src/users/index.js'
import { DIALECTS } from '../helpers/databases.js'
import { startTestServer, type TestServer } from '../helpers/server.js'
import { childrenNamed, childText, parseXml } from '../site/feeds/xml-tree.js'

type AtomCategory = { $: { term: string } }
const rss = new Parser()
const atom = new Parser<Record<string, never>, { category?: AtomCategory[]; id?: string; author?: string }>({ customFields: { item: [['category', 'category', { keepArray: true }]] } })

interface JsonFeed {
  version: string
  title: string
  home_page_url: string
  feed_url: string
  language: string
  items: {
    id: string
    url: string
    title: string
    content_html: string
    summary?: string
    date_published: string
    authors?: { name: string; url?: string }[]
    tags?: string[]
    image?: string
  }[]
}

const DAY = 86_400_000
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/
const EMAIL_LIKE = /[\w.+-]+@[\w-]+\.[\w.-]+/

describe.each(DIALECTS)('feeds, sitemaps and robots.txt on %s', (dialect) => {
  let server: TestServer
  let site: string
  const unique = randomUUID().slice(0, 8)
  const emails = {
    ann: `ann.${unique}@reporters.example`,
    bob: `bob.${unique}@reporters.example`,
    nora: `nora.${unique}@reporters.example`,
    carla: `carla.${unique}@readers.example`,
    pete: `pete.${unique}@readers.example`,
  }
  const f = {} as {
    annLogin: string
    bobLogin: string
    welcome: PostRow
    bridge: PostRow
    cup: PostRow
    river: PostRow
    draft: PostRow
    future: PostRow
    about: PostRow
    secretPage: PostRow
    commentId: number
    links: Map<number, string>
  }

  const get = (path: string) => fetch(server.url + path, { redirect: 'manual' })
  const text = async (path: string) => {
    const res = await get(path)
    expect(res.status, path).toBe(200)
    return res.text()
  }
  const jsonFeed = async (path: string) => JSON.parse(await text(path)) as JsonFeed
  const titlesOf = (items: { title?: string }[]) => items.map((i) => i.title)

  beforeAll(async () => {
    server = await startTestServer(dialect)
    site = server.siteUrl
    const { users, terms, posts, comments, permalinks } = server.services
    const ann = await users.create({ email: emails.ann, displayName: 'Ann Reporter', role: 'author', password: null }, systemActor)
    const bob = await users.create({ email: emails.bob, displayName: 'Bob Editor', role: 'editor', password: null }, systemActor)
    await users.create({ email: emails.nora, displayName: 'Nora Noposts', role: 'author', password: null }, systemActor)
    const world = await terms.create('category', { name: 'World' }, systemActor)
    await terms.create('category', { name: 'Europe', parentId: world.id }, systemActor)
    await terms.create('category', { name: 'Sports' }, systemActor)
    await terms.create('category', { name: 'Empty shelf' }, systemActor)
    const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString()
    f.annLogin = ann.login
    f.bobLogin = bob.login
    f.welcome = (await posts.list({}, anonymousActor)).posts[0]!
    f.bridge = await posts.create({
      title: 'Council approves the bridge',
      content: '<p>The council voted "yes" on Tuesday.</p><p>Work starts in <a href="/2020/01/01/spring/">spring</a>.</p>',
      excerpt: 'A short summary of the bridge vote.',
      status: 'publish', publishedAt: ago(3), authorId: ann.id, categories: ['Europe'], tags: ['Elections'],
    }, systemActor)
    f.cup = await posts.create({
      title: 'Cup final goes to extra time', content: '<p>A tense evening at the stadium.</p>',
      status: 'publish', publishedAt: ago(2), authorId: bob.id, categories: ['Sports'], tags: ['Football'],
    }, systemActor)
    f.river = await posts.create({
      title: "Mayor's plan for the river", content: '<p>The mayor presented a plan to clean the river by 2030.</p>',
      status: 'publish', publishedAt: ago(1), authorId: ann.id, categories: ['World'], tags: ['Elections'],
    }, systemActor)
    f.draft = await posts.create({ title: 'Unpublished scoop', content: '<p>Not yet.</p>', status: 'draft', authorId: ann.id, categories: ['Europe'], tags: ['Elections'] }, systemActor)
    f.future = await posts.create({ title: 'Tomorrow edition', content: '<p>Later.</p>', status: 'publish', publishedAt: new Date(Date.now() + 2 * DAY), authorId: ann.id, categories: ['Europe'] }, systemActor)
    f.about = await posts.create({ type: 'page', title: 'About us', content: '<p>Who we are.</p>', status: 'publish' }, systemActor)
    f.secretPage = await posts.create({ type: 'page', title: 'Secret page', content: '<p>Draft.</p>', status: 'draft' }, systemActor)
    const approved = await comments.create({ postId: f.bridge.id, authorName: 'Carla Commenter', authorEmail: emails.carla, content: "Finally! It's about time." }, anonymousActor)
    f.commentId = approved.id
    await comments.create({ postId: f.bridge.id, authorName: 'Pete Pending', authorEmail: emails.pete, content: 'Pending words', status: 'pending' }, systemActor)
    f.links = await permalinks.linksFor([f.welcome, f.bridge, f.cup, f.river, f.draft, f.future, f.about, f.secretPage])
  })
  afterAll(() => server?.close())

  const newestFirst = () => [f.welcome, f.river, f.cup, f.bridge]
  const expectedTitles = ['Welcome to Pressroom', 'Mayor\u2019s plan for the river', 'Cup final goes to extra time', 'Council approves the bridge']

  test('RSS 2.0 at /feed/ lists the newest published posts with permalinks, guids, authors, terms and full content', async () => {
    const res = await get('/feed/')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8')
    const newest = new Date(Math.max(...newestFirst().map((p) => Date.parse(p.modified_at))))
    expect(res.headers.get('last-modified')).toBe(newest.toUTCString())
    const body = await res.text()
    parseXml(body)
    const feed = await rss.parseString(body)
    expect(feed.title).toBe('Pressroom')
    expect(feed.feedUrl).toBe(`${site}/feed/`)
    expect(titlesOf(feed.items)).toEqual(expectedTitles)
    expect(feed.items.map((i) => i.link)).toEqual(newestFirst().map((p) => f.links.get(p.id)))
    expect(feed.items.map((i) => i.guid)).toEqual(newestFirst().map((p) => `${site}/?p=${p.id}`))
    expect(body).toContain(`<guid isPermaLink="false">${site}/?p=${f.bridge.id}</guid>`)
    const bridge = feed.items[3]!
    expect(bridge.creator).toBe('Ann Reporter')
    expect(bridge.categories).toEqual(['Europe', 'Elections'])
    expect(bridge.isoDate).toBe(new Date(Math.floor(Date.parse(f.bridge.published_at!) / 1000) * 1000).toISOString())
    expect(bridge.content).toBe('A short summary of the bridge vote.')
    // The body as readers get it: typographic quotes, and addresses a feed reader can follow.
    expect(bridge['content:encoded']).toContain('<p>The council voted \u201Cyes\u201D on Tuesday.</p>')
    expect(bridge['content:encoded']).toContain(`<a href="${site}/2020/01/01/spring/">spring</a>`)
    const welcome = feed.items[0]!
    expect(welcome.enclosure).toMatchObject({ url: expect.stringMatching(new RegExp(`^${site}/uploads/\\d{4}/\\d{2}/welcome-to-pressroom\\.jpg$`)), type: 'image/jpeg' })
    expect(Number(welcome.enclosure!.length)).toBeGreaterThan(1000)
    for (const hidden of ['Unpublished scoop', 'Tomorrow edition', 'About us']) expect(body).not.toContain(hidden)
    expect(await text('/feed/rss2/')).toBe(body)
  })

  test('Atom at /feed/atom/ has the same entries, with ids, authors, categories, self link and a typed enclosure', async () => {
    const res = await get('/feed/atom/')
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8')
    const body = await res.text()
    const root = parseXml(body)
    expect(root.name).toBe('feed')
    expect(childrenNamed(root, 'link').map((l) => l.attrs)).toContainEqual({ rel: 'self', href: `${site}/feed/atom/` })
    const feed = await atom.parseString(body)
    expect(titlesOf(feed.items)).toEqual(expectedTitles)
    expect(feed.items.map((i) => i.link)).toEqual(newestFirst().map((p) => f.links.get(p.id)))
    expect(feed.items.map((i) => i.id)).toEqual(newestFirst().map((p) => `${site}/?p=${p.id}`))
    const bridge = feed.items[3]!
    expect(bridge.author).toBe('Ann Reporter')
    expect(bridge.category?.map((c) => c.$.term)).toEqual(['Europe', 'Elections'])
    expect(bridge.content).toContain('\u201Cyes\u201D')
    expect(bridge.summary).toBe('A short summary of the bridge vote.')
    const welcomeEntry = childrenNamed(root, 'entry')[0]!
    expect(childrenNamed(welcomeEntry, 'link').find((l) => l.attrs.rel === 'enclosure')?.attrs.type).toBe('image/jpeg')
  })

  test('JSON Feed 1.1 at /feed/json/ has the items with content_html, authors, tags and the featured image', async () => {
    const res = await get('/feed/json/')
    expect(res.headers.get('content-type')).toBe('application/feed+json; charset=utf-8')
    const feed = (await res.json()) as JsonFeed
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1')
    expect(feed).toMatchObject({ title: 'Pressroom', home_page_url: `${site}/`, feed_url: `${site}/feed/json/`, language: 'en' })
    expect(titlesOf(feed.items)).toEqual(expectedTitles)
    expect(feed.items.map((i) => i.url)).toEqual(newestFirst().map((p) => f.links.get(p.id)))
    expect(feed.items.map((i) => i.id)).toEqual(newestFirst().map((p) => `${site}/?p=${p.id}`))
    const bridge = feed.items[3]!
    expect(bridge.content_html).toContain('<p>The council voted \u201Cyes\u201D on Tuesday.</p>')
    expect(bridge.authors).toEqual([{ name: 'Ann Reporter', url: `${site}/author/${f.annLogin}/` }])
    expect(bridge.tags).toEqual(['Europe', 'Elections'])
    expect(bridge.date_published).toBe(f.bridge.published_at)
    expect(feed.items[0]!.image).toMatch(new RegExp(`^${site}/uploads/.+\\.jpg$`))
  })

  test('the excerpt setting gives excerpts only, and posts_per_feed limits every format', async () => {
    const { settings } = server.services
    await settings.update({ feed_use_excerpt: true, posts_per_feed: 2 }, systemActor)
    try {
      const body = await text('/category/world/feed/')
      expect(body).not.toContain('content:encoded')
      const feed = await rss.parseString(body)
      expect(titlesOf(feed.items)).toEqual(['Mayor\u2019s plan for the river', 'Council approves the bridge'])
      expect(feed.items[1]!.content).toBe('A short summary of the bridge vote.')
      expect(feed.items[1]!.creator).toBe('Ann Reporter')
      expect(feed.items[0]!.content).toBe('The mayor presented a plan to clean the river by 2030.')
      const atomBody = await text('/feed/atom/')
      expect(atomBody).not.toMatch(/<content\b/)
      expect((await atom.parseString(atomBody)).items).toHaveLength(2)
      const json = await jsonFeed('/feed/json/')
      expect(json.items).toHaveLength(2)
      expect(json.items[1]!.content_html).toBe('<p>The mayor presented a plan to clean the river by 2030.</p>')
      expect(json.items[1]!.summary).toBe('The mayor presented a plan to clean the river by 2030.')
    } finally {
      await settings.update({ feed_use_excerpt: false, posts_per_feed: 10 }, systemActor)
    }
    expect((await jsonFeed('/feed/json/')).items).toHaveLength(4)
  })

  test('category feeds hold the category and its subcategories; a partial category path redirects to the full one', async () => {
    const world = await rss.parseString(await text('/category/world/feed/'))
    expect(titlesOf(world.items)).toEqual(['Mayor\u2019s plan for the river', 'Council approves the bridge'])
    expect(world.title).toBe('World \u2013 Pressroom')
    expect(world.link).toBe(`${site}/category/world/`)
    expect(world.feedUrl).toBe(`${site}/category/world/feed/`)
    const europe = await rss.parseString(await text('/category/world/europe/feed/'))
    expect(titlesOf(europe.items)).toEqual(['Council approves the bridge'])
    const europeAtom = await atom.parseString(await text('/category/world/europe/feed/atom/'))
    expect(titlesOf(europeAtom.items)).toEqual(['Council approves the bridge'])
    const europeJson = await jsonFeed('/category/world/europe/feed/json/')
    expect(europeJson.items.map((i) => i.url)).toEqual([f.links.get(f.bridge.id)])
    expect(europeJson.feed_url).toBe(`${site}/category/world/europe/feed/json/`)
    const partial = await get('/category/europe/feed/atom/')
    expect(partial.status).toBe(301)
    expect(partial.headers.get('location')).toBe('/category/world/europe/feed/atom/')
    const slashless = await get('/category/world/feed')
    expect(slashless.status).toBe(301)
    expect(slashless.headers.get('location')).toBe('/category/world/feed/')
  })

  test('tag and author feeds hold only their posts', async () => {
    const tag = await rss.parseString(await text('/tag/elections/feed/'))
    expect(titlesOf(tag.items)).toEqual(['Mayor\u2019s plan for the river', 'Council approves the bridge'])
    expect(tag.link).toBe(`${site}/tag/elections/`)
    const football = await jsonFeed('/tag/football/feed/json/')
    expect(titlesOf(football.items)).toEqual(['Cup final goes to extra time'])
    const ann = await atom.parseString(await text(`/author/${f.annLogin}/feed/atom/`))
    expect(titlesOf(ann.items)).toEqual(['Mayor\u2019s plan for the river', 'Council approves the bridge'])
    expect(ann.title).toBe('Ann Reporter \u2013 Pressroom')
    const bob = await rss.parseString(await text(`/author/${f.bobLogin}/feed/`))
    expect(titlesOf(bob.items)).toEqual(['Cup final goes to extra time'])
    expect(bob.items[0]!.creator).toBe('Bob Editor')
  })

  test('feeds of unknown categories, tags and authors are 404 pages', async () => {
    for (const path of ['/category/nowhere/feed/', '/category/nowhere/feed/atom/', '/category/world/nowhere/feed/json/', '/tag/nowhere/feed/', '/tag/nowhere/feed/json/', '/author/nobody/feed/atom/']) {
      const res = await get(path)
      expect(res.status, path).toBe(404)
      expect(res.headers.get('content-type'), path).toContain('text/html')
    }
  })

  test('the comments feed has approved comments with the commenter name, never a pending one', async () => {
    const link = `${f.links.get(f.bridge.id)}#comment-${f.commentId}`
    const res = await get('/comments/feed/')
    expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8')
    const body = await res.text()
    parseXml(body)
    const feed = await rss.parseString(body)
    expect(feed.title).toBe('Comments for Pressroom')
    expect(feed.items.map((i) => i.link)).toEqual([link])
    expect(feed.items[0]).toMatchObject({ title: 'Comment on Council approves the bridge by Carla Commenter', creator: 'Carla Commenter', guid: `${site}/?p=${f.bridge.id}#comment-${f.commentId}` })
    expect(feed.items[0]!['content:encoded']).toBe('<p>Finally! It\u2019s about time.</p>')
    expect(body).not.toContain('Pending words')
    expect(body).not.toContain('Pete Pending')
    const atomFeed = await atom.parseString(await text('/comments/feed/atom/'))
    expect(atomFeed.items.map((i) => [i.link, i.author])).toEqual([[link, 'Carla Commenter']])
    const json = await jsonFeed('/comments/feed/json/')
    expect(json.items.map((i) => [i.url, i.authors?.[0]?.name])).toEqual([[link, 'Carla Commenter']])
    expect(json.items[0]!.content_html).toContain('It\u2019s about time.')
  })

  test('no feed, sitemap or robots.txt carries an email address', async () => {
    const paths = [
      '/feed/', '/feed/atom/', '/feed/json/', '/comments/feed/', '/comments/feed/atom/', '/comments/feed/json/',
      '/category/world/feed/', '/category/world/europe/feed/json/', '/tag/elections/feed/atom/',
      `/author/${f.annLogin}/feed/`, `/author/${f.annLogin}/feed/atom/`, `/author/${f.annLogin}/feed/json/`,
      '/sitemap.xml', '/sitemap-posts-1.xml', '/sitemap-pages.xml', '/sitemap-categories.xml', '/sitemap-tags.xml', '/sitemap-authors.xml', '/robots.txt',
    ]
    for (const path of paths) {
      const body = await text(path)
      for (const email of Object.values(emails)) expect(body, path).not.toContain(email)
      expect(body, path).not.toMatch(EMAIL_LIKE)
    }
  })

  test('sitemap.xml indexes the sitemap files, each with its lastmod', async () => {
    const res = await get('/sitemap.xml')
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8')
    const root = parseXml(await res.text())
    expect(root.name).toBe('sitemapindex')
    expect(root.attrs.xmlns).toBe('http://www.sitemaps.org/schemas/sitemap/0.9')
    const maps = childrenNamed(root, 'sitemap')
    expect(maps.map((m) => childText(m, 'loc'))).toEqual(['posts-1', 'pages', 'categories', 'tags', 'authors'].map((n) => `${site}/sitemap-${n}.xml`))
    for (const m of maps) expect(childText(m, 'lastmod')).toMatch(W3C)
  })

  test('the posts sitemap lists every published post once, newest first, with its modified date', async () => {
    const root = parseXml(await text('/sitemap-posts-1.xml'))
    expect(root.name).toBe('urlset')
    const urls = childrenNamed(root, 'url')
    expect(urls.map((u) => childText(u, 'loc'))).toEqual(newestFirst().map((p) => f.links.get(p.id)))
    const bridge = urls.find((u) => childText(u, 'loc') === f.links.get(f.bridge.id))!
    expect(childText(bridge, 'lastmod')).toMatch(W3C)
    expect(Date.parse(childText(bridge, 'lastmod')!)).toBe(Math.floor(Date.parse(f.bridge.modified_at) / 1000) * 1000)
    expect((await get('/sitemap-posts-2.xml')).status).toBe(404)
    expect((await get('/sitemap-posts-01.xml')).status).toBe(404)
    expect((await get('/sitemap-posts-0.xml')).status).toBe(404)
  })

  test('the pages, categories, tags and authors sitemaps list what has published content', async () => {
    const locs = async (path: string) => childrenNamed(parseXml(await text(path)), 'url').map((u) => {
      expect(childText(u, 'lastmod'), path).toMatch(W3C)
      return childText(u, 'loc')
    })
    expect(await locs('/sitemap-pages.xml')).toEqual([`${site}/`, f.links.get(f.about.id)])
    expect((await locs('/sitemap-categories.xml')).sort()).toEqual(['uncategorized', 'world', 'world/europe', 'sports'].map((s) => `${site}/category/${s}/`).sort())
    expect((await locs('/sitemap-tags.xml')).sort()).toEqual([`${site}/tag/elections/`, `${site}/tag/football/`])
    expect(await locs('/sitemap-authors.xml')).toEqual([`${site}/author/${f.annLogin}/`, `${site}/author/${f.bobLogin}/`])
  })

  test('robots.txt lets crawlers in, keeps them out of the admin and points at the sitemap', async () => {
    const res = await get('/robots.txt')
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    const lines = (await res.text()).split('\n')
    expect(lines).toContain('User-agent: *')
    expect(lines).toContain('Disallow: /admin/')
    expect(lines).toContain(`Sitemap: ${site}/sitemap.xml`)
    const slashless = await get('/feed')
    expect(slashless.status).toBe(301)
    expect(slashless.headers.get('location')).toBe('/feed/')
  })
})
