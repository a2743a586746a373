import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../../src/users/index.js'
import { type AdminSession, startAdminSession } from '../admin/helpers.js'
import { screenshot } from '../helpers/browser.js'
import type { TestServer } from '../helpers/server.js'

/** The posts list as an editor uses it: filters, sorting, pages, bulk actions, quick edit, and a scheduled post. */
describe('the posts list, in Chromium', () => {
  let session: AdminSession
  let server: TestServer
  let browser: AdminSession['browser']
  let page: Page
  const ids: Record<string, number> = {}

  beforeAll(async () => {
    session = await startAdminSession({
      role: 'editor',
      prepare: async ({ services: { posts, terms, users } }) => {
        const author = (await users.find('author@example.com')).id
        const editor = (await users.find('editor@example.com')).id
        const sport = (await terms.create('category', { name: 'Sport' }, systemActor)).id
        const politics = (await terms.create('category', { name: 'Politics' }, systemActor)).id
        Object.assign(ids, { sport, politics, author, editor })
        const make = async (key: string, input: Parameters<typeof posts.create>[0]) => (ids[key] = (await posts.create(input, systemActor)).id)
        await make('derby', { title: 'Derby ends level', content: '<p>Goals.</p>', status: 'publish', categories: [sport], authorId: author, publishedAt: '2026-09-12T10:00:00Z' })
        await make('budget', { title: 'Budget passes', content: '<p>Votes.</p>', status: 'publish', categories: [politics], authorId: editor, publishedAt: '2026-10-03T10:00:00Z' })
        await make('archery', { title: 'Archery club opens', content: '<p>Arrows.</p>', status: 'publish', categories: [sport], authorId: editor, publishedAt: '2026-10-20T10:00:00Z' })
        await make('draftA', { title: 'Zoning draft one', content: '<p>A.</p>', status: 'draft', authorId: author })
        await make('draftB', { title: 'Zoning draft two', content: '<p>B.</p>', status: 'draft', authorId: author })
        // Enough older posts for a second page.
        for (let i = 1; i <= 18; i++) await posts.create({ title: `Archive note ${String(i).padStart(2, '0')}`, content: '<p>Old.</p>', status: 'publish', publishedAt: `2025-0${(i % 9) + 1}-01T08:00:00Z`, authorId: editor }, systemActor)
      },
    })
    ;({ server, browser, page } = session)
  })
  afterAll(() => session?.close())

  const titles = async () => (await page.locator('.posts-table tbody .row-title, .posts-table tbody .cell-title > strong').allTextContents()).map((t) => t.trim())
  const waitForTitles = (expected: string[]) => expect.poll(titles).toEqual(expected)
  const checkPage = (name: string) => session.checkPage(name)

  test('filters by category, author and month; sorts by title, author and date; pages through the rest', async () => {
    await page.goto(`${server.url}/admin/posts`)
    await page.locator('.posts-table').waitFor()
    expect(await page.locator('.posts-table tbody tr').count()).toBe(20)
    await page.getByRole('button', { name: 'Next' }).click()
    await expect.poll(() => page.locator('.posts-table tbody tr').count()).toBe(4)
    await page.getByRole('button', { name: 'Previous' }).click()

    await page.getByLabel('Filter by category').selectOption({ label: 'Sport' })
    await waitForTitles(['Archery club opens', 'Derby ends level'])
    expect(page.url()).toContain(`cat=${ids.sport}`)
    await page.getByRole('button', { name: /sort by title/ }).click()
    await waitForTitles(['Archery club opens', 'Derby ends level'])
    await page.getByRole('button', { name: /sort by title/ }).click()
    await waitForTitles(['Derby ends level', 'Archery club opens'])
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('Title')
    await page.getByLabel('Filter by author').selectOption({ label: 'The author' })
    await waitForTitles(['Derby ends level'])
    await page.getByLabel('Filter by category').selectOption({ label: 'All categories' })
    // All the author's posts, drafts too, still by title from Z to A.
    await waitForTitles(['Zoning draft two', 'Zoning draft one', 'Derby ends level'])
    await page.getByRole('button', { name: /sort by author/ }).click()
    await page.getByLabel('Filter by author').selectOption({ label: 'All authors' })
    await page.getByLabel('Filter by month').selectOption({ label: 'October 2026' })
    // Sorted by author, the order of two posts by different authors is not the point here:
    // wait until the list holds exactly these two (the unfiltered list holds them too).
    await expect.poll(async () => (await titles()).sort()).toEqual(['Archery club opens', 'Budget passes'])
    await page.getByRole('button', { name: /sort by date/ }).click()
    await waitForTitles(['Archery club opens', 'Budget passes'])
    await page.getByRole('button', { name: /sort by date/ }).click()
    await waitForTitles(['Budget passes', 'Archery club opens'])
    await checkPage('admin-posts-list-01-filtered')
    await page.getByLabel('Filter by month').selectOption({ label: 'All dates' })
    await page.getByRole('button', { name: /sort by author/ }).click()
    await page.getByLabel('Filter by month').selectOption({ label: 'September 2026' })
    await waitForTitles(['Derby ends level'])
  })

  test('bulk actions: publish two drafts, trash them, restore them, delete one for good, change a category', async () => {
    await page.goto(`${server.url}/admin/posts?status=draft`)
    await waitForTitles(['Zoning draft two', 'Zoning draft one'])
    await expect(page.getByRole('link', { name: /Drafts/ }).textContent()).resolves.toContain('2')
    await page.getByLabel(`Select all posts on this page`).check()
    await page.getByLabel('Bulk action', { exact: true }).selectOption('publish')
    await checkPage('admin-posts-list-02-bulk')
    await page.getByRole('button', { name: 'Apply to 2' }).click()
    await page.getByText('2 posts published.').waitFor()
    for (const key of ['draftA', 'draftB']) expect((await server.services.posts.get(ids[key]!, systemActor)).status).toBe('publish')

    await page.goto(`${server.url}/admin/posts`)
    await page.getByLabel('Select “Zoning draft one”').check()
    await page.getByLabel('Select “Zoning draft two”').check()
    await page.getByLabel('Bulk action', { exact: true }).selectOption('trash')
    await page.getByRole('button', { name: 'Apply to 2' }).click()
    await page.getByText('2 posts moved to the trash.').waitFor()
    for (const key of ['draftA', 'draftB']) expect((await server.services.posts.get(ids[key]!, systemActor)).status).toBe('trash')

    await page.goto(`${server.url}/admin/posts?status=trash`)
    // Both were published in the same second: their order is not the point.
    await expect.poll(async () => (await titles()).sort()).toEqual(['Zoning draft one', 'Zoning draft two'])
    await page.getByLabel('Select “Zoning draft one”').check()
    await page.getByLabel('Bulk action', { exact: true }).selectOption('restore')
    await page.getByRole('button', { name: 'Apply to 1' }).click()
    await page.getByText('1 post restored as drafts.').waitFor()
    expect((await server.services.posts.get(ids.draftA!, systemActor)).status).toBe('draft')
    await waitForTitles(['Zoning draft two'])
    await page.getByLabel('Select “Zoning draft two”').check()
    await page.getByLabel('Bulk action', { exact: true }).selectOption('delete')
    await page.getByRole('button', { name: 'Apply to 1' }).click()
    await page.getByRole('dialog', { name: 'Delete this post for good?' }).getByRole('button', { name: 'Delete permanently' }).click()
    await page.getByText('1 post deleted.').waitFor()
    await expect(server.services.posts.get(ids.draftB!, systemActor)).rejects.toThrow()

    await page.goto(`${server.url}/admin/posts`)
    await page.getByLabel('Select “Budget passes”').check()
    await page.getByLabel('Select “Derby ends level”').check()
    await page.getByLabel('Bulk action', { exact: true }).selectOption('add_category')
    await page.getByLabel('Category for the chosen posts').selectOption({ label: 'Politics' })
    await page.getByRole('button', { name: 'Apply to 2' }).click()
    await page.getByText('2 posts given the category.').waitFor()
    const catsOf = async (key: string) => ((await (await fetch(`${server.url}/wp-json/wp/v2/posts/${ids[key]}`)).json()) as { categories: number[] }).categories.sort()
    expect(await catsOf('derby')).toEqual([ids.sport, ids.politics].sort())
    expect(await catsOf('budget')).toEqual([ids.politics])
    await page.getByLabel('Select “Derby ends level”').check()
    await page.getByLabel('Bulk action', { exact: true }).selectOption('set_category')
    await page.getByLabel('Category for the chosen posts').selectOption({ label: 'Sport' })
    await page.getByRole('button', { name: 'Apply to 1' }).click()
    await page.getByText('1 post given the category.').waitFor()
    expect(await catsOf('derby')).toEqual([ids.sport])
  })

  test('quick edit changes the title, slug, status and date in the row', async () => {
    await page.goto(`${server.url}/admin/posts`)
    await page.getByRole('button', { name: 'Quick edit “Zoning draft one”' }).click()
    const form = page.getByRole('form', { name: /Quick edit/ })
    await form.getByLabel('Title').fill('Zoning plan approved')
    await form.getByLabel('Slug').fill('zoning-plan')
    await form.getByLabel('Status').selectOption('publish')
    await form.getByLabel('Date').fill('2026-10-05T09:30')
    await checkPage('admin-posts-list-03-quick-edit')
    await form.getByRole('button', { name: 'Update post' }).click()
    await page.getByText('“Zoning plan approved” was updated.').waitFor()
    const post = await server.services.posts.get(ids.draftA!, systemActor)
    expect(post).toMatchObject({ title: 'Zoning plan approved', slug: 'zoning-plan', status: 'publish' })
    expect(new Date(post.published_at!).getTime()).toBe(new Date(2026, 9, 5, 9, 30).getTime())
    await page.getByRole('link', { name: 'Zoning plan approved', exact: true }).waitFor()
  })

  test('a post scheduled a few seconds ahead appears on the home page on time, though the page was cached', async () => {
    const site = await browser.context.newPage()
    // The home page as a reader sees it now (and as the page cache keeps it).
    await site.goto(server.url)
    await site.goto(server.url)
    expect(await site.content()).not.toContain('Night ferry sails on time')

    await page.goto(`${server.url}/admin/posts/new`)
    await page.getByLabel('Title').fill('Night ferry sails on time')
    await page.getByRole('textbox', { name: 'Post content' }).click()
    await page.keyboard.type('The late ferry left at ten.')
    const when = new Date(Date.now() + 6000)
    const pad = (n: number) => String(n).padStart(2, '0')
    await page.getByLabel('Publish date').fill(`${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}T${pad(when.getHours())}:${pad(when.getMinutes())}:${pad(when.getSeconds())}`)
    await page.getByRole('button', { name: 'Schedule' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Schedule' }).click()
    await page.getByRole('status').filter({ hasText: 'is scheduled for' }).waitFor()
    await page.evaluate('window.scrollTo(0, 0)')
    await screenshot(page, 'admin-posts-list-04a-scheduled')
    await site.goto(server.url)
    expect(await site.content()).not.toContain('Night ferry sails on time')

    // Nobody touches anything: the scheduler publishes it, and the cached home page is replaced.
    await expect.poll(async () => {
      await site.goto(server.url)
      return site.content()
    }, { timeout: 40_000, interval: 1000 }).toContain('Night ferry sails on time')
    await screenshot(site, 'admin-posts-list-04b-scheduled-post-live')
    await site.close()
  }, 60_000)

  test('on a 390 px phone the list, its filters and bulk actions fit', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${server.url}/admin/posts`)
    await page.locator('.posts-table').waitFor()
    await checkPage('admin-posts-list-05-phone')
    await page.setViewportSize({ width: 1280, height: 900 })
  })
})
