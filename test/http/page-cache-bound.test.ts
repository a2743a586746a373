import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DIALECTS } from '../helpers/databases.js'
import { startTestServer, type TestServer } from '../helpers/server.js'

const LIMIT = 0.25 * 1024 * 1024

describe.each(DIALECTS)('the page cache of a running server on %s stays within PRESSROOM_PAGE_CACHE_MB', (dialect) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer(dialect, { PRESSROOM_PAGE_CACHE_MB: '0.25' })
  })
  afterAll(() => server.close())

  test('many pages: the bytes held never pass the bound, and the least recently used pages go first', async () => {
    const get = async (path: string) => {
      const res = await fetch(server.url + path, { headers: { 'accept-encoding': 'br, gzip' } })
      await res.arrayBuffer()
      return res.headers.get('x-cache')
    }
    expect(server.pageCache.stats().maxBytes).toBe(LIMIT)
    // Search pages differ by their query: each is a page of its own.
    for (let i = 0; i < 150; i++) {
      expect(await get(`/?s=harbour${i}`)).toBe('MISS')
      // The first page is asked again and again: it stays the most recently used.
      expect(await get('/?s=harbour0')).toBe('HIT')
      expect(server.pageCache.stats().bytes).toBeLessThanOrEqual(LIMIT)
    }
    const stats = server.pageCache.stats()
    expect(stats.evictions).toBeGreaterThan(0)
    expect(stats.entries).toBeLessThan(151)
    expect(await get('/?s=harbour0')).toBe('HIT')
    expect(await get('/?s=harbour149')).toBe('HIT')
    expect(await get('/?s=harbour1')).toBe('MISS')
  })
})
