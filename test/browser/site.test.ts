import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../../src/users/index.js'
import { horizontalOverflow, launchBrowser, SCREENSHOTS, screenshot, seriousAccessibilityProblems } from '../helpers/browser.js'
import { startTestServer, type TestServer } from '../helpers/server.js'

const WIDTHS = [1280, 390] as const

// Every bundled theme passes the same checks on the same pages (docs/themes.md: the template data is the same).
describe.each(['default', 'gazette'])('the %s theme in Chromium', (theme) => {
  const shot = (name: string) => (theme === 'default' ? `site-${name}` : `site-${theme}-${name}`)
  let server: TestServer
  let browser: Awaited<ReturnType<typeof launchBrowser>>
  const pages: Record<string, string> = {}

  beforeAll(async () => {
    server = await startTestServer('sqlite')
    browser = await launchBrowser()
    const { posts, terms, permalinks, settings, users, search, media } = server.services
    await settings.set('theme', theme, systemActor)
    const world = await terms.create('category', { name: 'World' }, systemActor)
    await terms.create('category', { name: 'Europe', parentId: world.id }, systemActor)
    for (let i = 1; i <= 12; i++) {
      await posts.create({
        title: `Ministers meet again over the "long" border question, round ${i}`,
        content: `<p>It's the ${i}th meeting this year -- and talks go on...</p><h2>Background</h2><p>A very-long-word-that-should-wrap-${'x'.repeat(60)} appears here.</p><pre><code>const "straight" = 'quotes'</code></pre>`,
        status: 'publish',
        categories: [i % 2 ? 'World' : 'Europe'],
        tags: ['Diplomacy'],
      }, systemActor)
    }
    const { posts: [welcome] } = await posts.list({ perPage: 1, order: 'asc' }, systemActor)
    // The post as a newsroom publishes it: by a named author, with stories on the same subject to read next.
    const author = await users.create({ email: 'maria.lopez@news.example', displayName: 'Maria Lopez', role: 'author', password: null }, systemActor)
    await posts.update(welcome!.id, { authorId: author.id }, systemActor)
    // One of them with a photograph (Read Also shows it), one without a title (Read Also still names a link).
    const photo = await media.upload({ data: await sharp({ create: { width: 600, height: 400, channels: 3, background: '#2a6f97' } }).jpeg().toBuffer(), filename: 'newsroom.jpg' }, systemActor)
    for (const title of ['How the newsroom writes headlines and captions', 'A style guide for photographs, captions and quotes', 'Captions and quotes: a checklist for headlines', '']) {
      await posts.create({
        title, status: 'publish', authorId: author.id, categories: ['Uncategorized'], featuredMediaId: title.startsWith('How') ? photo.id : undefined,
        content: '<p>Headlines, subheadings, photographs with captions, quotes and lists: how a newsroom writes a story for its readers.</p>',
      }, systemActor)
    }
    await search.idle()
    pages.search = '/?s=border+talks'
    pages.home = '/'
    pages.post = new URL(await permalinks.linkFor(welcome!)).pathname
    pages.archive = '/category/world/'
    pages['not-found'] = '/no/such/story/'
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  for (const width of WIDTHS) {
    for (const name of ['home', 'post', 'archive', 'search', 'not-found']) {
      test(`${name} at ${width}px: no sideways overflow, no serious accessibility problems`, async () => {
        const page = await browser.context.newPage()
        await page.setViewportSize({ width, height: 900 })
        const response = await page.goto(server.url + pages[name])
        expect(response!.status()).toBe(name === 'not-found' ? 404 : 200)
        expect(await page.locator('link[rel=stylesheet]').first().getAttribute('href')).toContain(`/assets/${theme}/`)
        await screenshot(page, shot(`${name}-${width}`))
        expect(await horizontalOverflow(page)).toBe(0)
        // One <h1>, and no heading that skips a level on the way down (axe counts a skip as moderate only).
        const levels = (await page.evaluate(`[...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1]))`)) as number[]
        expect(levels.filter((level) => level === 1), JSON.stringify(levels)).toHaveLength(1)
        levels.forEach((level, i) => expect(level - (levels[i - 1] ?? 0), JSON.stringify(levels)).toBeLessThanOrEqual(1))
        // Landmarks and the page's language.
        expect(await page.getAttribute('html', 'lang')).toBe('en')
        for (const landmark of ['body > header', 'nav', 'main#main', 'body > footer']) expect(await page.locator(landmark).count(), landmark).toBeGreaterThan(0)
        const problems = await seriousAccessibilityProblems(page)
        expect(problems, JSON.stringify(problems, null, 2)).toEqual([])
        await page.close()
      })
    }
  }

  test('the post shows its headline, figure with caption, byline, categories, Read Also and the reply form', async () => {
    const page = await browser.context.newPage()
    await page.goto(server.url + pages.post)
    await expect(page.locator('h1').first().textContent()).resolves.toBe('Welcome to Pressroom')
    await expect(page.locator('.byline a[rel=author]').textContent()).resolves.toBe('Maria Lopez')
    await expect(page.locator('.byline time').getAttribute('datetime')).resolves.toMatch(/^\d{4}-\d{2}-\d{2}T/)
    await expect(page.locator('a[rel="category tag"]').allTextContents()).resolves.toEqual(['Uncategorized'])
    await expect(page.locator('.related h2').textContent()).resolves.toBe('Read Also')
    await expect(page.locator('.related a').allTextContents()).resolves.toEqual(expect.arrayContaining(['How the newsroom writes headlines and captions']))
    const figure = page.locator('.entry-content figure').first()
    await expect(figure.locator('img').getAttribute('alt')).resolves.toMatch(/bar chart/)
    await expect(figure.locator('figcaption').textContent()).resolves.toMatch(/alt text for readers/)
    await expect(page.locator('.entry-content').textContent()).resolves.toContain('Straight “quotes” and apostrophes — like these —')
    await expect(page.locator('.entry-content code').first().textContent()).resolves.toBe('"quotes" stay straight here')
    await expect(page.locator('#respond h3').textContent()).resolves.toMatch(/Leave a Reply/)
    await expect(page.locator('#email-notes').textContent()).resolves.toBe('Your email address will not be published.')
    // The comment script (the default theme's, for a theme without its own) ran: it marks where the form lives.
    await page.locator('#respond-home').waitFor({ state: 'attached' })
    await page.close()
  })

  test('Read Also shows each related story with its title and date, and its photograph when it has one', async () => {
    const page = await browser.context.newPage()
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.goto(server.url + pages.post)
    const items = page.locator('.related .related-item')
    expect(await items.count()).toBe(4)
    for (let i = 0; i < 4; i++) {
      const item = items.nth(i)
      expect((await item.locator('.related-title').textContent())!.trim()).not.toBe('')
      expect(await item.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    }
    const pictured = items.filter({ hasText: 'How the newsroom writes headlines and captions' })
    const img = pictured.locator('img')
    await img.scrollIntoViewIfNeeded()
    await expect.poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0)
    await expect(items.filter({ hasText: '(no title)' }).count()).resolves.toBe(1)
    // Four to a block: two rows of two, never three and a stray one.
    const tops = await items.evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().top)))
    expect(new Set(tops).size).toBe(2)
    await page.locator('.related').scrollIntoViewIfNeeded()
    await page.locator('.related').screenshot({ path: `${SCREENSHOTS}/${shot('read-also')}.png` })
    await page.close()
  })

  test('the search page: the count, highlighted snippets, pages of results, and a friendly empty state', async () => {
    const page = await browser.context.newPage()
    await page.goto(server.url + pages.search)
    await expect(page.locator('h1').textContent()).resolves.toBe('Results for “border talks”')
    await expect(page.locator('.archive-description').textContent()).resolves.toBe('12 stories found.')
    const titles = await page.locator('.search-results h3 a').allTextContents()
    expect(titles).toHaveLength(10)
    for (const title of titles) expect(title).toMatch(/Ministers meet again over the “long” border question/)
    // The marks are the only markup a snippet carries.
    expect(await page.locator('.search-results mark').count()).toBeGreaterThan(0)
    const marked = await page.locator('.search-results mark').allTextContents()
    for (const word of marked) expect(word.toLowerCase()).toMatch(/^(border|talks)$/)
    await page.getByRole('link', { name: 'More results →' }).click()
    await page.waitForURL(/\/search\/border%20talks\/page\/2\/$/)
    expect(await page.locator('.search-results h3 a').count()).toBe(2)
    await expect(page.getByRole('link', { name: '← Better matches' }).count()).resolves.toBe(1)
    await screenshot(page, shot('search-page-2'))
    await page.locator('#search-page').fill('xylophone')
    await page.locator('#search-page').press('Enter')
    await page.waitForURL(/s=xylophone/)
    await expect(page.locator('.archive-description').textContent()).resolves.toBe('No stories found.')
    await expect(page.locator('.empty-state').textContent()).resolves.toMatch(/Nothing matched your search/)
    await screenshot(page, shot('search-empty'))
    await page.close()
  })

  test('a keyboard user reaches the content through the skip link', async () => {
    const page = await browser.context.newPage()
    await page.goto(server.url + pages.post)
    await page.keyboard.press('Tab')
    await expect(page.evaluate('document.activeElement?.textContent')).resolves.toBe('Skip to content')
    await page.keyboard.press('Enter')
    await expect(page.evaluate('location.hash')).resolves.toBe('#main')
    await page.close()
  })
})
