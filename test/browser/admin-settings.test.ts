import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { MenuItem } from '../../src/settings/index.js'
import { systemActor } from '../../src/users/index.js'
import { adminAccessibilityProblems, type AdminSession, startAdminSession } from '../admin/helpers.js'
import { horizontalOverflow, screenshot } from '../helpers/browser.js'
import type { TestServer } from '../helpers/server.js'

const TABS = ['general', 'reading', 'discussion', 'permalinks', 'theme', 'menus']

/** An administrator changes the site's settings in Chromium, and the site follows at once. */
describe('the settings screens, in Chromium', () => {
  let session: AdminSession
  let server: TestServer
  let browser: AdminSession['browser']
  let page: Page
  let postId: number
  let oldUrl: string

  beforeAll(async () => {
    session = await startAdminSession({
      role: 'administrator',
      prepare: async ({ services: { posts, terms, permalinks } }) => {
        await terms.create('category', { name: 'Culture' }, systemActor)
        await terms.create('category', { name: 'Local' }, systemActor)
        await posts.create({ type: 'page', title: 'About us', content: '<p>Who we are.</p>', status: 'publish' }, systemActor)
        const post = await posts.create({ title: 'Harbour reopens', content: '<p>The boats are back.</p>', status: 'publish', categories: ['Local'] }, systemActor)
        postId = post.id
        oldUrl = await permalinks.linkFor(post)
      },
    })
    ;({ server, browser, page } = session)
  })
  afterAll(() => session?.close())

  const open = async (tab: string, heading: string) => {
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: heading }).click()
    await page.getByRole('heading', { name: `${heading} settings` }).waitFor()
  }
  const saved = (text = /Settings saved/) => page.getByRole('status').filter({ hasText: text }).waitFor()
  const siteHtml = async (path = '/') => (await fetch(server.url + path)).text()

  test('Settings is in the navigation, and every tab is accessible at 1280 and 390 px', async () => {
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Settings' }).click()
    await page.getByRole('heading', { name: 'General settings' }).waitFor()
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 })
      for (const tab of TABS) {
        await page.goto(`${server.url}/admin/settings/${tab}`)
        await page.locator('.settings-page h1').waitFor()
        await page.locator('.settings-page .spinner').waitFor({ state: 'detached' })
        await screenshot(page, `admin-settings-${tab}-${width}`)
        expect(await horizontalOverflow(page)).toBe(0)
        const problems = await adminAccessibilityProblems(page)
        expect(problems, `${tab} at ${width}px: ${JSON.stringify(problems, null, 2)}`).toEqual([])
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 })
  })

  test('General: a new title and tagline show on the site at once; a bad address is refused next to its field', async () => {
    await page.goto(`${server.url}/admin/settings/general`)
    await page.getByLabel('Site title').fill('The Harbour Gazette')
    await page.getByLabel('Tagline').fill('News from the quay')
    await page.getByLabel('Administration email address').fill('not-an-address')
    await page.getByLabel('Filter time zones').fill('paris')
    await page.getByLabel('Time zone', { exact: true }).selectOption('Europe/Paris')
    await page.getByLabel('Custom date format').fill('j M Y')
    await expect.poll(() => page.locator('.format-choice').first().locator('.help strong').textContent()).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}$/)
    await page.getByRole('button', { name: 'Save changes' }).click()
    const error = page.locator('.field.has-error .field-error')
    await error.waitFor()
    expect(await error.textContent()).toMatch(/email/i)
    // The first field in error takes the focus (on the next frame after the message shows).
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("type")')).toBe('email')
    await screenshot(page, 'admin-settings-general-error')
    expect(await server.services.settings.get('title')).not.toBe('The Harbour Gazette')

    await page.getByLabel('Administration email address').fill('desk@example.com')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await saved()
    await screenshot(page, 'admin-settings-general-saved')
    // The sidebar shows the new title without a reload.
    await expect.poll(() => page.locator('.sidebar-site').textContent()).toBe('The Harbour Gazette')
    const settings = await server.services.settings.all()
    expect(settings).toMatchObject({ title: 'The Harbour Gazette', tagline: 'News from the quay', admin_email: 'desk@example.com', timezone: 'Europe/Paris', date_format: 'j M Y' })
    const home = await siteHtml()
    expect(home).toContain('The Harbour Gazette')
    expect(home).toContain('News from the quay')
  })

  test('Permalinks: a custom structure from the tag buttons, previewed with a real post; the old address redirects (301)', async () => {
    await page.goto(`${server.url}/admin/settings/permalinks`)
    const input = page.getByLabel('Custom structure', { exact: true }).and(page.locator('input:not([type=radio])'))
    await input.fill('/stories/')
    await page.locator('.field-error', { hasText: 'must contain %postname% or %post_id%' }).waitFor()
    await input.press('End')
    await page.getByRole('button', { name: '%postname%' }).click()
    expect(await input.inputValue()).toBe('/stories/%postname%/')
    const preview = page.locator('.permalink-preview a')
    await expect.poll(() => preview.textContent()).toBe(`${server.url}/stories/harbour-reopens/`)
    await screenshot(page, 'admin-settings-permalinks-preview')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await saved()
    expect(await server.services.settings.get('permalink_structure')).toBe('/stories/%postname%/')

    await page.goto(`${server.url}/stories/harbour-reopens/`)
    expect(await page.locator('h1').first().textContent()).toBe('Harbour reopens')
    await screenshot(page, 'admin-settings-permalinks-followed')
    const old = await fetch(oldUrl, { redirect: 'manual' })
    expect(old.status).toBe(301)
    expect(new URL(old.headers.get('location')!, oldUrl).href).toBe(`${server.url}/stories/harbour-reopens/`)
    expect(oldUrl).not.toContain('/stories/')
    expect((await server.services.posts.get(postId, systemActor)).slug).toBe('harbour-reopens')
  })

  test('Theme: activating Gazette changes the site, and Default comes back', async () => {
    await page.goto(`${server.url}/admin/settings/theme`)
    await page.locator('.theme-card.is-active', { hasText: 'Default' }).waitFor()
    expect(await page.locator('.theme-card').count()).toBe(2)
    await page.getByRole('button', { name: 'Activate Gazette' }).click()
    await page.getByRole('status').filter({ hasText: 'Gazette is now the site’s theme' }).waitFor()
    await page.locator('.theme-card.is-active', { hasText: 'Gazette' }).waitFor()
    await screenshot(page, 'admin-settings-theme-activated')
    expect(await siteHtml()).toContain('/assets/gazette/css/gazette.')

    const site = await browser.context.newPage()
    for (const width of [1280, 390]) {
      await site.setViewportSize({ width, height: 900 })
      await site.goto(`${server.url}/`)
      expect(await site.locator('link[rel=stylesheet]').getAttribute('href')).toContain('/assets/gazette/')
      await screenshot(site, `admin-settings-site-gazette-${width}`)
    }
    await site.close()

    await page.getByRole('button', { name: 'Activate Default' }).click()
    await page.locator('.theme-card.is-active', { hasText: 'Default' }).waitFor()
    expect(await siteHtml()).toContain('/assets/default/css/style.')
  })

  test('Menus: a page, a category nested under it and a custom link, ordered by keyboard and by drag, show in the site header', async () => {
    await page.goto(`${server.url}/admin/settings/menus`)
    await page.getByRole('group', { name: 'Pages' }).getByLabel('About us').check()
    await page.getByRole('group', { name: 'Pages' }).getByRole('button', { name: 'Add to menu' }).click()
    await page.getByRole('group', { name: 'Categories' }).getByLabel('Culture').check()
    await page.getByRole('group', { name: 'Categories' }).getByRole('button', { name: 'Add to menu' }).click()
    await page.getByLabel('URL', { exact: true }).fill('https://example.org/')
    await page.getByLabel('Link text').fill('Elsewhere')
    await page.getByRole('form', { name: 'Custom link' }).getByRole('button', { name: 'Add to menu' }).click()
    const labels = () => page.evaluate('[...document.querySelectorAll(".menu-item .menu-label")].map((e) => e.value)')
    const depths = () => page.evaluate('[...document.querySelectorAll(".menu-item")].map((e) => Number(e.style.getPropertyValue("--depth")))')
    await expect.poll(labels).toEqual(['About us', 'Culture', 'Elsewhere'])

    // Keyboard: Culture goes under About us; Elsewhere moves up above the About us block, then back down.
    await page.getByRole('button', { name: 'Put Culture under the item above' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(depths).toEqual([0, 1, 0])
    await page.getByRole('button', { name: 'Move Elsewhere up' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(labels).toEqual(['Elsewhere', 'About us', 'Culture'])
    // At the top it cannot go further up: the focus moves to the button that can still act.
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('Move Elsewhere down')
    await expect.poll(() => page.locator('.menus [aria-live]').textContent()).toContain('Elsewhere: item 1 of 3')
    // Drag: About us (with Culture under it) back to the top.
    await page.locator('.menu-item', { has: page.locator('input[value="About us"]') }).dragTo(page.locator('.menu-item').first())
    await expect.poll(labels).toEqual(['About us', 'Culture', 'Elsewhere'])
    await expect.poll(depths).toEqual([0, 1, 0])

    await page.getByRole('textbox', { name: 'Navigation label (Page)' }).fill('About the paper')
    await screenshot(page, 'admin-settings-menus-built')
    await page.getByRole('button', { name: 'Save menu' }).click()
    await page.getByRole('status').filter({ hasText: 'Menu saved' }).waitFor()
    const menus = (await server.services.settings.get('menus')) as Record<string, MenuItem[]>
    expect(menus.primary).toMatchObject([
      { label: 'About the paper', type: 'page', children: [{ label: 'Culture', type: 'category' }] },
      { label: 'Elsewhere', type: 'url', target: 'https://example.org/' },
    ])

    const site = await browser.context.newPage()
    for (const width of [1280, 390]) {
      await site.setViewportSize({ width, height: 900 })
      await site.goto(`${server.url}/`)
      const nav = site.getByRole('navigation', { name: 'Main' })
      const about = nav.getByRole('link', { name: 'About the paper' })
      expect(await about.getAttribute('href')).toBe(`${server.url}/about-us/`)
      const culture = nav.locator('.sub-menu a', { hasText: 'Culture' })
      expect(await culture.getAttribute('href')).toBe(`${server.url}/category/culture/`)
      expect(await nav.getByRole('link', { name: 'Elsewhere' }).getAttribute('href')).toBe('https://example.org/')
      // The sub-menu opens for the keyboard as for the mouse.
      await about.focus()
      await site.keyboard.press('Tab')
      expect(await site.evaluate('document.activeElement?.textContent')).toBe('Culture')
      expect(await culture.isVisible()).toBe(true)
      await screenshot(site, `admin-settings-site-menu-${width}`)
    }
    await site.close()
  })

  test('Reading and Discussion save their rules; a wrong number is refused next to its field and nothing changes', async () => {
    await open('reading', 'Reading')
    await page.getByLabel('Syndication feeds show the most recent').fill('5')
    await page.getByLabel('Excerpt').check()
    await page.getByLabel('Discourage search engines from indexing this site').check()
    const readAlso = page.getByLabel('“Read Also” under each post shows')
    expect(await readAlso.inputValue()).toBe('4')
    await readAlso.fill('2')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await saved()
    expect(await server.services.settings.all()).toMatchObject({ posts_per_feed: 5, feed_use_excerpt: true, blog_public: false, related_posts_count: 2 })
    expect(await siteHtml('/robots.txt')).toBe('User-agent: *\nDisallow: /\n')

    await open('discussion', 'Discussion')
    await page.getByLabel('Comment must be manually approved').check()
    await page.getByLabel('Hold for moderation when a comment contains any of these words').fill('casino\nlottery')
    await page.getByLabel('Hold a comment in the queue if it contains at least').fill('200000')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await page.locator('.field.has-error .field-error', { hasText: 'comment_max_links' }).waitFor()
    await screenshot(page, 'admin-settings-discussion-error')
    expect(await server.services.settings.get('comment_moderation')).toBe(false)
    await page.getByLabel('Hold a comment in the queue if it contains at least').fill('3')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await saved()
    expect(await server.services.settings.all()).toMatchObject({ comment_moderation: true, moderation_keys: 'casino\nlottery', comment_max_links: 3 })
  })

  test('an editor sees no Settings and is refused at its address', async () => {
    await session.signInAs('editor')
    expect(await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Settings' }).count()).toBe(0)
    await page.goto(`${server.url}/admin/settings/general`)
    expect(await page.locator('.settings-page').count()).toBe(0)
    expect(await page.locator('main').textContent()).toMatch(/Not available to your role/)
  })
})
