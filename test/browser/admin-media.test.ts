import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../../src/users/index.js'
import { type AdminSession, startAdminSession } from '../admin/helpers.js'
import type { TestServer } from '../helpers/server.js'

/** An editor uploads, describes, filters and deletes files in the media library, as they would by hand. */
describe('the media library in Chromium', () => {
  let session: AdminSession
  let server: TestServer
  let page: Page
  let files: string
  const uploads = () => path.join(server.dataDir, 'uploads')
  const filesOnDisk = () => (existsSync(uploads()) ? readdirSync(uploads(), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).sort() : [])

  beforeAll(async () => {
    session = await startAdminSession({
      // A new site's welcome post comes with two images: start from an empty library.
      prepare: async ({ services }) => {
        for (const item of (await services.media.list()).items) await services.media.remove(item.id, systemActor)
      },
    })
    ;({ server, page } = session)
    files = mkdtempSync(path.join(tmpdir(), 'pressroom-media-'))
    const harbour = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#2f5d8a' } })
      .composite([{ input: Buffer.from('<svg width="1200" height="800"><rect x="300" y="420" width="600" height="120" fill="#f4f1ea"/><circle cx="900" cy="220" r="110" fill="#f2c14e"/></svg>'), top: 0, left: 0 }])
      .jpeg({ quality: 85 })
      .toBuffer()
    writeFileSync(path.join(files, 'harbour.jpg'), harbour)
    writeFileSync(path.join(files, 'logo.png'), await sharp({ create: { width: 240, height: 240, channels: 4, background: '#c0262d' } }).png().toBuffer())
    writeFileSync(path.join(files, 'budget-2026.pdf'), Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'))
  })
  afterAll(async () => {
    await session?.close()
    if (files) rmSync(files, { recursive: true, force: true })
  })

  const checkPage = (name: string) => session.checkPage(name)
  const tiles = () => page.getByRole('list', { name: 'Media items' }).getByRole('listitem')
  const harbourRow = async () => (await server.services.media.list({ search: 'harbour' })).items[0]!

  test('an editor uploads three files at once and sees each one’s progress, then the grid', async () => {
    await session.signInAs('editor')
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Media' }).click()
    await page.getByRole('heading', { name: 'Media Library' }).waitFor()
    await page.getByText('The library is empty').waitFor()
    await checkPage('admin-media-01-empty')

    await page.getByLabel('Files to upload').setInputFiles(['harbour.jpg', 'logo.png', 'budget-2026.pdf'].map((f) => path.join(files, f)))
    const rows = page.getByRole('list', { name: 'Uploads' }).getByRole('listitem')
    await expect.poll(() => rows.count()).toBe(3)
    for (const name of ['harbour.jpg', 'logo.png', 'budget-2026.pdf']) {
      const row = rows.filter({ hasText: name })
      await row.getByText('Uploaded').waitFor()
      await expect(row.getByRole('progressbar', { name: `Uploading ${name}` }).getAttribute('value')).resolves.toBe('100')
    }
    await expect.poll(() => tiles().count()).toBe(3)
    await page.getByText('Showing 3 of 3 media items').waitFor()
    // The JPEG was stored with its sizes, made by the server from the real image.
    const harbour = await harbourRow()
    expect(harbour).toMatchObject({ mime_type: 'image/jpeg', width: 1200, height: 800 })
    expect(filesOnDisk()).toEqual(expect.arrayContaining(['harbour.jpg', 'harbour-150x150.jpg', 'harbour-300x200.jpg', 'harbour-1024x683.jpg', 'logo.png', 'budget-2026.pdf']))
    await page.locator('.media-tile img').first().evaluate('(img) => img.decode()')
    await checkPage('admin-media-02-uploaded-grid')
  })

  test('an item’s details show its facts and sizes; alt text, caption and title are saved through REST', async () => {
    await tiles().filter({ hasText: 'harbour' }).getByRole('button').click()
    const panel = page.getByRole('dialog', { name: 'Attachment details' })
    await panel.waitFor()
    await expect(panel.locator('.media-facts').textContent()).resolves.toMatch(/File nameharbour\.jpg.*File typeimage\/jpeg.*File size\d+ KB.*Dimensions1200 × 800 pixels/)
    await panel.getByText('Sizes (').click()
    const sizes = await panel.locator('.media-sizes li').allTextContents()
    expect(sizes).toEqual(expect.arrayContaining([
      expect.stringMatching(/^thumbnail 150 × 150 harbour-150x150\.jpg$/),
      expect.stringMatching(/^medium 300 × 200 harbour-300x200\.jpg$/),
      expect.stringMatching(/^large 1024 × 683 harbour-1024x683\.jpg$/),
      expect.stringMatching(/^full 1200 × 800 harbour\.jpg$/),
    ]))
    await expect(panel.getByRole('link', { name: 'harbour-300x200.jpg' }).getAttribute('href')).resolves.toMatch(/\/uploads\/\d{4}\/\d{2}\/harbour-300x200\.jpg$/)
    await expect(panel.getByLabel('File URL').inputValue()).resolves.toMatch(/^http:\/\/127\.0\.0\.1:\d+\/uploads\/\d{4}\/\d{2}\/harbour\.jpg$/)

    await panel.getByLabel('Alternative text').fill('Fishing boats moored in the harbour at dusk')
    await panel.getByLabel('Caption').fill('The harbour & its boats')
    await panel.getByLabel('Title').fill('Harbour at dusk')
    await panel.getByRole('button', { name: 'Save' }).click()
    await panel.getByText('Saved.').waitFor()
    const res = await fetch(`${server.url}/wp-json/wp/v2/media/${(await harbourRow()).id}`)
    const body = (await res.json()) as { alt_text: string; caption: { rendered: string }; title: { rendered: string } }
    expect(body.alt_text).toBe('Fishing boats moored in the harbour at dusk')
    expect(body.caption.rendered).toContain('The harbour &amp; its boats')
    expect(body.title.rendered).toBe('Harbour at dusk')
    await panel.getByRole('button', { name: 'Copy URL' }).click()
    await panel.getByRole('button', { name: 'Copied' }).waitFor()
    await checkPage('admin-media-03-details')
    await page.keyboard.press('Escape')
    await panel.waitFor({ state: 'hidden' })
    // Focus returns to the item that opened the panel.
    await expect.poll(() => page.evaluate('document.activeElement.className')).toBe('media-tile')
  })

  test('filters by type, searches, and shows the list view', async () => {
    await page.getByLabel('Filter by type').selectOption({ label: 'Documents' })
    await expect.poll(() => tiles().count()).toBe(1)
    await expect(tiles().first().textContent()).resolves.toContain('budget-2026.pdf')
    await checkPage('admin-media-04-documents')
    await page.getByLabel('Filter by type').selectOption({ label: 'Images' })
    await expect.poll(() => tiles().count()).toBe(2)
    expect(new URL(page.url()).searchParams.get('type')).toBe('image')
    await page.getByLabel('Filter by type').selectOption({ label: 'All media items' })
    await expect.poll(() => tiles().count()).toBe(3)
    // The month filter offers this month, with its count.
    const month = new Date().toLocaleDateString('en-US', { month: 'long', year: 'numeric' })
    await expect(page.getByLabel('Filter by date').locator('option').allTextContents()).resolves.toEqual(['All dates', `${month} (3)`])
    await page.getByLabel('Search media').fill('logo')
    await expect.poll(() => tiles().count()).toBe(1)
    await page.getByLabel('Search media').fill('')
    await expect.poll(() => tiles().count()).toBe(3)

    await page.getByRole('button', { name: 'List view' }).click()
    const table = page.getByRole('table', { name: 'Media items, newest first' })
    await expect.poll(() => table.getByRole('row').count()).toBe(4)
    await expect(table.getByRole('row').filter({ hasText: 'budget-2026.pdf' }).textContent()).resolves.toContain('application/pdf')
    await checkPage('admin-media-05-list')
    await page.getByRole('button', { name: 'Grid view' }).click()
    await expect.poll(() => tiles().count()).toBe(3)
  })

  test('deleting an image used as a featured image and in a post names those posts first, then removes the file and its sizes', async () => {
    const harbour = await harbourRow()
    const editor = await server.services.users.find('editor@example.com')
    const night = await server.services.posts.create({ title: 'Night at the harbour', content: '<p>Boats.</p>', status: 'publish', featuredMediaId: harbour.id, authorId: editor.id }, systemActor)
    await server.services.posts.create({ title: 'Photo essay', content: `<figure class="wp-block-image"><img src="/uploads/${harbour.file}" alt="Boats" class="wp-image-${harbour.id}"></figure>`, status: 'draft', authorId: editor.id }, systemActor)

    await tiles().filter({ hasText: 'Harbour at dusk' }).getByRole('button').click()
    const panel = page.getByRole('dialog', { name: 'Attachment details' })
    await panel.getByRole('button', { name: 'Delete permanently' }).click()
    const confirm = page.getByRole('dialog', { name: 'Delete this file for good?' })
    await confirm.getByText('This file is in use.').waitFor()
    const uses = await confirm.locator('.usage-warning li').allTextContents()
    expect(uses).toEqual(['Night at the harbour (featured image)', 'Photo essay (in the content, draft)'])
    await checkPage('admin-media-06-delete-warning')
    await confirm.getByRole('button', { name: 'Delete permanently' }).click()
    await page.getByRole('status').filter({ hasText: '“Harbour at dusk” was deleted.' }).waitFor()
    await expect.poll(() => tiles().count()).toBe(2)
    expect(filesOnDisk()).toEqual(['budget-2026.pdf', 'logo-150x150.png', 'logo.png'])
    expect((await server.services.posts.get(night.id, systemActor)).featured_media_id).toBeNull()
    await checkPage('admin-media-07-deleted')
  })

  test('at 390 px the library, a dropped file’s upload and the details panel fit the phone and stay accessible', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${server.url}/admin/media`)
    await expect.poll(() => tiles().count()).toBe(2)
    // Dropped files upload like chosen ones: a drop of a real JPEG on the upload area, as a browser delivers it.
    const jpeg = readFileSync(path.join(files, 'harbour.jpg')).toString('base64')
    const dataTransfer = await page.evaluateHandle(`(() => {
      const bytes = Uint8Array.from(atob('${jpeg}'), (c) => c.charCodeAt(0))
      const data = new DataTransfer()
      data.items.add(new File([bytes], 'dropped harbour.jpg', { type: 'image/jpeg' }))
      return data
    })()`)
    await page.locator('.drop-zone').dispatchEvent('dragover', { dataTransfer })
    await page.locator('.drop-zone').dispatchEvent('drop', { dataTransfer })
    await page.getByRole('list', { name: 'Uploads' }).getByRole('listitem').filter({ hasText: 'dropped harbour.jpg' }).getByText('Uploaded').waitFor()
    expect((await server.services.media.list({ search: 'dropped' })).items.map((m) => m.file)).toEqual([expect.stringMatching(/\/dropped-harbour\.jpg$/)])
    await expect.poll(() => tiles().count()).toBe(3)
    await checkPage('admin-media-08-grid-390')
    await tiles().first().getByRole('button').click()
    await page.getByRole('dialog', { name: 'Attachment details' }).getByLabel('Alternative text').waitFor()
    await checkPage('admin-media-09-details-390')
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: 'List view' }).click()
    await page.getByRole('table', { name: 'Media items, newest first' }).waitFor()
    await checkPage('admin-media-10-list-390')
  })

  test('with more files than a page holds, Load more adds the next page and then goes away', async () => {
    await page.setViewportSize({ width: 1280, height: 900 })
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
    for (let i = 1; i <= 40; i++) await server.services.media.upload({ data: pdf, filename: `minutes-${i}.pdf` }, systemActor)
    await page.goto(`${server.url}/admin/media`)
    await expect.poll(() => tiles().count()).toBe(40)
    const status = page.locator('.load-more [role=status]')
    await expect(status.textContent()).resolves.toBe('Showing 40 of 43 media items')
    await page.getByRole('button', { name: 'Load more' }).click()
    await expect.poll(() => tiles().count()).toBe(43)
    await expect(status.textContent()).resolves.toBe('Showing 43 of 43 media items')
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0)
  })

  test('a contributor has no Media screen: no nav entry, and the address says it is not for their role', async () => {
    await page.setViewportSize({ width: 1280, height: 900 })
    await session.signInAs('contributor')
    expect(await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Media' }).count()).toBe(0)
    await page.goto(`${server.url}/admin/media`)
    await page.getByRole('heading', { name: 'Not available to your role' }).waitFor()
  })
})
