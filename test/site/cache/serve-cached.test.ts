import { describe, expect, test } from 'vitest'
import { chooseEncoding } from '../../../src/http/send-page.js'
import { cacheKey, hasSession, isPreview } from '../../../src/site/cache/serve-cached.js'

describe('cache keys', () => {
  test.each([
    ['/', '/'],
    ['/2026/01/02/story/', '/2026/01/02/story/'],
    ['/?', '/'],
    ['/?&&', '/'],
    ['/?s=bridge', '/?s=bridge'],
    ['/?s=bridge&paged=2', '/?paged=2&s=bridge'],
    ['/?paged=2&s=bridge', '/?paged=2&s=bridge'],
    ['/feed/?b=1&&a=2&', '/feed/?a=2&b=1'],
  ])('%s is kept under %s', (url, key) => {
    expect(cacheKey(url)).toBe(key)
  })
})

describe('signed-in readers', () => {
  test.each([
    ['pressroom_session=abc', true],
    ['a=1; pressroom_session=abc', true],
    ['a=1;pressroom_session=abc; b=2', true],
    ['pressroom_session=', false],
    ['pressroom_session=; a=1', false],
    ['my_pressroom_session=abc', false],
    ['a=pressroom_session=abc', false],
    ['theme=dark', false],
  ])('cookie %j → %s', (cookie, signedIn) => {
    expect(hasSession(cookie)).toBe(signedIn)
  })

  test('no cookie header at all is an anonymous reader', () => {
    expect(hasSession(undefined)).toBe(false)
  })
})

describe('previews', () => {
  test.each([
    ['/?p=5&preview=true', true],
    ['/2026/01/02/story/?preview', true],
    ['/?preview_id=5&preview_nonce=x', true],
    ['/previews-of-the-season/', false],
    ['/?s=preview', false],
    ['/?previewer=1', false],
  ])('%s → %s', (url, preview) => {
    expect(isPreview(url)).toBe(preview)
  })
})

describe('Accept-Encoding', () => {
  const BR = 1
  const GZIP = 2
  test.each([
    [undefined, 0],
    ['', 0],
    ['gzip, deflate, br, zstd', BR],
    ['br', BR],
    ['gzip', GZIP],
    ['deflate', 0],
    ['identity', 0],
    ['br;q=0, gzip', GZIP],
    ['br ; q=0.0, gzip;q=0.8', GZIP],
    ['gzip;q=0, br;q=0', 0],
    ['*', BR],
    ['gzip;q=0, *', BR],
    ['br;q=0, *', GZIP],
    ['x-gzip', 0],
    ['brotli', 0],
    ['gzip;q=1.0, br;q=0.1', BR],
  ])('%j → %s', (header, chosen) => {
    expect(chooseEncoding(header, true, true)).toBe(chosen)
  })

  test('only encodings the page has are chosen', () => {
    expect(chooseEncoding('br, gzip', false, true)).toBe(GZIP)
    expect(chooseEncoding('br', false, true)).toBe(0)
    expect(chooseEncoding('br, gzip', false, false)).toBe(0)
  })
})
