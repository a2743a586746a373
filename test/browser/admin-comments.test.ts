import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../../src/users/index.js'
import { type AdminSession, startAdminSession } from '../admin/helpers.js'
import { screenshot } from '../helpers/browser.js'
import type { TestServer } from '../helpers/server.js'

/** The moderation queue at /admin/comments, driven as a moderator would, with a reader's real comment. */
describe('moderating comments in the admin, in Chromium', () => {
  let session: AdminSession
  let server: TestServer
  let browser: AdminSession['browser']
  let page: Page
  let post: { id: number; url: string }
  let readerComment = 0

  beforeAll(async () => {
    session = await startAdminSession({
      prepare: async ({ services }) => {
        await services.settings.update({ comment_moderation: true, comment_previously_approved: false, comment_flood_seconds: 0, comment_min_fill_seconds: 1 }, systemActor)
        const author = await services.users.find('author@example.com')
        const created = await services.posts.create({ title: 'Council approves the new bridge', content: '<p>The vote was 7 to 2.</p>', status: 'publish', authorId: author.id }, systemActor)
        post = { id: created.id, url: await services.permalinks.linkFor(created) }
      },
    })
    ;({ server, browser, page } = session)
  }, 60_000)
  afterAll(() => session?.close())

  const checkPage = (name: string) => session.checkPage(name)
  const held = (authorName: string, content: string) =>
    server.services.comments.create({ postId: post.id, authorName, authorEmail: `${authorName.split(' ')[0]!.toLowerCase()}@example.com`, content, status: 'pending' }, systemActor)
  const statusOf = async (id: number) => (await server.services.comments.get(id, systemActor)).status
  const row = (text: string) => page.locator('.comments-table tbody tr').filter({ hasText: text })

  test('a reader comments on the site: the comment waits for moderation', async () => {
    const reader = await browser.context.newPage()
    await reader.goto(post.url)
    await reader.fill('#comment', 'Will the old bridge stay open while they build?')
    await reader.fill('#author', 'Rita Reader')
    await reader.fill('#email', 'rita@example.com')
    await reader.fill('#url', 'https://rita.example')
    await reader.waitForFunction("document.getElementById('pressroom_form_ts').value !== ''")
    await reader.waitForTimeout(1100) // comment_min_fill_seconds: 1
    await Promise.all([reader.waitForURL(/unapproved=\d+/), reader.click('#submit')])
    readerComment = Number(/#comment-(\d+)$/.exec(reader.url())![1])
    expect(await statusOf(readerComment)).toBe('pending')
    await reader.close()
  })

  test('the moderator finds it under Pending, with the email and address only moderators see, and approves it', async () => {
    await session.signInAs('editor')
    const nav = page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: /Comments/ })
    await nav.locator('.nav-badge').waitFor()
    await expect(nav.locator('.nav-badge').textContent()).resolves.toContain('1')
    await nav.click()
    await page.getByRole('heading', { name: 'Comments' }).waitFor()
    await page.getByRole('link', { name: /^Pending/ }).click()
    await row('Rita Reader').waitFor()
    const rita = row('Rita Reader')
    await expect(rita.textContent()).resolves.toContain('rita@example.com')
    await expect(rita.textContent()).resolves.toContain('127.0.0.1')
    await expect(rita.textContent()).resolves.toContain('Council approves the new bridge')
    await expect(page.getByRole('link', { name: /^Pending/ }).textContent()).resolves.toContain('1')
    await checkPage('admin-comments-01-pending')
    await rita.getByRole('button', { name: 'Approve the comment by Rita Reader' }).click()
    await page.getByText('The comment by Rita Reader was approved.').waitFor()
    expect(await statusOf(readerComment)).toBe('approved')
    await page.getByText('Nothing waits for moderation').waitFor()
    await screenshot(page, 'admin-comments-01b-approved')

    const site = await browser.context.newPage()
    await site.goto(post.url)
    await expect(site.locator(`#comment-${readerComment} .comment-content`).innerText()).resolves.toContain('Will the old bridge stay open')
    await site.close()
  })

  test('spam and trash from the row; not spam and restore put them back', async () => {
    const spam = await held('Cheap Pills', 'Buy cheap pills at pills.example')
    const rude = await held('Rude Person', 'This is a rude remark.')
    await page.getByRole('link', { name: /^All/ }).click()
    await row('Cheap Pills').waitFor()
    await row('Cheap Pills').getByRole('button', { name: 'Spam the comment by Cheap Pills' }).click()
    await page.getByText('The comment by Cheap Pills was marked as spam.').waitFor()
    await row('Rude Person').getByRole('button', { name: 'Trash the comment by Rude Person' }).click()
    await page.getByText('The comment by Rude Person was moved to the trash.').waitFor()
    expect([await statusOf(spam.id), await statusOf(rude.id)]).toEqual(['spam', 'trash'])

    await page.getByRole('link', { name: /^Trash/ }).click()
    await row('Rude Person').getByRole('button', { name: 'Restore the comment by Rude Person' }).waitFor()
    await checkPage('admin-comments-02-trash')
    await row('Rude Person').getByRole('button', { name: 'Restore the comment by Rude Person' }).click()
    await page.getByText('1 comment restored.').waitFor()
    expect(await statusOf(rude.id)).toBe('pending')

    await page.getByRole('link', { name: /^Spam/ }).click()
    await row('Cheap Pills').getByRole('button', { name: 'Delete permanently the comment by Cheap Pills' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Delete permanently' }).click()
    await page.getByText('The comment was deleted permanently.').waitFor()
    await expect(server.services.comments.get(spam.id, systemActor)).rejects.toMatchObject({ code: 'comment_not_found' })
  })

  test('replies inline as the signed-in moderator, under the right parent, approved', async () => {
    await page.getByRole('link', { name: /^Approved/ }).click()
    await row('Rita Reader').waitFor()
    await row('Rita Reader').getByRole('button', { name: 'Reply to Rita Reader' }).click()
    await page.getByLabel('Reply to Rita Reader').fill('Yes: the old bridge stays open until the new one is finished.')
    await checkPage('admin-comments-03-reply')
    await page.getByRole('button', { name: 'Reply', exact: true }).click()
    await page.getByText('Your reply was published.').waitFor()
    const editor = await server.services.users.find('editor@example.com')
    const replies = (await server.services.comments.approvedFor(post.id)).filter((c) => c.parent_id === readerComment)
    expect(replies).toHaveLength(1)
    expect(replies[0]).toMatchObject({ user_id: editor.id, author_name: 'The editor', status: 'approved' })
    await row('The editor').locator('.in-reply').filter({ hasText: 'In reply to Rita Reader' }).waitFor()
  })

  test('edits a comment inline: words, name, email and website', async () => {
    await row('Rita Reader').getByRole('button', { name: 'Edit the comment by Rita Reader' }).click()
    await page.getByLabel('Comment', { exact: true }).fill('Will the old bridge stay open while they build? (edited)')
    await page.getByLabel('Website').fill('https://rita.example/blog')
    await page.getByRole('button', { name: 'Update comment' }).click()
    await page.getByText('The comment by Rita Reader was updated.').waitFor()
    const c = await server.services.comments.get(readerComment, systemActor)
    expect(c.content).toContain('(edited)')
    expect(c.author_url).toBe('https://rita.example/blog')
  })

  test('bulk approve: select several in Pending and apply', async () => {
    const ids = [(await held('Ann One', 'First of three.')).id, (await held('Bob Two', 'Second of three.')).id, (await held('Cy Three', 'Third of three.')).id]
    await page.getByRole('link', { name: /^Pending/ }).click()
    await row('Cy Three').waitFor()
    await row('Rude Person').getByRole('checkbox').waitFor()
    // Every pending one but Rude Person's, which stays held.
    for (const name of ['Ann One', 'Bob Two', 'Cy Three']) await row(name).getByRole('checkbox').check()
    await page.getByLabel('Bulk action').selectOption('approve')
    // The badge agrees with the Pending tab, though these arrived without any action on this screen.
    await page.getByRole('navigation', { name: 'Admin' }).locator('.nav-badge').filter({ hasText: '4' }).waitFor()
    await checkPage('admin-comments-04-bulk')
    await page.getByRole('button', { name: 'Apply' }).click()
    await page.getByText('3 comments approved.').waitFor()
    for (const id of ids) expect(await statusOf(id)).toBe('approved')
    expect(await statusOf((await server.services.comments.list({ status: 'pending' }, systemActor))[0]!.id)).toBe('pending')
    // The list loads again after the message shows: wait for it to leave only the one still held.
    await expect.poll(() => page.locator('.comments-table tbody tr').count()).toBe(1)
    await row('Rude Person').waitFor()
  })

  test('at 390 px the queue reads as cards, with every action in reach', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    await page.getByRole('link', { name: /^All/ }).click()
    await row('Ann One').waitFor()
    await checkPage('admin-comments-05-phone')
    await page.setViewportSize({ width: 1280, height: 900 })
  })

  test('an author sees only the comments on their own posts; a contributor is not shown the queue', async () => {
    const editor = await server.services.users.find('editor@example.com')
    const other = await server.services.posts.create({ title: 'The editor’s own story', status: 'publish', authorId: editor.id }, systemActor)
    await server.services.comments.create({ postId: other.id, authorName: 'Elsewhere Reader', authorEmail: 'else@example.com', content: 'On the editor’s story.', status: 'pending' }, systemActor)
    for (const [who, sees] of [['author', true], ['contributor', false]] as const) {
      await session.signInAs(who)
      const links = (await page.getByRole('navigation', { name: 'Admin' }).getByRole('link').allTextContents()).map((t) => t.trim())
      expect(links.some((l) => l.startsWith('Comments'))).toBe(sees)
      await page.goto(`${server.url}/admin/comments`)
      if (!sees) {
        await page.getByRole('heading', { name: 'Not available to your role' }).waitFor()
        continue
      }
      await row('Rude Person').waitFor()
      expect(await page.getByText('Elsewhere Reader').count()).toBe(0)
    }
  })
})
