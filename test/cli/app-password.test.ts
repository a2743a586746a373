import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { DIALECTS } from '../helpers/databases.js'
import { type CliSite, cliSite, errorLine } from './cli-harness.js'

describe.each(DIALECTS)('pressroom app-password on %s', (dialect) => {
  let site: CliSite
  beforeEach(async () => {
    site = await cliSite(dialect)
    await site.run(['user', 'create', '--email', 'bot@example.com', '--name', 'Bot', '--role', 'author', '--login', 'bot'])
  })
  afterEach(() => site.cleanup())

  test('create --json gives a password the application-password check accepts', async () => {
    const result = await site.run(['app-password', 'create', '--user', 'bot@example.com', '--name', 'Publishing bot', '--json'])
    expect(result.code).toBe(0)
    const created = JSON.parse(result.stdout) as { password: string; uuid: string; name: string }
    expect(created).toMatchObject({ name: 'Publishing bot', uuid: expect.stringMatching(/^[0-9a-f-]{36}$/) })
    expect(created.password).toMatch(/^(\S{4} ){5}\S{4}$/)
    const user = await site.inspect((s) => s.appPasswords.authenticate('bot', created.password))
    expect(user).toMatchObject({ login: 'bot', email: 'bot@example.com' })
    expect(await site.inspect((s) => s.appPasswords.authenticate('bot', 'abcd efgh ijkl mnop qrst uvwx'))).toBeNull()
  })

  test('create without --json prints the password once; list never shows it; revoke removes it', async () => {
    const created = await site.run(['app-password', 'create', '--user', 'bot', '--name', 'Feed reader'])
    expect(created.code).toBe(0)
    const password = /^Password: (.+?) {2}\(shown only this once\)$/m.exec(created.stdout)![1]!
    const uuid = /\(([0-9a-f-]{36})\)/.exec(created.stdout)![1]!
    const list = await site.run(['app-password', 'list', '--user', 'bot', '--json'])
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ uuid, name: 'Feed reader', last_used_at: null })])
    expect(list.stdout).not.toContain(password)
    expect((await site.run(['app-password', 'revoke', '--user', 'bot', uuid])).code).toBe(0)
    expect(await site.inspect((s) => s.appPasswords.authenticate('bot', password))).toBeNull()
    const again = await site.run(['app-password', 'revoke', '--user', 'bot', uuid])
    expect(again.code).toBe(1)
    expect(errorLine(again)).toBe('error: No such application password.')
  })

  test('an unknown user exits 1, a duplicate name exits 1, a missing --name exits 2', async () => {
    const unknown = await site.run(['app-password', 'create', '--user', 'ghost@example.com', '--name', 'X'])
    expect(unknown.code).toBe(1)
    expect(errorLine(unknown)).toBe('error: No user "ghost@example.com".')
    await site.run(['app-password', 'create', '--user', 'bot', '--name', 'X'])
    const duplicate = await site.run(['app-password', 'create', '--user', 'bot', '--name', 'X'])
    expect(duplicate.code).toBe(1)
    expect(errorLine(duplicate)).toMatch(/already exists/)
    const missing = await site.run(['app-password', 'create', '--user', 'bot'])
    expect(missing.code).toBe(2)
    expect(errorLine(missing)).toBe("error: required option '--name <label>' not specified")
  })
})
