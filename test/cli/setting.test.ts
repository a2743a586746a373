import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { anonymousActor, systemActor } from '../../src/users/index.js'
import { DIALECTS } from '../helpers/databases.js'
import { type CliSite, cliSite, errorLine } from './cli-harness.js'

describe.each(DIALECTS)('pressroom setting on %s', (dialect) => {
  let site: CliSite
  beforeEach(async () => {
    site = await cliSite(dialect)
  })
  afterEach(() => site.cleanup())

  test('get prints a value; set stores it typed', async () => {
    expect(await site.run(['setting', 'get', 'title'])).toMatchObject({ code: 0, stdout: 'Pressroom\n', stderr: '' })
    expect(await site.run(['setting', 'set', 'title', 'The Daily Planet'])).toMatchObject({ code: 0, stdout: 'title = The Daily Planet\n' })
    expect((await site.run(['setting', 'get', 'title'])).stdout).toBe('The Daily Planet\n')
    expect((await site.run(['setting', 'set', 'posts_per_page', '25'])).code).toBe(0)
    expect((await site.run(['setting', 'set', 'comment_moderation', 'yes'])).code).toBe(0)
    await site.inspect(async (s) => {
      expect(await s.settings.get('posts_per_page')).toBe(25)
      expect(await s.settings.get('comment_moderation')).toBe(true)
      expect(await s.settings.get('title')).toBe('The Daily Planet')
    })
  })

  test('the spam defences are settings with their defaults, and `setting set … 0` turns one off', async () => {
    const defaults = { comment_flood_seconds: '15', comment_min_fill_seconds: '3', comment_rate_per_hour: '30', comment_post_rate_per_minute: '60', comment_max_links: '2', thread_comments_depth: '5' }
    for (const [key, value] of Object.entries(defaults)) expect((await site.run(['setting', 'get', key])).stdout, key).toBe(`${value}\n`)
    const flood = async () =>
      site.inspect(async (s) => {
        await s.settings.update({ comment_previously_approved: false }, systemActor)
        const post = await s.posts.create({ title: `Quick replies ${Math.random()}`, status: 'publish' }, systemActor)
        const from = { postId: post.id, authorName: 'Fast Typist', authorEmail: 'fast@example.com', authorIp: '198.51.100.4' }
        await s.comments.submit({ ...from, content: 'First thought' }, anonymousActor)
        return s.comments.submit({ ...from, content: 'Second thought' }, anonymousActor).then((c) => c.status, (err: { code?: string }) => err.code)
      })
    expect(await flood()).toBe('comment_flood')
    for (const key of Object.keys(defaults).filter((k) => k.startsWith('comment_'))) {
      expect(await site.run(['setting', 'set', key, '0']), key).toMatchObject({ code: 0, stdout: `${key} = 0\n` })
    }
    expect(await flood()).toBe('approved')
    await site.inspect(async (s) => {
      expect(await s.settings.all()).toMatchObject({ comment_flood_seconds: 0, comment_min_fill_seconds: 0, comment_rate_per_hour: 0, comment_post_rate_per_minute: 0, comment_max_links: 0 })
    })
    const negative = await site.run(['setting', 'set', 'comment_flood_seconds', '-1'])
    expect(negative.code).toBe(2)
    expect(errorLine(negative)).toMatch(/^error: Invalid value for comment_flood_seconds: /)
  })

  test('objects are read and written as JSON', async () => {
    const menus = { primary: [{ label: 'Home', type: 'home' }] }
    expect((await site.run(['setting', 'set', 'menus', JSON.stringify(menus)])).code).toBe(0)
    const got = await site.run(['setting', 'get', 'menus'])
    expect(JSON.parse(got.stdout)).toEqual(menus)
    expect((await site.run(['setting', 'get', 'title', '--json'])).stdout).toBe('"Pressroom"\n')
  })

  test('a bad value exits 2 and leaves the setting unchanged', async () => {
    await site.run(['setting', 'set', 'posts_per_page', '7'])
    const abc = await site.run(['setting', 'set', 'posts_per_page', 'abc'])
    expect(abc.code).toBe(2)
    expect(errorLine(abc)).toMatch(/^error: Invalid value for posts_per_page: /)
    const tooMany = await site.run(['setting', 'set', 'posts_per_page', '1000'])
    expect(tooMany.code).toBe(2)
    const notJson = await site.run(['setting', 'set', 'menus', '{oops'])
    expect(notJson.code).toBe(2)
    expect(errorLine(notJson)).toMatch(/^error: Invalid value for menus: not JSON/)
    expect(await site.inspect((s) => s.settings.get('posts_per_page'))).toBe(7)
    expect((await site.run(['setting', 'get', 'posts_per_page'])).stdout).toBe('7\n')
  })

  test('an unknown key exits 2 for get and set', async () => {
    for (const argv of [['setting', 'get', 'colour'], ['setting', 'set', 'colour', 'red']]) {
      const result = await site.run(argv)
      expect(result.code).toBe(2)
      expect(errorLine(result)).toMatch(/^error: Unknown setting "colour"\. Known settings: title, /)
    }
  })

  test('list prints every setting, as a table or JSON', async () => {
    await site.run(['setting', 'set', 'tagline', 'All the news'])
    const json = await site.run(['setting', 'list', '--json'])
    const all = JSON.parse(json.stdout) as Record<string, unknown>
    expect(all).toMatchObject({ title: 'Pressroom', tagline: 'All the news', posts_per_page: 10, timezone: 'UTC' })
    const table = await site.run(['setting', 'list'])
    const lines = table.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^KEY\s+VALUE$/)
    expect(lines).toContainEqual(expect.stringMatching(/^tagline\s+All the news$/))
    expect(lines).toHaveLength(Object.keys(all).length + 1)
  })
})
