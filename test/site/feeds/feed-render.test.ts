import Parser from 'rss-parser'
import { describe, expect, test } from 'vitest'
import { absoluteUrls, feedTitle, publicName } from '../../../src/site/feeds/feed-entries.js'
import { type FeedChannel, type FeedEntry, renderFeed, renderFeedOf, renderItem } from '../../../src/site/feeds/feed-render.js'
import { splitPostFeedPath } from '../../../src/site/feeds/feeds.js'
import { sitemapIndex, urlset, w3cDate } from '../../../src/site/feeds/sitemaps.js'
import { authorSlug, authorUrl, categorySlugs, categoryUrl, tagUrl, uploadUrl } from '../../../src/site/feeds/urls.js'
import { childrenNamed, childText, parseXml } from './xml-tree.js'

const SITE = 'https://news.example'
const channel: FeedChannel = {
  title: 'Tom & Jerry <News>',
  description: 'Cats & mice',
  link: `${SITE}/`,
  self: { rss: `${SITE}/feed/`, atom: `${SITE}/feed/atom/`, json: `${SITE}/feed/json/` },
  language: 'en-GB',
  publisher: { name: 'Tom & Jerry <News>', url: `${SITE}/` },
}
const hostile: FeedEntry = {
  id: `${SITE}/?p=7`,
  title: 'Q&A: a < b ]]> and ]]> again \u0001',
  link: `${SITE}/2026/01/02/q-a/?x=1&y=2`,
  published: new Date('2026-01-02T10:00:00Z'),
  updated: new Date('2026-01-03T11:00:00Z'),
  authorName: 'Zoë "Z" <Editor>',
  authorUrl: `${SITE}/author/zoe/`,
  categories: ['R&D', 'x < y', 'Café'],
  summary: 'First ]]> second ]]> third & more',
  contentHtml: '<p>Code: <code>a[b[0]]>c</code> and <code>x[y[1]]>z</code>\u0002</p>',
  image: { url: `${SITE}/uploads/2026/01/photo one.jpg`, type: 'image/jpeg', length: 1234 },
}

describe('rendering feeds with the feed package', () => {
  test('a feed put together from items rendered one by one has the very bytes of one rendered whole', () => {
    const plain: FeedEntry = { ...hostile, id: `${SITE}/?p=8`, title: 'Plain', contentHtml: undefined, image: undefined, authorName: undefined, updated: new Date('2026-01-04T09:00:00Z') }
    for (const format of ['rss', 'atom'] as const) {
      for (const entries of [[hostile, plain], [plain], [hostile], []]) {
        const kept = renderFeedOf(format, channel, entries.map((e) => renderItem(format, channel, e)))
        const whole = renderFeed(format, channel, entries)
        expect({ ...kept, body: kept.body.toString() }, `${format} of ${entries.length}`).toEqual(whole)
      }
    }
  })

  test('RSS 2.0 stays well formed with hostile text, and readers get the text back', async () => {
    const { type, body } = renderFeed('rss', channel, [hostile])
    expect(type).toBe('application/rss+xml; charset=utf-8')
    const root = parseXml(body)
    expect(root.attrs['xmlns:dc']).toBe('http://purl.org/dc/elements/1.1/')
    const feed = await new Parser().parseString(body)
    expect(feed.title).toBe('Tom & Jerry <News>')
    const [item] = feed.items
    expect(item!.title).toBe('Q&A: a < b ]] > and ]] > again ')
    expect(item!.link).toBe(`${SITE}/2026/01/02/q-a/?x=1&y=2`)
    expect(item!.creator).toBe('Zoë "Z" <Editor>')
    expect(item!.categories).toEqual(['R&D', 'x < y', 'Café'])
    expect(item!['content:encoded']).toBe('<p>Code: <code>a[b[0]]&gt;c</code> and <code>x[y[1]]&gt;z</code></p>')
    expect(item!.content).toBe('First ]]&gt; second ]]&gt; third &amp; more')
    expect(item!.enclosure).toEqual({ url: `${SITE}/uploads/2026/01/photo%20one.jpg`, type: 'image/jpeg', length: '1234' })
    expect(item!.pubDate).toBe('Fri, 02 Jan 2026 10:00:00 GMT')
    expect(childText(childrenNamed(root, 'channel')[0]!, 'lastBuildDate')).toBe('Sat, 03 Jan 2026 11:00:00 GMT')
  })

  test('an excerpt-only RSS item still declares the Dublin Core namespace of its creator', () => {
    const { body } = renderFeed('rss', channel, [{ ...hostile, contentHtml: undefined }])
    expect(body).not.toContain('content:encoded')
    expect(parseXml(body).attrs['xmlns:dc']).toBe('http://purl.org/dc/elements/1.1/')
  })

  test('Atom stays well formed, escapes its html-typed title, and types the enclosure by the media library', async () => {
    const { type, body } = renderFeed('atom', channel, [hostile])
    expect(type).toBe('application/atom+xml; charset=utf-8')
    const root = parseXml(body)
    const entry = childrenNamed(root, 'entry')[0]!
    expect(childText(entry, 'title')).toBe('Q&amp;A: a &lt; b ]]&gt; and ]]&gt; again ')
    expect(childrenNamed(entry, 'category').map((c) => c.attrs.term)).toEqual(['R&D', 'x \u2039 y', 'Café'])
    expect(childrenNamed(entry, 'link').find((l) => l.attrs.rel === 'enclosure')?.attrs).toMatchObject({ type: 'image/jpeg', length: '1234' })
    expect(childText(childrenNamed(entry, 'author')[0]!, 'name')).toBe('Zoë "Z" <Editor>')
    expect(childText(entry, 'updated')).toBe('2026-01-03T11:00:00.000Z')
    expect(childText(entry, 'published')).toBe('2026-01-02T10:00:00.000Z')
    const feed = await new Parser().parseString(body)
    expect(feed.items[0]!.link).toBe(`${SITE}/2026/01/02/q-a/?x=1&y=2`)
  })

  test('JSON Feed is version 1.1 with authors and language, and an excerpt-only item sends its excerpt as HTML', () => {
    const { type, body } = renderFeed('json', channel, [hostile, { ...hostile, id: `${SITE}/?p=8`, contentHtml: undefined, authorName: undefined }])
    expect(type).toBe('application/feed+json; charset=utf-8')
    const feed = JSON.parse(body) as { version: string; language: string; authors: unknown[]; items: Record<string, unknown>[] }
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1')
    expect(feed.language).toBe('en-GB')
    expect(feed.authors).toEqual([{ name: 'Tom & Jerry <News>', url: `${SITE}/` }])
    expect(feed.items[0]).toMatchObject({
      id: `${SITE}/?p=7`,
      title: hostile.title,
      authors: [{ name: 'Zoë "Z" <Editor>', url: `${SITE}/author/zoe/` }],
      tags: ['R&D', 'x < y', 'Café'],
      image: hostile.image!.url,
      date_published: '2026-01-02T10:00:00.000Z',
      date_modified: '2026-01-03T11:00:00.000Z',
    })
    expect(feed.items[1]!.content_html).toBe('<p>First ]]&gt; second ]]&gt; third &amp; more</p>')
    expect(feed.items[1]!.authors).toBeUndefined()
  })

  test('an empty feed is still a valid document in every format', async () => {
    expect((await new Parser().parseString(renderFeed('rss', channel, []).body)).items).toEqual([])
    expect(childrenNamed(parseXml(renderFeed('atom', channel, []).body), 'entry')).toEqual([])
    expect((JSON.parse(renderFeed('json', channel, []).body) as { items: unknown[] }).items).toEqual([])
  })
})

describe('feed text', () => {
  test('titles get typographic quotes; names never show an email address', () => {
    expect(feedTitle(`It's "done"`)).toBe('It\u2019s \u201Cdone\u201D')
    expect(publicName('jane.doe@example.com')).toBe('jane.doe')
    expect(publicName('Jane (jane@mail.example.org)')).toBe('Jane (jane)')
    expect(publicName('Jane Doe')).toBe('Jane Doe')
  })

  test('site-relative addresses in bodies become absolute, other addresses stay', () => {
    const html = '<a href="/2026/x/">x</a><img src="/uploads/a.jpg" srcset="/uploads/a-300.jpg 300w, https://cdn.example/b.jpg 600w"><a href="//cdn.example/c">c</a><a href="#top">t</a>'
    expect(absoluteUrls(html, SITE)).toBe(
      `<a href="${SITE}/2026/x/">x</a><img src="${SITE}/uploads/a.jpg" srcset="${SITE}/uploads/a-300.jpg 300w, https://cdn.example/b.jpg 600w"><a href="//cdn.example/c">c</a><a href="#top">t</a>`,
    )
  })
})

describe('archive addresses', () => {
  test('categories nest under their parents; slugs are encoded once', () => {
    const byId = new Map([
      [1, { id: 1, slug: 'world', parent_id: null }],
      [2, { id: 2, slug: 'europe', parent_id: 1 }],
      [3, { id: 3, slug: 'köln', parent_id: 2 }],
    ])
    expect(categorySlugs(byId.get(3)!, byId)).toEqual(['world', 'europe', 'köln'])
    expect(categoryUrl(SITE, categorySlugs(byId.get(3)!, byId))).toBe(`${SITE}/category/world/europe/k%C3%B6ln/`)
    expect(tagUrl(SITE, 'a b')).toBe(`${SITE}/tag/a%20b/`)
    expect(uploadUrl(SITE, '2026/01/a b.jpg')).toBe(`${SITE}/uploads/2026/01/a%20b.jpg`)
  })

  test('a category loop does not hang', () => {
    const byId = new Map([
      [1, { id: 1, slug: 'a', parent_id: 2 }],
      [2, { id: 2, slug: 'b', parent_id: 1 }],
    ])
    expect(categorySlugs(byId.get(1)!, byId).length).toBeLessThanOrEqual(51)
  })

  test('an author whose login is an email address gets a slug without it', () => {
    expect(authorSlug('ann')).toBe('ann')
    expect(authorSlug('jane.doe@example.com')).toBe('jane-doe-at-example-com')
    expect(authorUrl(SITE, 'jane.doe@example.com')).toBe(`${SITE}/author/jane-doe-at-example-com/`)
  })

  test('a post feed path splits into the post path and the format', () => {
    expect(splitPostFeedPath('/2026/01/02/hello/feed/')).toEqual({ postPath: '/2026/01/02/hello/', format: 'rss' })
    expect(splitPostFeedPath('/2026/01/02/hello/feed/rss2/')).toEqual({ postPath: '/2026/01/02/hello/', format: 'rss' })
    expect(splitPostFeedPath('/about/feed/atom/')).toEqual({ postPath: '/about/', format: 'atom' })
    expect(splitPostFeedPath('/about/feed/json/')).toEqual({ postPath: '/about/', format: 'json' })
    expect(splitPostFeedPath('/feed/')).toBeNull()
    expect(splitPostFeedPath('/2026/01/02/hello/')).toBeNull()
  })
})

describe('sitemap documents', () => {
  test('addresses are escaped and dates are W3C datetimes', () => {
    const xml = urlset([{ loc: `${SITE}/?a=1&b=<2>`, lastmod: '2026-01-02T03:04:05.678Z' }, { loc: `${SITE}/x/` }])
    const root = parseXml(xml)
    expect(root.attrs.xmlns).toBe('http://www.sitemaps.org/schemas/sitemap/0.9')
    const urls = childrenNamed(root, 'url')
    expect(urls.map((u) => childText(u, 'loc'))).toEqual([`${SITE}/?a=1&b=<2>`, `${SITE}/x/`])
    expect(childText(urls[0]!, 'lastmod')).toBe('2026-01-02T03:04:05+00:00')
    expect(childrenNamed(urls[1]!, 'lastmod')).toEqual([])
    expect(w3cDate('2026-12-31T23:59:59.999Z')).toBe('2026-12-31T23:59:59+00:00')
    expect(parseXml(sitemapIndex([])).name).toBe('sitemapindex')
  })
})

describe('the test XML reader', () => {
  test('rejects what is not well formed', () => {
    for (const bad of ['<a><b></a></b>', '<a>x & y</a>', '<a x=1/>', '<a x="1" x="2"/>', '<a>&nbsp;</a>', '<a/><b/>', '<a>', '<a x="<"/>', '<a>\u0001</a>']) {
      expect(() => parseXml(bad), bad).toThrow()
    }
    expect(parseXml('<?xml version="1.0"?>\n<a x="&amp;"><![CDATA[<b>]]>&#x41;</a>')).toMatchObject({ name: 'a', attrs: { x: '&' }, text: '<b>A' })
  })
})
