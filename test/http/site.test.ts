import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor, userActor } from '../../src/users/index.js'
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
    // Lists show each story's picture (a generated size of its featured image) and excerpt, on the home page and archives.
    const thumbnail = /<a class="(?:lead|card)-image" href="[^"]+\/welcome-to-pressroom\/"[^>]*><img src="\/uploads\/\d{4}\/\d{2}\/welcome-to-pressroom-\d+x\d+\.jpg"/
    expect(html).toMatch(thumbnail)
    expect(html).toContain('Your first post: what a Pressroom story can hold')
    expect(await (await get('/category/uncategorized/')).text()).toMatch(thumbnail)
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

  test('a story written in Markdown reads as a news page: curly quotes, anchored headings, a captioned figure, byline, terms, Read Also and comments', async () => {
    const { posts, permalinks, users, search } = server.services
    const home = await (await get('/')).text()
    const chart = /<img src="(\/uploads\/[^"]+readers-this-week\.png)"/.exec(await (await fetch(/<a href="([^"]+)">Welcome to Pressroom<\/a>/.exec(home)![1]!)).text())![1]!
    const jo = await users.create({ email: 'jo.reed@news.example', login: 'jo', displayName: 'Jo Reed', role: 'editor', password: null }, systemActor)
    const source = [
      'The council\'s vote came late on Tuesday -- after "hours" of debate... and it\'s final.',
      '## What the vote means',
      `![A bar chart of readers per day](${chart} "Readers followed the debate all week")`,
      'The mayor said: "We\'ll start in the spring." Work on the \'80s-era bridge begins in May.',
      'Code stays straight: `const "x" = \'y\'`.',
    ].join('\n\n')
    const story = await posts.create({ title: 'Council says "yes" to the bridge', content: source, format: 'markdown', status: 'publish', authorId: jo.id, categories: ['Council'], tags: ['Bridge'] }, userActor(jo))
    await posts.create({ title: 'Bridge works to start in spring', content: 'The council vote on the bridge means works start in spring, the mayor said.', status: 'publish', authorId: jo.id, categories: ['Council'] }, systemActor)
    await search.idle()
    const html = await (await get(new URL(await permalinks.linkFor(story)).pathname)).text()
    expect(html).toContain('<h1 class="article-title">Council says “yes” to the bridge</h1>')
    expect(html).toContain('<p>The council’s vote came late on Tuesday — after “hours” of debate… and it’s final.</p>')
    expect(html).toContain('<h2 id="what-the-vote-means">What the vote means</h2>')
    expect(html).toMatch(new RegExp(`<figure class="wp-caption"><img src="${chart}" alt="A bar chart of readers per day" width="1200" height="700" srcset="[^"]+" sizes="[^"]+" loading="lazy" decoding="async"><figcaption class="wp-caption-text">Readers followed the debate all week</figcaption></figure>`))
    expect(html).toContain('<p>The mayor said: “We’ll start in the spring.” Work on the ’80s-era bridge begins in May.</p>')
    expect(html).toMatch(/<code>const (&quot;|")x(&quot;|") = 'y'<\/code>/)
    expect(html).toContain(`<a href="${server.siteUrl}/author/jo/" rel="author">Jo Reed</a>`)
    expect(html).toContain(`<a href="${server.siteUrl}/category/council/" rel="category tag">Council</a>`)
    expect(html).toContain(`<a href="${server.siteUrl}/tag/bridge/" rel="tag">Bridge</a>`)
    expect(/<aside class="related"[\s\S]*?<\/aside>/.exec(html)?.[0]).toContain('Bridge works to start in spring')
    expect(html).toContain('<section class="comments" id="comments"')
    expect(html).toContain('<form action="')
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
    const body = await res.text()
    expect(body).toContain('Page not found')
    // Themed, with a search form in the page itself (beside the header's) and the robots kept out.
    expect(body).toContain('<input id="not-found-search" class="search-input" type="search" name="s"')
    expect(body).toContain('<meta name="robots" content="noindex, follow">')
    expect(body).toContain('<body class="error404')
    const api = await get('/wp-json/nothing')
    expect(api.status).toBe(404)
    expect(await api.json()).toMatchObject({ code: 'rest_no_route', data: { status: 404 } })
  })
})
