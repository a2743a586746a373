import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../../../src/users/index.js'
import { DIALECTS } from '../../helpers/databases.js'
import type { HttpResponse } from '../../helpers/http-client.js'
import { openApi, type TestApi } from './helpers.js'

/** A response's body as the client reads it, whatever its Content-Encoding. */
function decoded(res: HttpResponse): unknown {
  const encoding = res.headers['content-encoding']
  const raw = encoding === 'br' ? brotliDecompressSync(res.rawPayload) : encoding === 'gzip' ? gunzipSync(res.rawPayload) : res.rawPayload
  return JSON.parse(raw.toString('utf8'))
}

describe.each(DIALECTS)('compressed JSON (%s)', (dialect) => {
  let api: TestApi

  beforeAll(async () => {
    api = await openApi(dialect)
    for (let i = 0; i < 6; i++) {
      await api.services.posts.create({ title: `Story ${i}`, content: `<p>${'The harbour bridge reopened. '.repeat(40)}</p>`, status: 'publish' }, systemActor)
    }
    // Read Also lists are made in the background: settled, two requests get the same answer.
    await api.services.search.computeStaleRelated()
    await api.services.search.idle()
  })
  afterAll(() => api?.close())

  const get = (url: string, acceptEncoding?: string) => api.request({ url, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } })

  test('a list is sent as br or gzip when the client takes it, and decodes to the same body and headers', async () => {
    const url = '/wp-json/wp/v2/posts?per_page=5'
    const plain = await get(url)
    expect(plain.headers['content-encoding']).toBeUndefined()
    for (const [accept, encoding] of [['br, gzip', 'br'], ['gzip, deflate', 'gzip'], ['gzip;q=1, br;q=0', 'gzip']] as const) {
      const res = await get(url, accept)
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-encoding'], accept).toBe(encoding)
      expect(res.headers.vary).toBe('Origin, Accept-Encoding')
      expect(res.headers['content-type']).toBe('application/json; charset=UTF-8')
      expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2)
      expect(decoded(res)).toEqual(plain.json())
      for (const name of ['x-wp-total', 'x-wp-totalpages', 'link']) expect(res.headers[name], name).toBe(plain.headers[name])
    }
    expect((await get(url, 'identity')).headers['content-encoding']).toBeUndefined()
  })

  test('_envelope, _fields and _embed answers are compressed the same way', async () => {
    for (const url of ['/wp-json/wp/v2/posts?per_page=5&_envelope', '/wp-json/wp/v2/posts?per_page=5&_fields=id,content', '/wp-json/wp/v2/posts?per_page=2&_embed']) {
      const plain = await get(url)
      const res = await get(url, 'br, gzip')
      expect(res.headers['content-encoding'], url).toBe('br')
      expect(decoded(res), url).toEqual(plain.json())
    }
    const envelope = decoded(await get('/wp-json/wp/v2/posts?per_page=5&_envelope', 'gzip')) as { status: number; headers: Record<string, string> }
    expect(envelope.status).toBe(200)
    expect(envelope.headers['X-WP-Total']).toBeDefined()
  })

  test('small answers and errors too small to gain are sent as they are', async () => {
    const small = await get('/wp-json/wp/v2/posts?per_page=1&_fields=id', 'br, gzip')
    expect(small.headers['content-encoding']).toBeUndefined()
    expect(small.headers.vary).toBe('Origin')
    expect(small.json()).toHaveLength(1)
    const missing = await get('/wp-json/wp/v2/posts/999999', 'br, gzip')
    expect(missing.statusCode).toBe(404)
    expect(missing.headers['content-encoding']).toBeUndefined()
    expect(missing.json()).toMatchObject({ code: 'rest_post_invalid_id' })
  })
})
