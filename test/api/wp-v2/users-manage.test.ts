import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { restNonce } from '../../../src/http/rest-auth.js'
import { systemActor } from '../../../src/users/index.js'
import { DIALECTS } from '../../helpers/databases.js'
import { openApi, type TestApi } from './helpers.js'

const basic = (login: string, password: string) => `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`

/** Changing and deleting users and managing application passwords through the REST API, as WordPress does. */
describe.each(DIALECTS)('users and application passwords over REST (%s)', (dialect) => {
  let api: TestApi
  let n = 0
  beforeAll(async () => {
    api = await openApi(dialect)
  })
  afterAll(() => api.close())

  const person = async (role = 'author') => {
    const u = await api.services.users.create({ email: `person${++n}@example.com`, displayName: `Person ${n}`, role, password: 'a long enough password' }, systemActor)
    const { password } = await api.services.appPasswords.create(u.id, 'tests', systemActor)
    return { id: u.id, login: u.login, auth: basic(u.login, password) }
  }
  const json = (res: { json(): unknown }) => res.json() as Record<string, any>

  test('a user changes their own name, email and website; the email stays unique', async () => {
    const me = await person()
    const res = await api.request({ method: 'POST', url: '/wp-json/wp/v2/users/me', headers: { authorization: me.auth }, payload: { name: 'Clark Kent', email: 'Clark@Planet.example', url: 'https://clark.example' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(json(res)).toMatchObject({ name: 'Clark Kent', email: 'clark@planet.example', url: 'https://clark.example' })

    const other = await person()
    const taken = await api.request({ method: 'POST', url: `/wp-json/wp/v2/users/${other.id}`, headers: { authorization: api.users.administrator.auth }, payload: { email: 'clark@planet.example', name: 'Changed too' } })
    expect(taken.statusCode).toBe(400)
    expect(json(taken)).toMatchObject({ code: 'rest_user_invalid_email', data: { status: 400 } })
    expect((await api.services.users.get(other.id)).display_name).toBe(`Person ${n}`)

    const login = await api.request({ method: 'POST', url: '/wp-json/wp/v2/users/me', headers: { authorization: me.auth }, payload: { username: 'superman' } })
    expect(login.statusCode).toBe(400)
    expect(json(login)).toMatchObject({ code: 'rest_user_invalid_argument' })
    const bad = await api.request({ method: 'POST', url: '/wp-json/wp/v2/users/me', headers: { authorization: me.auth }, payload: { email: 'not an address' } })
    expect(bad.statusCode).toBe(400)
    expect((await api.services.users.get(me.id)).email).toBe('clark@planet.example')
  })

  test('someone else’s account is for those who may edit users: 403 for an editor, 401 without credentials', async () => {
    const target = await person('subscriber')
    const asEditor = await api.as('editor', { method: 'POST', url: `/wp-json/wp/v2/users/${target.id}`, payload: { name: 'Hijacked' } })
    expect(asEditor.statusCode).toBe(403)
    expect(json(asEditor)).toMatchObject({ code: 'rest_cannot_edit' })
    expect((await api.as('anonymous', { method: 'POST', url: `/wp-json/wp/v2/users/${target.id}`, payload: { name: 'Hijacked' } })).statusCode).toBe(401)
    const asAdmin = await api.as('administrator', { method: 'POST', url: `/wp-json/wp/v2/users/${target.id}`, payload: { name: 'Renamed by the boss' } })
    expect(asAdmin.statusCode).toBe(200)
    expect((await api.services.users.get(target.id)).display_name).toBe('Renamed by the boss')
  })

  test('DELETE needs force and reassign, gives the posts to the other user, and ends the user’s credentials', async () => {
    const leaving = await person()
    const heir = await person('editor')
    const posts = [
      await api.services.posts.create({ title: 'Leaving story one', status: 'publish', authorId: leaving.id }, systemActor),
      await api.services.posts.create({ title: 'Leaving draft', status: 'draft', authorId: leaving.id }, systemActor),
    ]
    const url = `/wp-json/wp/v2/users/${leaving.id}`
    const noForce = await api.as('administrator', { method: 'DELETE', url: `${url}?reassign=${heir.id}` })
    expect(noForce.statusCode).toBe(501)
    expect(json(noForce)).toMatchObject({ code: 'rest_trash_not_supported' })
    const noReassign = await api.as('administrator', { method: 'DELETE', url: `${url}?force=true` })
    expect(noReassign.statusCode).toBe(400)
    expect(json(noReassign)).toMatchObject({ code: 'rest_missing_callback_param' })
    for (const reassign of [leaving.id, 999999, 'false']) {
      const res = await api.as('administrator', { method: 'DELETE', url: `${url}?force=true&reassign=${reassign}` })
      expect(res.statusCode, String(reassign)).toBe(400)
      expect(json(res)).toMatchObject({ code: 'rest_user_invalid_reassign' })
    }
    const editor = await api.as('editor', { method: 'DELETE', url: `${url}?force=true&reassign=${heir.id}` })
    expect(editor.statusCode).toBe(403)
    expect(json(editor)).toMatchObject({ code: 'rest_user_cannot_delete' })
    expect((await api.as('anonymous', { method: 'DELETE', url: `${url}?force=true&reassign=${heir.id}` })).statusCode).toBe(401)
    // Nothing was changed by the refusals.
    for (const p of posts) expect((await api.services.posts.get(p.id, systemActor)).author_id).toBe(leaving.id)

    const ok = await api.as('administrator', { method: 'DELETE', url: `${url}?force=true&reassign=${heir.id}` })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(json(ok)).toMatchObject({ deleted: true, previous: { id: leaving.id, username: leaving.login } })
    for (const p of posts) expect((await api.services.posts.get(p.id, systemActor)).author_id).toBe(heir.id)
    expect((await api.request({ url: '/wp-json/wp/v2/users/me', headers: { authorization: leaving.auth } })).statusCode).toBe(401)
    expect((await api.as('administrator', { url })).statusCode).toBe(404)
  })

  test('a user without posts may go without a reassignment; nobody deletes themselves or the last administrator', async () => {
    const empty = await person('subscriber')
    expect((await api.as('administrator', { method: 'DELETE', url: `/wp-json/wp/v2/users/${empty.id}?force=true&reassign=false` })).statusCode).toBe(200)
    const self = await api.as('administrator', { method: 'DELETE', url: `/wp-json/wp/v2/users/${api.users.administrator.id}?force=true&reassign=${api.users.editor.id}` })
    expect(self.statusCode).toBe(409)
    expect(json(self)).toMatchObject({ code: 'rest_user_cannot_delete_self' })
    await expect(api.services.users.remove(api.users.administrator.id, api.users.editor.id, systemActor)).rejects.toMatchObject({ code: 'last_administrator' })
    expect(await api.services.users.get(api.users.administrator.id)).toBeTruthy()
  })

  test('a signed-in browser without the nonce is a reader: its DELETE is refused', async () => {
    const victim = await person('subscriber')
    const { token } = await api.services.sessions.start(api.users.administrator.id)
    const url = `/wp-json/wp/v2/users/${victim.id}?force=true&reassign=false`
    const cookie = `pressroom_session=${token}`
    const refused = await api.request({ method: 'DELETE', url, headers: { cookie } })
    expect(refused.statusCode).toBe(401)
    expect(await api.services.users.get(victim.id)).toBeTruthy()
    const ok = await api.request({ method: 'DELETE', url, headers: { cookie, 'x-wp-nonce': restNonce(token, new Date()) } })
    expect(ok.statusCode, ok.body).toBe(200)
  })

  test('application passwords: create one (shown once), use it, list, rename, revoke one, revoke all', async () => {
    const me = await person('subscriber')
    const base = '/wp-json/wp/v2/users/me/application-passwords'
    const made = await api.request({ method: 'POST', url: base, headers: { authorization: me.auth }, payload: { name: 'Phone app' } })
    expect(made.statusCode, made.body).toBe(201)
    const created = json(made)
    expect(created).toMatchObject({ name: 'Phone app', uuid: expect.stringMatching(/^[0-9a-f-]{36}$/), password: expect.stringMatching(/^(\w{4} ){5}\w{4}$/) })
    const phone = basic(me.login, created.password)
    const whoami = await api.request({ url: '/wp-json/wp/v2/users/me', headers: { authorization: phone } })
    expect(json(whoami)).toMatchObject({ id: me.id })

    const list = await api.request({ url: base, headers: { authorization: phone } })
    expect((json(list) as unknown as { name: string; password?: string; last_used: string | null }[]).map((p) => [p.name, p.password, typeof p.last_used])).toEqual([['tests', undefined, 'string'], ['Phone app', undefined, 'string']])
    const dup = await api.request({ method: 'POST', url: base, headers: { authorization: me.auth }, payload: { name: 'Phone app' } })
    expect(dup.statusCode).toBe(409)
    const empty = await api.request({ method: 'POST', url: base, headers: { authorization: me.auth }, payload: {} })
    expect(empty.statusCode).toBe(400)

    const renamed = await api.request({ method: 'POST', url: `${base}/${created.uuid}`, headers: { authorization: me.auth }, payload: { name: 'Old phone' } })
    expect(json(renamed)).toMatchObject({ name: 'Old phone' })
    const revoked = await api.request({ method: 'DELETE', url: `${base}/${created.uuid}`, headers: { authorization: me.auth } })
    expect(json(revoked)).toMatchObject({ deleted: true, previous: { uuid: created.uuid } })
    expect((await api.request({ url: '/wp-json/wp/v2/users/me', headers: { authorization: phone } })).statusCode).toBe(401)
    expect((await api.request({ method: 'DELETE', url: `${base}/${created.uuid}`, headers: { authorization: me.auth } })).statusCode).toBe(404)

    const all = await api.request({ method: 'DELETE', url: base, headers: { authorization: me.auth } })
    expect(json(all)).toEqual({ deleted: true, count: 1 })
    expect((await api.request({ url: '/wp-json/wp/v2/users/me', headers: { authorization: me.auth } })).statusCode).toBe(401)
  })

  test('another user’s application passwords: administrators only (403 for an author, 401 without credentials)', async () => {
    const target = await person('editor')
    const url = `/wp-json/wp/v2/users/${target.id}/application-passwords`
    const author = await api.as('author', { url })
    expect(author.statusCode).toBe(403)
    expect(json(author)).toMatchObject({ code: 'rest_cannot_list_application_passwords' })
    expect((await api.as('author', { method: 'POST', url, payload: { name: 'Backdoor' } })).statusCode).toBe(403)
    expect((await api.as('anonymous', { url })).statusCode).toBe(401)
    expect((await api.as('anonymous', { url: '/wp-json/wp/v2/users/me/application-passwords' })).statusCode).toBe(401)
    expect((await api.as('administrator', { url })).statusCode).toBe(200)
    expect((await api.services.appPasswords.list(target.id, systemActor)).map((p) => p.name)).toEqual(['tests'])
  })
})
