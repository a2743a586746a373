import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../../src/users/index.js'
import { DIALECTS } from '../helpers/databases.js'
import { startTestServer, type TestServer } from '../helpers/server.js'
import { adminClient, PASSWORD, signIn, staff } from './helpers.js'

const ENDPOINTS = [
  { method: 'GET', path: '/admin/api/settings' },
  { method: 'POST', path: '/admin/api/settings', body: { posts_per_feed: 12 } },
  { method: 'GET', path: '/admin/api/themes' },
  { method: 'GET', path: '/admin/api/permalink-preview?structure=%2F%25postname%25%2F' },
]

describe.each(DIALECTS)('settings admin API on %s', (dialect) => {
  let server: TestServer
  let pageId: number
  let categoryId: number
  beforeAll(async () => {
    server = await startTestServer(dialect)
    await staff(server.services)
    const { posts, terms } = server.services
    pageId = (await posts.create({ type: 'page', title: 'About us', content: '<p>Who we are</p>', status: 'publish' }, systemActor)).id
    categoryId = (await terms.create('category', { name: 'Culture' }, systemActor)).id
  })
  afterAll(() => server?.close())

  test.each(ENDPOINTS)('$method $path refuses without a session, without the nonce, and to an editor', async ({ method, path, body }) => {
    const before = await server.services.settings.all()
    const anonymous = await adminClient(server.url)
    const res = await anonymous.call(method, path, { body })
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ code: 'rest_not_logged_in', data: { status: 401 } })

    const admin = await signIn(server.url, 'administrator@example.com', PASSWORD)
    const noNonce = await admin.call(method, path, { body, nonce: null })
    expect(noNonce.status).toBe(403)
    expect(await noNonce.json()).toMatchObject({ code: 'rest_cookie_invalid_nonce', data: { status: 403 } })

    const editor = await signIn(server.url, 'editor@example.com', PASSWORD)
    const refused = await editor.call(method, path, { body })
    expect(refused.status).toBe(403)
    expect(await refused.json()).toMatchObject({ code: 'rest_forbidden', data: { status: 403 } })
    expect(await server.services.settings.all()).toEqual(before)

    const allowed = await admin.call(method, path, { body })
    expect(allowed.status, await allowed.clone().text()).toBe(200)
    expect(allowed.headers.get('cache-control')).toContain('no-store')
  })

  test('the WordPress settings route refuses an editor too', async () => {
    const editor = await signIn(server.url, 'editor@example.com', PASSWORD)
    const res = await editor.call('POST', '/wp-json/wp/v2/settings', { body: { title: 'Taken over' } })
    expect(res.status).toBe(403)
    expect(await server.services.settings.get('title')).not.toBe('Taken over')
  })

  test.each([
    { name: 'an unknown theme', body: { theme: 'no-such-theme', posts_per_feed: 20 }, code: 'unknown_theme', key: 'theme', message: /no theme "no-such-theme".*default/ },
    { name: 'a permalink structure without %postname% or %post_id%', body: { permalink_structure: '/%year%/%monthnum%/', posts_per_feed: 20 }, code: 'invalid_setting', key: 'permalink_structure', message: /must contain %postname% or %post_id%/ },
    { name: 'an unknown permalink tag', body: { permalink_structure: '/%slug%/%postname%/' }, code: 'invalid_setting', key: 'permalink_structure', message: /unknown tag/ },
    { name: 'a bad time zone', body: { timezone: 'Mars/Olympus_Mons', posts_per_feed: 20 }, code: 'invalid_setting', key: 'timezone', message: /IANA time zone/ },
    { name: 'a threading depth out of range', body: { thread_comments_depth: 40 }, code: 'invalid_setting', key: 'thread_comments_depth', message: /thread_comments_depth/ },
    { name: 'a menu link without an address', body: { menus: { primary: [{ label: 'Evil', type: 'url', target: 'javascript:alert(1)' }] } }, code: 'invalid_menu', key: 'menus', message: /needs an address/ },
    { name: 'a menu page that does not exist', body: { menus: { primary: [{ label: 'Ghost', type: 'page', target: 999999 }] } }, code: 'invalid_menu', key: 'menus', message: /not a published page/ },
    { name: 'a static front page that is not a page', body: { show_on_front: 'page', page_on_front: 999999 }, code: 'invalid_front_page', key: 'page_on_front', message: /published page/ },
    { name: 'a setting the screens do not edit', body: { mail_smtp_url: 'smtp://evil.example' }, code: 'unknown_setting', key: 'mail_smtp_url', message: /Unknown setting/ },
  ])('refuses $name with a clear 400 and changes nothing', async ({ body, code, key, message }) => {
    const before = await server.services.settings.all()
    const admin = await signIn(server.url, 'administrator@example.com', PASSWORD)
    const res = await admin.call('POST', '/admin/api/settings', { body })
    expect(res.status).toBe(400)
    const problem = (await res.json()) as { code: string; message: string; data: { status: number; key: string } }
    expect(problem).toMatchObject({ code, data: { status: 400, key } })
    expect(problem.message).toMatch(message)
    expect(await server.services.settings.all()).toEqual(before)
  })

  test('several wrong values are each named for their field', async () => {
    const admin = await signIn(server.url, 'administrator@example.com', PASSWORD)
    const res = await admin.call('POST', '/admin/api/settings', { body: { timezone: 'Nowhere/Land', posts_per_page: 0, default_comment_status: 'open' } })
    expect(res.status).toBe(400)
    const { data } = (await res.json()) as { data: { errors: Record<string, string> } }
    expect(Object.keys(data.errors).sort()).toEqual(['posts_per_page', 'timezone'])
  })

  test('an administrator saves discussion, reading, permalink, theme and menu settings, and the site shows them at once', async () => {
    const admin = await signIn(server.url, 'administrator@example.com', PASSWORD)
    await fetch(`${server.url}/`) // into the page cache
    const menus = { primary: [
      { label: 'About', type: 'page', target: pageId, children: [{ label: 'Culture desk', type: 'category', target: categoryId }] },
      { label: 'Elsewhere', type: 'url', target: 'https://example.org/' },
    ] }
    const res = await admin.call('POST', '/admin/api/settings', { body: {
      thread_comments_depth: 3, moderation_keys: 'casino\nviagra', close_comments_for_old_posts: true, close_comments_days_old: 30,
      posts_per_feed: 5, feed_use_excerpt: true, blog_public: false, theme: 'gazette', menus,
      permalink_structure: '/news/%post_id%/%postname%/', category_base: 'section',
    } })
    expect(res.status, await res.clone().text()).toBe(200)
    const { settings } = (await res.json()) as { settings: Record<string, unknown> }
    expect(settings).toMatchObject({ thread_comments_depth: 3, theme: 'gazette', category_base: 'section', blog_public: false })
    expect(settings).not.toHaveProperty('mail_smtp_url')

    const home = await (await fetch(`${server.url}/`)).text()
    expect(home).toContain('/assets/gazette/')
    expect(home).toContain('<meta name="robots" content="noindex, follow">')
    expect(home).toMatch(/href="[^"]*\/about-us\/"[^>]*>About</)
    expect(home).toMatch(/href="[^"]*\/section\/culture\/"[^>]*>Culture desk</)
    expect(await (await fetch(`${server.url}/robots.txt`)).text()).toBe('User-agent: *\nDisallow: /\n')

    const preview = await admin.call('GET', `/admin/api/permalink-preview?structure=${encodeURIComponent('/%year%/%postname%/')}`)
    const { url, current } = (await preview.json()) as { url: string; current: string }
    expect(current).toMatch(/\/news\/\d+\/welcome-to-pressroom\/$/)
    expect(url).toMatch(new RegExp(`^${server.url}/\\d{4}/welcome-to-pressroom/$`))
    const bad = await admin.call('GET', `/admin/api/permalink-preview?structure=${encodeURIComponent('/%year%/')}`)
    expect(bad.status).toBe(400)

    await admin.call('POST', '/admin/api/settings', { body: { theme: 'default', blog_public: true, permalink_structure: '/%year%/%monthnum%/%day%/%postname%/', category_base: 'category', menus: { primary: [] } } })
    expect(await (await fetch(`${server.url}/`)).text()).toContain('/assets/default/')
  })

  test('the themes list names each installed theme with its description and menu locations', async () => {
    const admin = await signIn(server.url, 'administrator@example.com', PASSWORD)
    const { active, themes } = (await (await admin.call('GET', '/admin/api/themes')).json()) as { active: string; themes: { name: string; description: string; menus: Record<string, string> }[] }
    expect(active).toBe('default')
    expect(themes.map((t) => t.name)).toEqual(['default', 'gazette'])
    for (const theme of themes) expect(theme.description.length).toBeGreaterThan(10)
    expect(themes[1]!.menus).toMatchObject({ primary: expect.any(String), footer: expect.any(String) })
  })

  test('a static front page shows at / and the posts page lists the latest posts', async () => {
    const { posts, settings } = server.services
    const blog = await posts.create({ type: 'page', title: 'Latest', content: '<p>x</p>', status: 'publish' }, systemActor)
    const admin = await signIn(server.url, 'administrator@example.com', PASSWORD)
    const res = await admin.call('POST', '/admin/api/settings', { body: { show_on_front: 'page', page_on_front: pageId, page_for_posts: blog.id } })
    expect(res.status, await res.clone().text()).toBe(200)
    expect(await (await fetch(`${server.url}/`)).text()).toContain('Who we are')
    expect(await (await fetch(`${server.url}/latest/`)).text()).toContain('Welcome to Pressroom')
    await settings.update({ show_on_front: 'posts', page_on_front: 0, page_for_posts: 0 }, systemActor)
    expect(await (await fetch(`${server.url}/`)).text()).toContain('Welcome to Pressroom')
  })
})
