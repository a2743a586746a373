import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { systemActor } from '../../src/users/index.js'
import { DIALECTS } from '../helpers/databases.js'
import { cookieHeader, cookiesOf, startTestServer, type TestServer } from '../helpers/server.js'

describe.each(DIALECTS)('first-run setup and sign-in on %s', (dialect) => {
  let server: TestServer
  beforeEach(async () => {
    server = await startTestServer(dialect)
  })
  afterEach(() => server.close())

  const request = (path: string, init: RequestInit = {}) => fetch(server.url + path, { redirect: 'manual', ...init })
  const form = (fields: Record<string, string>, cookies: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(cookies) },
    body: new URLSearchParams(fields).toString(),
  })

  /** Opens a form page as a browser would: its CSRF cookie and the token in the form. */
  async function openForm(path: string, cookies: Record<string, string> = {}) {
    const res = await request(path, { headers: { cookie: cookieHeader(cookies) } })
    expect(res.status).toBe(200)
    const html = await res.text()
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1]
    expect(token).toBeTruthy()
    return { html, token: token!, cookies: { ...cookies, ...cookiesOf(res) } }
  }

  test('creates the first administrator, signs them in, and hands them the welcome post', async () => {
    expect((await request('/admin')).headers.get('location')).toBe('/admin/setup')
    const page = await openForm('/admin/setup')
    expect(page.html).toContain('Create site and sign in')
    const res = await request('/admin/setup', form({ _csrf: page.token, title: 'The Daily Planet', name: 'Perry White', email: 'Perry@Planet.example', password: 'great-caesars-ghost' }, page.cookies))
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/admin')
    const session = cookiesOf(res)
    expect(session.pressroom_session).toBeTruthy()
    expect(res.headers.getSetCookie().join()).toMatch(/pressroom_session=[^;]+;.*HttpOnly.*SameSite=Lax/i)
    const dashboard = await request('/admin', { headers: { cookie: cookieHeader({ ...page.cookies, ...session }) } })
    expect(await dashboard.text()).toContain('Signed in as <strong>Perry White</strong> (administrator)')
    const { services } = server
    expect(await services.settings.get('title')).toBe('The Daily Planet')
    const [admin] = await services.users.list(systemActor)
    expect(admin).toMatchObject({ email: 'perry@planet.example', role: 'administrator' })
    const { posts } = await services.posts.list({}, systemActor)
    expect(posts.map((p) => p.author_id)).toEqual([admin!.id])
    // setup is over: the page now sends people to the dashboard and refuses a second administrator
    expect((await request('/admin/setup')).headers.get('location')).toBe('/admin')
    const again = await request('/admin/setup', form({ _csrf: page.token, name: 'Lex', email: 'lex@example.com', password: 'kryptonite!' }, page.cookies))
    expect(again.headers.get('location')).toBe('/admin/login')
    expect(await services.users.count()).toBe(1)
  })

  test('refuses a form without its CSRF token, and shows bad input without creating anyone', async () => {
    const page = await openForm('/admin/setup')
    const forged = await request('/admin/setup', form({ name: 'X', email: 'x@example.com', password: 'long-enough' }, page.cookies))
    expect(forged.status).toBe(403)
    const weak = await request('/admin/setup', form({ _csrf: page.token, name: 'X', email: 'x@example.com', password: 'short' }, page.cookies))
    expect(weak.status).toBe(400)
    expect(await weak.text()).toContain('at least 8 characters')
    expect(await server.services.users.count()).toBe(0)
  })

  test('signs in and out, and throttles repeated failures with a clear message', async () => {
    await server.services.users.create({ email: 'ed@example.com', displayName: 'Ed', role: 'editor', password: 'correct horse' }, systemActor)
    const page = await openForm('/admin/login')
    const wrong = await request('/admin/login', form({ _csrf: page.token, log: 'ed@example.com', pwd: 'wrong' }, page.cookies))
    expect(wrong.status).toBe(401)
    expect(await wrong.text()).toContain('The email/username or password is not right.')
    const ok = await request('/admin/login', form({ _csrf: page.token, log: 'ed', pwd: 'correct horse', rememberme: 'forever' }, page.cookies))
    expect(ok.status).toBe(303)
    const cookies = { ...page.cookies, ...cookiesOf(ok) }
    expect(ok.headers.getSetCookie().join()).toMatch(/pressroom_session=.*Expires=/)
    expect(await (await request('/admin', { headers: { cookie: cookieHeader(cookies) } })).text()).toContain('Signed in as <strong>Ed</strong>')
    const out = await request('/admin/logout', form({ _csrf: page.token }, cookies))
    expect(out.headers.get('location')).toBe('/admin/login')
    expect((await request('/admin', { headers: { cookie: cookieHeader(cookies) } })).headers.get('location')).toBe('/admin/login')

    for (let i = 0; i < 5; i++) await request('/admin/login', form({ _csrf: page.token, log: 'ed', pwd: `guess-${i}` }, page.cookies))
    const blocked = await request('/admin/login', form({ _csrf: page.token, log: 'ed', pwd: 'correct horse' }, page.cookies))
    expect(blocked.status).toBe(429)
    expect(await blocked.text()).toContain('Too many failed sign-in attempts')
  })
})
