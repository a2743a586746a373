import { createHash } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { openSite, type Site } from '../../src/boot.js'
import type { Clock } from '../../src/shared/clock.js'
import { createSessionsService, type Actor, type Role } from '../../src/users/index.js'
import { usersByRole } from '../helpers/actors.js'
import { DIALECTS, tempDataDir, testConfig } from '../helpers/databases.js'

const HOUR = 3600_000
const DAY = 24 * HOUR

/** A clock the test moves by hand. */
function fakeClock(start: string): Clock & { advance(ms: number): void } {
  let now = new Date(start).getTime()
  return { now: () => new Date(now), advance: (ms) => void (now += ms) }
}

describe.each(DIALECTS)('sessions and application passwords on %s', (dialect) => {
  let site: Site
  let cleanup: () => void
  let clock: ReturnType<typeof fakeClock>
  let as: Record<Role, { id: number; actor: Actor }>
  beforeEach(async () => {
    const data = tempDataDir()
    cleanup = data.cleanup
    clock = fakeClock('2025-03-10T12:00:00.000Z')
    site = await openSite(await testConfig(dialect, data.dir), { seed: false, clock })
    as = await usersByRole(site.services)
  })
  afterEach(async () => {
    await site.close()
    cleanup()
  })

  const sessionRows = () => site.services.handle.db.selectFrom('sessions').selectAll().execute()

  describe('sessions', () => {
    test('start, resolve to the user, end', async () => {
      const { sessions } = site.services
      const { token, expiresAt } = await sessions.start(as.author.id, { ip: '203.0.113.9', userAgent: 'Test/1.0' })
      expect(token.length).toBeGreaterThanOrEqual(40)
      expect(expiresAt.toISOString()).toBe('2025-03-12T12:00:00.000Z') // two days without "remember me"
      const user = await sessions.resolve(token)
      expect(user).toMatchObject({ id: as.author.id, role: 'author' })
      expect(user).not.toHaveProperty('password_hash')
      expect(await sessions.resolve(token + 'x')).toBeNull()
      expect(await sessions.resolve('')).toBeNull()
      await sessions.end(token)
      expect(await sessions.resolve(token)).toBeNull()
      expect(await sessionRows()).toEqual([])
    })

    test('the token is stored only as its SHA-256 hash', async () => {
      const { token } = await site.services.sessions.start(as.editor.id, { ip: '198.51.100.1', userAgent: 'UA' })
      const rows = await sessionRows()
      expect(rows).toHaveLength(1)
      expect(JSON.stringify(rows)).not.toContain(token)
      expect(rows[0]).toMatchObject({
        id: createHash('sha256').update(token).digest('hex'),
        user_id: as.editor.id,
        ip: '198.51.100.1',
        user_agent: 'UA',
        created_at: '2025-03-10T12:00:00.000Z',
        expires_at: '2025-03-12T12:00:00.000Z',
      })
    })

    test('a session expires after two days, or fourteen when remembered', async () => {
      const { sessions } = site.services
      const short = await sessions.start(as.author.id)
      const long = await sessions.start(as.author.id, { remember: true })
      expect(long.expiresAt.getTime() - clock.now().getTime()).toBe(14 * DAY)

      clock.advance(2 * DAY - 1000)
      expect((await sessions.resolve(short.token))?.id).toBe(as.author.id)
      clock.advance(1000)
      expect(await sessions.resolve(short.token)).toBeNull()
      expect((await sessions.resolve(long.token))?.id).toBe(as.author.id)

      expect(await sessions.purgeExpired()).toBe(1)
      expect(await sessionRows()).toHaveLength(1)
      clock.advance(12 * DAY)
      expect(await sessions.resolve(long.token)).toBeNull()
      expect(await sessions.purgeExpired()).toBe(1)
      expect(await sessionRows()).toEqual([])
    })

    test('endAllFor signs a user out everywhere, and only that user', async () => {
      const { sessions } = site.services
      const a = await sessions.start(as.author.id)
      const b = await sessions.start(as.author.id)
      const other = await sessions.start(as.editor.id)
      await sessions.endAllFor(as.author.id)
      expect(await sessions.resolve(a.token)).toBeNull()
      expect(await sessions.resolve(b.token)).toBeNull()
      expect((await sessions.resolve(other.token))?.id).toBe(as.editor.id)
    })

    test('a service built directly with its own clock agrees with the wired one', async () => {
      const own = createSessionsService({ db: site.services.handle.db, clock })
      const { token } = await own.start(as.subscriber.id)
      expect((await site.services.sessions.resolve(token))?.id).toBe(as.subscriber.id)
      const later = createSessionsService({ db: site.services.handle.db, clock: { now: () => new Date('2025-03-13T00:00:00.000Z') } })
      expect(await later.resolve(token)).toBeNull()
    })
  })

  describe('application passwords', () => {
    test('create returns 24 characters in groups of four, shown once and stored hashed', async () => {
      const { appPasswords } = site.services
      const { password, info } = await appPasswords.create(as.author.id, '  My phone  ', as.author.actor)
      expect(password).toMatch(/^[A-Za-z0-9]{4}( [A-Za-z0-9]{4}){5}$/)
      expect(password.replace(/ /g, '')).toHaveLength(24)
      expect(info).toMatchObject({ name: 'My phone', created_at: '2025-03-10T12:00:00.000Z', last_used_at: null, last_ip: null })
      expect(info.uuid).toMatch(/^[0-9a-f-]{36}$/)
      const rows = await site.services.handle.db.selectFrom('app_passwords').selectAll().execute()
      expect(rows).toHaveLength(1)
      expect(JSON.stringify(rows)).not.toContain(password.replace(/ /g, ''))
      expect(rows[0]!.password_hash).toBe(createHash('sha256').update(password.replace(/ /g, '')).digest('hex'))
    })

    test('authenticate with and without spaces, by login or email; records the last use', async () => {
      const { appPasswords } = site.services
      const { password, info } = await appPasswords.create(as.author.id, 'CLI', as.author.actor)
      const bare = password.replace(/ /g, '')
      clock.advance(HOUR)
      expect((await appPasswords.authenticate('author', password, '192.0.2.7'))?.id).toBe(as.author.id)
      expect((await appPasswords.authenticate('author', bare))?.id).toBe(as.author.id)
      expect((await appPasswords.authenticate('Author@Example.com', password))?.id).toBe(as.author.id)
      const user = await appPasswords.authenticate('author', password, '192.0.2.8')
      expect(user).not.toHaveProperty('password_hash')
      const [listed] = await appPasswords.list(as.author.id, as.author.actor)
      expect(listed).toMatchObject({ uuid: info.uuid, last_used_at: '2025-03-10T13:00:00.000Z', last_ip: '192.0.2.8' })
    })

    test('a wrong login, a wrong password, or another user’s password gives null', async () => {
      const { appPasswords } = site.services
      const { password } = await appPasswords.create(as.author.id, 'CLI', as.author.actor)
      expect(await appPasswords.authenticate('editor', password)).toBeNull()
      expect(await appPasswords.authenticate('nobody', password)).toBeNull()
      expect(await appPasswords.authenticate('author', password.slice(0, -1) + (password.endsWith('a') ? 'b' : 'a'))).toBeNull()
      expect(await appPasswords.authenticate('author', '')).toBeNull()
      // an ordinary sign-in password is not an application password
      await site.services.users.setPassword(as.author.id, 'the account password', as.author.actor)
      expect(await appPasswords.authenticate('author', 'the account password')).toBeNull()
    })

    test('names are required and unique per user', async () => {
      const { appPasswords } = site.services
      await appPasswords.create(as.author.id, 'Laptop', as.author.actor)
      await expect(appPasswords.create(as.author.id, ' Laptop ', as.author.actor)).rejects.toMatchObject({ kind: 'conflict', code: 'application_password_duplicate_name' })
      await expect(appPasswords.create(as.author.id, '   ', as.author.actor)).rejects.toMatchObject({ kind: 'invalid', code: 'application_password_empty_name' })
      // another user may use the same name
      await appPasswords.create(as.editor.id, 'Laptop', as.editor.actor)
      expect(await appPasswords.list(as.author.id, as.author.actor)).toHaveLength(1)
    })

    test('list and revoke: a revoked password stops working', async () => {
      const { appPasswords } = site.services
      const one = await appPasswords.create(as.author.id, 'One', as.author.actor)
      clock.advance(1000)
      const two = await appPasswords.create(as.author.id, 'Two', as.author.actor)
      const listed = await appPasswords.list(as.author.id, as.author.actor)
      expect(listed.map((p) => p.name)).toEqual(['One', 'Two'])
      expect(listed[0]).not.toHaveProperty('password_hash')
      await appPasswords.revoke(as.author.id, one.info.uuid, as.author.actor)
      expect((await appPasswords.list(as.author.id, as.author.actor)).map((p) => p.name)).toEqual(['Two'])
      expect(await appPasswords.authenticate('author', one.password)).toBeNull()
      expect((await appPasswords.authenticate('author', two.password))?.id).toBe(as.author.id)
      await expect(appPasswords.revoke(as.author.id, one.info.uuid, as.author.actor)).rejects.toMatchObject({ kind: 'not_found', code: 'application_password_not_found' })
      // a uuid of someone else's password does not revoke it through another user id
      const editors = await appPasswords.create(as.editor.id, 'E', as.editor.actor)
      await expect(appPasswords.revoke(as.author.id, editors.info.uuid, as.author.actor)).rejects.toMatchObject({ code: 'application_password_not_found' })
      expect((await appPasswords.authenticate('editor', editors.password))?.id).toBe(as.editor.id)
    })

    test('another author cannot manage someone else’s passwords; an administrator can', async () => {
      const { appPasswords, users } = site.services
      const other = await users.create({ email: 'other.author@example.com', displayName: 'Other', role: 'author' }, as.administrator.actor)
      await expect(appPasswords.create(other.id, 'Sneaky', as.author.actor)).rejects.toMatchObject({ kind: 'forbidden' })
      await expect(appPasswords.create(other.id, 'Sneaky', as.editor.actor)).rejects.toMatchObject({ kind: 'forbidden' })
      await expect(appPasswords.create(other.id, 'Sneaky', { kind: 'anonymous' })).rejects.toMatchObject({ kind: 'unauthenticated' })
      expect(await appPasswords.list(other.id, as.administrator.actor)).toEqual([])

      const made = await appPasswords.create(other.id, 'Set up by admin', as.administrator.actor)
      expect((await appPasswords.authenticate(other.login, made.password))?.id).toBe(other.id)
      await expect(appPasswords.list(other.id, as.author.actor)).rejects.toMatchObject({ kind: 'forbidden' })
      await expect(appPasswords.revoke(other.id, made.info.uuid, as.author.actor)).rejects.toMatchObject({ kind: 'forbidden' })
      await appPasswords.revoke(other.id, made.info.uuid, as.administrator.actor)
      expect(await appPasswords.list(other.id, as.administrator.actor)).toEqual([])
    })

    test('an unknown user gets user_not_found', async () => {
      await expect(site.services.appPasswords.create(9999, 'X', as.administrator.actor)).rejects.toMatchObject({ code: 'user_not_found' })
    })
  })
})
