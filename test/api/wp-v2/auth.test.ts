import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { restNonce, verifyRestNonce } from '../../../src/http/rest-auth.js'
import { DIALECTS } from '../../helpers/databases.js'
import { openApi, type TestApi } from './helpers.js'

describe.each(DIALECTS)('authentication (%s)', (dialect) => {
  let api: TestApi
  let cookie: string
  beforeAll(async () => {
    api = await openApi(dialect)
    const { token } = await api.services.sessions.start(api.users.editor.id)
    cookie = `pressroom_session=${token}`
  })
  afterAll(() => api.close())

  test('an application password over HTTP Basic signs the request in', async () => {
    const res = await api.as('author', { method: 'GET', url: '/wp-json/wp/v2/users/me?context=edit' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ id: api.users.author.id, roles: ['author'], email: 'author@example.com' })
    expect(res.headers['cache-control']).toContain('no-store')
  })

  test('a wrong application password is refused, and repeated failures are throttled like sign-ins', async () => {
    const login = api.users.subscriber.login
    const bad = `Basic ${Buffer.from(`${login}:wrong password here`).toString('base64')}`
    const first = await api.request({ url: '/wp-json/wp/v2/posts', headers: { authorization: bad } })
    expect(first.statusCode).toBe(401)
    expect(first.json()).toEqual({ code: 'incorrect_password', message: 'The provided password is an invalid application password.', data: { status: 401 } })
    for (let i = 0; i < 4; i++) await api.request({ url: '/wp-json/wp/v2/posts', headers: { authorization: bad } })
    const throttled = await api.request({ url: '/wp-json/wp/v2/users/me', headers: { authorization: api.users.subscriber.auth } })
    expect(throttled.statusCode).toBe(429)
    expect(throttled.json().code).toBe('too_many_login_attempts')
  })

  test('failures from one address are throttled across accounts (20 in the window), other addresses are not', async () => {
    // Two clients on loopback addresses of their own: the app trusts no proxy header, so the socket's address is theirs.
    const from = '127.0.0.7'
    for (let i = 0; i < 20; i++) {
      const guess = `Basic ${Buffer.from(`guess${i}@example.com:not a password`).toString('base64')}`
      expect((await api.request({ url: '/wp-json/wp/v2/posts', headers: { authorization: guess }, from })).statusCode).toBe(401)
    }
    const blocked = await api.request({ url: '/wp-json/wp/v2/users/me', headers: { authorization: api.users.editor.auth }, from })
    expect(blocked.statusCode).toBe(429)
    expect(blocked.json()).toMatchObject({ code: 'too_many_login_attempts', data: { status: 429 } })
    const elsewhere = await api.request({ url: '/wp-json/wp/v2/users/me', headers: { authorization: api.users.editor.auth }, from: '127.0.0.9' })
    expect(elsewhere.statusCode).toBe(200)
  })

  test('the session cookie alone is a reader, as in WordPress: it needs the X-WP-Nonce', async () => {
    const res = await api.request({ url: '/wp-json/wp/v2/users/me', headers: { cookie } })
    expect(res.statusCode).toBe(401)
    expect(res.json().code).toBe('rest_not_logged_in')
    const write = await api.request({ method: 'POST', url: '/wp-json/wp/v2/posts', headers: { cookie }, payload: { title: 'CSRF?' } })
    expect(write.statusCode).toBe(401)
  })

  test('cookie + nonce from admin-ajax.php?action=rest-nonce signs in; the reply carries a fresh nonce', async () => {
    const nonceRes = await api.request({ url: '/wp-admin/admin-ajax.php?action=rest-nonce', headers: { cookie } })
    expect(nonceRes.statusCode).toBe(200)
    const nonce = nonceRes.body
    expect(nonce).toMatch(/^[0-9a-f]{10}$/)
    const me = await api.request({ url: '/wp-json/wp/v2/users/me', headers: { cookie, 'x-wp-nonce': nonce } })
    expect(me.statusCode).toBe(200)
    expect(me.json().id).toBe(api.users.editor.id)
    expect(me.headers['x-wp-nonce']).toBe(nonce)
    const viaParam = await api.request({ method: 'POST', url: `/wp-json/wp/v2/posts?_wpnonce=${nonce}`, headers: { cookie }, payload: { title: 'With a nonce' } })
    expect(viaParam.statusCode).toBe(201)
    expect((await api.request({ url: '/wp-admin/admin-ajax.php?action=rest-nonce' })).statusCode).toBe(400)
  })

  test('a wrong nonce with a session cookie is rest_cookie_invalid_nonce', async () => {
    const res = await api.request({ url: '/wp-json/wp/v2/posts', headers: { cookie, 'x-wp-nonce': 'abcdef0123' } })
    expect(res.statusCode).toBe(403)
    expect(res.json()).toEqual({ code: 'rest_cookie_invalid_nonce', message: 'Cookie check failed', data: { status: 403 } })
  })

  test('nonces belong to one session and last one to two 12-hour ticks', () => {
    const now = new Date('2026-01-01T10:00:00Z')
    const nonce = restNonce('token-a', now)
    expect(verifyRestNonce('token-a', nonce, now)).toBe(true)
    expect(verifyRestNonce('token-b', nonce, now)).toBe(false)
    expect(verifyRestNonce('token-a', nonce, new Date(now.getTime() + 12 * 3600e3))).toBe(true)
    expect(verifyRestNonce('token-a', nonce, new Date(now.getTime() + 25 * 3600e3))).toBe(false)
  })

  test('CORS: the origin is echoed with credentials, and OPTIONS answers with the route’s schema', async () => {
    const res = await api.request({ url: '/wp-json/wp/v2/posts', headers: { origin: 'https://app.example' } })
    expect(res.headers).toMatchObject({
      'access-control-allow-origin': 'https://app.example',
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'OPTIONS, GET, POST, PUT, PATCH, DELETE',
      'access-control-allow-headers': 'Authorization, X-WP-Nonce, Content-Disposition, Content-MD5, Content-Type',
      // The list may be sent compressed: it varies by Accept-Encoding too.
      vary: expect.stringMatching(/^Origin(, Accept-Encoding)?$/),
    })
    const options = await api.request({ method: 'OPTIONS', url: '/wp-json/wp/v2/posts', headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' } })
    expect(options.statusCode).toBe(200)
    expect(options.headers['access-control-allow-origin']).toBe('https://app.example')
    expect(options.json()).toMatchObject({ namespace: 'wp/v2', methods: ['GET', 'POST'], schema: { title: 'post', type: 'object' } })
  })
})
