import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../../src/users/index.js'
import { adminAccessibilityProblems, type AdminSession, PASSWORD, startAdminSession } from '../admin/helpers.js'
import { caretToEndOf, screenshot } from '../helpers/browser.js'
import type { TestServer } from '../helpers/server.js'

/** WordPress-style content as an import or another client leaves it: the editor must keep all of it. */
const IMPORTED = [
  '<p>Intro with <em>emphasis</em> &amp; an ampersand.</p>',
  '<figure class="wp-caption"><img src="/uploads/2024/05/harbour.jpg" alt="Boats in the harbour" width="800" height="600" class="wp-image-5"><figcaption>Harbour at noon &amp; dusk</figcaption></figure>',
  '<h3>Details</h3>',
  '<ul><li><p>one</p></li><li><p>two</p></li></ul>',
  '<blockquote><p>Quoted words</p></blockquote>',
  '<pre><code>if (a &lt; b) return</code></pre>',
  '<hr>',
  '<p><img src="/uploads/2024/05/bare.png" alt=""></p>',
].join('')

/** What each role sees and may do in the admin, and the HTML the editor saves. */
describe('the admin by role, in Chromium', () => {
  let session: AdminSession
  let server: TestServer
  let browser: AdminSession['browser']
  let page: Page
  let importedId: number

  beforeAll(async () => {
    session = await startAdminSession({
      prepare: async ({ services }) => {
        const editor = await services.users.find('editor@example.com')
        importedId = (await services.posts.create({ title: 'Imported story', content: IMPORTED, status: 'publish', authorId: editor.id }, systemActor)).id
      },
    })
    ;({ server, browser, page } = session)
  })
  afterAll(() => session?.close())

  const signInAs = (role: string) => session.signInAs(role)
  const navLinks = async () => (await page.getByRole('navigation', { name: 'Admin' }).getByRole('link').allTextContents()).map((t) => t.trim())

  test('the editor keeps imported HTML whole and saves clean markup: figures with captions, no editing leftovers', async () => {
    await signInAs('editor')
    await page.goto(`${server.url}/admin/posts/${importedId}`)
    await page.locator('.editor-figure').first().waitFor()
    // The bare image becomes a figure, and its missing alt text is pointed out.
    expect(await page.locator('.editor-figure').count()).toBe(2)
    expect(await page.locator('.figure-warning').count()).toBe(1)
    await caretToEndOf(page.getByRole('textbox', { name: 'Post content' }).locator('p').first())
    await page.keyboard.type(' More.')
    // Ctrl+S saves a published post in place (the button asks first; the shortcut is deliberate).
    await page.keyboard.press('Control+s')
    await expect.poll(async () => (await server.services.posts.get(importedId, systemActor)).content).toContain('More.')
    await page.locator('.save-status', { hasText: 'Published' }).waitFor()
    const saved = (await server.services.posts.get(importedId, systemActor)).content
    expect(saved).toContain('<p>Intro with <em>emphasis</em> &amp; an ampersand. More.</p>')
    expect(saved).toMatch(/<figure class="wp-block-image[^"]*"><img src="\/uploads\/2024\/05\/harbour.jpg" alt="Boats in the harbour" width="800" height="600" class="wp-image-5"><figcaption>Harbour at noon &amp; dusk<\/figcaption><\/figure>/)
    expect(saved).toContain('<h3>Details</h3>')
    expect(saved).toContain('<ul><li><p>one</p></li><li><p>two</p></li></ul>')
    expect(saved).toContain('<blockquote><p>Quoted words</p></blockquote>')
    expect(saved).toContain('<pre><code>if (a &lt; b) return</code></pre>')
    expect(saved).toContain('<hr>')
    expect(saved).toMatch(/<figure class="wp-block-image"><img src="\/uploads\/2024\/05\/bare.png" alt=""><\/figure>/)
    expect(saved).not.toMatch(/contenteditable|draggable|data-node-view|data-drag-handle|ProseMirror|style=/)
  })

  test('a contributor sees Dashboard and Posts, may not publish or make categories, and submits for review', async () => {
    await signInAs('contributor')
    expect(await navLinks()).toEqual(['New post', 'Dashboard', 'Posts', 'View site', 'Your profile'])
    await page.getByRole('link', { name: 'New post' }).first().click()
    await page.getByLabel('Title').fill('Council votes on the budget')
    await page.getByRole('textbox', { name: 'Post content' }).click()
    await page.keyboard.type('The vote is on Thursday.')
    expect(await page.getByRole('button', { name: 'Publish' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: '+ Add a category' }).count()).toBe(0)
    expect(await page.getByText('Feature on the front page').count()).toBe(0)
    await page.getByRole('button', { name: 'Submit for review' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Submit for review' }).click()
    await page.getByRole('status').filter({ hasText: 'submitted for review' }).waitFor()
    await page.evaluate('window.scrollTo(0, 0)')
    await screenshot(page, 'admin-roles-01-contributor-submitted')
    const { posts } = await server.services.posts.list({ status: 'pending' }, systemActor)
    expect(posts.map((p) => p.title)).toEqual(['Council votes on the budget'])
  })

  test('an editor finds the pending post, previews it, and publishes it', async () => {
    await signInAs('editor')
    await page.goto(`${server.url}/admin/posts?status=pending`)
    await page.getByRole('link', { name: 'Council votes on the budget', exact: true }).click()
    await page.locator('.save-status', { hasText: 'Pending review' }).waitFor()
    const [preview] = await Promise.all([browser.context.waitForEvent('page'), page.getByRole('button', { name: 'Preview' }).click()])
    await preview.waitForURL(/preview=true/)
    await expect(preview.locator('h1').first().textContent()).resolves.toBe('Council votes on the budget')
    await screenshot(preview, 'admin-roles-02-preview')
    await preview.close()
    await page.getByRole('button', { name: 'Publish' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Publish now' }).click()
    await page.getByRole('status').filter({ hasText: 'is published' }).waitFor()
    await page.evaluate('window.scrollTo(0, 0)')
    await screenshot(page, 'admin-roles-02b-editor-published')
    const { posts } = await server.services.posts.list({ status: 'publish' }, systemActor)
    expect(posts.map((p) => p.title)).toContain('Council votes on the budget')
  })

  test('an editor schedules a post for tomorrow: the button says so, and the post waits', async () => {
    await page.goto(`${server.url}/admin/posts/new`)
    await page.getByLabel('Title').fill('Tomorrow’s front page')
    await page.getByRole('textbox', { name: 'Post content' }).click()
    await page.keyboard.type('Embargoed until the morning.')
    const tomorrow = new Date(Date.now() + 86400_000)
    const pad = (n: number) => String(n).padStart(2, '0')
    await page.getByLabel('Publish date').fill(`${tomorrow.getFullYear()}-${pad(tomorrow.getMonth() + 1)}-${pad(tomorrow.getDate())}T08:30`)
    await page.getByRole('button', { name: 'Schedule' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Schedule' }).click()
    await page.getByRole('status').filter({ hasText: 'is scheduled for' }).waitFor()
    await page.locator('.save-status', { hasText: 'Scheduled' }).waitFor()
    await page.evaluate('window.scrollTo(0, 0)')
    await screenshot(page, 'admin-roles-05-scheduled')
    const { posts } = await server.services.posts.list({ status: 'future' }, systemActor)
    expect(posts.map((p) => p.title)).toEqual(['Tomorrow’s front page'])
    expect(new Date(posts[0]!.published_at!).getTime()).toBeGreaterThan(Date.now())
  })

  test('an editor sees Pages, writes a page without categories or tags, and publishes it at its slug', async () => {
    await page.goto(`${server.url}/admin`)
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor()
    expect(await navLinks()).toEqual(['New post', 'Dashboard', 'Posts', 'Categories', 'Tags', 'Media', 'Pages', 'Comments', 'View site', 'Your profile'])
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Pages' }).click()
    await page.getByRole('heading', { name: 'Pages', exact: true }).waitFor()
    await page.getByRole('link', { name: 'New page' }).click()
    await page.getByLabel('Title').fill('About the paper')
    await page.getByRole('textbox', { name: 'Post content' }).click()
    await page.keyboard.type('Founded in 1938.')
    expect(await page.locator('.editor-settings').getByText('Categories').count()).toBe(0)
    expect(await page.getByLabel('Tags').count()).toBe(0)
    await expect(page.locator('.permalink').textContent()).resolves.toMatch(/\/about-the-paper\/$/)
    await page.getByRole('button', { name: 'Publish' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Publish now' }).click()
    await page.getByRole('status').filter({ hasText: 'is published' }).waitFor()
    expect(new URL(page.url()).pathname).toMatch(/^\/admin\/pages\/\d+$/)
    const site = await browser.context.newPage()
    const res = await site.goto(`${server.url}/about-the-paper/`)
    expect(res!.status()).toBe(200)
    await expect(site.locator('h1').first().textContent()).resolves.toBe('About the paper')
    await site.close()
    await page.goto(`${server.url}/admin/pages`)
    await page.getByRole('link', { name: 'About the paper', exact: true }).waitFor()
    await page.evaluate('window.scrollTo(0, 0)')
    await screenshot(page, 'admin-roles-04-pages')
  })

  test('a subscriber sees no writing tools, and a screen they may not use says so', async () => {
    await signInAs('subscriber')
    expect(await navLinks()).toEqual(['Dashboard', 'View site', 'Your profile'])
    expect(await page.getByRole('link', { name: 'New post' }).count()).toBe(0)
    await screenshot(page, 'admin-roles-03-subscriber')
    await page.goto(`${server.url}/admin/posts`)
    await page.getByRole('heading', { name: 'Not available to your role' }).waitFor()
    const problems = await adminAccessibilityProblems(page)
    expect(problems, JSON.stringify(problems, null, 2)).toEqual([])
  })

  test('repeated wrong passwords: sign-in is paused with a clear message and a way to reset the password', async () => {
    await browser.context.clearCookies()
    await page.goto(`${server.url}/admin/login`)
    await page.getByLabel('Email or username').fill('author@example.com')
    for (let i = 0; i < 5; i++) {
      await page.getByLabel('Password').fill(`wrong guess ${i}`)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.getByRole('alert').filter({ hasText: 'not right' }).waitFor()
    }
    // Now even the right password waits.
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    const notice = page.getByRole('status').filter({ hasText: 'Too many failed sign-in attempts' })
    await notice.waitFor()
    await expect(notice.textContent()).resolves.toMatch(/wait \d+ minutes/)
    expect(await notice.getByRole('link', { name: 'Reset your password' }).getAttribute('href')).toBe('/admin/lost-password')
    expect(new URL(page.url()).pathname).toBe('/admin/login')
    await screenshot(page, 'admin-roles-06-throttled')
    const problems = await adminAccessibilityProblems(page)
    expect(problems, JSON.stringify(problems, null, 2)).toEqual([])
  })
})
