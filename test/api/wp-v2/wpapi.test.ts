import { readdirSync } from 'node:fs'
import sharp from 'sharp'
import WPAPI from 'wpapi'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../../../src/users/index.js'
import { DIALECTS } from '../../helpers/databases.js'
import { startTestServer, type TestServer } from '../../helpers/server.js'

/** The unchanged `wpapi` client against a running Pressroom, as a headless front end or script would use it. */
describe.each(DIALECTS)('wpapi client against a running server (%s)', (dialect) => {
  let server: TestServer
  let wp: WPAPI
  let login: string
  let password: string
  beforeAll(async () => {
    server = await startTestServer(dialect)
    const editor = await server.services.users.create({ email: 'desk@example.com', displayName: 'News Desk', role: 'editor', password: null }, systemActor)
    login = editor.login
    password = (await server.services.appPasswords.create(editor.id, 'wpapi test', systemActor)).password
    for (let i = 1; i <= 5; i++) await server.services.posts.create({ title: `Wire story ${i}`, content: `<p>Story number ${i}.</p>`, status: 'publish', publishedAt: `2024-01-0${i}T08:00:00Z` }, systemActor)
  })
  afterAll(() => server.close())

  test('discovers the API from the home page', async () => {
    wp = await WPAPI.discover(server.siteUrl)
    expect((wp as unknown as { _options: { endpoint: string } })._options.endpoint).toBe(`${server.siteUrl}/wp-json/`)
    wp.auth({ username: login, password })
  })

  test('lists posts with pagination and filters', async () => {
    const page1 = (await wp.posts().perPage(2).get()) as WPAPI.WPRequest & { _paging: { total: number; totalPages: number; next: WPAPI.WPRequest } } & { id: number }[]
    expect(page1).toHaveLength(2)
    expect(page1._paging.total).toBe(6)
    expect(page1._paging.totalPages).toBe(3)
    const page2 = (await page1._paging.next.get()) as { title: { rendered: string } }[]
    expect(page2).toHaveLength(2)
    const found = (await wp.posts().search('number 3').get()) as { title: { rendered: string } }[]
    expect(found.map((p) => p.title.rendered)).toEqual(['Wire story 3'])
    const ordered = (await wp.posts().order('asc').orderby('date').perPage(1).get()) as { title: { rendered: string } }[]
    expect(ordered[0]!.title.rendered).toBe('Wire story 1')
  })

  let postId: number
  let categoryId: number
  let tagId: number
  test('creates a post with categories and tags', async () => {
    categoryId = ((await wp.categories().create({ name: 'Politics' })) as { id: number }).id
    tagId = ((await wp.tags().create({ name: 'Elections' })) as { id: number }).id
    const post = (await wp.posts().create({ title: 'Polls close', content: '<p>Counting has begun.</p>', status: 'publish', categories: [categoryId], tags: [tagId] })) as { id: number; categories: number[]; tags: number[]; link: string }
    postId = post.id
    expect(post.categories).toEqual([categoryId])
    expect(post.tags).toEqual([tagId])
    const filtered = (await wp.posts().categories(categoryId).tags(tagId).get()) as { id: number }[]
    expect(filtered.map((p) => p.id)).toEqual([postId])
    const page = await fetch(post.link)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Polls close')
  })

  test('uploads an image and sets it as the featured media, with alt text', async () => {
    const image = await sharp({ create: { width: 800, height: 450, channels: 3, background: '#1d3557' } }).jpeg().toBuffer()
    const media = (await wp.media().file(image as unknown as string, 'ballot box.jpg').create({ title: 'Ballot box', alt_text: 'A ballot box on a table' })) as { id: number; alt_text: string; media_type: string; source_url: string; media_details: { sizes: Record<string, unknown> } }
    expect(media).toMatchObject({ alt_text: 'A ballot box on a table', media_type: 'image' })
    expect(Object.keys(media.media_details.sizes)).toEqual(expect.arrayContaining(['thumbnail', 'medium', 'full']))
    expect((await fetch(media.source_url)).status).toBe(200)
    const updated = (await wp.posts().id(postId).update({ featured_media: media.id })) as { featured_media: number }
    expect(updated.featured_media).toBe(media.id)
    const embedded = (await wp.posts().id(postId).embed().get()) as { _embedded: Record<string, { alt_text?: string; id: number; name?: string }[]> }
    expect(embedded._embedded['wp:featuredmedia']![0]!.alt_text).toBe('A ballot box on a table')
    expect(embedded._embedded.author![0]!.name).toBe('News Desk')
  })

  test('updates and trashes the post', async () => {
    const updated = (await wp.posts().id(postId).update({ title: 'Polls closed' })) as { title: { raw: string } }
    expect(updated.title.raw).toBe('Polls closed')
    const trashed = (await wp.posts().id(postId).delete()) as { status: string }
    expect(trashed.status).toBe('trash')
    await expect(wp.posts().id(postId).get()).resolves.toMatchObject({ status: 'trash' })
    const anonymous = new WPAPI({ endpoint: `${server.siteUrl}/wp-json` })
    await expect(anonymous.posts().id(postId).get()).rejects.toMatchObject({ code: 'rest_post_invalid_id', data: { status: 404 } })
  })

  test('lists comments and creates one', async () => {
    const story = (await wp.posts().search('Wire story 5').get()) as { id: number }[]
    const target = story[0]!.id
    const reader = new WPAPI({ endpoint: `${server.siteUrl}/wp-json` })
    const created = (await reader.comments().create({ post: target, content: 'Great reporting.', author_name: 'Ada', author_email: 'ada@example.com' })) as { id: number; status: string; author_email?: string }
    expect(created.author_email).toBeUndefined()
    await wp.comments().id(created.id).update({ status: 'approved' })
    const listed = (await reader.comments().forPost(target).get()) as { id: number; author_name: string; content: { rendered: string }; author_email?: string }[]
    expect(listed.map((c) => c.id)).toContain(created.id)
    expect(listed[0]).toMatchObject({ author_name: 'Ada' })
    expect(listed[0]!.author_email).toBeUndefined()
    const asEditor = (await wp.comments().forPost(target).context('edit').get()) as { author_email: string }[]
    expect(asEditor[0]!.author_email).toBe('ada@example.com')
  })

  test('plain HTTP uploads: raw body with Content-Disposition; wrong or oversized bodies are refused and write nothing', async () => {
    const auth = `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`
    const png = await sharp({ create: { width: 20, height: 20, channels: 4, background: '#e63946' } }).png().toBuffer()
    const ok = await fetch(`${server.siteUrl}/wp-json/wp/v2/media`, { method: 'POST', headers: { authorization: auth, 'content-type': 'image/png', 'content-disposition': 'attachment; filename="dot.png"' }, body: png })
    expect(ok.status).toBe(201)
    expect((await ok.json()) as object).toMatchObject({ mime_type: 'image/png', media_details: { width: 20, height: 20 } })
    const before = (await server.services.media.list()).total
    const filesBefore = readdirSync(server.services.config.uploadsDir, { recursive: true }).length
    const text = await fetch(`${server.siteUrl}/wp-json/wp/v2/media`, { method: 'POST', headers: { authorization: auth, 'content-type': 'image/jpeg', 'content-disposition': 'attachment; filename="evil.jpg"' }, body: '<?php echo "not an image"; ?>' })
    expect(text.status).toBe(400)
    expect((await text.json()) as object).toMatchObject({ code: 'rest_upload_sideload_error', data: { status: 400 } })
    const noName = await fetch(`${server.siteUrl}/wp-json/wp/v2/media`, { method: 'POST', headers: { authorization: auth, 'content-type': 'image/png' }, body: png })
    expect(((await noName.json()) as { code: string }).code).toBe('rest_upload_no_content_disposition')
    const huge = await fetch(`${server.siteUrl}/wp-json/wp/v2/media`, { method: 'POST', headers: { authorization: auth, 'content-type': 'image/png', 'content-disposition': 'attachment; filename="huge.png"' }, body: Buffer.concat([png, Buffer.alloc(33 * 1024 * 1024)]) })
    expect(huge.status).toBe(413)
    expect(((await huge.json()) as { code: string }).code).toBe('rest_upload_file_too_big')
    const form = new FormData()
    form.append('file', new Blob(['just text']), 'notes.png')
    const multipart = await fetch(`${server.siteUrl}/wp-json/wp/v2/media`, { method: 'POST', headers: { authorization: auth }, body: form })
    expect(multipart.status).toBe(400)
    const bigForm = new FormData()
    bigForm.append('file', new Blob([png, Buffer.alloc(33 * 1024 * 1024)]), 'huge.png')
    const bigMultipart = await fetch(`${server.siteUrl}/wp-json/wp/v2/media`, { method: 'POST', headers: { authorization: auth }, body: bigForm })
    expect(bigMultipart.status).toBe(413)
    expect(((await bigMultipart.json()) as { code: string }).code).toBe('rest_upload_file_too_big')
    expect((await server.services.media.list()).total).toBe(before)
    expect(readdirSync(server.services.config.uploadsDir, { recursive: true }).length).toBe(filesBefore)
  })
})
