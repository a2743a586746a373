import Parser from 'rss-parser'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { KyselyPlugin } from 'kysely'
import { createPermalinks, createPostsService } from '../../../src/content/index.js'
import type { Services } from '../../../src/services.js'
import { isDomainError } from '../../../src/shared/errors.js'
import { createFeeds, FeedMoved } from '../../../src/site/feeds/feeds.js'
import { createSitemaps } from '../../../src/site/feeds/sitemaps.js'
import { anonymousActor, systemActor } from '../../../src/users/index.js'
import { DIALECTS, openTestSite, type TestSite } from '../../helpers/databases.js'
import { childrenNamed, childText, parseXml } from './xml-tree.js'

const DAY = 86_400_000
const rss = new Parser()
const bodyOf = (page: { body: string | Buffer }) => String(page.body)
const notFound = (err: unknown) => isDomainError(err) && err.kind === 'not_found'

/** The services with every query counted, to show that a feed's queries do not grow with its items. */
function countingServices(services: Services): { services: Services; queries: () => number } {
  let n = 0
  const counter: KyselyPlugin = {
    transformQuery: (args) => {
      n++
      return args.node
    },
    transformResult: async (args) => args.result,
  }
  const db = services.handle.db.withPlugin(counter)
  const { settings, terms, clock, config } = services
  return {
    services: {
      ...services,
      handle: { ...services.handle, db },
      posts: createPostsService({ db, clock, settings, terms }),
      permalinks: createPermalinks({ db, settings, siteUrl: config.siteUrl }),
    },
    queries: () => n,
  }
}

describe.each(DIALECTS)('feed and sitemap producers on %s', (dialect) => {
  let site: TestSite
  let services: Services
  const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString()

  beforeAll(async () => {
    site = await openTestSite(dialect, { seed: true })
    services = site.services
  })
  afterAll(() => site?.close())

  const publish = (title: string, days: number, extra: Parameters<Services['posts']['create']>[0] = {}) =>
    services.posts.create({ title, content: `<p>${title} body.</p>`, status: 'publish', publishedAt: ago(days), ...extra }, systemActor)

  test("a post's comments feed has its approved comments only, tagged for that post", async () => {
    const post = await publish('Commented story', 10)
    const other = await publish('Other story', 11)
    const first = await services.comments.create({ postId: post.id, authorName: 'Ada', authorEmail: 'ada@readers.example', content: 'First!' }, anonymousActor)
    await services.comments.create({ postId: other.id, authorName: 'Bo', authorEmail: 'bo@readers.example', content: 'Elsewhere' }, anonymousActor)
    await services.comments.create({ postId: post.id, authorName: 'Cy', authorEmail: 'cy@readers.example', content: 'Held back', status: 'pending' }, systemActor)
    const page = await createFeeds(services).postComments(post.id, 'rss')
    expect(page.tags).toEqual(['comments-feed', `post:${post.id}`])
    const feed = await rss.parseString(bodyOf(page))
    const link = await services.permalinks.linkFor(post)
    expect(feed.title).toBe('Comments on: Commented story')
    expect(feed.feedUrl).toBe(`${link}feed/`)
    expect(feed.items.map((i) => [i.title, i.link])).toEqual([['By: Ada', `${link}#comment-${first.id}`]])
    expect(bodyOf(page)).not.toMatch(/readers\.example|Held back|Elsewhere/)
    const draft = await services.posts.create({ title: 'Draft with no feed', status: 'draft' }, systemActor)
    await expect(createFeeds(services).postComments(draft.id, 'json')).rejects.toSatisfy(notFound)
  })

  test('a password-protected post shows in feeds without its body, and stays out of the sitemap and the comments feed', async () => {
    const post = await publish('Members only', 0.5, { content: '<p>Secret body text.</p>', password: 'hunter2' })
    await services.comments.create({ postId: post.id, authorName: 'Dee', authorEmail: 'dee@readers.example', content: 'Protected comment' }, systemActor)
    const feeds = createFeeds(services)
    const feed = await rss.parseString(bodyOf(await feeds.site('rss')))
    const item = feed.items.find((i) => i.title === 'Members only')!
    expect(item.content).toBe('There is no excerpt because this is a protected post.')
    expect(item['content:encoded']).toBeUndefined()
    expect(bodyOf(await feeds.site('json'))).not.toContain('Secret body text')
    expect(bodyOf(await feeds.comments('rss'))).not.toContain('Protected comment')
    const link = await services.permalinks.linkFor(post)
    expect(bodyOf(await createSitemaps(services).posts(1))).not.toContain(link)
    await expect(feeds.postComments(post.id, 'rss')).rejects.toSatisfy(notFound)
  })

  test('an author whose login is an email address is listed and found by a slug without it', async () => {
    const user = await services.users.create({ login: 'mail.login@authors.example', email: 'other@authors.example', displayName: 'Mia Mail', role: 'author', password: null }, systemActor)
    await publish('By Mia', 0.2, { authorId: user.id })
    const feeds = createFeeds(services)
    const page = await feeds.author('mail-login-at-authors-example', 'atom')
    expect(bodyOf(page)).toContain('By Mia')
    expect(bodyOf(page)).not.toContain('authors.example')
    expect(bodyOf(await feeds.site('json'))).not.toContain('@authors.example')
    expect(bodyOf(await createSitemaps(services).authors())).toContain('/author/mail-login-at-authors-example/')
    await expect(feeds.author('mail.login@authors.example', 'rss')).rejects.toSatisfy(notFound)
  })

  test('a category asked by a partial path moves to its full path', async () => {
    const parent = await services.terms.create('category', { name: 'Regions' }, systemActor)
    await services.terms.create('category', { name: 'North', parentId: parent.id }, systemActor)
    const moved = await createFeeds(services).category(['north'], 'json').catch((err: unknown) => err)
    expect(moved).toBeInstanceOf(FeedMoved)
    expect((moved as FeedMoved).location).toBe('/category/regions/north/feed/json/')
    await expect(createFeeds(services).category(['north', 'regions'], 'rss')).rejects.toBeInstanceOf(FeedMoved)
  })

  test('with custom category and tag bases, archive links follow them while feeds stay at their routed addresses', async () => {
    const siteUrl = site.config.siteUrl
    await publish('Based story', 0.3, { categories: ['Based'], tags: ['based-tag'] })
    await services.settings.update({ category_base: 'topics', tag_base: 'keyword' }, systemActor)
    try {
      const feeds = createFeeds(services)
      const category = await rss.parseString(bodyOf(await feeds.category(['based'], 'rss')))
      expect(category.link).toBe(`${siteUrl}/topics/based/`)
      expect(category.feedUrl).toBe(`${siteUrl}/category/based/feed/`)
      const tag = JSON.parse(bodyOf(await feeds.tag('based-tag', 'json'))) as { home_page_url: string; feed_url: string }
      expect(tag).toMatchObject({ home_page_url: `${siteUrl}/keyword/based-tag/`, feed_url: `${siteUrl}/tag/based-tag/feed/json/` })
      const sitemaps = createSitemaps(services)
      expect(bodyOf(await sitemaps.categories())).toContain(`<loc>${siteUrl}/topics/based/</loc>`)
      expect(bodyOf(await sitemaps.tags())).toContain(`<loc>${siteUrl}/keyword/based-tag/</loc>`)
    } finally {
      await services.settings.update({ category_base: 'category', tag_base: 'tag' }, systemActor)
    }
  })

  test("a feed's queries do not grow with its items (no query per post)", async () => {
    const { services: counted, queries } = countingServices(services)
    const feeds = createFeeds(counted)
    // The newest post has every kind of extra data (author, terms, featured image), so the small feed needs them all.
    const welcome = (await services.posts.list({ perPage: 100 }, anonymousActor)).posts.find((p) => p.featured_media_id !== null)!
    const lead = await services.users.create({ email: 'lead@authors.example', displayName: 'Lead Writer', role: 'author', password: null }, systemActor)
    await services.posts.create({ title: 'Lead story', content: '<p>Lead.</p>', status: 'publish', authorId: lead.id, featuredMediaId: welcome.featured_media_id, tags: ['lead'] }, systemActor)
    await services.settings.update({ posts_per_feed: 2 }, systemActor)
    try {
      await feeds.site('rss') // settings and anything else cached are loaded now
      // Items not rendered yet (a new format) need every kind of extra data, once.
      const before = queries()
      await feeds.site('atom')
      const small = queries() - before
      await services.settings.update({ posts_per_feed: 20 }, systemActor)
      for (let i = 0; i < 6; i++) {
        const author = await services.users.create({ email: `n${i}@authors.example`, displayName: `Writer ${i}`, role: 'author', password: null }, systemActor)
        await publish(`Batch ${i}`, 0.01 * (i + 1), { authorId: author.id, categories: [`Batch category ${i}`], tags: [`batch-${i}`] })
      }
      await feeds.site('rss')
      const middle = queries()
      const large = await feeds.site('atom')
      expect(queries() - middle).toBe(small)
      expect(childrenNamed(parseXml(bodyOf(large)), 'entry').length).toBeGreaterThan(8)
      // Kept items: a feed asked again reads its list of posts and nothing else.
      const again = queries()
      expect(bodyOf(await feeds.site('atom'))).toBe(bodyOf(large))
      expect(queries() - again).toBe(1)
    } finally {
      await services.settings.update({ posts_per_feed: 10 }, systemActor)
    }
  })

  test('a kept feed item is made again after its post, its author or its terms change', async () => {
    const feeds = createFeeds(services)
    const writer = await services.users.create({ email: 'kept@authors.example', displayName: 'Kept Writer', role: 'author', password: null }, systemActor)
    const post = await publish('Kept story', 0.001, { authorId: writer.id, tags: ['kept-tag'], content: '<p>First words.</p>' })
    const itemOf = async () => (await rss.parseString(bodyOf(await feeds.site('rss')))).items.find((i) => i.guid === `${site.config.siteUrl}/?p=${post.id}`)!
    expect((await itemOf())['content:encoded']).toContain('First words.')
    await itemOf() // kept now
    await services.posts.update(post.id, { title: 'Kept story, edited', content: '<p>Second words.</p>' }, systemActor)
    const edited = await itemOf()
    expect(edited.title).toBe('Kept story, edited')
    expect(edited['content:encoded']).toContain('Second words.')
    await services.users.update(writer.id, { displayName: 'Renamed Writer' }, systemActor)
    expect((await itemOf()).creator).toBe('Renamed Writer')
    const tag = (await services.terms.list('post_tag')).find((t) => t.slug === 'kept-tag')!
    await services.terms.update(tag.id, { name: 'Renamed tag' }, systemActor)
    expect((await itemOf()).categories).toContain('Renamed tag')
  })

  test('posts sitemaps hold a set number of URLs each, newest first, and the index dates each file', async () => {
    const sitemaps = createSitemaps(services, { perFile: 3 })
    const { posts: all } = await services.posts.list({ perPage: 100 }, anonymousActor)
    const listed = all.filter((p) => p.password === '')
    const links = await services.permalinks.linksFor(listed)
    const files = Math.ceil(listed.length / 3)
    const index = parseXml(bodyOf(await sitemaps.index()))
    const maps = childrenNamed(index, 'sitemap')
    const postMaps = maps.filter((m) => childText(m, 'loc')!.includes('sitemap-posts-'))
    expect(postMaps.map((m) => childText(m, 'loc'))).toEqual(Array.from({ length: files }, (_, i) => `${site.config.siteUrl}/sitemap-posts-${i + 1}.xml`))
    const seen: string[] = []
    for (let n = 1; n <= files; n++) {
      const urls = childrenNamed(parseXml(bodyOf(await sitemaps.posts(n))), 'url')
      expect(urls.length).toBe(n < files ? 3 : listed.length - 3 * (files - 1))
      const chunk = listed.slice((n - 1) * 3, n * 3)
      const newest = chunk.map((p) => p.modified_at).sort().at(-1)!
      expect(Date.parse(childText(postMaps[n - 1]!, 'lastmod')!)).toBe(Math.floor(Date.parse(newest) / 1000) * 1000)
      seen.push(...urls.map((u) => childText(u, 'loc')!))
    }
    expect(seen).toEqual(listed.map((p) => links.get(p.id)))
    await expect(sitemaps.posts(files + 1)).rejects.toSatisfy(notFound)
    await expect(sitemaps.posts(0)).rejects.toSatisfy(notFound)
  })

  test("the index dates a posts file by its newest change again after an edit of an old post in it", async () => {
    const sitemaps = createSitemaps(services, { perFile: 2 })
    for (let i = 0; i < 4; i++) await publish(`Filed story ${i}`, 20 + i)
    const { posts: all } = await services.posts.list({ perPage: 100 }, anonymousActor)
    const listed = all.filter((p) => p.password === '')
    const postFiles = async () => childrenNamed(parseXml(bodyOf(await sitemaps.index())), 'sitemap').filter((m) => childText(m, 'loc')!.includes('sitemap-posts-'))
    const before = await postFiles()
    // The oldest post lives in the last file; an edit makes it that file's newest change, and the site's.
    const oldest = listed.at(-1)!
    await new Promise((r) => setTimeout(r, 5))
    const edited = await services.posts.update(oldest.id, { title: `${oldest.title} (edited)` }, systemActor)
    const after = await postFiles()
    expect(after.length).toBe(before.length)
    expect(Date.parse(childText(after.at(-1)!, 'lastmod')!)).toBe(Math.floor(Date.parse(edited.modified_at) / 1000) * 1000)
    expect(after.slice(0, -1).map((m) => childText(m, 'lastmod'))).toEqual(before.slice(0, -1).map((m) => childText(m, 'lastmod')))
  })
})
