import Fastify from 'fastify'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { adminRoutes } from '../../src/admin/admin.routes.js'
import type { Services } from '../../src/services.js'
import { systemActor } from '../../src/users/index.js'
import { DIALECTS } from '../helpers/databases.js'
import { startTestServer, type TestServer } from '../helpers/server.js'
import { adminClient, type AdminClient, PASSWORD, signIn, staff } from './helpers.js'

interface Fixtures {
  trashed: number
  media: number
  comment: number
  author: number
}

/**
 * Every admin endpoint that acts for a signed-in person: the least role the screen gives it to, a lesser role the
 * server refuses, a call with a body that would be accepted, and what must stay unchanged when it is refused.
 */
const GUARDED: {
  method: string
  path: string
  role: string
  lesser: string | null
  body?: unknown
  state?: (services: Services, f: Fixtures) => Promise<unknown>
}[] = [
  { method: 'GET', path: '/admin/api/dashboard', role: 'contributor', lesser: 'subscriber' },
  { method: 'GET', path: '/admin/api/post-counts', role: 'contributor', lesser: 'subscriber' },
  { method: 'POST', path: '/admin/api/posts/:trashed/restore', role: 'administrator', lesser: 'subscriber', state: async (s, f) => (await s.posts.get(f.trashed, systemActor)).status },
  { method: 'GET', path: '/admin/api/media/:media/usage', role: 'author', lesser: 'contributor' },
  { method: 'GET', path: '/admin/api/media-months', role: 'author', lesser: 'contributor' },
  { method: 'GET', path: '/admin/api/comment-counts', role: 'author', lesser: 'contributor' },
  { method: 'POST', path: '/admin/api/comments/bulk', role: 'editor', lesser: 'contributor', body: { ids: [':comment'], action: 'spam' }, state: async (s, f) => (await s.comments.get(f.comment, systemActor)).status },
  { method: 'POST', path: '/admin/api/comments/:comment/reply', role: 'editor', lesser: 'contributor', body: { content: 'Thanks.' }, state: (s) => s.comments.counts() },
  { method: 'GET', path: '/admin/api/users/summary', role: 'administrator', lesser: 'editor' },
  { method: 'POST', path: '/admin/api/users/:author/password-reset', role: 'administrator', lesser: 'editor', state: async (s) => s.users.authenticate('author@example.com', PASSWORD).then((u) => u?.id ?? null) },
  { method: 'POST', path: '/admin/api/users/invite', role: 'administrator', lesser: 'editor', body: { username: 'newcomer', email: 'newcomer@example.com', role: 'editor' }, state: (s) => s.users.count() },
  { method: 'POST', path: '/admin/api/profile/password', role: 'subscriber', lesser: null, body: { current_password: PASSWORD, password: 'a brand new phrase' }, state: async (s) => (await s.users.authenticate('subscriber@example.com', PASSWORD))?.id ?? null },
  { method: 'POST', path: '/admin/api/logout', role: 'subscriber', lesser: null },
  { method: 'GET', path: '/admin/api/settings', role: 'administrator', lesser: 'editor' },
  { method: 'POST', path: '/admin/api/settings', role: 'administrator', lesser: 'editor', body: { title: 'Taken over' }, state: (s) => s.settings.get('title') },
  { method: 'GET', path: '/admin/api/themes', role: 'administrator', lesser: 'editor' },
  { method: 'GET', path: '/admin/api/permalink-preview?structure=%2F%25postname%25%2F', role: 'administrator', lesser: 'editor' },
  { method: 'POST', path: '/admin/api/tools/import', role: 'administrator', lesser: 'editor', state: async (s) => (await s.posts.list({ perPage: 1 }, systemActor)).total },
  { method: 'GET', path: '/admin/api/tools/import/:job', role: 'administrator', lesser: 'editor' },
  { method: 'GET', path: '/admin/api/tools/export', role: 'administrator', lesser: 'editor' },
]

/** Before anyone is signed in: these carry the double-submit CSRF token instead of a session's nonce. */
const FORMS: { path: string; body: unknown; state: (services: Services) => Promise<unknown> }[] = [
  { path: '/admin/api/setup', body: { title: 'Another site', name: 'Mallory', email: 'mallory@example.com', password: 'a long enough phrase' }, state: (s) => s.users.count() },
  { path: '/admin/api/login', body: { log: 'administrator@example.com', pwd: PASSWORD }, state: async () => null },
  { path: '/admin/api/lost-password', body: { login: 'administrator@example.com' }, state: (s) => s.users.count() },
  { path: '/admin/api/reset-password', body: { login: 'administrator', key: 'x'.repeat(40), password: 'a long enough phrase' }, state: async (s) => (await s.users.authenticate('administrator@example.com', PASSWORD))?.id ?? null },
]

/** Nothing private, nothing to change: what the sign-in and lost-password screens read before a session exists. */
const OPEN = ['GET /admin/api/session', 'GET /admin/api/lost-password']

/** The admin API's routes as Fastify registers them (method and URL pattern). */
async function registeredRoutes(services: Services): Promise<string[]> {
  const probe = Fastify()
  const routes: string[] = []
  probe.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD' && route.url.startsWith('/admin/api/')) routes.push(`${method} ${route.url}`)
  })
  await probe.register(adminRoutes, { services })
  await probe.ready()
  await probe.close()
  return [...new Set(routes)].sort()
}

/** `/admin/api/media/:media/usage` as Fastify knows it: `/admin/api/media/:id/usage`. */
const pattern = (path: string) => path.split('?')[0]!.replace(/:\w+/g, ':id')

describe.each(DIALECTS)('every admin endpoint refuses strangers, forged requests and lesser roles, on %s', (dialect) => {
  let server: TestServer
  let fixtures: Fixtures
  const clients: Record<string, AdminClient> = {}

  beforeAll(async () => {
    server = await startTestServer(dialect)
    const { services } = server
    await staff(services)
    const author = await services.users.find('author@example.com')
    const post = await services.posts.create({ title: 'Old news', content: '<p>Gone</p>', authorId: author.id, status: 'publish' }, systemActor)
    const trashed = await services.posts.create({ title: 'Trashed', content: '<p>x</p>', authorId: author.id }, systemActor)
    await services.posts.trash(trashed.id, systemActor)
    const comment = await services.comments.create({ postId: post.id, authorName: 'Reader', authorEmail: 'reader@example.com', content: 'Held', status: 'pending' }, systemActor)
    const media = await services.media.upload({ filename: 'dot.png', data: await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).png().toBuffer() }, systemActor)
    fixtures = { trashed: trashed.id, media: media.id, comment: comment.id, author: author.id }
    for (const role of ['administrator', 'editor', 'author', 'contributor', 'subscriber']) clients[role] = await signIn(server.url, `${role}@example.com`, PASSWORD)
  })
  afterAll(() => server?.close())

  const fill = (text: string) =>
    text.replace(/:(trashed|media|comment|author)\b/g, (_, n: keyof Fixtures) => String(fixtures[n])).replace(':job', '00000000-0000-0000-0000-000000000000')
  const fillBody = (body: unknown): unknown => (body === undefined ? undefined : JSON.parse(fill(JSON.stringify(body)).replace(/"(\d+)"/g, '$1')))

  test('the lists below name every admin API route there is', async () => {
    const listed = [...GUARDED.map((e) => `${e.method} ${pattern(e.path)}`), ...FORMS.map((f) => `POST ${f.path}`), ...OPEN].sort()
    expect([...new Set(listed)]).toEqual(await registeredRoutes(server.services))
  })

  test.each(GUARDED)('$method $path: 401 without a session, 403 without or with another session’s nonce, 403 for a lesser role; nothing changes', async ({ method, path, role, lesser, body, state }) => {
    const url = fill(path)
    const payload = fillBody(body)
    const before = await state?.(server.services, fixtures)

    const anonymous = await adminClient(server.url)
    const stranger = await anonymous.call(method, url, { body: payload })
    expect(stranger.status).toBe(401)
    expect(await stranger.json()).toMatchObject({ code: 'rest_not_logged_in', data: { status: 401 } })

    const client = clients[role]!
    for (const nonce of [null, '0123456789', clients[role === 'editor' ? 'author' : 'editor']!.nonce]) {
      const forged = await client.call(method, url, { body: payload, nonce })
      expect(forged.status).toBe(403)
      expect(await forged.json()).toMatchObject({ code: 'rest_cookie_invalid_nonce', data: { status: 403 } })
    }

    if (lesser) {
      const refused = await clients[lesser]!.call(method, url, { body: payload })
      expect(refused.status, await refused.clone().text()).toBe(403)
      expect(await refused.json()).toMatchObject({ data: { status: 403 } })
    }
    if (state) expect(await state(server.services, fixtures)).toEqual(before)
    // The refused calls did not end anyone's session either.
    const session = (await (await client.call('GET', '/admin/api/session')).json()) as { user: { role: string } | null }
    expect(session.user?.role).toBe(role)
  })

  test.each(FORMS)('POST $path without the CSRF token, or with another browser’s, is refused and changes nothing', async ({ path, body, state }) => {
    const before = await state(server.services)
    const visitor = await adminClient(server.url)
    const other = await adminClient(server.url)
    for (const csrf of [null, other.csrf]) {
      const res = await visitor.call('POST', path, { body, csrf })
      expect(res.status).toBe(403)
      expect(await res.json()).toMatchObject({ code: 'invalid_csrf_token', data: { status: 403 } })
      expect(res.headers.getSetCookie().join()).not.toContain('pressroom_session=')
    }
    expect(await state(server.services)).toEqual(before)
  })
})
