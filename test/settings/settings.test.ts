import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { createSettingsService, defaultSettings, parseSettingInput } from '../../src/settings/index.js'
import { DomainError } from '../../src/shared/errors.js'
import type { Actor, Role } from '../../src/users/index.js'
import { usersByRole } from '../helpers/actors.js'
import { DIALECTS, openTestSite, type TestSite } from '../helpers/databases.js'

describe.each(DIALECTS)('settings on %s', (dialect) => {
  let site: TestSite
  let as: Record<Role, { id: number; actor: Actor }>
  beforeEach(async () => {
    site = await openTestSite(dialect)
    as = await usersByRole(site.services)
  })
  afterEach(() => site.close())

  const storedRows = () => site.services.handle.db.selectFrom('settings').selectAll().orderBy('key').execute()

  /** The error a write fails with; also checks it wrote nothing, even to a fresh reader of the database. */
  async function refused(changes: Record<string, unknown>, actor: Actor = as.administrator.actor): Promise<DomainError> {
    const before = await storedRows()
    const err = await site.services.settings.update(changes, actor).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DomainError)
    expect(await storedRows()).toEqual(before)
    const fresh = createSettingsService({ db: site.services.handle.db })
    expect(await fresh.all()).toEqual(await site.services.settings.all())
    return err as DomainError
  }

  test('a fresh site has the defaults, and stores none of them', async () => {
    const all = await site.services.settings.all()
    expect(all).toMatchObject({
      title: 'Pressroom',
      tagline: 'Just another Pressroom site',
      posts_per_page: 10,
      permalink_structure: '/%year%/%monthnum%/%day%/%postname%/',
      timezone: 'UTC',
      default_comment_status: 'open',
      require_name_email: true,
      comment_moderation: false,
    })
    expect(all).toEqual(defaultSettings())
    expect(await site.services.settings.get('tagline')).toBe('Just another Pressroom site')
    expect(await storedRows()).toEqual([])
  })

  test('set and get round-trip values of every kind, also through a fresh service on the same database', async () => {
    const { settings } = site.services
    await settings.set('tagline', 'News that matters', as.administrator.actor)
    await settings.set('posts_per_page', 25, as.administrator.actor)
    await settings.set('comment_moderation', true, as.administrator.actor)
    await settings.set('timezone', 'Europe/Paris', as.administrator.actor)
    const menus = { primary: [{ label: 'Home', type: 'home' as const }, { label: 'World', type: 'category' as const, target: 3 }] }
    await settings.update({ menus, permalink_structure: '/%category%/%postname%/' }, as.administrator.actor)

    const expected = {
      tagline: 'News that matters',
      posts_per_page: 25,
      comment_moderation: true,
      timezone: 'Europe/Paris',
      menus,
      permalink_structure: '/%category%/%postname%/',
    }
    expect(await settings.all()).toMatchObject(expected)
    expect(await settings.get('posts_per_page')).toBe(25)
    const fresh = createSettingsService({ db: site.services.handle.db })
    expect(await fresh.all()).toMatchObject({ ...expected, title: 'Pressroom' })
    // setting a key again replaces it
    await settings.set('posts_per_page', 5, as.administrator.actor)
    expect(await createSettingsService({ db: site.services.handle.db }).get('posts_per_page')).toBe(5)
    expect((await storedRows()).filter((r) => r.key === 'posts_per_page')).toEqual([{ key: 'posts_per_page', value: '5' }])
  })

  test('update returns the settings after the write', async () => {
    const after = await site.services.settings.update({ title: 'The Daily' }, as.administrator.actor)
    expect(after.title).toBe('The Daily')
    expect(after.tagline).toBe('Just another Pressroom site')
  })

  describe('bad values are refused with a message naming the key, and nothing is written', () => {
    test.each([
      ['posts_per_page', 0],
      ['posts_per_page', 'abc'],
      ['posts_per_page', 2.5],
      ['posts_per_page', 101],
      ['timezone', 'Mars/Olympus'],
      ['permalink_structure', '/%year%/%monthnum%/'],
      ['permalink_structure', '/%year%/%postname%/%weekday%/'],
      ['permalink_structure', 'no-slash-%postname%'],
      ['comment_moderation', 'yes'],
      ['default_comment_status', 'sometimes'],
      ['admin_email', 'not-an-email'],
    ])('%s = %j', async (key, value) => {
      const err = await refused({ [key]: value })
      expect(err).toMatchObject({ kind: 'invalid', code: 'invalid_setting', details: { key } })
      expect(err.message).toContain(`Invalid value for ${key}`)
    })

    test('the permalink message says what is missing', async () => {
      const err = await refused({ permalink_structure: '/%year%/%monthnum%/' })
      expect(err.message).toContain('%postname% or %post_id%')
      // WordPress's own presets are accepted: %post_id% alone is enough, and no trailing slash is needed
      for (const structure of ['/archives/%post_id%', '/%year%/%postname%.html', '/%postname%/']) {
        await site.services.settings.set('permalink_structure', structure, as.administrator.actor)
        expect(await site.services.settings.get('permalink_structure')).toBe(structure)
      }
    })

    test('the time zone message says what is expected', async () => {
      const err = await refused({ timezone: 'Mars/Olympus' })
      expect(err.message).toMatch(/^Invalid value for timezone: .*IANA time zone/)
    })

    test('an unknown key', async () => {
      const err = await refused({ posts_per_pages: 20 })
      expect(err).toMatchObject({ kind: 'invalid', code: 'unknown_setting', details: { key: 'posts_per_pages' } })
      expect(err.message).toContain('"posts_per_pages"')
    })

    test('one bad value among several writes none of them', async () => {
      const { settings } = site.services
      await settings.set('tagline', 'Before', as.administrator.actor)
      const err = await refused({ tagline: 'After', title: 'New title', posts_per_page: 0, timezone: 'Asia/Tokyo' })
      expect(err.message).toContain('posts_per_page')
      expect(await settings.all()).toMatchObject({ tagline: 'Before', title: 'Pressroom', posts_per_page: 10, timezone: 'UTC' })
      const err2 = await refused({ tagline: 'After', nonsense: 1 })
      expect(err2.code).toBe('unknown_setting')
      expect(await settings.get('tagline')).toBe('Before')
    })
  })

  test('only manage_options may write: an editor is forbidden, a reader must sign in', async () => {
    const editorErr = await refused({ tagline: 'Edited' }, as.editor.actor)
    expect(editorErr).toMatchObject({ kind: 'forbidden', details: { capability: 'manage_options' } })
    for (const role of ['author', 'contributor', 'subscriber'] as const) {
      expect(await refused({ tagline: 'x' }, as[role].actor)).toMatchObject({ kind: 'forbidden' })
    }
    expect(await refused({ tagline: 'x' }, { kind: 'anonymous' })).toMatchObject({ kind: 'unauthenticated' })
    // the capability is checked before the values: an editor learns nothing about them
    expect(await refused({ bogus: 1 }, as.editor.actor)).toMatchObject({ kind: 'forbidden' })
    expect(await site.services.settings.get('tagline')).toBe('Just another Pressroom site')
  })
})

describe('parseSettingInput', () => {
  test('numbers become numbers, other text stays text for the validator to refuse', () => {
    expect(parseSettingInput('posts_per_page', '20')).toBe(20)
    expect(parseSettingInput('posts_per_page', ' 7 ')).toBe(7)
    expect(parseSettingInput('posts_per_page', 'abc')).toBe('abc')
  })

  test('booleans accept the usual words', () => {
    for (const t of ['1', 'true', 'YES', 'on']) expect(parseSettingInput('comment_moderation', t)).toBe(true)
    for (const f of ['0', 'false', 'No', 'off']) expect(parseSettingInput('comment_moderation', f)).toBe(false)
    expect(parseSettingInput('comment_moderation', 'maybe')).toBe('maybe')
  })

  test('strings are kept as typed', () => {
    expect(parseSettingInput('tagline', '  42 reasons ')).toBe('  42 reasons ')
    expect(parseSettingInput('timezone', 'Europe/Berlin')).toBe('Europe/Berlin')
  })

  test('objects are read as JSON, and bad JSON names the key', () => {
    expect(parseSettingInput('menus', '{"primary":[{"label":"Home","type":"home"}]}')).toEqual({ primary: [{ label: 'Home', type: 'home' }] })
    expect(() => parseSettingInput('menus', '{primary:')).toThrow(/Invalid value for menus: not JSON/)
  })

  test('an unknown key is refused', () => {
    let err: unknown
    try {
      parseSettingInput('no_such_setting', '1')
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(DomainError)
    expect(err).toMatchObject({ code: 'unknown_setting', details: { key: 'no_such_setting' } })
  })
})
