import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { systemActor } from '../../src/users/index.js'
import { adminClient } from '../admin/helpers.js'
import { DIALECTS } from '../helpers/databases.js'
import { cookieHeader, startTestServer, type TestServer } from '../helpers/server.js'

/** The boot data the admin page carries for the app. */
function bootOf(html: string): { installed: boolean; csrf: string; nonce: string | null; user: { name: string; role: string } | null } {
  const json = /<script id="pressroom-boot" type="application\/json">([\s\S]*?)<\/script>/.exec(html)?.[1]
  expect(json, 'the page carries boot data').toBeTruthy()
  return JSON.parse(json!)
}

describe.each(DIALECTS)('first-run setup and sign-in on %s', (dialect) => {
  let server: TestServer
  beforeEach(async () => {
    server = await startTestServer(dialect)
  })
  afterEach(() => server.close())

  const request = (path: string, init: RequestInit = {}) => fetch(server.url + path, { redirect: 'manual', ...init })

  test('creates the first administrator, signs them in, and hands them the welcome post', async () => {
    expect((await request('/admin')).headers.get('location')).toBe('/admin/setup')
    const page = await request('/admin/setup')
    expect(page.status).toBe(200)
    expect(bootOf(await page.text())).toMatchObject({ installed: false, user: null, nonce: null })
    const browser = await adminClient(server.url)
    const res = await browser.call('POST', '/admin/api/setup', { body: { title: 'The Daily Planet', name: 'Perry White', email: 'Perry@Planet.example', password: 'great-caesars-ghost' } })
    expect(res.status).toBe(201)
    expect(res.headers.getSetCookie().join()).toMatch(/pressroom_session=[^;]+;.*HttpOnly.*SameSite=Lax/i)
    // Without "remember me" the session cookie ends with the browser.
    expect(res.headers.getSetCookie().find((c) => c.startsWith('pressroom_session='))).not.toMatch(/Expires=/i)
    const body = (await res.json()) as { user: { name: string; role: string }; nonce: string }
    expect(body.user).toMatchObject({ name: 'Perry White', role: 'administrator' })
    expect(body.nonce).toMatch(/^[0-9a-f]{10}$/)
    const dashboard = await request('/admin', { headers: { cookie: cookieHeader(browser.cookies) } })
    expect(dashboard.status).toBe(200)
    expect(bootOf(await dashboard.text()).user).toMatchObject({ name: 'Perry White', role: 'administrator' })
    const { services } = server
    expect(await services.settings.get('title')).toBe('The Daily Planet')
    const [admin] = await services.users.list(systemActor)
    expect(admin).toMatchObject({ email: 'perry@planet.example', role: 'administrator' })
    const { posts } = await services.posts.list({}, systemActor)
    expect(posts.map((p) => p.author_id)).toEqual([admin!.id])
    // setup is over: the page now sends people to the dashboard and refuses a second administrator
    expect((await request('/admin/setup')).headers.get('location')).toBe('/admin')
    const stranger = await adminClient(server.url)
    const again = await stranger.call('POST', '/admin/api/setup', { body: { title: 'Mine now', name: 'Lex', email: 'lex@example.com', password: 'kryptonite!' } })
    expect(again.status).toBe(409)
    expect(await again.json()).toMatchObject({ code: 'already_installed' })
    expect(await services.users.count()).toBe(1)
    expect(await services.settings.get('title')).toBe('The Daily Planet')
  })

  test('refuses a setup without its CSRF token, and shows bad input without creating anyone', async () => {
    const browser = await adminClient(server.url)
    const fields = { title: 'X', name: 'X', email: 'x@example.com', password: 'long-enough' }
    const forged = await browser.call('POST', '/admin/api/setup', { body: fields, csrf: null })
    expect(forged.status).toBe(403)
    expect(await forged.json()).toMatchObject({ code: 'invalid_csrf_token' })
    // A token from another browser does not match this browser's cookie.
    const other = await adminClient(server.url)
    expect((await browser.call('POST', '/admin/api/setup', { body: fields, csrf: other.csrf })).status).toBe(403)
    const weak = await browser.call('POST', '/admin/api/setup', { body: { ...fields, password: 'short' } })
    expect(weak.status).toBe(400)
    expect(((await weak.json()) as { message: string }).message).toContain('at least 8 characters')
    expect(await server.services.users.count()).toBe(0)
  })

  test('signs in and out, and throttles repeated failures with a clear message', async () => {
    await server.services.users.create({ email: 'ed@example.com', displayName: 'Ed', role: 'editor', password: 'correct horse' }, systemActor)
    expect((await request('/admin')).headers.get('location')).toBe('/admin/login')
    const browser = await adminClient(server.url)
    const forged = await browser.call('POST', '/admin/api/login', { body: { log: 'ed', pwd: 'correct horse' }, csrf: null })
    expect(forged.status).toBe(403)
    const wrong = await browser.call('POST', '/admin/api/login', { body: { log: 'ed@example.com', pwd: 'wrong' } })
    expect(wrong.status).toBe(401)
    expect(await wrong.json()).toMatchObject({ message: 'The email/username or password is not right.' })
    const ok = await browser.call('POST', '/admin/api/login', { body: { log: 'ed', pwd: 'correct horse', remember: true } })
    expect(ok.status).toBe(200)
    expect(ok.headers.getSetCookie().join()).toMatch(/pressroom_session=[^;]+;.*Expires=.*HttpOnly.*SameSite=Lax/i)
    browser.nonce = ((await ok.json()) as { nonce: string }).nonce
    const signedIn = await request('/admin', { headers: { cookie: cookieHeader(browser.cookies) } })
    expect(bootOf(await signedIn.text()).user).toMatchObject({ name: 'Ed', role: 'editor' })
    // Signing out needs the session's nonce, so another site cannot sign people out.
    expect((await browser.call('POST', '/admin/api/logout', { nonce: null })).status).toBe(403)
    const out = await browser.call('POST', '/admin/api/logout')
    expect(out.status).toBe(204)
    expect((await request('/admin', { headers: { cookie: cookieHeader(browser.cookies) } })).headers.get('location')).toBe('/admin/login')

    for (let i = 0; i < 5; i++) await browser.call('POST', '/admin/api/login', { body: { log: 'ed', pwd: `guess-${i}` } })
    const blocked = await browser.call('POST', '/admin/api/login', { body: { log: 'ed', pwd: 'correct horse' } })
    expect(blocked.status).toBe(429)
    expect(((await blocked.json()) as { message: string }).message).toContain('Too many failed sign-in attempts')
  })
})

describe('sign-in behind HTTPS', () => {
  test('the session and CSRF cookies are Secure when the site’s address is https; a session without "remember me" ends with the browser', async () => {
    const server = await startTestServer('sqlite', { PRESSROOM_URL: 'https://news.example' })
    try {
      await server.services.users.create({ email: 'ed@example.com', displayName: 'Ed', role: 'editor', password: 'correct horse' }, systemActor)
      const boot = await fetch(`${server.url}/admin/api/session`)
      expect(boot.headers.getSetCookie().join()).toMatch(/pressroom_csrf=[^;]+;.*HttpOnly.*Secure.*SameSite=Strict/i)
      const browser = await adminClient(server.url)
      const res = await browser.call('POST', '/admin/api/login', { body: { log: 'ed', pwd: 'correct horse' } })
      expect(res.status).toBe(200)
      const session = res.headers.getSetCookie().find((c) => c.startsWith('pressroom_session='))!
      expect(session).toMatch(/; HttpOnly/i)
      expect(session).toMatch(/; Secure/i)
      expect(session).toMatch(/; SameSite=Lax/i)
      expect(session).not.toMatch(/Expires|Max-Age/i)
    } finally {
      await server.close()
    }
  })
})
