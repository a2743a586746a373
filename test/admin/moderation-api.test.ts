import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../../src/users/index.js'
import { DIALECTS } from '../helpers/databases.js'
import { startTestServer, type TestServer } from '../helpers/server.js'
import { adminClient, PASSWORD, signIn, staff } from './helpers.js'

/** The admin endpoints of the comments, users and profile screens: who may call them, and what they do. */
describe.each(DIALECTS)('comments, users and profile admin endpoints on %s', (dialect) => {
  let server: TestServer
  let postId: number
  beforeAll(async () => {
    server = await startTestServer(dialect)
    await staff(server.services)
    const author = await server.services.users.find('author@example.com')
    postId = (await server.services.posts.create({ title: 'On the bridge', status: 'publish', authorId: author.id }, systemActor)).id
  })
  afterAll(() => server?.close())

  const held = async (content = 'A held comment') =>
    (await server.services.comments.create({ postId, authorName: 'Reader', authorEmail: 'reader@example.com', content, status: 'pending' }, systemActor)).id
  const statusOf = async (id: number) => (await server.services.comments.get(id, systemActor)).status

  const ENDPOINTS: { method: string; path: () => Promise<string> | string; body?: () => Promise<unknown> | unknown; role: string; lesser: string }[] = [
    { method: 'GET', path: () => '/admin/api/comment-counts', role: 'author', lesser: 'contributor' },
    { method: 'POST', path: () => '/admin/api/comments/bulk', body: async () => ({ ids: [await held()], action: 'approve' }), role: 'editor', lesser: 'contributor' },
    { method: 'POST', path: async () => `/admin/api/comments/${await held()}/reply`, body: () => ({ content: 'Thanks for writing.' }), role: 'editor', lesser: 'contributor' },
    { method: 'GET', path: () => '/admin/api/users/summary', role: 'administrator', lesser: 'editor' },
  ]

  test.each(ENDPOINTS)('$method $role+ refuses without a session, without the nonce, and a lesser role', async ({ method, path, body, role, lesser }) => {
    const url = await path()
    const payload = await body?.()
    const anonymous = await adminClient(server.url)
    expect((await anonymous.call(method, url, { body: payload })).status).toBe(401)
    const client = await signIn(server.url, `${role}@example.com`, PASSWORD)
    const noNonce = await client.call(method, url, { body: payload, nonce: null })
    expect(noNonce.status).toBe(403)
    expect(await noNonce.json()).toMatchObject({ code: 'rest_cookie_invalid_nonce' })
    const weaker = await signIn(server.url, `${lesser}@example.com`, PASSWORD)
    const refused = await weaker.call(method, url, { body: payload })
    expect(refused.status, await refused.clone().text()).toBe(403)
    const allowed = await client.call(method, url, { body: payload })
    expect(allowed.status, await allowed.clone().text()).toBeLessThan(300)
  })

  test('counts per status, narrowed to their own posts for an author', async () => {
    const editorPost = (await server.services.posts.create({ title: 'The editor’s', status: 'publish', authorId: (await server.services.users.find('editor@example.com')).id }, systemActor)).id
    await server.services.comments.create({ postId: editorPost, authorName: 'X', authorEmail: 'x@example.com', content: 'Elsewhere', status: 'pending' }, systemActor)
    const editor = await signIn(server.url, 'editor@example.com', PASSWORD)
    const author = await signIn(server.url, 'author@example.com', PASSWORD)
    const all = (await (await editor.call('GET', '/admin/api/comment-counts')).json()) as { pending: number }
    const own = (await (await author.call('GET', '/admin/api/comment-counts')).json()) as { pending: number }
    const mine = (await server.services.comments.list({ status: 'pending', postAuthorId: (await server.services.users.find('author@example.com')).id }, systemActor)).length
    expect(own.pending).toBe(mine)
    expect(all.pending).toBe(own.pending + 1)
  })

  test('bulk actions are all or nothing: a comment the author may not moderate stops the whole batch', async () => {
    const mine = await held('On my post')
    const editorPost = (await server.services.posts.create({ title: 'Not the author’s', status: 'publish', authorId: (await server.services.users.find('editor@example.com')).id }, systemActor)).id
    const theirs = (await server.services.comments.create({ postId: editorPost, authorName: 'Y', authorEmail: 'y@example.com', content: 'Not yours', status: 'pending' }, systemActor)).id
    const author = await signIn(server.url, 'author@example.com', PASSWORD)
    const refused = await author.call('POST', '/admin/api/comments/bulk', { body: { ids: [mine, theirs], action: 'spam' } })
    expect(refused.status).toBe(403)
    expect([await statusOf(mine), await statusOf(theirs)]).toEqual(['pending', 'pending'])
    const bad = await author.call('POST', '/admin/api/comments/bulk', { body: { ids: [mine], action: 'explode' } })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ code: 'invalid_action', data: { status: 400 } })
    const ok = await author.call('POST', '/admin/api/comments/bulk', { body: { ids: [mine], action: 'spam' } })
    expect(ok.status).toBe(200)
    expect(await statusOf(mine)).toBe('spam')
  })

  test('a reply is the signed-in person’s, under the comment it answers, and approves a held one', async () => {
    const parent = await held('Is the bridge open?')
    const editor = await signIn(server.url, 'editor@example.com', PASSWORD)
    const res = await editor.call('POST', `/admin/api/comments/${parent}/reply`, { body: { content: 'Not yet.' } })
    expect(res.status).toBe(201)
    const { id } = (await res.json()) as { id: number }
    const reply = await server.services.comments.get(id, systemActor)
    expect(reply).toMatchObject({ parent_id: parent, post_id: postId, status: 'approved', user_id: (await server.services.users.find('editor@example.com')).id })
    expect(await statusOf(parent)).toBe('approved')
    const empty = await editor.call('POST', `/admin/api/comments/${parent}/reply`, { body: { content: '  ' } })
    expect(empty.status).toBe(400)
  })

  test('changing your own password asks for the current one', async () => {
    await server.services.users.create({ email: 'pat@example.com', displayName: 'Pat', role: 'subscriber', password: PASSWORD }, systemActor)
    const pat = await signIn(server.url, 'pat@example.com', PASSWORD)
    const wrong = await pat.call('POST', '/admin/api/profile/password', { body: { current_password: 'not it at all', password: 'a brand new phrase' } })
    expect(wrong.status).toBe(400)
    expect(await wrong.json()).toMatchObject({ code: 'incorrect_password' })
    expect(await server.services.users.authenticate('pat@example.com', PASSWORD)).not.toBeNull()
    expect((await pat.call('POST', '/admin/api/profile/password', { body: { current_password: PASSWORD, password: 'a brand new phrase' }, nonce: null })).status).toBe(403)
    const ok = await pat.call('POST', '/admin/api/profile/password', { body: { current_password: PASSWORD, password: 'a brand new phrase' } })
    expect(ok.status).toBe(204)
    expect(await server.services.users.authenticate('pat@example.com', 'a brand new phrase')).not.toBeNull()
  })

  test('a password reset without mail says so and gives the command', async () => {
    const admin = await signIn(server.url, 'administrator@example.com', PASSWORD)
    const author = await server.services.users.find('author@example.com')
    const res = await admin.call('POST', `/admin/api/users/${author.id}/password-reset`)
    expect(res.status).toBe(409)
    expect(await res.json()).toMatchObject({ code: 'mail_not_configured', data: { command: 'pressroom user reset-password author@example.com' } })
    const editor = await signIn(server.url, 'editor@example.com', PASSWORD)
    expect((await editor.call('POST', `/admin/api/users/${author.id}/password-reset`)).status).toBe(403)
  })

  test('the users summary counts published posts per author', async () => {
    const admin = await signIn(server.url, 'administrator@example.com', PASSWORD)
    const author = await server.services.users.find('author@example.com')
    const body = (await (await admin.call('GET', '/admin/api/users/summary')).json()) as { post_counts: Record<string, number>; mail: boolean }
    expect(body.mail).toBe(false)
    expect(body.post_counts[author.id]).toBe(1)
  })
})
