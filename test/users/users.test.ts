import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { DomainError } from '../../src/shared/errors.js'
import {
  can, type Capability, ROLE_CAPABILITIES, ROLES, type Role, systemActor, userActor,
} from '../../src/users/index.js'
import { usersByRole } from '../helpers/actors.js'
import { DIALECTS, openTestSite, type TestSite } from '../helpers/databases.js'

describe.each(DIALECTS)('users on %s', (dialect) => {
  let site: TestSite
  beforeEach(async () => {
    site = await openTestSite(dialect)
  })
  afterEach(() => site.close())

  const userRows = () => site.services.handle.db.selectFrom('users').selectAll().orderBy('id').execute()

  describe('create', () => {
    test('lowercases the email, takes the login from it, and never returns the password hash', async () => {
      const { users } = site.services
      const user = await users.create({ email: '  Alice.Smith@Example.COM ', displayName: ' Alice Smith ', role: 'author', password: 'correct horse' }, systemActor)
      expect(user).toMatchObject({ email: 'alice.smith@example.com', login: 'alice.smith', display_name: 'Alice Smith', role: 'author', has_password: true })
      expect(user).not.toHaveProperty('password_hash')
      const [row] = await userRows()
      expect(row!.password_hash).toMatch(/^\$argon2id\$/)
      expect(row!.password_hash).not.toContain('correct horse')
    })

    test('numbers the login when it is taken', async () => {
      const { users } = site.services
      const a = await users.create({ email: 'sam@one.example', displayName: 'Sam One', role: 'author' }, systemActor)
      const b = await users.create({ email: 'sam@two.example', displayName: 'Sam Two', role: 'author' }, systemActor)
      const c = await users.create({ email: 'Sam@three.example', displayName: 'Sam Three', role: 'author' }, systemActor)
      expect([a.login, b.login, c.login]).toEqual(['sam', 'sam2', 'sam3'])
      expect(a.has_password).toBe(false)
    })

    test('a duplicate email is a conflict (in any case) and writes nothing', async () => {
      const { users } = site.services
      await users.create({ email: 'dup@example.com', displayName: 'First', role: 'editor' }, systemActor)
      const err = await users.create({ email: 'DUP@example.com', displayName: 'Second', role: 'author', login: 'second' }, systemActor).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(DomainError)
      expect(err).toMatchObject({ kind: 'conflict', code: 'existing_user_email' })
      expect((err as Error).message).toContain('dup@example.com')
      expect((await userRows()).map((u) => u.display_name)).toEqual(['First'])
    })

    test('a duplicate login given explicitly is a conflict', async () => {
      const { users } = site.services
      await users.create({ email: 'a@example.com', displayName: 'A', role: 'author', login: 'reporter' }, systemActor)
      await expect(users.create({ email: 'b@example.com', displayName: 'B', role: 'author', login: 'reporter' }, systemActor)).rejects.toMatchObject({
        kind: 'conflict',
        code: 'existing_user_login',
      })
      expect(await userRows()).toHaveLength(1)
    })

    test.each([
      [{ role: 'superhero' }, 'invalid_role'],
      [{ email: 'not an email' }, 'invalid_email'],
      [{ email: 'missing@tld@twice' }, 'invalid_email'],
      [{ password: 'short' }, 'weak_password'],
      [{ displayName: '   ' }, 'invalid_display_name'],
      [{ login: 'has spaces in it' }, 'invalid_username'],
    ])('bad input %j is refused with %s and writes nothing', async (override, code) => {
      const input = { email: 'ok@example.com', displayName: 'Okay', role: 'author', password: 'long enough password', ...override }
      const err = await site.services.users.create(input, systemActor).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(DomainError)
      expect(err).toMatchObject({ kind: 'invalid', code })
      expect(await userRows()).toEqual([])
    })

    test('the unknown-role message lists the roles', async () => {
      const err = await site.services.users.create({ email: 'r@example.com', displayName: 'R', role: 'owner' }, systemActor).catch((e: unknown) => e)
      expect((err as Error).message).toBe('Unknown role "owner": choose one of administrator, editor, author, contributor, subscriber.')
    })

    test('only create_users may create users', async () => {
      const as = await usersByRole(site.services)
      const before = (await userRows()).length
      for (const role of ['editor', 'author', 'contributor', 'subscriber'] as const) {
        await expect(site.services.users.create({ email: `new-${role}@example.com`, displayName: 'New', role: 'subscriber' }, as[role].actor)).rejects.toMatchObject({
          kind: 'forbidden',
          code: 'insufficient_capability',
          details: { capability: 'create_users' },
        })
      }
      await expect(site.services.users.create({ email: 'anon@example.com', displayName: 'Anon', role: 'subscriber' }, { kind: 'anonymous' })).rejects.toMatchObject({
        kind: 'unauthenticated',
      })
      expect(await userRows()).toHaveLength(before)
      const made = await site.services.users.create({ email: 'new@example.com', displayName: 'New', role: 'editor' }, as.administrator.actor)
      expect(made.role).toBe('editor')
    })
  })

  describe('authenticate', () => {
    test('by login or by email (any case), with the right password only', async () => {
      const { users } = site.services
      const created = await users.create({ email: 'Writer@Example.com', displayName: 'Writer', role: 'author', password: 's3cret-passphrase' }, systemActor)
      expect((await users.authenticate('writer', 's3cret-passphrase'))?.id).toBe(created.id)
      expect((await users.authenticate('writer@example.com', 's3cret-passphrase'))?.id).toBe(created.id)
      expect((await users.authenticate(' WRITER@EXAMPLE.COM ', 's3cret-passphrase'))?.id).toBe(created.id)
      expect(await users.authenticate('writer', 'wrong-passphrase')).toBeNull()
      expect(await users.authenticate('writer', '')).toBeNull()
      expect(await users.authenticate('nobody', 's3cret-passphrase')).toBeNull()
      const authed = await users.authenticate('writer', 's3cret-passphrase')
      expect(authed).not.toHaveProperty('password_hash')
    })

    test('a user without a password cannot sign in; after setPassword they can', async () => {
      const { users } = site.services
      const user = await users.create({ email: 'imported@example.com', displayName: 'Imported', role: 'author' }, systemActor)
      expect(await users.authenticate('imported', '')).toBeNull()
      await expect(users.setPassword(user.id, 'tiny', systemActor)).rejects.toMatchObject({ code: 'weak_password' })
      await users.setPassword(user.id, 'a good long password', userActor(user))
      expect((await users.authenticate('imported', 'a good long password'))?.id).toBe(user.id)
    })
  })

  describe('setRole', () => {
    test('changes roles; demoting the last administrator is refused', async () => {
      const { users } = site.services
      const admin = await users.create({ email: 'admin@example.com', displayName: 'Admin', role: 'administrator' }, systemActor)
      const other = await users.create({ email: 'other@example.com', displayName: 'Other', role: 'author' }, systemActor)
      const adminActor = userActor(admin)
      await expect(users.setRole(admin.id, 'editor', adminActor)).rejects.toMatchObject({ kind: 'conflict', code: 'last_administrator' })
      expect((await users.get(admin.id)).role).toBe('administrator')
      // with a second administrator the first may step down
      expect((await users.setRole(other.id, 'administrator', adminActor)).role).toBe('administrator')
      expect((await users.setRole(admin.id, 'editor', adminActor)).role).toBe('editor')
      await expect(users.setRole(other.id, 'subscriber', systemActor)).rejects.toMatchObject({ code: 'last_administrator' })
      expect((await users.get(other.id)).role).toBe('administrator')
    })

    test('an unknown role, an unknown user, and an actor without promote_users are refused', async () => {
      const as = await usersByRole(site.services)
      const { users } = site.services
      await expect(users.setRole(as.author.id, 'overlord', as.administrator.actor)).rejects.toMatchObject({ code: 'invalid_role' })
      await expect(users.setRole(9999, 'author', as.administrator.actor)).rejects.toMatchObject({ code: 'user_not_found' })
      await expect(users.setRole(as.author.id, 'editor', as.editor.actor)).rejects.toMatchObject({ kind: 'forbidden' })
      await expect(users.setRole(as.author.id, 'administrator', as.author.actor)).rejects.toMatchObject({ kind: 'forbidden' })
      expect((await users.get(as.author.id)).role).toBe('author')
    })
  })

  describe('createFirstAdministrator', () => {
    test('works only while there are no users', async () => {
      const { users } = site.services
      const admin = await users.createFirstAdministrator({ email: 'Owner@Example.com', displayName: 'Owner', password: 'first admin password' })
      expect(admin).toMatchObject({ role: 'administrator', email: 'owner@example.com', login: 'owner', has_password: true })
      expect((await users.authenticate('owner', 'first admin password'))?.id).toBe(admin.id)
      await expect(users.createFirstAdministrator({ email: 'intruder@example.com', displayName: 'Intruder', password: 'another password' })).rejects.toMatchObject({
        kind: 'conflict',
        code: 'already_installed',
      })
      expect((await userRows()).map((u) => u.email)).toEqual(['owner@example.com'])
    })

    test('needs a good password', async () => {
      const { users } = site.services
      await expect(users.createFirstAdministrator({ email: 'o@example.com', displayName: 'O', password: '' })).rejects.toMatchObject({ code: 'invalid_password' })
      await expect(users.createFirstAdministrator({ email: 'o@example.com', displayName: 'O', password: 'short' })).rejects.toMatchObject({ code: 'weak_password' })
      expect(await users.count()).toBe(0)
    })
  })
})

describe('capabilities match WordPress', () => {
  const sorted = (role: Role) => [...ROLE_CAPABILITIES[role]].sort()

  test('subscriber: read only', () => {
    expect(sorted('subscriber')).toEqual(['read'])
  })

  test('contributor: edit and delete their own posts only', () => {
    expect(sorted('contributor')).toEqual(['delete_posts', 'edit_posts', 'read'])
  })

  test('author: publishes and uploads, but not others’ posts', () => {
    expect(sorted('author')).toEqual(
      ['delete_posts', 'delete_published_posts', 'edit_posts', 'edit_published_posts', 'publish_posts', 'read', 'upload_files'].sort(),
    )
  })

  test('editor: WordPress’s editor capabilities exactly', () => {
    expect(sorted('editor')).toEqual(
      [
        'moderate_comments', 'manage_categories', 'manage_links', 'upload_files', 'unfiltered_html', 'edit_posts', 'edit_others_posts',
        'edit_published_posts', 'publish_posts', 'edit_pages', 'read', 'edit_others_pages', 'edit_published_pages', 'publish_pages',
        'delete_pages', 'delete_others_pages', 'delete_published_pages', 'delete_posts', 'delete_others_posts', 'delete_published_posts',
        'delete_private_posts', 'edit_private_posts', 'read_private_posts', 'delete_private_pages', 'edit_private_pages', 'read_private_pages',
      ].sort(),
    )
  })

  test('administrator: everything an editor has, plus users and options', () => {
    for (const cap of ROLE_CAPABILITIES.editor) expect(ROLE_CAPABILITIES.administrator.has(cap)).toBe(true)
    for (const cap of ['manage_options', 'list_users', 'create_users', 'edit_users', 'delete_users', 'promote_users', 'import', 'export', 'switch_themes'] as Capability[]) {
      expect(ROLE_CAPABILITIES.administrator.has(cap)).toBe(true)
    }
  })

  test.each<[Capability, Role[]]>([
    ['unfiltered_html', ['administrator', 'editor']],
    ['moderate_comments', ['administrator', 'editor']],
    ['edit_others_posts', ['administrator', 'editor']],
    ['publish_posts', ['administrator', 'editor', 'author']],
    ['upload_files', ['administrator', 'editor', 'author']],
    ['edit_posts', ['administrator', 'editor', 'author', 'contributor']],
    ['read', ['administrator', 'editor', 'author', 'contributor', 'subscriber']],
    ['manage_options', ['administrator']],
    ['create_users', ['administrator']],
  ])('%s is held by exactly %j', (cap, holders) => {
    const actual = ROLES.filter((role) => can({ kind: 'user', userId: 1, role, name: role }, cap))
    expect(actual).toEqual(holders)
  })

  test('the system actor holds everything; an anonymous reader nothing', () => {
    expect(can(systemActor, 'manage_options')).toBe(true)
    expect(can({ kind: 'anonymous' }, 'read')).toBe(false)
  })

  test('a stored role that is no longer known acts as a subscriber', () => {
    const actor = userActor({ id: 5, role: 'ghost', display_name: 'Ghost' })
    expect(actor).toMatchObject({ kind: 'user', role: 'subscriber' })
    expect(can(actor, 'edit_posts')).toBe(false)
  })
})
