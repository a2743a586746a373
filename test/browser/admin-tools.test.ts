import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type AdminSession, startAdminSession } from '../admin/helpers.js'
import type { TestServer } from '../helpers/server.js'
import { fileFacts } from '../wxr/file-facts.js'
import { ownFixture, sharedFixture } from '../wxr/fixtures.js'

const THEME_UNIT_TEST = sharedFixture('wxr/themeunittestdata.wordpress.xml')

/** An administrator moves a WordPress site in from the admin's Tools screen, and takes it out again. */
describe.skipIf(!THEME_UNIT_TEST)('Tools → Import and Export in Chromium', () => {
  let session: AdminSession
  let server: TestServer
  let page: Page

  beforeAll(async () => {
    session = await startAdminSession()
    ;({ server, page } = session)
  })
  afterAll(() => session?.close())

  const signInAs = (role: string) => session.signInAs(role)
  const checkPage = (name: string) => session.checkPage(name)

  const cell = (row: string, column: number) => page.getByRole('row', { name: new RegExp(`^${row}\\b`) }).getByRole('cell').nth(column).textContent()

  test('uploads the Theme Unit Test export, watches it import, reads the summary, and sees the posts on the site', async () => {
    await signInAs('administrator')
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Tools' }).click()
    await page.getByRole('heading', { name: 'Tools', exact: true }).waitFor()
    await checkPage('admin-tools-01-empty')

    // Nothing chosen: a clear message, and the file field gets the focus.
    await page.getByRole('button', { name: 'Import', exact: true }).click()
    await page.getByRole('alert').filter({ hasText: 'Choose a WordPress export file' }).waitFor()
    await expect.poll(() => page.evaluate('document.activeElement.id')).toBe('wxr-file')

    await page.getByLabel('WordPress export file').setInputFiles(THEME_UNIT_TEST!)
    await page.getByRole('button', { name: 'Import', exact: true }).click()
    await page.getByRole('table', { name: 'What the import did' }).waitFor({ timeout: 120_000 })
    await expect(page.getByRole('status').filter({ hasText: 'Imported' }).first().textContent()).resolves.toContain('themeunittestdata.wordpress.xml')

    // The summary's numbers are the file's: every post, page and comment of it.
    const facts = fileFacts(THEME_UNIT_TEST!)
    const inFile = (type: string) => Object.entries(facts.byTypeAndStatus[type] ?? {}).filter(([status]) => !['auto-draft', 'inherit'].includes(status)).reduce((n, [, c]) => n + c, 0)
    expect(Number(await cell('Posts', 0))).toBe(inFile('post'))
    expect(Number(await cell('Pages', 0))).toBe(inFile('page'))
    expect(Number(await cell('Comments', 0))).toBe(Object.values(facts.comments).reduce((a, b) => a + b, 0))
    expect(Number(await cell('Media', 0))).toBe(facts.byTypeAndStatus.attachment?.inherit ?? 0)
    expect(Number(await cell('Posts', 2))).toBe(0)
    // No --uploads from a browser: the media are recorded by their old address and listed as missing.
    await expect(page.locator('.tools-details summary').first().textContent()).resolves.toMatch(/^\d+ missing files/)
    await checkPage('admin-tools-02-summary')

    // The site shows what came in.
    const post = await server.services.handle.db.selectFrom('posts').selectAll().where('title', '=', 'Template: Paginated').executeTakeFirstOrThrow()
    await page.goto(await server.services.permalinks.linkFor(post))
    await page.getByRole('heading', { name: 'Template: Paginated' }).waitFor()

    // A second upload of the same file imports nothing new.
    await page.goto(`${server.url}/admin/tools`)
    await page.getByLabel('WordPress export file').setInputFiles(THEME_UNIT_TEST!)
    await page.getByRole('button', { name: 'Import', exact: true }).click()
    await page.getByRole('table', { name: 'What the import did' }).waitFor({ timeout: 120_000 })
    expect(Number(await cell('Posts', 0))).toBe(0)
    expect(Number(await cell('Posts', 1))).toBe(inFile('post'))
  })

  test('a malformed file is refused with its line and column, and nothing changes', async () => {
    const posts = async () => Number((await server.services.handle.db.selectFrom('posts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
    const before = await posts()
    await page.goto(`${server.url}/admin/tools`)
    const broken = readFileSync(THEME_UNIT_TEST!, 'utf8').replace('</wp:post_name>', '</wp:post_nam>')
    await page.getByLabel('WordPress export file').setInputFiles({ name: 'broken.xml', mimeType: 'text/xml', buffer: Buffer.from(broken) })
    await page.getByRole('button', { name: 'Import', exact: true }).click()
    const alert = page.getByRole('alert').filter({ hasText: 'Nothing was imported' })
    await alert.waitFor({ timeout: 60_000 })
    expect(await alert.textContent()).toMatch(/broken\.xml: .* at line \d+, column \d+/)
    expect(await posts()).toBe(before)
    await checkPage('admin-tools-03-refused')
  })

  test('downloads an export with the filters', async () => {
    await page.goto(`${server.url}/admin/tools`)
    await page.getByLabel('Content').selectOption('page')
    await page.getByLabel('Status').selectOption('publish')
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download export file' }).click()])
    expect(file.suggestedFilename()).toMatch(/^pressroom\.wordpress\.\d{4}-\d{2}-\d{2}\.xml$/)
    const text = readFileSync((await file.path())!, 'utf8')
    expect(text).toContain('<wp:wxr_version>1.2</wp:wxr_version>')
    const types = new Set([...text.matchAll(/<wp:post_type><!\[CDATA\[(\w+)\]\]>/g)].map((m) => m[1]))
    const statuses = new Set([...text.matchAll(/<wp:status><!\[CDATA\[(\w+)\]\]>/g)].map((m) => m[1]))
    expect([...types].filter((t) => t !== 'attachment')).toEqual(['page'])
    expect([...statuses].filter((s) => s !== 'inherit')).toEqual(['publish'])
    await page.getByRole('status').filter({ hasText: 'Downloaded' }).waitFor()
  })

  test('while an import runs, the screen shows its progress: items done of the total, as a bar', async () => {
    await page.goto(`${server.url}/admin/tools`)
    // The first poll is answered as a job half done, and the next held, so that the screen is seen mid-import.
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    let polls = 0
    const jobUrl = /\/admin\/api\/tools\/import\/[^/?]+$/
    await page.route(jobUrl, async (route) => {
      if (route.request().method() !== 'GET') return route.continue()
      if (polls++ === 0) {
        const real = await route.fetch()
        const job = (await real.json()) as Record<string, unknown>
        return route.fulfill({ response: real, json: { ...job, status: 'running', phase: 'import', done: 3, total: 7, summary: null } })
      }
      await released
      return route.continue()
    })
    try {
      await page.getByLabel('WordPress export file').setInputFiles(ownFixture('dates.xml'))
      await page.getByRole('button', { name: 'Import', exact: true }).click()
      await page.getByRole('status').filter({ hasText: 'Importing: 3 of 7 items' }).waitFor()
      const bar = page.getByRole('progressbar', { name: 'Import progress' })
      expect([await bar.getAttribute('value'), await bar.getAttribute('max')]).toEqual(['3', '7'])
      await checkPage('admin-tools-05-progress')
      release()
      await page.getByRole('table', { name: 'What the import did' }).waitFor()
      expect(await bar.count()).toBe(0)
    } finally {
      release()
      await page.unroute(jobUrl)
    }
  })

  test('at 390 px the screen fits; an editor sees no Tools and is refused the screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${server.url}/admin/tools`)
    await page.getByRole('heading', { name: 'Tools', exact: true }).waitFor()
    await checkPage('admin-tools-04-mobile')
    await page.setViewportSize({ width: 1280, height: 900 })

    await signInAs('editor')
    const nav = await page.getByRole('navigation', { name: 'Admin' }).getByRole('link').allTextContents()
    expect(nav.map((t) => t.trim())).not.toContain('Tools')
    await page.goto(`${server.url}/admin/tools`)
    await page.getByRole('heading', { name: 'Not available to your role' }).waitFor()
    expect(await page.getByLabel('WordPress export file').count()).toBe(0)
  })
})
