import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { systemActor } from '../../src/users/index.js'
import { DIALECTS } from '../helpers/databases.js'
import { type CliSite, cliSite, errorLine } from './cli-harness.js'

const passwordIn = (stdout: string) => /^Password: (\S+)/m.exec(stdout)?.[1]

describe.each(DIALECTS)('pressroom user on %s', (dialect) => {
  let site: CliSite
  beforeEach(async () => {
    site = await cliSite(dialect)
  })
  afterEach(() => site.cleanup())

  const userCount = () => site.inspect(async (s) => (await s.users.list(systemActor)).length)

  test('create prints a generated password once, and that password signs in', async () => {
    const result = await site.run(['user', 'create', '--email', 'Ann@Example.com', '--name', 'Ann Editor', '--role', 'administrator'])
    expect(result).toMatchObject({ code: 0, stderr: '' })
    expect(result.stdout).toMatch(/^Created user 1 \(ann, ann@example\.com\) as administrator\.$/m)
    const password = passwordIn(result.stdout)
    expect(password).toMatch(/^\S{16,}$/)
    expect(result.stdout.split(password!).length - 1).toBe(1)
    const signedIn = await site.inspect((s) => s.users.authenticate('ann', password!))
    expect(signedIn).toMatchObject({ email: 'ann@example.com', role: 'administrator', display_name: 'Ann Editor' })
    expect(await site.inspect((s) => s.users.authenticate('ann', 'not-the-password'))).toBeNull()
  })

  test('create with --password and --login uses them and prints no password', async () => {
    const result = await site.run(['user', 'create', '--email', 'bo@example.com', '--name', 'Bo', '--role', 'author', '--login', 'bobo', '--password', 'correct horse battery'])
    expect(result.code).toBe(0)
    expect(result.stdout).not.toMatch(/Password:/)
    expect(await site.inspect((s) => s.users.authenticate('bobo', 'correct horse battery'))).toMatchObject({ role: 'author' })
  })

  test('list prints a table, and JSON without password hashes', async () => {
    await site.run(['user', 'create', '--email', 'a@example.com', '--name', 'Ann', '--role', 'administrator'])
    await site.run(['user', 'create', '--email', 'b@example.com', '--name', 'Bo', '--role', 'subscriber'])
    const table = await site.run(['user', 'list'])
    expect(table.code).toBe(0)
    const lines = table.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^ID\s+LOGIN\s+EMAIL\s+NAME\s+ROLE\s+REGISTERED$/)
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/).slice(0, 5))).toEqual([
      ['1', 'a', 'a@example.com', 'Ann', 'administrator'],
      ['2', 'b', 'b@example.com', 'Bo', 'subscriber'],
    ])
    const json = await site.run(['user', 'list', '--json'])
    const users = JSON.parse(json.stdout) as Record<string, unknown>[]
    expect(users.map((u) => [u.id, u.login, u.email, u.role])).toEqual([
      [1, 'a', 'a@example.com', 'administrator'],
      [2, 'b', 'b@example.com', 'subscriber'],
    ])
    expect(json.stdout).not.toMatch(/password_hash|\$argon2/)
  })

  test('set-role finds the user by id, login or email', async () => {
    await site.run(['user', 'create', '--email', 'a@example.com', '--name', 'Ann', '--role', 'administrator'])
    await site.run(['user', 'create', '--email', 'b@example.com', '--name', 'Bo', '--role', 'subscriber'])
    expect(await site.run(['user', 'set-role', 'b@example.com', 'author'])).toMatchObject({ code: 0, stdout: 'User 2 (b) is now author.\n' })
    expect((await site.run(['user', 'set-role', 'b', 'editor'])).code).toBe(0)
    expect((await site.run(['user', 'set-role', '2', 'contributor'])).code).toBe(0)
    expect(await site.inspect(async (s) => (await s.users.get(2)).role)).toBe('contributor')
  })

  test('set-role: an unknown user exits 1, an unknown role 2, the last administrator stays one (1)', async () => {
    await site.run(['user', 'create', '--email', 'a@example.com', '--name', 'Ann', '--role', 'administrator'])
    const missing = await site.run(['user', 'set-role', 'nobody@example.com', 'editor'])
    expect(missing.code).toBe(1)
    expect(errorLine(missing)).toBe('error: No user "nobody@example.com".')
    const badRole = await site.run(['user', 'set-role', 'a', 'overlord'])
    expect(badRole.code).toBe(2)
    expect(errorLine(badRole)).toMatch(/^error: Unknown role "overlord"/)
    const last = await site.run(['user', 'set-role', 'a', 'editor'])
    expect(last.code).toBe(1)
    expect(errorLine(last)).toMatch(/^error: This is the only administrator/)
    expect(await site.inspect(async (s) => (await s.users.get(1)).role)).toBe('administrator')
  })

  test('reset-password generates a new password that works and ends the old sessions', async () => {
    await site.run(['user', 'create', '--email', 'a@example.com', '--name', 'Ann', '--role', 'editor', '--password', 'first password'])
    const token = await site.inspect(async (s) => (await s.sessions.start(1)).token)
    const result = await site.run(['user', 'reset-password', 'a@example.com'])
    expect(result.code).toBe(0)
    const password = passwordIn(result.stdout)!
    expect(password).toBeTruthy()
    await site.inspect(async (s) => {
      expect(await s.users.authenticate('a', 'first password')).toBeNull()
      expect(await s.users.authenticate('a', password)).toMatchObject({ id: 1 })
      expect(await s.sessions.resolve(token)).toBeNull()
    })
    const given = await site.run(['user', 'reset-password', '1', '--password', 'second password'])
    expect(given.code).toBe(0)
    expect(given.stdout).not.toMatch(/Password:/)
    expect(await site.inspect((s) => s.users.authenticate('a@example.com', 'second password'))).not.toBeNull()
  })

  test('reset-password refuses a short password with exit 2 and keeps the old one', async () => {
    await site.run(['user', 'create', '--email', 'a@example.com', '--name', 'Ann', '--role', 'editor', '--password', 'first password'])
    const result = await site.run(['user', 'reset-password', 'a', '--password', 'short'])
    expect(result.code).toBe(2)
    expect(errorLine(result)).toMatch(/^error: The password must have at least 8 characters/)
    expect(await site.inspect((s) => s.users.authenticate('a', 'first password'))).not.toBeNull()
  })

  test('a duplicate email exits 1 with a clear message and writes nothing', async () => {
    await site.run(['user', 'create', '--email', 'a@example.com', '--name', 'Ann', '--role', 'editor'])
    const result = await site.run(['user', 'create', '--email', 'A@example.com', '--name', 'Another Ann', '--role', 'author', '--login', 'ann2'])
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(errorLine(result)).toBe('error: A user with the email a@example.com already exists.')
    expect(await userCount()).toBe(1)
    expect(await site.inspect((s) => s.users.find('ann2').catch(() => null))).toBeNull()
  })

  test('an unknown role exits 2 and writes nothing', async () => {
    const result = await site.run(['user', 'create', '--email', 'a@example.com', '--name', 'Ann', '--role', 'boss'])
    expect(result.code).toBe(2)
    expect(errorLine(result)).toBe('error: Unknown role "boss": choose one of administrator, editor, author, contributor, subscriber.')
    expect(result.stdout).toBe('')
    expect(await userCount()).toBe(0)
  })

  test('an invalid email exits 2', async () => {
    const result = await site.run(['user', 'create', '--email', 'not-an-email', '--name', 'Ann', '--role', 'editor'])
    expect(result.code).toBe(2)
    expect(errorLine(result)).toMatch(/^error: "not-an-email" is not a valid email address/)
  })
})
