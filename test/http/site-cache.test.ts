import { request } from 'node:http'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadConfig } from '../../src/config/index.js'
import { startServer, type RunningServer } from '../../src/main.js'
import { systemActor } from '../../src/users/index.js'
import { DIALECTS, freshPostgresUrl, tempDataDir } from '../helpers/databases.js'
import { freePort, startTestServer, type TestServer } from '../helpers/server.js'

const fetchPage = async (url: string) => {
  const res = await fetch(url)
  return { status: res.status, cache: res.headers.get('x-cache'), body: await res.text() }
}

/** A request without client-side decompression: what the server sent is what we see. */
function raw(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
    }).on('error', reject).end()
  })
}

/** Polls until `check` passes: purges between servers arrive asynchronously. */
async function eventually(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe.each(DIALECTS)('the page cache on the real site on %s', (dialect) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer(dialect)
  })
  afterAll(() => server.close())

  test('a repeated request is served from the cache; an edit shows at once; an unrelated page stays cached', async () => {
    const { posts, permalinks } = server.services
    const edited = await posts.create({ title: 'Budget passes', content: '<p>v1</p>', status: 'publish', categories: ['Politics'] }, systemActor)
    const unrelated = await posts.create({ title: 'Team wins cup', content: '<p>goal</p>', status: 'publish', categories: ['Sport'] }, systemActor)
    await server.services.search.idle()
    const editedUrl = await permalinks.linkFor(edited)
    const unrelatedUrl = await permalinks.linkFor(unrelated)
    const home = `${server.url}/`
    expect((await fetchPage(editedUrl)).cache).toBe('MISS')
    expect((await fetchPage(editedUrl)).cache).toBe('HIT')
    expect((await fetchPage(unrelatedUrl)).cache).toBe('MISS')
    await fetchPage(home)
    expect((await fetchPage(home)).cache).toBe('HIT')

    await posts.update(edited.id, { title: 'Budget passes after all-night session' }, systemActor)
    const after = await fetchPage(editedUrl)
    expect(after.cache).toBe('MISS')
    expect(after.body).toContain('Budget passes after all-night session')
    expect((await fetchPage(home)).body).toContain('Budget passes after all-night session')
    expect((await fetchPage(unrelatedUrl)).cache).toBe('HIT')
  })

  test('pages, archives, feeds and sitemaps carry validators, answer 304s and come compressed', async () => {
    const { posts, permalinks } = server.services
    const post = await posts.create({ title: 'Validators story', content: `<p>${'A long paragraph about caching. '.repeat(80)}</p>`, status: 'publish', categories: ['Validators'] }, systemActor)
    const paths = [new URL(await permalinks.linkFor(post)).pathname, '/', '/category/validators/', '/feed/', '/feed/atom/', '/sitemap.xml', '/sitemap-posts-1.xml']
    for (const path of paths) {
      const url = server.url + path
      const plain = await raw(url, { 'accept-encoding': 'identity' })
      expect(plain.status, path).toBe(200)
      expect(plain.headers['cache-control'], path).toBe('public, max-age=0, s-maxage=300, stale-while-revalidate=60')
      expect(plain.headers.etag, path).toMatch(/^"[^"]+"$/)
      expect(new Date(String(plain.headers['last-modified'])).getTime(), path).not.toBeNaN()
      expect(plain.headers['content-encoding'], path).toBeUndefined()
      // Revalidation: by ETag, and by date.
      const byTag = await raw(url, { 'accept-encoding': 'identity', 'if-none-match': String(plain.headers.etag) })
      expect(byTag.status, path).toBe(304)
      expect(byTag.body.length, path).toBe(0)
      expect((await raw(url, { 'accept-encoding': 'identity', 'if-modified-since': String(plain.headers['last-modified']) })).status, path).toBe(304)
      expect((await raw(url, { 'accept-encoding': 'identity', 'if-none-match': '"something-else"' })).status, path).toBe(200)
      if (plain.body.length < 2048) continue // small documents (an index of a few sitemaps) are sent as they are
      expect(plain.headers.vary, path).toBe('Accept-Encoding')
      const br = await raw(url, { 'accept-encoding': 'gzip, deflate, br' })
      expect(br.headers['content-encoding'], path).toBe('br')
      expect(brotliDecompressSync(br.body).equals(plain.body), path).toBe(true)
      expect((await raw(url, { 'accept-encoding': 'br', 'if-none-match': String(br.headers.etag) })).status, path).toBe(304)
      const gz = await raw(url, { 'accept-encoding': 'gzip' })
      expect(gz.headers['content-encoding'], path).toBe('gzip')
      expect(gunzipSync(gz.body).equals(plain.body), path).toBe(true)
    }
  })

  test('trashing a post purges its page, the home page, its archive and the feeds; unpublishing does too', async () => {
    const { posts, permalinks } = server.services
    const doomed = await posts.create({ title: 'Story about to be binned', content: '<p>soon gone</p>', status: 'publish', categories: ['Binned'] }, systemActor)
    const withdrawn = await posts.create({ title: 'Story about to be withdrawn', content: '<p>back to draft</p>', status: 'publish', categories: ['Binned'] }, systemActor)
    await server.services.search.idle()
    const doomedPath = new URL(await permalinks.linkFor(doomed)).pathname
    const withdrawnPath = new URL(await permalinks.linkFor(withdrawn)).pathname
    const lists = ['/', '/category/binned/', '/feed/', '/category/binned/feed/json/', '/sitemap-posts-1.xml']
    for (const path of [doomedPath, withdrawnPath, ...lists]) {
      await fetchPage(server.url + path)
      expect((await fetchPage(server.url + path)).cache, path).toBe('HIT')
    }
    await posts.trash(doomed.id, systemActor)
    expect((await fetchPage(server.url + doomedPath)).status).toBe(404)
    // Every list links its posts by their permalink (the sitemap shows nothing else).
    for (const path of lists) {
      const page = await fetchPage(server.url + path)
      expect(page.cache, path).toBe('MISS')
      expect(page.body, path).not.toContain(doomedPath)
      expect(page.body, path).toContain(withdrawnPath)
    }
    await posts.update(withdrawn.id, { status: 'draft' }, systemActor)
    expect((await fetchPage(server.url + withdrawnPath)).status).toBe(404)
    for (const path of ['/', '/feed/', '/sitemap-posts-1.xml']) expect((await fetchPage(server.url + path)).body, path).not.toContain(withdrawnPath)
  })

  test('a preview is rendered for its editor every time, never stored, and never sent to the next reader', async () => {
    const { posts, sessions, users } = server.services
    const editor = await users.create({ email: 'cache.editor@example.com', displayName: 'Cache Editor', role: 'editor', password: null }, systemActor)
    const draft = await posts.create({ title: 'Embargoed draft', content: '<p>not yet</p>', authorId: editor.id }, systemActor)
    const { token } = await sessions.start(editor.id)
    const url = `${server.url}/?p=${draft.id}&preview=true`
    for (let i = 0; i < 2; i++) {
      const res = await fetch(url, { headers: { cookie: `pressroom_session=${token}` } })
      expect(res.status).toBe(200)
      expect(res.headers.get('x-cache')).toBe('BYPASS')
      expect(res.headers.get('cache-control')).toBe('private, no-store')
      expect(await res.text()).toContain('Embargoed draft')
    }
    const anonymous = await fetchPage(url)
    expect(anonymous.status).toBe(404)
    expect(anonymous.body).not.toContain('Embargoed draft')
  })

  test('an approved comment purges its post; a held one does not', async () => {
    const { posts, permalinks, comments, settings } = server.services
    const post = await posts.create({ title: 'Open thread', status: 'publish', categories: ['Letters'] }, systemActor)
    // Read Also lists are computed in the background, and purge the pages that show them: let that settle first.
    await server.services.search.idle()
    const url = await permalinks.linkFor(post)
    await fetchPage(url)
    expect((await fetchPage(url)).cache).toBe('HIT')
    await settings.set('comment_moderation', true, systemActor)
    const held = await comments.create({ postId: post.id, authorName: 'Ann', authorEmail: 'ann@example.com', content: 'First!' }, { kind: 'anonymous' })
    expect(held.status).toBe('pending')
    // settings changed (a purge of everything), so warm the page again before checking the held comment
    await fetchPage(url)
    expect((await fetchPage(url)).cache).toBe('HIT')
    await comments.setStatus(held.id, 'approved', systemActor)
    const page = await fetchPage(url)
    expect(page.cache).toBe('MISS')
    expect(page.body).toContain('First!')
    await settings.set('comment_moderation', false, systemActor)
  })

  test('a new post on the same topic reaches the cached Read Also block of its neighbour', async () => {
    const { posts, permalinks, search } = server.services
    const text = '<p>The lighthouse keepers of the northern coast voted to restore the lighthouse lamps.</p>'
    const first = await posts.create({ title: 'Lighthouse keepers vote', content: text, status: 'publish', categories: ['Coast'] }, systemActor)
    await search.idle()
    const url = await permalinks.linkFor(first)
    await fetchPage(url)
    expect((await fetchPage(url)).cache).toBe('HIT')
    await posts.create({ title: 'Lighthouse lamps restored', content: text, status: 'publish', categories: ['Coast'] }, systemActor)
    await search.idle()
    const page = await fetchPage(url)
    expect(page.cache).toBe('MISS')
    expect(/<aside class="related"[\s\S]*?<\/aside>/.exec(page.body)?.[0]).toContain('Lighthouse lamps restored')
  })
})

describe('the page cache turned off', () => {
  test('PRESSROOM_PAGE_CACHE=off renders every request', async () => {
    const server = await startTestServer('sqlite', { PRESSROOM_PAGE_CACHE: 'off' })
    try {
      expect((await fetchPage(`${server.url}/`)).cache).toBe('BYPASS')
      expect((await fetchPage(`${server.url}/`)).cache).toBe('BYPASS')
    } finally {
      await server.close()
    }
  })
})

describe.skipIf(!DIALECTS.includes('postgres'))('two app servers on one PostgreSQL database', () => {
  let a: RunningServer
  let b: RunningServer
  const cleanups: (() => void)[] = []
  beforeAll(async () => {
    const url = await freshPostgresUrl()
    const start = async () => {
      const { dir, cleanup } = tempDataDir()
      cleanups.push(cleanup)
      const port = await freePort()
      return startServer(loadConfig({ env: { DATABASE_URL: url, PRESSROOM_DATA: dir, PORT: String(port), PRESSROOM_LOG_LEVEL: 'silent', PRESSROOM_URL: 'http://news.example' } }))
    }
    a = await start()
    b = await start()
  })
  afterAll(async () => {
    await a?.close()
    await b?.close()
    for (const cleanup of cleanups) cleanup()
  })

  test('an edit through one server purges the same page on the other', async () => {
    const post = await a.services.posts.create({ title: 'Shared story', content: '<p>one</p>', status: 'publish' }, systemActor)
    const path = new URL(await a.services.permalinks.linkFor(post)).pathname
    // The purge for the creation itself reaches B asynchronously: wait until B keeps the page.
    await eventually(async () => (await fetchPage(b.url + path)).cache === 'HIT')
    await a.services.posts.update(post.id, { title: 'Shared story, updated' }, systemActor)
    await eventually(async () => (await fetchPage(b.url + path)).body.includes('Shared story, updated'))
    await a.services.settings.set('tagline', 'Two servers, one truth', systemActor)
    await eventually(async () => (await fetchPage(`${b.url}/`)).body.includes('Two servers, one truth'))
  })
})
