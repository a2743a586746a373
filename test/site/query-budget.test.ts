import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { authorPath } from '../../src/site/urls.js'
import { systemActor } from '../../src/users/index.js'
import { DIALECTS } from '../helpers/databases.js'
import { startTestServer, type TestServer } from '../helpers/server.js'
import { installQueryCounter, queriesFor } from './query-counter.js'

/**
 * A regression guard that needs no timing: how many SQL statements each kind of page sends to the database when
 * it is rendered (the page cache off). A page that starts fetching per post (N+1) or per comment blows its
 * budget at once, since the site below has a full first page, a second page, and a post with 20 comments.
 */
const BUDGETS = {
  'single post (20 comments, Read Also)': 1,
  home: 1,
  'home page 2': 1,
  'category archive': 1,
  'tag archive': 1,
  'date archive': 1,
  'author archive': 2,
  search: 4,
  feed: 1,
  'category feed': 2,
  'comments feed': 2,
  sitemap: 0,
  'posts sitemap': 1,
  'REST posts list': 1,
  'REST post with _embed': 1,
  'REST comments of a post': 3,
} as const

type Kind = keyof typeof BUDGETS

installQueryCounter()

describe.each(DIALECTS)('SQL queries per page on %s', (dialect) => {
  let server: TestServer
  const paths = {} as Record<Kind, string>
  let featuredId = 0

  beforeAll(async () => {
    server = await startTestServer(dialect, { PRESSROOM_PAGE_CACHE: 'off' })
    const { posts, terms, users, media, comments, permalinks } = server.services
    const authors = [
      await users.create({ email: 'ann@news.example', displayName: 'Ann Writer', role: 'author', password: null }, systemActor),
      await users.create({ email: 'bob@news.example', displayName: 'Bob Writer', role: 'author', password: null }, systemActor),
    ]
    const news = await terms.create('category', { name: 'News' }, systemActor)
    const local = await terms.create('category', { name: 'Local', parentId: news.id }, systemActor)
    const tags = [await terms.create('post_tag', { name: 'Harbour' }, systemActor), await terms.create('post_tag', { name: 'Bridge' }, systemActor)]
    const data = await sharp({ create: { width: 800, height: 450, channels: 3, background: '#1d3557' } }).jpeg().toBuffer()
    const photo = await media.upload({ data, filename: 'harbour.jpg', altText: 'The harbour', caption: 'The harbour at dawn' }, systemActor)
    const figure = `<figure class="wp-caption"><img src="/uploads/${photo.file}" alt="The harbour" width="800" height="450"><figcaption>The harbour at dawn</figcaption></figure>`
    let last = 0
    for (let i = 0; i < 14; i++) {
      const post = await posts.create({
        title: `Harbour bridge story ${i + 1}`,
        content: `<p>The harbour bridge reopened -- "at last," it's said.</p>${figure}<h2>Traffic</h2><p>Story ${i + 1} about the harbour and the bridge.</p>`,
        status: 'publish',
        publishedAt: new Date(Date.UTC(2024, 4, 1 + i, 9)),
        authorId: authors[i % 2]!.id,
        featuredMediaId: photo.id,
        categories: [i % 2 ? local.id : news.id],
        tags: [tags[i % 2]!.id, tags[(i + 1) % 2]!.id],
        commentStatus: 'open',
      }, systemActor)
      last = post.id
    }
    let parentId: number | null = null
    for (let i = 0; i < 20; i++) {
      const comment = await comments.create({ postId: last, parentId: i % 2 ? parentId : null, authorName: `Reader ${i}`, authorEmail: `reader${i}@example.com`, content: `Comment ${i}: "well said" -- indeed.`, status: 'approved' }, systemActor)
      parentId = comment.id
    }
    await server.services.search.idle()
    featuredId = last
    const featured = await posts.get(last, systemActor)
    expect(featured.comment_count).toBe(20)
    const postPath = new URL(await permalinks.linkFor(featured)).pathname
    Object.assign(paths, {
      'single post (20 comments, Read Also)': postPath,
      home: '/',
      'home page 2': '/page/2/',
      'category archive': '/category/news/',
      'tag archive': '/tag/harbour/',
      'date archive': '/2024/05/',
      'author archive': authorPath(authors[0]!.login),
      search: '/?s=harbour+bridge',
      feed: '/feed/',
      'category feed': '/category/news/feed/',
      'comments feed': '/comments/feed/',
      sitemap: '/sitemap.xml',
      'posts sitemap': '/sitemap-posts-1.xml',
      'REST posts list': '/wp-json/wp/v2/posts?per_page=10',
      'REST post with _embed': `/wp-json/wp/v2/posts/${last}?_embed`,
      'REST comments of a post': `/wp-json/wp/v2/comments?post=${last}`,
    } satisfies Record<Kind, string>)
    // Warm what is kept between requests (settings, the terms index, rendered bodies): budgets are for a running site.
    for (const path of Object.values(paths)) await queriesFor(server.url + path)
  }, 120_000)
  afterAll(() => server?.close())

  test.each(Object.keys(BUDGETS) as Kind[])('%s stays within its budget', async (kind) => {
    const sql = await queriesFor(server.url + paths[kind])
    expect(sql.length, `${kind} sent:\n${sql.join('\n')}`).toBeLessThanOrEqual(BUDGETS[kind])
  })

  test('a list page reads no post bodies once its views are kept', async () => {
    for (const kind of ['home', 'category archive', 'date archive'] as const) {
      const sql = await queriesFor(server.url + paths[kind])
      expect(sql.filter((q) => /"posts"\.\*|"posts"\."content"/.test(q)), `${kind} sent:\n${sql.join('\n')}`).toEqual([])
    }
  })

  test('after an edit drops what was kept, a list page and a post page still read each kind of data once', async () => {
    const { posts } = server.services
    const [first] = (await posts.list({ perPage: 1 }, { kind: 'anonymous' })).posts
    await posts.update(first!.id, { title: `${first!.title} (updated)` }, systemActor)
    const home = await queriesFor(`${server.url}/`)
    // the list and its count, then the terms, authors, post-term links and featured images: one query each, never one per post
    expect(home.length, home.join('\n')).toBeLessThanOrEqual(6)
    expect(home.filter((q) => /from "post_terms"/.test(q))).toHaveLength(1)
    await posts.update(featuredId, { title: 'Harbour bridge story, updated' }, systemActor)
    await server.services.comments.create({ postId: featuredId, authorName: 'Late reader', authorEmail: 'late@example.com', content: 'One more.', status: 'approved' }, systemActor)
    await server.services.search.idle()
    const post = await queriesFor(server.url + paths['single post (20 comments, Read Also)'])
    // the post, its comments, two author lookups; the terms, the post's term links, featured image and body
    // images; its Read Also list (whether it is current, the ids, which of them are published), those posts, their
    // term links and images
    expect(post.length, post.join('\n')).toBeLessThanOrEqual(14)
    expect(post.filter((q) => /from "comments"/.test(q))).toHaveLength(1)
  })
})

describe.each(DIALECTS)('a page cache hit on %s', (dialect) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer(dialect)
  })
  afterAll(() => server?.close())

  test('is sent without a single SQL query, for posts, lists and feeds alike', async () => {
    const post = await server.services.posts.create({ title: 'Cached story', content: '<p>Once.</p>', status: 'publish' }, systemActor)
    await server.services.search.idle()
    for (const url of [await server.services.permalinks.linkFor(post), `${server.url}/`, `${server.url}/?s=cached`, `${server.url}/feed/`]) {
      await queriesFor(url)
      const res = await fetch(url)
      expect(res.headers.get('x-cache'), url).toBe('HIT')
      expect(await queriesFor(url), url).toEqual([])
    }
  })
})
