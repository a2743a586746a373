import { request } from 'node:http'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import cookie from '@fastify/cookie'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { PRIVATE_CACHE_CONTROL, PUBLIC_CACHE_CONTROL } from '../../src/http/send-page.js'
import { createPageCache, type PageCache } from '../../src/site/cache/page-cache.js'
import { createServePage } from '../../src/site/cache/serve-cached.js'
import type { PageResult, ServePage } from '../../src/site/serve-page.js'

const HTML = 'text/html; charset=utf-8'
const ARTICLE = '<!doctype html><title>Bridge</title>' + '<p>The council approved the new bridge on Tuesday evening.</p>'.repeat(80)
const UPDATED = new Date('2026-03-04T05:06:07Z')

interface Raw {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

/** A plain HTTP request: no client-side decompression, so what the server sent is what we see. */
function raw(base: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(base + path, { method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end()
  })
}

async function buildApp(servePage: ServePage, renders: Map<string, number>): Promise<FastifyInstance> {
  const app = Fastify({ logger: false })
  await app.register(cookie)
  app.addHook('onSend', async (_req, reply) => {
    reply.header('x-content-type-options', 'nosniff')
  })
  const count = (name: string) => renders.set(name, (renders.get(name) ?? 0) + 1)
  const serve = (name: string, make: () => PageResult | Promise<PageResult>) => async (req: any, reply: any) =>
    servePage(req, reply, async () => {
      count(name)
      return make()
    })
  app.get('/2026/03/04/bridge/', serve('article', () => ({ type: HTML, body: ARTICLE, tags: ['post:1'], lastModified: UPDATED })))
  app.post('/2026/03/04/bridge/', serve('article-post', () => ({ type: HTML, body: ARTICLE, tags: ['post:1'] })))
  app.get('/small/', serve('small', () => ({ type: HTML, body: '<p>tiny</p>', tags: ['post:2'] })))
  app.get('/missing/', serve('missing', () => ({ status: 404, type: HTML, body: `<h1>Not found</h1>${ARTICLE}`, tags: [] })))
  app.get('/broken/', serve('broken', () => ({ status: 500, type: HTML, body: '<h1>Error</h1>', tags: [] })))
  app.get('/slow/', serve('slow', () => new Promise((resolve) => setTimeout(() => resolve({ type: HTML, body: ARTICLE, tags: ['lists'] }), 50))))
  app.get('/cookie/', async (req, reply) =>
    servePage(req, reply, async () => {
      count('cookie')
      reply.header('set-cookie', 'seen=1; Path=/')
      return { type: HTML, body: ARTICLE, tags: [] }
    }),
  )
  app.get('/set-cookie/', async (req, reply) =>
    servePage(req, reply, async () => {
      count('set-cookie')
      reply.setCookie('pressroom_csrf', 'per-reader', { path: '/' })
      return { type: HTML, body: ARTICLE, tags: [] }
    }),
  )
  await app.listen({ port: 0, host: '127.0.0.1' })
  return app
}

describe('serving pages through the page cache', () => {
  let app: FastifyInstance
  let base: string
  let cache: PageCache
  const renders = new Map<string, number>()
  const get = (path: string, headers: Record<string, string> = {}) => raw(base, path, headers)

  beforeAll(async () => {
    cache = createPageCache()
    app = await buildApp(createServePage({ cache, enabled: true }), renders)
    const address = app.server.address()
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  })
  afterAll(() => app.close())
  beforeEach(() => {
    cache.purgeAll()
    renders.clear()
  })

  test('a page is rendered once, then served from the cache with validators and CDN headers', async () => {
    const first = await get('/2026/03/04/bridge/')
    expect(first.status).toBe(200)
    expect(first.headers['x-cache']).toBe('MISS')
    const second = await get('/2026/03/04/bridge/')
    expect(second.headers['x-cache']).toBe('HIT')
    expect(renders.get('article')).toBe(1)
    expect(second.body.toString()).toBe(ARTICLE)
    expect(second.headers['content-type']).toBe(HTML)
    expect(second.headers['cache-control']).toBe(PUBLIC_CACHE_CONTROL)
    expect(second.headers['last-modified']).toBe(UPDATED.toUTCString())
    expect(second.headers.etag).toMatch(/^"[\w-]+"$/)
    expect(second.headers.etag).toBe(first.headers.etag)
    expect(second.headers['content-length']).toBe(String(Buffer.byteLength(ARTICLE)))
    expect(second.headers['x-content-type-options']).toBe('nosniff') // the app's own hooks still run
    expect(cache.stats()).toMatchObject({ entries: 1, hits: 1, misses: 1 })
  })

  test('brotli is preferred, then gzip, else the plain body; each decodes to the page', async () => {
    const br = await get('/2026/03/04/bridge/', { 'accept-encoding': 'gzip, deflate, br, zstd' })
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers.vary).toBe('Accept-Encoding')
    expect(brotliDecompressSync(br.body).toString()).toBe(ARTICLE)
    expect(Number(br.headers['content-length'])).toBe(br.body.length)
    expect(br.body.length).toBeLessThan(Buffer.byteLength(ARTICLE) / 4)

    const gz = await get('/2026/03/04/bridge/', { 'accept-encoding': 'gzip, deflate' })
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gz.body).toString()).toBe(ARTICLE)

    const refused = await get('/2026/03/04/bridge/', { 'accept-encoding': 'br;q=0, gzip;q=0.5' })
    expect(refused.headers['content-encoding']).toBe('gzip')

    const any = await get('/2026/03/04/bridge/', { 'accept-encoding': '*' })
    expect(any.headers['content-encoding']).toBe('br')

    const plain = await get('/2026/03/04/bridge/', { 'accept-encoding': 'identity' })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.headers.vary).toBe('Accept-Encoding')
    expect(plain.body.toString()).toBe(ARTICLE)

    // Three representations, three strong ETags, one body.
    expect(new Set([br.headers.etag, gz.headers.etag, plain.headers.etag]).size).toBe(3)
    expect(renders.get('article')).toBe(1)
  })

  test('a small page is sent as it is, without Vary', async () => {
    const res = await get('/small/', { 'accept-encoding': 'br, gzip' })
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.headers.vary).toBeUndefined()
    expect(res.body.toString()).toBe('<p>tiny</p>')
  })

  test('If-None-Match with the page ETag (in any encoding) answers 304 without a body', async () => {
    const first = await get('/2026/03/04/bridge/', { 'accept-encoding': 'gzip' })
    const etag = String(first.headers.etag)
    const same = await get('/2026/03/04/bridge/', { 'accept-encoding': 'gzip', 'if-none-match': etag })
    expect(same.status).toBe(304)
    expect(same.body.length).toBe(0)
    expect(same.headers.etag).toBe(etag)
    expect(same.headers['cache-control']).toBe(PUBLIC_CACHE_CONTROL)
    expect(same.headers['x-cache']).toBe('HIT')
    // A cache that stored the gzip copy revalidating for a br client: the body has not changed.
    const otherEncoding = await get('/2026/03/04/bridge/', { 'accept-encoding': 'br', 'if-none-match': `W/"nope", ${etag}` })
    expect(otherEncoding.status).toBe(304)
    const star = await get('/2026/03/04/bridge/', { 'if-none-match': '*' })
    expect(star.status).toBe(304)
    const stale = await get('/2026/03/04/bridge/', { 'if-none-match': '"an-older-version"' })
    expect(stale.status).toBe(200)
    expect(stale.body.toString()).toBe(ARTICLE)
  })

  test('If-Modified-Since answers 304 when nothing changed since, and is ignored beside If-None-Match', async () => {
    await get('/2026/03/04/bridge/')
    const same = await get('/2026/03/04/bridge/', { 'if-modified-since': UPDATED.toUTCString() })
    expect(same.status).toBe(304)
    const later = await get('/2026/03/04/bridge/', { 'if-modified-since': new Date(UPDATED.getTime() + 60_000).toUTCString() })
    expect(later.status).toBe(304)
    const earlier = await get('/2026/03/04/bridge/', { 'if-modified-since': new Date(UPDATED.getTime() - 1000).toUTCString() })
    expect(earlier.status).toBe(200)
    const both = await get('/2026/03/04/bridge/', { 'if-modified-since': UPDATED.toUTCString(), 'if-none-match': '"an-older-version"' })
    expect(both.status).toBe(200)
    const junk = await get('/2026/03/04/bridge/', { 'if-modified-since': 'yesterday' })
    expect(junk.status).toBe(200)
  })

  test('HEAD answers with the headers of GET and no body, and fills the cache', async () => {
    const head = await raw(base, '/2026/03/04/bridge/', { 'accept-encoding': 'br' }, 'HEAD')
    expect(head.status).toBe(200)
    expect(head.body.length).toBe(0)
    expect(head.headers['x-cache']).toBe('MISS')
    const get1 = await get('/2026/03/04/bridge/', { 'accept-encoding': 'br' })
    expect(get1.headers['x-cache']).toBe('HIT')
    expect(head.headers['content-length']).toBe(String(get1.body.length))
    expect(head.headers.etag).toBe(get1.headers.etag)
    expect(head.headers['content-encoding']).toBe('br')
    const conditional = await raw(base, '/2026/03/04/bridge/', { 'if-none-match': String(get1.headers.etag) }, 'HEAD')
    expect(conditional.status).toBe(304)
    expect(renders.get('article')).toBe(1)
  })

  test('the query string is part of the key, in any order', async () => {
    expect((await get('/2026/03/04/bridge/?b=2&a=1')).headers['x-cache']).toBe('MISS')
    expect((await get('/2026/03/04/bridge/?a=1&b=2')).headers['x-cache']).toBe('HIT')
    expect((await get('/2026/03/04/bridge/?a=1&b=2&')).headers['x-cache']).toBe('HIT')
    expect((await get('/2026/03/04/bridge/?a=1')).headers['x-cache']).toBe('MISS')
    expect((await get('/2026/03/04/bridge/')).headers['x-cache']).toBe('MISS')
    expect(renders.get('article')).toBe(3)
  })

  test('signed-in readers bypass the cache and get private, still compressed pages', async () => {
    await get('/2026/03/04/bridge/') // a cached public copy exists
    for (let i = 0; i < 2; i++) {
      const res = await get('/2026/03/04/bridge/', { cookie: 'theme=dark; pressroom_session=abc123', 'accept-encoding': 'gzip, br' })
      expect(res.status).toBe(200)
      expect(res.headers['x-cache']).toBe('BYPASS')
      expect(res.headers['cache-control']).toBe(PRIVATE_CACHE_CONTROL)
      expect(res.headers.etag).toBeUndefined()
      expect(res.headers['content-encoding']).toBe('br')
      expect(brotliDecompressSync(res.body).toString()).toBe(ARTICLE)
    }
    expect(renders.get('article')).toBe(3)
    // A cookie that only looks like it, or an emptied one, is an anonymous reader.
    expect((await get('/2026/03/04/bridge/', { cookie: 'not_pressroom_session=abc' })).headers['x-cache']).toBe('HIT')
    expect((await get('/2026/03/04/bridge/', { cookie: 'pressroom_session=; other=1' })).headers['x-cache']).toBe('HIT')
  })

  test('previews and other methods bypass the cache', async () => {
    const preview = await get('/2026/03/04/bridge/?preview=true')
    expect(preview.headers['x-cache']).toBe('BYPASS')
    expect(preview.headers['cache-control']).toBe(PRIVATE_CACHE_CONTROL)
    expect((await get('/2026/03/04/bridge/?preview_id=5')).headers['x-cache']).toBe('BYPASS')
    const posted = await raw(base, '/2026/03/04/bridge/', {}, 'POST')
    expect(posted.headers['x-cache']).toBe('BYPASS')
    expect(posted.body.toString()).toBe(ARTICLE)
    expect(cache.stats().entries).toBe(0)
  })

  test('a 404 page is cached but never answered with 304; an error page is never cached', async () => {
    const first = await get('/missing/')
    expect(first.status).toBe(404)
    const again = await get('/missing/', { 'if-none-match': String(first.headers.etag) })
    expect(again.status).toBe(404)
    expect(again.headers['x-cache']).toBe('HIT')
    expect(again.body.toString()).toContain('Not found')
    expect(renders.get('missing')).toBe(1)

    for (let i = 0; i < 2; i++) {
      const broken = await get('/broken/')
      expect(broken.status).toBe(500)
      expect(broken.headers['x-cache']).toBe('BYPASS')
      expect(broken.headers['cache-control']).toBe(PRIVATE_CACHE_CONTROL)
    }
    expect(renders.get('broken')).toBe(2)
  })

  test('a page that sets a cookie is never cached', async () => {
    await get('/cookie/')
    const second = await get('/cookie/')
    expect(second.headers['x-cache']).toBe('BYPASS')
    expect(second.headers['set-cookie']).toEqual(['seen=1; Path=/'])
    expect(renders.get('cookie')).toBe(2)
    // @fastify/cookie writes its header only as the reply goes out: it must count all the same.
    await get('/set-cookie/')
    const again = await get('/set-cookie/')
    expect(again.headers['x-cache']).toBe('BYPASS')
    expect(String(again.headers['set-cookie'])).toMatch(/^pressroom_csrf=per-reader; Path=\//)
    expect(renders.get('set-cookie')).toBe(2)
    expect(cache.stats().entries).toBe(0)
  })

  test('a purge of one of its tags makes the next request render again', async () => {
    await get('/2026/03/04/bridge/')
    await get('/small/')
    expect(cache.purge(['post:1'])).toBe(1)
    expect((await get('/2026/03/04/bridge/')).headers['x-cache']).toBe('MISS')
    expect((await get('/small/')).headers['x-cache']).toBe('HIT')
    expect(renders.get('article')).toBe(2)
  })

  test('many readers missing at once cause one render', async () => {
    const all = await Promise.all(Array.from({ length: 8 }, () => get('/slow/', { 'accept-encoding': 'gzip' })))
    expect(renders.get('slow')).toBe(1)
    expect(all.map((r) => r.headers['x-cache']).sort()).toEqual(['HIT', 'HIT', 'HIT', 'HIT', 'HIT', 'HIT', 'HIT', 'MISS'])
    for (const res of all) expect(gunzipSync(res.body).toString()).toBe(ARTICLE)
  })
})

describe('with the page cache off', () => {
  test('every page is rendered and marked BYPASS, still compressed', async () => {
    const renders = new Map<string, number>()
    const cache = createPageCache()
    const app = await buildApp(createServePage({ cache, enabled: false }), renders)
    try {
      const address = app.server.address()
      const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
      for (let i = 0; i < 2; i++) {
        const res = await raw(base, '/2026/03/04/bridge/', { 'accept-encoding': 'gzip' })
        expect(res.headers['x-cache']).toBe('BYPASS')
        expect(res.headers['last-modified']).toBe(UPDATED.toUTCString())
        expect(gunzipSync(res.body).toString()).toBe(ARTICLE)
      }
      expect(renders.get('article')).toBe(2)
      expect(cache.stats().entries).toBe(0)
    } finally {
      await app.close()
    }
  })
})
