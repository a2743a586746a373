import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../../src/users/index.js'
import { DIALECTS } from '../helpers/databases.js'
import { cookieHeader, startTestServer, type TestServer } from '../helpers/server.js'
import { adminClient, ensureAdminBuilt, PASSWORD, signIn, staff } from './helpers.js'

/** Every admin endpoint that acts for a signed-in person, the least role that may call it, and a valid call. */
const ENDPOINTS: { method: string; path: string; role: string; lesser: string | null }[] = [
  { method: 'GET', path: '/admin/api/dashboard', role: 'contributor', lesser: 'subscriber' },
  { method: 'GET', path: '/admin/api/post-counts', role: 'contributor', lesser: 'subscriber' },
  { method: 'GET', path: '/admin/api/post-counts?type=page', role: 'editor', lesser: 'author' },
  { method: 'POST', path: '/admin/api/posts/:trashed/restore', role: 'contributor', lesser: 'subscriber' },
  { method: 'POST', path: '/admin/api/logout', role: 'subscriber', lesser: null },
]

describe.each(DIALECTS)('admin API security on %s', (dialect) => {
  let server: TestServer
  let trashedId: number
  beforeAll(async () => {
    await ensureAdminBuilt()
    server = await startTestServer(dialect)
    await staff(server.services)
  })
  afterAll(() => server?.close())

  async function trashedPost(): Promise<number> {
    const { services } = server
    const contributor = (await services.users.find('contributor@example.com')).id
    const post = await services.posts.create({ title: 'Old news', content: '<p>Gone</p>', authorId: contributor }, systemActor)
    await services.posts.trash(post.id, systemActor)
    return post.id
  }
  const pathOf = (p: string) => p.replace(':trashed', String(trashedId))

  test.each(ENDPOINTS)('$method $path refuses without a session, without the nonce, with a wrong nonce, and with a lesser role', async ({ method, path, role, lesser }) => {
    trashedId = await trashedPost()
    const anonymous = await adminClient(server.url)
    const res = await anonymous.call(method, pathOf(path))
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ code: 'rest_not_logged_in', data: { status: 401 } })

    const client = await signIn(server.url, `${role}@example.com`, PASSWORD)
    const noNonce = await client.call(method, pathOf(path), { nonce: null })
    expect(noNonce.status).toBe(403)
    expect(await noNonce.json()).toMatchObject({ code: 'rest_cookie_invalid_nonce' })
    expect((await client.call(method, pathOf(path), { nonce: '0123456789' })).status).toBe(403)
    // A nonce belongs to one session: another person's does not work with this cookie.
    const other = await signIn(server.url, 'editor@example.com', PASSWORD)
    expect((await client.call(method, pathOf(path), { nonce: other.nonce })).status).toBe(403)

    if (lesser) {
      const weaker = await signIn(server.url, `${lesser}@example.com`, PASSWORD)
      const refused = await weaker.call(method, pathOf(path))
      expect(refused.status).toBe(403)
      expect(await refused.json()).toMatchObject({ code: 'rest_forbidden' })
    }
    const allowed = await client.call(method, pathOf(path))
    expect(allowed.status, await allowed.clone().text()).toBeLessThan(300)
  })

  test('a contributor cannot restore another person’s post: the posts service refuses too', async () => {
    const { services } = server
    const editor = (await services.users.find('editor@example.com')).id
    const post = await services.posts.create({ title: 'Editor’s', content: '<p>x</p>', authorId: editor }, systemActor)
    await services.posts.trash(post.id, systemActor)
    const contributor = await signIn(server.url, 'contributor@example.com', PASSWORD)
    const res = await contributor.call('POST', `/admin/api/posts/${post.id}/restore`)
    expect([403, 404]).toContain(res.status)
    expect((await services.posts.get(post.id, systemActor)).status).toBe('trash')
  })

  test('the session endpoint tells a stranger nothing but whether the site is set up', async () => {
    const anonymous = await adminClient(server.url)
    const res = await anonymous.call('GET', '/admin/api/session')
    expect(res.headers.get('cache-control')).toContain('no-store')
    const body = (await res.json()) as Record<string, unknown>
    expect(body).toMatchObject({ installed: true, user: null, nonce: null })
    expect(JSON.stringify(body)).not.toContain('@example.com')
  })

  test('the nonce from sign-in works with the WordPress REST API, and a session without it is a reader there', async () => {
    const client = await signIn(server.url, 'editor@example.com', PASSWORD)
    const withNonce = await client.call('GET', '/wp-json/wp/v2/users/me?context=edit')
    expect(withNonce.status).toBe(200)
    expect(await withNonce.json()).toMatchObject({ name: 'The editor' })
    const withoutNonce = await client.call('GET', '/wp-json/wp/v2/users/me', { nonce: null })
    expect(withoutNonce.status).toBe(401)
  })

  test('sign-in answers the same for a wrong password and an unknown account', async () => {
    const client = await adminClient(server.url)
    const a = await client.call('POST', '/admin/api/login', { body: { log: 'editor@example.com', pwd: 'nope nope' } })
    const b = await client.call('POST', '/admin/api/login', { body: { log: 'nobody@example.com', pwd: 'nope nope' } })
    expect(a.status).toBe(401)
    expect(await a.json()).toEqual(await b.json())
  })

  test('the app page: uncached, a strict CSP, framing refused; client routes fall back to it, and strangers go to sign-in', async () => {
    const client = await signIn(server.url, 'author@example.com', PASSWORD)
    const page = await fetch(`${server.url}/admin/posts/123`, { headers: { cookie: cookieHeader(client.cookies) } })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toContain('text/html')
    expect(page.headers.get('cache-control')).toBe('no-store')
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(page.headers.get('x-frame-options')).toBe('DENY')
    const html = await page.text()
    expect(html).not.toMatch(/<script(?![^>]*(type="application\/json"|src=))[^>]*>/)
    const stranger = await fetch(`${server.url}/admin/posts/123?x=1`, { redirect: 'manual' })
    expect(stranger.status).toBe(303)
    expect(stranger.headers.get('location')).toBe(`/admin/login?redirect_to=${encodeURIComponent('/admin/posts/123?x=1')}`)
    expect((await fetch(`${server.url}/admin/assets/nope-1234.js`)).status).toBe(404)
    const unknown = await fetch(`${server.url}/admin/api/nope`)
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toMatchObject({ code: 'rest_no_route' })
  })

  test('the app’s assets: hashed, cached for a year, sent precompressed; the first screen’s JavaScript is under 300 KB gzip', async () => {
    const html = await (await fetch(`${server.url}/admin/login`)).text()
    const scripts = [...html.matchAll(/src="(\/admin\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!)
    const styles = [...html.matchAll(/href="(\/admin\/assets\/[^"]+\.css)"/g)].map((m) => m[1]!)
    expect(scripts.length).toBeGreaterThan(0)
    let gzipped = 0
    for (const asset of [...scripts, ...styles]) {
      const gz = await fetch(server.url + asset, { headers: { 'accept-encoding': 'gzip' } })
      expect(gz.status).toBe(200)
      expect(gz.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      expect(gz.headers.get('content-encoding')).toBe('gzip')
      if (asset.endsWith('.js')) gzipped += Number(gz.headers.get('content-length'))
      const br = await fetch(server.url + asset, { headers: { 'accept-encoding': 'br, gzip' } })
      expect(br.headers.get('content-encoding')).toBe('br')
    }
    expect(gzipped).toBeGreaterThan(10_000)
    expect(gzipped).toBeLessThan(300 * 1024)
    // The editor is not part of the first screen.
    expect(scripts.join()).not.toMatch(/Editor/)
  })
})
