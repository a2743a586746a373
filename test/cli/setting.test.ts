import { afterEach, beforeEach, describe, expect, test } from 'vitest'
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
