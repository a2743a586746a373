import { randomBytes } from 'node:crypto'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { describe, expect, test } from 'vitest'
import { createPageCache, MIN_COMPRESS_BYTES } from '../../../src/site/cache/page-cache.js'
import type { PageResult } from '../../../src/site/serve-page.js'

const HTML = 'text/html; charset=utf-8'
const article = (n: number) => `<!doctype html><h1>Story ${n}</h1>` + '<p>The council met on Tuesday and voted on the bridge.</p>'.repeat(60)
const page = (body: string | Buffer, tags: string[] = [], extra: Partial<PageResult> = {}): PageResult => ({ type: HTML, body, tags, ...extra })
/** A body that does not compress, so its size in the cache is predictable. */
const noise = (bytes: number) => page(randomBytes(bytes), [], { type: 'application/octet-stream' })

describe('the page cache', () => {
  test('stores a page and gives it back with a strong ETag that depends only on the body', () => {
    const cache = createPageCache()
    const stored = cache.set('/a/', page(article(1), ['post:1']))
    expect(cache.get('/a/')).toBe(stored)
    expect(stored.body.etag).toMatch(/^"[A-Za-z0-9_-]{20,}"$/)
    expect(stored.status).toBe(200)
    expect(stored.tags).toEqual(['post:1'])
    const again = createPageCache().set('/elsewhere/', page(article(1)))
    expect(again.body.etag).toBe(stored.body.etag)
    expect(createPageCache().set('/a/', page(article(2))).body.etag).not.toBe(stored.body.etag)
    // The compressed variants are other representations, so their strong ETags differ but carry the same hash.
    expect(new Set([stored.body.etag, stored.body.etagBr, stored.body.etagGzip]).size).toBe(3)
    expect(stored.body.etagBr).toContain(stored.body.hash)
    expect(stored.body.etagGzip).toContain(stored.body.hash)
  })

  test('brotli and gzip variants decompress to the exact body', () => {
    const body = article(3)
    const stored = createPageCache().set('/b/', page(body))
    expect(stored.body.br).not.toBeNull()
    expect(stored.body.gzip).not.toBeNull()
    expect(brotliDecompressSync(stored.body.br!).toString()).toBe(body)
    expect(gunzipSync(stored.body.gzip!).toString()).toBe(body)
    expect(stored.body.br!.length).toBeLessThan(stored.body.identity.length / 4)
    expect(stored.body.identity.toString()).toBe(body)
  })

  test('small bodies and non-text types are kept uncompressed', () => {
    const cache = createPageCache()
    const small = cache.set('/small/', page('x'.repeat(MIN_COMPRESS_BYTES - 1)))
    expect([small.body.br, small.body.gzip]).toEqual([null, null])
    const image = cache.set('/pixel.png', page(Buffer.alloc(4096), [], { type: 'image/png' }))
    expect([image.body.br, image.body.gzip]).toEqual([null, null])
    const feed = cache.set('/feed/', page(article(4), [], { type: 'application/rss+xml; charset=utf-8' }))
    expect(feed.body.br).not.toBeNull()
  })

  test('only 200 and 404 pages are stored; a 404 also goes when anything is published', () => {
    const cache = createPageCache()
    const failed = cache.set('/broken/', page('oops', [], { status: 500 }))
    expect(failed.status).toBe(500)
    expect(cache.get('/broken/')).toBeUndefined()
    cache.set('/gone/', page('gone', [], { status: 410 }))
    expect(cache.get('/gone/')).toBeUndefined()
    const missing = cache.set('/nothing-here/', page('not found', [], { status: 404 }))
    expect(cache.get('/nothing-here/')).toBe(missing)
    expect(missing.tags).toEqual(['lists'])
    expect(cache.purge(['lists'])).toBe(1)
  })

  test('Last-Modified comes from the page, or the time it was stored, in whole seconds', () => {
    const cache = createPageCache({ now: () => Date.UTC(2026, 0, 2, 3, 4, 5, 678) })
    expect(cache.set('/x/', page('x')).lastModified).toBe('Fri, 02 Jan 2026 03:04:05 GMT')
    const dated = cache.set('/y/', page('y', [], { lastModified: new Date('2025-06-01T12:00:00.900Z') }))
    expect(dated.lastModified).toBe('Sun, 01 Jun 2025 12:00:00 GMT')
    expect(dated.lastModifiedMs).toBe(Date.UTC(2025, 5, 1, 12))
  })

  test('counts the body and its compressed variants in its size', () => {
    const cache = createPageCache()
    const stored = cache.set('/c/', page(article(5)))
    const { bytes, entries } = cache.stats()
    const bodies = stored.body.identity.length + stored.body.br!.length + stored.body.gzip!.length
    expect(entries).toBe(1)
    expect(bytes).toBeGreaterThan(bodies)
    expect(bytes - bodies).toBeLessThan(512) // the entry's own bookkeeping
    expect(stored.body.bytes).toBe(bodies)
  })

  test('evicts the least recently used pages once it holds more bytes than allowed', () => {
    const cache = createPageCache({ maxBytes: 40_000 })
    cache.set('/1', noise(4_000))
    cache.set('/2', noise(4_000))
    for (let i = 3; i <= 9; i++) cache.set(`/${i}`, noise(4_000))
    expect(cache.stats().entries).toBe(9)
    expect(cache.get('/1')).toBeDefined() // now the most recently used
    cache.set('/10', noise(4_000))
    cache.set('/11', noise(4_000))
    expect(cache.get('/2')).toBeUndefined()
    expect(cache.get('/3')).toBeUndefined()
    expect(cache.get('/1')).toBeDefined()
    expect(cache.get('/11')).toBeDefined()
    const stats = cache.stats()
    expect(stats.bytes).toBeLessThanOrEqual(40_000)
    expect(stats.evictions).toBe(2)
    expect(stats.entries).toBe(9)
  })

  test('what it keeps is what it counts: small bodies and variants own their memory, not a slice of a shared pool', () => {
    const cache = createPageCache()
    // A small page (its compressed variants are a few hundred bytes), and a body given as a slice of a larger buffer.
    const small = cache.set('/small/', page(article(3)))
    const slab = Buffer.from(`${'x'.repeat(5000)}${article(4)}`)
    const sliced = cache.set('/sliced/', page(slab.subarray(5000)))
    for (const body of [small.body, sliced.body]) {
      for (const buf of [body.identity, body.br!, body.gzip!]) {
        expect(buf.length).toBeLessThan(8192)
        expect(buf.buffer.byteLength).toBe(buf.length)
      }
    }
    expect(sliced.body.identity.toString()).toBe(article(4))
  })

  test('does not store a page bigger than an eighth of the cache', () => {
    const cache = createPageCache({ maxBytes: 40_000 })
    cache.set('/small', noise(1_000))
    const huge = cache.set('/huge', noise(6_000))
    expect(huge.body.identity.length).toBe(6_000)
    expect(cache.get('/huge')).toBeUndefined()
    expect(cache.get('/small')).toBeDefined()
  })

  test('pages with the same body share it: stored and counted once', () => {
    const cache = createPageCache()
    const first = cache.set('/?utm_source=a', page(article(6)))
    const one = cache.stats().bytes
    const second = cache.set('/?utm_source=b', page(article(6)))
    expect(second.body).toBe(first.body)
    expect(cache.stats().bytes - one).toBeLessThan(512)
    cache.purge(['all'])
    expect(cache.stats().bytes).toBe(0)
  })

  test('replacing a page under the same key frees the old one', () => {
    const cache = createPageCache()
    cache.set('/k', page(article(7), ['post:1']))
    const before = cache.stats().bytes
    cache.set('/k', page(article(8), ['post:2']))
    expect(cache.stats()).toMatchObject({ entries: 1 })
    expect(Math.abs(cache.stats().bytes - before)).toBeLessThan(64)
    expect(cache.purge(['post:1'])).toBe(0)
    expect(cache.purge(['post:2'])).toBe(1)
    expect(cache.stats().bytes).toBe(0)
  })

  test('purges every page carrying any of the tags, and all of them for `all`', () => {
    const cache = createPageCache()
    cache.set('/2026/01/02/one/', page('one', ['post:1']))
    cache.set('/2026/01/02/two/', page('two', ['post:2']))
    cache.set('/', page('home', ['lists', 'post:1', 'post:2']))
    cache.set('/feed/', page('feed', ['lists']))
    cache.set('/comments/feed/', page('comments', ['comments-feed', 'lists']))
    expect(cache.purge(['post:1'])).toBe(2)
    expect(cache.get('/')).toBeUndefined()
    expect(cache.get('/2026/01/02/one/')).toBeUndefined()
    expect(cache.get('/2026/01/02/two/')).toBeDefined()
    expect(cache.purge(['post:9'])).toBe(0)
    expect(cache.purge(['comments-feed', 'post:2'])).toBe(2)
    expect(cache.stats().entries).toBe(1)
    cache.set('/a', page('a', ['post:5']))
    expect(cache.purge(['post:5', 'all'])).toBe(2)
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 })
    cache.set('/b', page('b'))
    expect(cache.purgeAll()).toBe(1)
  })

  test('a page rendered while a purge happened is sent but not stored', () => {
    const cache = createPageCache()
    const since = cache.generation
    cache.purge(['post:1'])
    const late = cache.set('/late/', page('stale?', ['post:1']), { since })
    expect(late.body.identity.toString()).toBe('stale?')
    expect(cache.get('/late/')).toBeUndefined()
    cache.set('/fresh/', page('fresh'), { since: cache.generation })
    expect(cache.get('/fresh/')).toBeDefined()
  })

  test('counts hits and misses', () => {
    const cache = createPageCache()
    cache.get('/nope')
    cache.set('/yes', page('yes'))
    cache.get('/yes')
    cache.get('/yes')
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 1, entries: 1 })
  })
})
