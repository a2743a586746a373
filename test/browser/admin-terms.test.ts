import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../../src/users/index.js'
import { type AdminSession, PASSWORD, signIn, startAdminSession } from '../admin/helpers.js'
import type { TestServer } from '../helpers/server.js'

/** An editor manages categories and tags; an author neither sees nor may use those screens. */
describe('categories and tags in Chromium', () => {
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
  const table = () => page.locator('.terms-table')
  /** The names in the table, each after its tree depth ("— World"). */
  const rowNames = async () => {
    const depths = await table().locator('tbody .depth').allTextContents()
    return (await table().locator('tbody .row-title').allTextContents()).map((name, i) => `${depths[i] ?? ''}${name}`)
  }
  const category = async (slug: string) => (await server.services.terms.list('category')).find((t) => t.slug === slug)

  test('an editor adds a parent and a child category, and sees them as a tree', async () => {
    await signInAs('editor')
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Categories' }).click()
    await page.getByRole('heading', { name: 'Categories', exact: true }).waitFor()
    await table().getByRole('button', { name: 'Uncategorized', exact: true }).waitFor()
    const form = page.getByRole('region', { name: 'Add a new category' })
    await form.getByLabel('Name').fill('News')
    await form.getByLabel('Description').fill('What happened today')
    await form.getByRole('button', { name: 'Add new category' }).click()
    await page.getByRole('status').filter({ hasText: 'Category “News” was added.' }).waitFor()
    await form.getByLabel('Name').fill('World')
    await form.getByLabel('Slug').fill('world-affairs')
    await form.getByLabel('Parent category').selectOption({ label: 'News' })
    await form.getByRole('button', { name: 'Add new category' }).click()
    await page.getByRole('status').filter({ hasText: 'Category “World” was added.' }).waitFor()
    await expect.poll(rowNames).toEqual(['News', '— World', 'Uncategorized'])
    const news = (await category('news'))!
    expect(await category('world-affairs')).toMatchObject({ name: 'World', parent_id: news.id, description: '' })
    expect(news.description).toBe('What happened today')
    // The default category has no Delete action.
    expect(await table().getByRole('button', { name: 'Delete “Uncategorized”' }).count()).toBe(0)
    await checkPage('admin-terms-01-categories')
  })

  test('a bad name is refused with the server’s message, and nothing is added', async () => {
    const form = page.getByRole('region', { name: 'Add a new category' })
    await form.getByLabel('Name').fill('news')
    await form.getByRole('button', { name: 'Add new category' }).click()
    await page.getByRole('alert').filter({ hasText: 'already exists' }).waitFor()
    expect((await server.services.terms.list('category')).length).toBe(3)
    await form.getByLabel('Name').fill('')
  })

  test('edits a category in a panel: name, slug, parent and description are saved', async () => {
    await table().getByRole('button', { name: 'Edit “World”' }).click()
    const panel = page.getByRole('dialog', { name: 'Edit category' })
    await panel.getByLabel('Name').fill('World news')
    await panel.getByLabel('Slug').fill('world-news')
    await panel.getByLabel('Description').fill('Beyond our borders')
    // A category cannot be its own parent: it is not offered.
    expect(await panel.getByLabel('Parent category').locator('option').allTextContents()).toEqual(['None', 'News', 'Uncategorized'])
    await panel.getByLabel('Parent category').selectOption({ label: 'None' })
    await checkPage('admin-terms-02-edit-category')
    await panel.getByRole('button', { name: 'Update' }).click()
    await page.getByRole('status').filter({ hasText: 'Category “World news” was updated.' }).waitFor()
    expect(await category('world-news')).toMatchObject({ name: 'World news', description: 'Beyond our borders', parent_id: null })
    await expect.poll(rowNames).toEqual(['News', 'Uncategorized', 'World news'])
  })

  test('deleting a category asks first, and its posts fall back to the default category', async () => {
    const editor = await server.services.users.find('editor@example.com')
    const world = (await category('world-news'))!
    const post = await server.services.posts.create({ title: 'Summit ends', content: '<p>Talks.</p>', status: 'publish', categories: [world.id], authorId: editor.id }, systemActor)
    await page.reload()
    await table().getByRole('button', { name: 'Delete “World news”' }).click()
    const confirm = page.getByRole('dialog', { name: 'Delete this category?' })
    await expect(confirm.textContent()).resolves.toContain('removed from its 1 post. Posts left without a category move to “Uncategorized”')
    await checkPage('admin-terms-03-delete-category')
    await confirm.getByRole('button', { name: 'Delete' }).click()
    await page.getByRole('status').filter({ hasText: 'Category “World news” was deleted.' }).waitFor()
    await expect.poll(rowNames).toEqual(['News', 'Uncategorized'])
    const cats = (await server.services.terms.termsOfPosts([post.id])).filter((t) => t.taxonomy === 'category').map((t) => t.slug)
    expect(cats).toEqual(['uncategorized'])
  })

  test('tags: add, search, edit and delete', async () => {
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Tags' }).click()
    await page.getByRole('heading', { name: 'Tags', exact: true }).waitFor()
    const form = page.getByRole('region', { name: 'Add a new tag' })
    expect(await form.getByLabel('Parent category').count()).toBe(0)
    for (const name of ['Weather', 'Elections', 'Energy']) {
      await form.getByLabel('Name').fill(name)
      await form.getByRole('button', { name: 'Add new tag' }).click()
      await page.getByRole('status').filter({ hasText: `Tag “${name}” was added.` }).waitFor()
    }
    await expect.poll(rowNames).toEqual(['Elections', 'Energy', 'Weather'])
    await page.getByLabel('Search tags').fill('ele')
    await expect.poll(rowNames).toEqual(['Elections'])
    await page.getByLabel('Search tags').fill('')
    await expect.poll(rowNames).toEqual(['Elections', 'Energy', 'Weather'])

    await table().getByRole('button', { name: 'Edit “Weather”' }).click()
    const panel = page.getByRole('dialog', { name: 'Edit tag' })
    await panel.getByLabel('Description').fill('Storms, floods and heat')
    await panel.getByRole('button', { name: 'Update' }).click()
    await page.getByRole('status').filter({ hasText: 'Tag “Weather” was updated.' }).waitFor()
    expect((await server.services.terms.list('post_tag')).find((t) => t.name === 'Weather')!.description).toBe('Storms, floods and heat')
    await table().getByText('Storms, floods and heat').waitFor()

    await table().getByRole('button', { name: 'Delete “Energy”' }).click()
    await page.getByRole('dialog', { name: 'Delete this tag?' }).getByRole('button', { name: 'Delete' }).click()
    await page.getByRole('status').filter({ hasText: 'Tag “Energy” was deleted.' }).waitFor()
    await expect.poll(rowNames).toEqual(['Elections', 'Weather'])
    expect((await server.services.terms.list('post_tag')).map((t) => t.name).sort()).toEqual(['Elections', 'Weather'])
    await checkPage('admin-terms-04-tags')
  })

  test('at 390 px the screens fit the phone and stay accessible', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${server.url}/admin/categories`)
    await expect.poll(rowNames).toEqual(['News', 'Uncategorized'])
    await checkPage('admin-terms-05-categories-390')
    await page.goto(`${server.url}/admin/tags`)
    await expect.poll(rowNames).toEqual(['Elections', 'Weather'])
    await checkPage('admin-terms-06-tags-390')
    await page.setViewportSize({ width: 1280, height: 900 })
  })

  test('an author sees neither screen, and the server refuses their term changes', async () => {
    await signInAs('author')
    const nav = (await page.getByRole('navigation', { name: 'Admin' }).getByRole('link').allTextContents()).map((t) => t.trim())
    expect(nav).not.toContain('Categories')
    expect(nav).not.toContain('Tags')
    await page.goto(`${server.url}/admin/categories`)
    await page.getByRole('heading', { name: 'Not available to your role' }).waitFor()
    await page.goto(`${server.url}/admin/tags`)
    await page.getByRole('heading', { name: 'Not available to your role' }).waitFor()

    const author = await signIn(server.url, 'author@example.com', PASSWORD)
    const news = (await category('news'))!
    const create = await author.call('POST', '/wp-json/wp/v2/categories', { body: { name: 'Sneaky' } })
    expect(create.status).toBe(403)
    expect(await create.json()).toMatchObject({ code: 'rest_cannot_create' })
    expect((await author.call('POST', `/wp-json/wp/v2/categories/${news.id}`, { body: { name: 'Renamed' } })).status).toBe(403)
    const remove = await author.call('DELETE', `/wp-json/wp/v2/categories/${news.id}?force=true`)
    expect(remove.status).toBe(403)
    expect(await remove.json()).toMatchObject({ code: 'rest_cannot_delete' })
    expect((await category('news'))!.name).toBe('News')
    // Nobody deletes the default category, not even an administrator.
    const admin = await signIn(server.url, 'administrator@example.com', PASSWORD)
    const fallback = (await category('uncategorized'))!
    const refused = await admin.call('DELETE', `/wp-json/wp/v2/categories/${fallback.id}?force=true`)
    expect(refused.status).toBe(403)
    expect(await refused.json()).toMatchObject({ code: 'rest_cannot_delete', data: { status: 403 } })
  })
})
