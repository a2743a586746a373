import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../../src/users/index.js'
import { DIALECTS } from '../helpers/databases.js'
import { freePort, startTestServer, type TestServer } from '../helpers/server.js'
import { recipients, resetLink, startSmtp } from '../helpers/smtp.js'
import { adminClient, PASSWORD, signIn, staff } from './helpers.js'

/** Invitations and password resets by mail: a link that sets a password once, before it expires. */
describe.each(DIALECTS)('password links by mail on %s', (dialect) => {
  let server: TestServer
  let smtp: Awaited<ReturnType<typeof startSmtp>>
  beforeAll(async () => {
    smtp = await startSmtp()
    server = await startTestServer(dialect)
    await staff(server.services)
  })
  afterAll(async () => {
    await server?.close()
    await smtp?.close()
  })

  const useLink = async (link: URL, password: string) => {
    const browser = await adminClient(server.url)
    return browser.call('POST', '/admin/api/reset-password', { body: { login: link.searchParams.get('login'), key: link.searchParams.get('key'), password } })
  }

  test('without mail, an invitation is refused and creates nothing', async () => {
    await server.services.settings.update({ mail_smtp_url: '' }, systemActor)
    const admin = await signIn(server.url, 'administrator@example.com', PASSWORD)
    const res = await admin.call('POST', '/admin/api/users/invite', { body: { username: 'ghost', email: 'ghost@example.com', role: 'author' } })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ code: 'mail_not_configured' })
    await expect(server.services.users.find('ghost')).rejects.toMatchObject({ code: 'user_not_found' })
  })

  test('an invitation creates the account without a password and mails the link that sets one, once', async () => {
    await server.services.settings.update({ mail_smtp_url: smtp.url, title: 'The Daily Planet' }, systemActor)
    const editor = await signIn(server.url, 'editor@example.com', PASSWORD)
    expect((await editor.call('POST', '/admin/api/users/invite', { body: { username: 'nope', email: 'nope@example.com', role: 'author' } })).status).toBe(403)
    const admin = await signIn(server.url, 'administrator@example.com', PASSWORD)
    const before = smtp.received.length
    const res = await admin.call('POST', '/admin/api/users/invite', { body: { username: 'lana', email: 'lana@example.com', name: 'Lana Lang', role: 'author' } })
    expect(res.status, await res.clone().text()).toBe(201)
    const lana = await server.services.users.find('lana')
    expect(lana).toMatchObject({ role: 'author', has_password: false })
    const [mail] = (await smtp.until(before + 1)).slice(before)
    expect(recipients(mail!)).toEqual(['lana@example.com'])
    expect(mail!.subject).toBe('[The Daily Planet] You are invited to The Daily Planet')
    expect(mail!.text).toContain('as an author')
    const link = resetLink(mail!)
    expect(link.origin + link.pathname).toBe(`${server.url}/admin/reset-password`)

    expect((await useLink(link, 'short')).status).toBe(400)
    const ok = await useLink(link, 'smallville forever')
    expect(ok.status, await ok.clone().text()).toBe(200)
    expect(await server.services.users.authenticate('lana', 'smallville forever')).not.toBeNull()
    const again = await useLink(link, 'another password')
    expect(again.status).toBe(400)
    expect(await again.json()).toMatchObject({ code: 'invalid_key' })
    // The page the link opens is served to signed-out visitors.
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(200)
  })

  test('a password reset mails a link; it ends the user’s sessions; a wrong or expired key changes nothing', async () => {
    const author = await server.services.users.find('author@example.com')
    const { token } = await server.services.sessions.start(author.id)
    const admin = await signIn(server.url, 'administrator@example.com', PASSWORD)
    const before = smtp.received.length
    const res = await admin.call('POST', `/admin/api/users/${author.id}/password-reset`)
    expect(res.status).toBe(200)
    const [mail] = (await smtp.until(before + 1)).slice(before)
    expect(recipients(mail!)).toEqual(['author@example.com'])
    const link = resetLink(mail!)

    const forged = new URL(link)
    forged.searchParams.set('key', `${link.searchParams.get('key')!.split('.')[0]}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`)
    expect((await useLink(forged, 'a forged new password')).status).toBe(400)
    const { key: expired } = await server.services.passwordResets.keyFor(author.id, systemActor, -1)
    const old = new URL(link)
    old.searchParams.set('key', expired)
    expect((await useLink(old, 'an expired new password')).status).toBe(400)
    expect(await server.services.users.authenticate('author@example.com', PASSWORD)).not.toBeNull()

    expect((await useLink(link, 'a fresh new password')).status).toBe(200)
    expect(await server.services.users.authenticate('author@example.com', 'a fresh new password')).not.toBeNull()
    expect(await server.services.sessions.resolve(token)).toBeNull()
  })

  test('lost password: with mail, a link for a known account and the same answer for an unknown one; throttled', async () => {
    await server.services.settings.update({ mail_smtp_url: smtp.url }, systemActor)
    expect(await (await fetch(`${server.url}/admin/api/lost-password`)).json()).toEqual({ mail: true })
    const visitor = await adminClient(server.url)
    const before = smtp.received.length
    const known = await visitor.call('POST', '/admin/api/lost-password', { body: { login: 'contributor' } })
    const unknown = await visitor.call('POST', '/admin/api/lost-password', { body: { login: 'nobody@example.com' } })
    expect([known.status, unknown.status]).toEqual([200, 200])
    expect(await known.json()).toEqual(await unknown.json())
    const mails = (await smtp.until(before + 1)).slice(before)
    expect(mails.map(recipients)).toEqual([['contributor@example.com']])
    expect(mails[0]!.subject).toContain('Password reset')
    expect((await useLink(resetLink(mails[0]!), 'contributed a new one')).status).toBe(200)
    expect((await visitor.call('POST', '/admin/api/lost-password', { body: { login: 'contributor' }, csrf: null })).status).toBe(403)
    for (let i = 0; i < 3; i++) expect((await visitor.call('POST', '/admin/api/lost-password', { body: { login: 'subscriber' } })).status).toBe(200)
    const flood = await visitor.call('POST', '/admin/api/lost-password', { body: { login: 'subscriber' } })
    expect(flood.status).toBe(429)
    expect(await flood.json()).toMatchObject({ code: 'too_many_password_resets' })

    await server.services.settings.update({ mail_smtp_url: '' }, systemActor)
    const off = await visitor.call('POST', '/admin/api/lost-password', { body: { login: 'editor' } })
    expect(off.status).toBe(409)
    expect(await off.json()).toMatchObject({ code: 'mail_not_configured', data: { command: 'pressroom user reset-password editor' } })
  })

  test('a reset page post needs the double-submit token', async () => {
    const res = await fetch(`${server.url}/admin/api/reset-password`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'editor', key: 'x.y', password: 'whatever it is' }) })
    expect(res.status).toBe(403)
  })

  test('when the mail server does not answer, the invitation creates nobody', async () => {
    await server.services.settings.update({ mail_smtp_url: `smtp://127.0.0.1:${await freePort()}` }, systemActor)
    const admin = await signIn(server.url, 'administrator@example.com', PASSWORD)
    const res = await admin.call('POST', '/admin/api/users/invite', { body: { username: 'lost', email: 'lost@example.com', role: 'author' } })
    expect(res.status).toBe(409)
    expect(await res.json()).toMatchObject({ code: 'mail_failed' })
    await expect(server.services.users.find('lost')).rejects.toMatchObject({ code: 'user_not_found' })
  })
})
