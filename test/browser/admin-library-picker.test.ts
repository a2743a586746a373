import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../../src/users/index.js'
import { type AdminSession, PASSWORD, signIn, startAdminSession } from '../admin/helpers.js'
import { screenshot } from '../helpers/browser.js'
import type { TestServer } from '../helpers/server.js'

interface Uploaded { id: number; source_url: string; media_details: { sizes: Record<string, { source_url: string }> } }

/** An editor takes images from the media library into a post and as its featured image, and drops one onto the body. */
describe('the media library in the editor, in Chromium', () => {
  let session: AdminSession
  let server: TestServer
  let browser: AdminSession['browser']
  let page: Page
  let quay: Uploaded
  let lighthouse: Uploaded
  let postId = 0
  let client: Awaited<ReturnType<typeof signIn>>

  const jpeg = (background: string, shape: string) =>
    sharp({ create: { width: 1400, height: 900, channels: 3, background } })
      .composite([{ input: Buffer.from(`<svg width="1400" height="900">${shape}</svg>`), top: 0, left: 0 }])
      .jpeg({ quality: 80 })
      .toBuffer()

  /** Uploads an image through REST as the editor, with its alt text and caption. */
  async function upload(name: string, bytes: Buffer, alt: string, caption: string, type = 'image/jpeg') {
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), name)
    form.append('alt_text', alt)
    form.append('caption', caption)
    const res = await fetch(`${server.url}/wp-json/wp/v2/media`, {
      method: 'POST',
      headers: { cookie: Object.entries(client.cookies).map(([k, v]) => `${k}=${v}`).join('; '), 'x-wp-nonce': client.nonce!, accept: 'application/json' },
      body: form,
    })
    expect(res.status, await res.clone().text()).toBe(201)
    return (await res.json()) as Uploaded
  }

  beforeAll(async () => {
    session = await startAdminSession({
      role: 'editor',
      prepare: async (started) => {
        server = started // upload() below reads it
        for (const item of (await server.services.media.list()).items) await server.services.media.remove(item.id, systemActor)
        // Two images in the library, described there, uploaded through REST as an editor.
        client = await signIn(server.url, 'editor@example.com', PASSWORD)
        quay = await upload('quay.jpg', await jpeg('#2f5d8a', '<rect x="200" y="500" width="1000" height="140" fill="#f4f1ea"/>'), 'Cranes along the north quay at sunrise', 'The north quay, before the ferries')
        lighthouse = await upload('lighthouse.jpg', await jpeg('#8a3f2f', '<rect x="650" y="150" width="100" height="600" fill="#fff"/>'), 'A white lighthouse on red rocks', 'The lighthouse')
      },
    })
    ;({ browser, page } = session)
  })
  afterAll(() => session?.close())

  const body = () => page.getByRole('textbox', { name: 'Post content' })
  const picker = (name: string) => page.getByRole('dialog', { name })
  const restContent = async (id: number) => ((await (await fetch(`${server.url}/wp-json/wp/v2/posts/${id}`)).json()) as { content: { rendered: string }; featured_media: number })
  const checkPage = (name: string) => session.checkPage(name)
  /** Presses Tab until the focused element's text (its accessible name here) is `name`. */
  async function tabTo(name: string) {
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab')
      if ((await page.evaluate('document.activeElement?.textContent?.trim() ?? ""')) === name) return
    }
    throw new Error(`Tab never reached ${name}`)
  }
  async function imagesLoaded(dialog: string) {
    await picker(dialog).getByRole('list', { name: 'Images' }).getByRole('listitem').first().waitFor()
    for (const img of await picker(dialog).locator('.media-tile img').all()) await img.evaluate('(img) => img.decode()')
  }

  test('inserts an image from the library with the keyboard: its alt text and caption, at the large size', async () => {
    await session.newPost('A morning on the quay', 'The cranes start before the ferries do.')
    await page.keyboard.press('Enter')
    await page.getByRole('button', { name: 'Insert from the media library' }).focus()
    await page.keyboard.press('Enter')
    await picker('Insert an image').waitFor()
    await imagesLoaded('Insert an image')
    await expect(picker('Insert an image').getByRole('status').textContent()).resolves.toBe('Showing 2 of 2 images')
    await checkPage('admin-library-picker-01-dialog')
    // Search narrows the grid.
    await picker('Insert an image').getByLabel('Search images').fill('lighthouse')
    await expect.poll(() => picker('Insert an image').locator('.media-tile').count()).toBe(1)
    await picker('Insert an image').getByLabel('Search images').fill('')
    await expect.poll(() => picker('Insert an image').locator('.media-tile').count()).toBe(2)
    await tabTo('quay')
    await page.keyboard.press('Enter')
    await picker('Insert an image').waitFor({ state: 'hidden' })
    // The focus is back in the body, to go on writing.
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('Post content')
    const figure = page.locator('.editor-figure')
    await figure.locator('img').waitFor()
    await expect(figure.getByLabel('Alt text').inputValue()).resolves.toBe('Cranes along the north quay at sunrise')
    await expect(figure.getByLabel('Caption').inputValue()).resolves.toBe('The north quay, before the ferries')
    await expect(figure.getByLabel('Size').inputValue()).resolves.toBe('large')
    await expect(figure.locator('img').getAttribute('src')).resolves.toBe(quay.media_details.sizes.large!.source_url)
    await figure.locator('img').evaluate('(img) => img.decode()')
    await checkPage('admin-library-picker-02-inserted')

    await page.keyboard.press('Control+s')
    await page.getByRole('status').filter({ hasText: /Draft · saved/ }).waitFor()
    postId = Number(/\/admin\/posts\/(\d+)/.exec(page.url())![1])
    const saved = await server.services.posts.get(postId, systemActor)
    expect(saved.content).toMatch(new RegExp(`<figure class="wp-block-image size-large"><img src="[^"]+/quay-1024x658\\.jpg" alt="Cranes along the north quay at sunrise" width="1024" height="658" class="wp-image-${quay.id}"><figcaption>The north quay, before the ferries</figcaption></figure>`))
  })

  test('sets the featured image from the library', async () => {
    const settings = page.locator('.editor-settings')
    await settings.getByRole('button', { name: 'Upload a featured image' }).scrollIntoViewIfNeeded()
    await screenshot(page, 'admin-library-picker-03a-featured-empty')
    await settings.getByRole('button', { name: 'Choose from the library' }).focus()
    await page.keyboard.press('Enter')
    await picker('Featured image').waitFor()
    await imagesLoaded('Featured image')
    await tabTo('lighthouse')
    await page.keyboard.press('Enter')
    await picker('Featured image').waitFor({ state: 'hidden' })
    await settings.locator('.featured img').waitFor()
    await expect(settings.locator('.featured img').getAttribute('alt')).resolves.toBe('A white lighthouse on red rocks')
    await settings.locator('.featured img').evaluate('(img) => img.decode()')
    await checkPage('admin-library-picker-03-featured')
  })

  test('a JPEG dropped onto the body is uploaded and inserted; the published post shows both images', async () => {
    const dropped = (await jpeg('#3f7a4a', '<circle cx="700" cy="450" r="250" fill="#f2c14e"/>')).toString('base64')
    const dataTransfer = await page.evaluateHandle(`(() => {
      const bytes = Uint8Array.from(atob('${dropped}'), (c) => c.charCodeAt(0))
      const data = new DataTransfer()
      data.items.add(new File([bytes], 'park.jpg', { type: 'image/jpeg' }))
      return data
    })()`)
    // Dropped on the first paragraph (ProseMirror places a drop by its coordinates, as a real drop has them).
    const box = (await page.locator('.prose-editor > p').first().boundingBox())!
    const at = { dataTransfer, clientX: Math.round(box.x + box.width / 2), clientY: Math.round(box.y + box.height / 2) }
    await body().dispatchEvent('dragover', at)
    await body().dispatchEvent('drop', at)
    await expect.poll(() => page.locator('.editor-figure').count()).toBe(2)
    const park = (await server.services.media.list({ search: 'park' })).items
    expect(park.map((m) => m.file)).toEqual([expect.stringMatching(/\/park\.jpg$/)])
    await expect.poll(() => page.locator('.editor-figure img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('src')))).toContainEqual(expect.stringMatching(/\/park\.jpg$/))
    // It went where it was dropped: after the first paragraph, before the image from the library.
    await expect(page.locator('.editor-figure img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('src')?.split('/').pop()))).resolves.toEqual(['park.jpg', 'quay-1024x658.jpg'])
    // An upload has no alt text yet: the figure says so until it is written.
    const parkFigure = page.locator('.editor-figure').filter({ has: page.locator('img[src$="/park.jpg"]') })
    await parkFigure.getByText('No alt text').waitFor()
    await parkFigure.getByLabel('Alt text').fill('Sunflowers in the harbour park')
    await expect.poll(() => parkFigure.getByText('No alt text').count()).toBe(0)
    for (const img of await page.locator('.editor-figure img').all()) await img.evaluate('(img) => img.decode()')
    await checkPage('admin-library-picker-04-dropped')

    await page.getByRole('button', { name: 'Publish', exact: true }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Publish now' }).click()
    await page.getByRole('status').filter({ hasText: 'is published' }).waitFor()
    const rest = await restContent(postId)
    expect(rest.featured_media).toBe(lighthouse.id)
    expect(rest.content.rendered).toMatch(new RegExp(`<figure class="wp-block-image size-large"><img src="[^"]+/quay-1024x658\\.jpg" alt="Cranes along the north quay at sunrise"[^>]*class="wp-image-${quay.id}[^"]*"[^>]*><figcaption>The north quay, before the ferries</figcaption></figure>`))
    expect(rest.content.rendered).toMatch(new RegExp(`<img src="[^"]+/park\\.jpg" alt="Sunflowers in the harbour park"[^>]*class="wp-image-${park[0]!.id}`))

    const link = (await (await fetch(`${server.url}/wp-json/wp/v2/posts/${postId}`)).json() as { link: string }).link
    const site = await browser.context.newPage()
    await site.goto(link)
    await site.locator('.feature-image img[alt="A white lighthouse on red rocks"]').waitFor()
    await site.locator('figure img[alt="Cranes along the north quay at sunrise"]').waitFor()
    await site.locator('figure img[alt="Sunflowers in the harbour park"]').waitFor()
    expect(await site.locator('figcaption', { hasText: 'The north quay, before the ferries' }).count()).toBe(1)
    await screenshot(site, 'admin-library-picker-05-site')
    await site.close()
  })

  test('at 390 px the dialog fits and an image is chosen from it; a pasted image file is uploaded and inserted after the selected one', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    await session.newPost('Small screens')
    await page.getByRole('button', { name: 'Insert from the media library' }).click()
    await imagesLoaded('Insert an image')
    await checkPage('admin-library-picker-06-dialog-390')
    await picker('Insert an image').getByRole('button', { name: 'lighthouse' }).click()
    await page.locator('.editor-figure img').waitFor()
    await page.locator('.editor-figure img').evaluate('(img) => img.decode()')
    await checkPage('admin-library-picker-07-inserted-390')

    // An image pasted from the clipboard (a file, as a screenshot tool puts it there) is uploaded and inserted too.
    const pasted = (await sharp({ create: { width: 800, height: 500, channels: 3, background: '#5a4a8a' } }).png().toBuffer()).toString('base64')
    // The image is selected (a click on it): the pasted one goes after it, not in its place.
    await page.locator('.editor-figure img').click()
    await page.evaluate(`(() => {
      const bytes = Uint8Array.from(atob('${pasted}'), (c) => c.charCodeAt(0))
      const data = new DataTransfer()
      data.items.add(new File([bytes], 'screenshot.png', { type: 'image/png' }))
      document.querySelector('.prose-editor').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    })()`)
    await expect.poll(() => page.locator('.editor-figure').count()).toBe(2)
    await expect.poll(() => page.locator('.editor-figure img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('src')?.split('/').pop()))).toEqual(['lighthouse-1024x658.jpg', 'screenshot.png'])
    expect((await server.services.media.list({ search: 'screenshot' })).items.map((m) => m.mime_type)).toEqual(['image/png'])
  })

  test('the dialog shows the library a page at a time (Load more), searches, uploads into the post, and Escape inserts nothing', async () => {
    await page.setViewportSize({ width: 1280, height: 900 })
    // The library now holds 4 images (2 described, the dropped and the pasted ones); 30 swatches make 34.
    for (let i = 1; i <= 30; i++) {
      const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 8 * i, g: 120, b: 255 - 8 * i } } }).png().toBuffer()
      await upload(`swatch-${i}.png`, png, `Swatch number ${i}`, '', 'image/png')
    }
    await session.newPost()
    await page.getByRole('button', { name: 'Insert from the media library' }).click()
    const dialog = picker('Insert an image')
    await imagesLoaded('Insert an image')
    await expect(dialog.getByRole('status').textContent()).resolves.toBe('Showing 30 of 34 images')
    await dialog.getByRole('button', { name: 'Load more' }).click()
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe('Showing 34 of 34 images')
    expect(await dialog.locator('.media-tile').count()).toBe(34)
    expect(await dialog.getByRole('button', { name: 'Load more' }).count()).toBe(0)
    await dialog.getByLabel('Search images').fill('swatch-17')
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe('Showing 1 of 1 image')
    await checkPage('admin-library-picker-08-search')
    await dialog.getByRole('button', { name: 'swatch-17' }).click()
    await expect(page.locator('.editor-figure').getByLabel('Alt text').inputValue()).resolves.toBe('Swatch number 17')
    // A file smaller than the large size goes in at its full size.
    await expect(page.locator('.editor-figure').getByLabel('Size').inputValue()).resolves.toBe('full')
    // Upload an image in the dialog: it goes into the library and, at once, into the post.
    await page.getByRole('button', { name: 'Insert from the media library' }).click()
    await imagesLoaded('Insert an image')
    const sepiaJpeg = await sharp({ create: { width: 1300, height: 800, channels: 3, background: '#704214' } }).jpeg().toBuffer()
    await dialog.locator('[data-testid="picker-input"]').setInputFiles({ name: 'sepia.jpg', mimeType: 'image/jpeg', buffer: sepiaJpeg })
    await dialog.waitFor({ state: 'hidden' })
    await expect.poll(() => page.locator('.editor-figure').count()).toBe(2)
    const sepia = (await server.services.media.list({ search: 'sepia' })).items
    expect(sepia.map((m) => m.file)).toEqual([expect.stringMatching(/\/sepia\.jpg$/)])
    await expect(page.locator('.editor-figure img').last().getAttribute('src')).resolves.toMatch(/\/sepia-1024x630\.jpg$/)
    // Escape closes the dialog and inserts nothing.
    await page.getByRole('button', { name: 'Insert from the media library' }).click()
    await imagesLoaded('Insert an image')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    expect(await page.locator('.editor-figure').count()).toBe(2)
  })
})
