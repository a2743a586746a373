import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor, userActor } from '../../src/users/index.js'
import { type AdminSession, startAdminSession } from '../admin/helpers.js'
import { caretToEndOf, screenshot } from '../helpers/browser.js'
import type { TestServer } from '../helpers/server.js'

/** The editor's richer parts, as an editor uses them: tables, image layout, embeds, revisions, autosaves, tags. */
describe('the editor, in Chromium', () => {
  let session: AdminSession
  let server: TestServer
  let browser: AdminSession['browser']
  let page: Page
  let files = ''
  let editorId = 0

  beforeAll(async () => {
    session = await startAdminSession({ role: 'editor' })
    ;({ server, browser, page } = session)
    editorId = (await server.services.users.find('editor@example.com')).id
    files = mkdtempSync(path.join(tmpdir(), 'pressroom-editor-'))
    writeFileSync(path.join(files, 'harbour.jpg'), await sharp({ create: { width: 1600, height: 1000, channels: 3, background: '#2f6f8f' } }).jpeg().toBuffer())
  })
  afterAll(async () => {
    await session?.close()
    if (files) rmSync(files, { recursive: true, force: true })
  })

  const body = () => page.getByRole('textbox', { name: 'Post content' })
  const idInUrl = () => Number(/\/admin\/(?:posts|pages)\/(\d+)/.exec(page.url())![1])
  const restContent = async (id: number) => ((await (await fetch(`${server.url}/wp-json/wp/v2/posts/${id}`)).json()) as { content: { rendered: string } }).content.rendered
  const checkPage = (name: string) => session.checkPage(name)
  async function publish() {
    await page.getByRole('button', { name: 'Publish', exact: true }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Publish now' }).click()
    await page.getByRole('status').filter({ hasText: 'is published' }).waitFor()
  }

  test('inserts a table, edits its rows and columns, aligns and sizes an image: the saved HTML is WordPress’s', async () => {
    await session.newPost('Harbour traffic in numbers', 'Ships in and out of the harbour this week.')
    await page.keyboard.press('Enter')
    await page.getByRole('button', { name: 'Insert a table' }).click()
    await page.getByRole('toolbar', { name: 'Table' }).waitFor()
    expect(await page.locator('.prose-editor table tr').count()).toBe(3)
    await page.locator('.prose-editor th').first().click()
    for (const [i, text] of ['Day', 'Ships', 'Note', 'Monday', '41', 'fog', 'Tuesday', '38', ''].entries()) {
      if (i > 0) await page.keyboard.press('Tab')
      if (text) await page.keyboard.type(text)
    }
    // Tab in the last cell adds a row.
    await page.keyboard.press('Tab')
    await page.keyboard.type('Wednesday')
    expect(await page.locator('.prose-editor table tr').count()).toBe(4)
    await page.getByRole('button', { name: 'Add column' }).click()
    expect(await page.locator('.prose-editor table tr').first().locator('th').count()).toBe(4)
    // The new column comes after the caret's; the caret goes into it to remove it again.
    expect(await page.locator('.prose-editor table tr').first().locator('th').nth(1).textContent()).toBe('')
    await page.locator('.prose-editor table tr').first().locator('th').nth(1).click()
    await page.getByRole('button', { name: 'Remove column' }).click()
    expect(await page.locator('.prose-editor table tr').first().locator('th').allTextContents()).toEqual(['Day', 'Ships', 'Note'])
    await page.locator('.prose-editor td', { hasText: 'Wednesday' }).click()
    await page.getByRole('button', { name: 'Remove row' }).click()
    expect(await page.locator('.prose-editor table tr').count()).toBe(3)
    await page.locator('.prose-editor td', { hasText: 'Tuesday' }).click()
    await page.getByRole('button', { name: 'Add row' }).click()
    expect(await page.locator('.prose-editor table tr').count()).toBe(4)
    await page.locator('.prose-editor table tr').last().locator('td').first().click()
    await page.getByRole('button', { name: 'Remove row' }).click()
    expect(await page.locator('.prose-editor table tr').count()).toBe(3)

    // An image after the first paragraph, centred and at the medium size.
    await page.locator('.prose-editor > p').first().click()
    await page.locator('[data-testid="image-input"]').setInputFiles(path.join(files, 'harbour.jpg'))
    await page.locator('.editor-figure img').waitFor()
    await page.getByLabel('Alt text').fill('Container ships queueing at the harbour mouth')
    await page.getByLabel('Align').selectOption('center')
    await page.getByLabel('Size').selectOption('medium')
    await expect.poll(() => page.locator('.editor-figure img').getAttribute('src')).toMatch(/-300x\d+\.jpg$/)
    await checkPage('admin-editor-01-table-and-image')
    await publish()
    const id = idInUrl()

    const html = await restContent(id)
    expect(html).toContain('<figure class="wp-block-table"><table><tbody><tr><th>Day</th><th>Ships</th><th>Note</th></tr><tr><td>Monday</td><td>41</td><td>fog</td></tr><tr><td>Tuesday</td><td>38</td><td></td></tr></tbody></table></figure>')
    expect(html).toMatch(/<figure class="wp-block-image aligncenter size-medium"><img src="[^"]+-300x\d+\.jpg" alt="Container ships queueing at the harbour mouth" width="300" height="\d+" class="wp-image-\d+"[^>]*><\/figure>/)
    const stored = (await server.services.posts.get(id, systemActor)).content
    expect(stored).not.toMatch(/contenteditable|draggable|data-node-view|ProseMirror|selectedCell|colwidth|style=/)

    // The site shows it with the same classes.
    const site = await browser.context.newPage()
    await site.goto(`${server.url}/?p=${id}`)
    await site.locator('.entry-content figure.wp-block-table table').waitFor()
    expect(await site.locator('.entry-content figure.aligncenter.size-medium img').count()).toBe(1)
    await screenshot(site, 'admin-editor-02-table-on-the-site')
    await site.close()
  })

  test('the editor keeps tables and image layout it did not make, and reads them back the same', async () => {
    const imported = [
      '<p>Lead.</p>',
      '<figure class="wp-block-image alignright size-thumbnail"><img src="/uploads/a.jpg" alt="A" width="150" height="150" class="wp-image-7"></figure>',
      '<figure class="wp-block-image alignwide"><img src="/uploads/b.jpg" alt="B"><figcaption>Wide one</figcaption></figure>',
      '<figure class="wp-block-table"><table><tbody><tr><th>H</th></tr><tr><td>Cell with <strong>bold</strong></td></tr></tbody></table></figure>',
      '<table><tr><td colspan="2">Span</td></tr><tr><td>a</td><td>b</td></tr></table>',
    ].join('')
    const id = (await server.services.posts.create({ title: 'Imported layout', content: imported, status: 'publish', authorId: editorId }, systemActor)).id
    await page.goto(`${server.url}/admin/posts/${id}`)
    await page.locator('.editor-figure').first().waitFor()
    await caretToEndOf(body().locator('p').first())
    await page.keyboard.type(' More.')
    await page.keyboard.press('Control+s')
    await expect.poll(async () => (await server.services.posts.get(id, systemActor)).content).toContain('Lead. More.')
    const saved = (await server.services.posts.get(id, systemActor)).content
    expect(saved).toContain('<figure class="wp-block-image alignright size-thumbnail"><img src="/uploads/a.jpg" alt="A" width="150" height="150" class="wp-image-7"></figure>')
    expect(saved).toContain('<figure class="wp-block-image alignwide"><img src="/uploads/b.jpg" alt="B"><figcaption>Wide one</figcaption></figure>')
    expect(saved).toContain('<figure class="wp-block-table"><table><tbody><tr><th>H</th></tr><tr><td>Cell with <strong>bold</strong></td></tr></tbody></table></figure>')
    expect(saved).toContain('<figure class="wp-block-table"><table><tbody><tr><td colspan="2">Span</td></tr><tr><td>a</td><td>b</td></tr></tbody></table></figure>')
  })

  test('a video or post address pasted on its own line stays a link paragraph, fetched from nowhere', async () => {
    const requests: string[] = []
    page.on('request', (r) => requests.push(r.url()))
    await session.newPost('Watch the launch', 'The launch, on video:')
    await page.keyboard.press('Enter')
    for (const url of ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'https://vimeo.com/76979871', 'https://x.com/nasa/status/1']) {
      await page.evaluate(`(() => {
        const data = new DataTransfer()
        data.setData('text/plain', ${JSON.stringify(url)})
        document.querySelector('.prose-editor').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
      })()`)
      await page.keyboard.press('Enter')
    }
    await page.keyboard.press('Control+s')
    await page.waitForURL(/\/admin\/posts\/\d+$/)
    const id = idInUrl()
    await expect.poll(async () => (await server.services.posts.get(id, systemActor)).content).toContain('x.com')
    const saved = (await server.services.posts.get(id, systemActor)).content
    for (const url of ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'https://vimeo.com/76979871', 'https://x.com/nasa/status/1']) {
      expect(saved).toContain(`<p><a href="${url}">${url}</a></p>`)
    }
    expect(requests.filter((u) => !u.startsWith(server.url))).toEqual([])
    page.removeAllListeners('request')
  })

  test('revisions: a list with dates and authors, the words added and removed, and Restore makes a new version', async () => {
    const id = (await server.services.posts.create({ title: 'Budget vote', content: '<p>The council votes on Monday.</p>', status: 'publish', authorId: editorId }, systemActor)).id
    await server.services.posts.update(id, { content: '<p>The council votes on Thursday after a long debate.</p>' }, userActor(await server.services.users.find('editor@example.com')))
    await page.goto(`${server.url}/admin/posts/${id}`)
    await page.getByRole('button', { name: 'Revisions' }).click()
    const dialog = page.getByRole('dialog', { name: 'Revisions' })
    await dialog.waitFor()
    const items = dialog.getByRole('list', { name: 'Saved versions, newest first' }).getByRole('button')
    expect(await items.count()).toBe(2)
    // The names come in a second request: asked for once the list is shown.
    await expect.poll(() => items.first().textContent()).toContain('The editor')
    // The older version is chosen: what the editor has now added and removed, word by word.
    await expect.poll(() => dialog.locator('ins').allTextContents()).toEqual(['Thursday after a long debate.'])
    expect(await dialog.locator('del').allTextContents()).toEqual(['Monday.'])
    await checkPage('admin-editor-03-revisions')
    await dialog.getByRole('button', { name: 'Restore this version' }).click()
    await page.getByRole('status').filter({ hasText: 'is restored' }).waitFor()
    await expect.poll(async () => (await server.services.posts.get(id, systemActor)).content).toBe('<p>The council votes on Monday.</p>')
    expect((await server.services.posts.revisions(id, systemActor)).length).toBe(3)
    await expect(body().textContent()).resolves.toBe('The council votes on Monday.')
  })

  test('autosave of a published post: the site keeps the live text until Update, and the autosave is offered back', async () => {
    const id = (await server.services.posts.create({ title: 'Ferry timetable', content: '<p>Ferries leave at nine.</p>', status: 'publish', authorId: editorId }, systemActor)).id
    const revisions = (await server.services.posts.revisions(id, systemActor)).length
    const site = await browser.context.newPage()
    const live = `${server.url}/?p=${id}`
    await site.goto(live)
    await expect(site.locator('.entry-content').textContent()).resolves.toContain('Ferries leave at nine.')

    await page.goto(`${server.url}/admin/posts/${id}`)
    await caretToEndOf(body().locator('p').first())
    await page.keyboard.type(' From Monday they leave at ten.')
    await page.locator('.save-status', { hasText: 'autosaved' }).waitFor({ timeout: 15_000 })
    const autosaves = await server.services.posts.autosaves(id, systemActor)
    expect(autosaves).toHaveLength(1)
    expect(autosaves[0]!.content).toContain('leave at ten')
    expect((await server.services.posts.get(id, systemActor)).content).toBe('<p>Ferries leave at nine.</p>')
    expect((await server.services.posts.revisions(id, systemActor)).length).toBe(revisions)
    await site.reload()
    expect(await site.locator('.entry-content').textContent()).not.toContain('ten')
    await screenshot(page, 'admin-editor-04-autosaved')

    // Leaving without Update, then coming back: the newer autosave is offered.
    page.once('dialog', (d) => void d.accept())
    await page.goto(`${server.url}/admin/posts`)
    await page.goto(`${server.url}/admin/posts/${id}`)
    await page.getByRole('button', { name: 'Restore the autosave' }).click()
    await expect(body().textContent()).resolves.toContain('leave at ten')
    await page.getByRole('button', { name: 'Update' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Update' }).click()
    await page.getByRole('status').filter({ hasText: 'is updated' }).waitFor()
    await site.reload()
    await expect(site.locator('.entry-content').textContent()).resolves.toContain('From Monday they leave at ten.')
    expect(await server.services.posts.autosaves(id, systemActor)).toEqual([])
    expect((await server.services.posts.revisions(id, systemActor)).length).toBe(revisions + 1)
    await site.close()
  })

  test('a draft saves itself as one types, without a revision per autosave; Save draft keeps a version', async () => {
    const id = (await server.services.posts.create({ title: 'Tram works', content: '<p>Works start in May.</p>', status: 'draft', authorId: editorId }, systemActor)).id
    const revisions = (await server.services.posts.revisions(id, systemActor)).length
    await page.goto(`${server.url}/admin/posts/${id}`)
    await caretToEndOf(body().locator('p').first())
    await page.keyboard.type(' The line closes for six weeks.')
    await expect.poll(async () => (await server.services.posts.get(id, systemActor)).content, { timeout: 15_000 }).toContain('six weeks.')
    await caretToEndOf(body().locator('p').first())
    await page.keyboard.type(' Buses replace it.')
    await expect.poll(async () => (await server.services.posts.get(id, systemActor)).content, { timeout: 15_000 }).toBe('<p>Works start in May. The line closes for six weeks. Buses replace it.</p>')
    await page.locator('.save-status', { hasText: 'saved' }).waitFor()
    expect((await server.services.posts.revisions(id, systemActor)).length).toBe(revisions)
    await page.getByRole('button', { name: 'Save draft' }).click()
    await expect.poll(async () => (await server.services.posts.revisions(id, systemActor)).length).toBe(revisions + 1)
    expect((await server.services.posts.revisions(id, systemActor))[0]!.content).toContain('Buses replace it.')
  })

  test('tag suggestions: a story naming Antony Blinken and Kuwait suggests them, and a click tags the post', async () => {
    await server.services.terms.create('post_tag', { name: 'Kuwait' }, systemActor)
    const id = (await server.services.posts.create({
      title: 'Antony Blinken arrives in Kuwait for talks',
      content: '<p>Antony Blinken, the US secretary of state, landed in Kuwait on Tuesday. Blinken will meet officials in Kuwait City before flying on.</p>',
      status: 'publish',
      authorId: editorId,
    }, systemActor)).id
    await page.goto(`${server.url}/admin/posts/${id}`)
    const suggested = page.getByRole('list', { name: 'Suggested:' })
    await suggested.getByRole('button', { name: /Antony Blinken/ }).waitFor()
    await suggested.getByRole('button', { name: /^Kuwait \(add/ }).waitFor()
    await page.evaluate("document.querySelector('.tag-suggestions').scrollIntoView()")
    await screenshot(page, 'admin-editor-05-tag-suggestions')
    await suggested.getByRole('button', { name: /Antony Blinken/ }).click()
    await page.locator('.chip', { hasText: 'Antony Blinken' }).waitFor()
    await suggested.getByRole('button', { name: /^Kuwait \(add/ }).click()
    await page.locator('.chip', { hasText: 'Kuwait' }).waitFor()
    const tags = (await (await fetch(`${server.url}/wp-json/wp/v2/tags?post=${id}`)).json()) as { name: string }[]
    expect(tags.map((t) => t.name).sort()).toEqual(['Antony Blinken', 'Kuwait'])
    // The post is saved already: nothing waits for Update.
    await expect(page.locator('.save-status').textContent()).resolves.toBe('Published')
    expect(await suggested.getByRole('button', { name: /Antony Blinken/ }).count()).toBe(0)
  })

  test('author, visibility and password; a page’s parent and order', async () => {
    await session.newPost('Written for the author', 'Filed by the desk.')
    await page.getByLabel('Author').selectOption({ label: 'The contributor' })
    await page.getByLabel('Password protected').check()
    await page.getByLabel('Password', { exact: true }).fill('harbour')
    await publish()
    const id = idInUrl()
    const post = await server.services.posts.get(id, systemActor)
    expect(post.author_id).toBe((await server.services.users.find('contributor@example.com')).id)
    expect(post.password).toBe('harbour')
    expect(post.status).toBe('publish')
    await page.getByLabel('Private: only editors and administrators').check()
    await page.getByRole('button', { name: 'Update' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Update' }).click()
    await expect.poll(async () => (await server.services.posts.get(id, systemActor)).status).toBe('private')
    expect((await server.services.posts.get(id, systemActor)).password).toBe('')

    const parent = (await server.services.posts.create({ type: 'page', title: 'About us', status: 'publish', authorId: editorId }, systemActor)).id
    await page.goto(`${server.url}/admin/pages/new`)
    await page.getByLabel('Title').fill('Our newsroom')
    await body().click()
    await page.keyboard.type('Where we work.')
    await page.getByLabel('Parent page').selectOption({ label: 'About us' })
    await page.getByLabel('Order').fill('4')
    await checkPage('admin-editor-06-page-attributes')
    await publish()
    const page2 = await server.services.posts.get(idInUrl(), systemActor)
    expect(page2.parent_id).toBe(parent)
    expect(page2.menu_order).toBe(4)
  })

  test('Markdown shortcuts, the word count, an excerpt, comments closed and a sticky post', async () => {
    await session.newPost('Shortcuts for the night desk', '## Tonight')
    await page.keyboard.press('Enter')
    for (const line of ['> Quiet on the quay.', '- boats in', '1. first shift']) {
      await page.keyboard.type(line)
      // A second Enter on the empty line leaves the quote or list the shortcut started.
      await page.keyboard.press('Enter')
      await page.keyboard.press('Enter')
    }
    await page.keyboard.type('Keep **calm** and *carry* on.')
    const prose = page.locator('.prose-editor')
    await expect(prose.locator('h2').textContent()).resolves.toBe('Tonight')
    await expect(prose.locator('blockquote').textContent()).resolves.toBe('Quiet on the quay.')
    await expect(prose.locator('ul li').textContent()).resolves.toBe('boats in')
    await expect(prose.locator('ol li').textContent()).resolves.toBe('first shift')
    await expect(prose.locator('strong').textContent()).resolves.toBe('calm')
    await expect(prose.locator('em').textContent()).resolves.toBe('carry')
    // Tonight · Quiet on the quay · boats in · first shift · Keep calm and carry on.
    await expect(page.locator('.editor-foot').textContent()).resolves.toMatch(/^14 words/)

    await page.getByLabel('Excerpt').fill('What the night desk types fastest.')
    await page.getByLabel('Allow comments').uncheck()
    await page.getByLabel('Feature on the front page (sticky)').check()
    await checkPage('admin-editor-08-shortcuts-and-options')
    await publish()
    const post = await server.services.posts.get(idInUrl(), systemActor)
    expect(post).toMatchObject({ excerpt: 'What the night desk types fastest.', comment_status: 'closed', sticky: 1 })
    expect(post.content).toBe('<h2>Tonight</h2><blockquote><p>Quiet on the quay.</p></blockquote><ul><li><p>boats in</p></li></ul><ol><li><p>first shift</p></li></ol><p>Keep <strong>calm</strong> and <em>carry</em> on.</p>')
  })

  test('on a 390 px phone the table tools and image options fit', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    const id = (await server.services.posts.create({ title: 'Phone layout', content: '<figure class="wp-block-table"><table><tbody><tr><td>a</td><td>b</td></tr></tbody></table></figure><figure class="wp-block-image aligncenter"><img src="/uploads/x.jpg" alt="X"></figure>', status: 'draft', authorId: editorId }, systemActor)).id
    await page.goto(`${server.url}/admin/posts/${id}`)
    await page.locator('.prose-editor td').first().click()
    await page.getByRole('toolbar', { name: 'Table' }).waitFor()
    await checkPage('admin-editor-07-phone')
    await page.setViewportSize({ width: 1280, height: 900 })
  })
})
