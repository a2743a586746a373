import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../../src/users/index.js'
import { horizontalOverflow, launchBrowser, screenshot, seriousAccessibilityProblems } from '../helpers/browser.js'
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
    const { posts, terms, permalinks, settings, users, search } = server.services
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
    for (const title of ['How the newsroom writes headlines and captions', 'A style guide for photographs, captions and quotes']) {
      await posts.create({
        title, status: 'publish', authorId: author.id, categories: ['Uncategorized'],
        content: '<p>Headlines, subheadings, photographs with captions, quotes and lists: how a newsroom writes a story for its readers.</p>',
      }, systemActor)
    }
    await search.idle()
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
    for (const name of ['home', 'post', 'archive', 'not-found']) {
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
