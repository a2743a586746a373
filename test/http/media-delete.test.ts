import { existsSync } from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { MediaRow } from '../../src/db/index.js'
import { systemActor, userActor } from '../../src/users/index.js'
import { type AdminClient, adminClient, PASSWORD, signIn, staff } from '../admin/helpers.js'
import { DIALECTS } from '../helpers/databases.js'
import { startTestServer, type TestServer } from '../helpers/server.js'

const photo = () => sharp({ create: { width: 400, height: 300, channels: 3, background: '#3a6' } }).jpeg().toBuffer()

/** `DELETE /wp-json/wp/v2/media/ID` as WordPress answers it, and the admin's "where is it used" endpoint. */
describe.each(DIALECTS)('deleting media over HTTP on %s', (dialect) => {
  let server: TestServer
  const as: Record<string, AdminClient> = {}
  beforeAll(async () => {
    server = await startTestServer(dialect)
    await staff(server.services)
    for (const role of ['administrator', 'editor', 'author', 'contributor', 'subscriber']) as[role] = await signIn(server.url, `${role}@example.com`, PASSWORD)
  })
  afterAll(() => server?.close())

  async function upload(role: string, filename: string): Promise<MediaRow> {
    const user = await server.services.users.find(`${role}@example.com`)
    return server.services.media.upload({ data: await photo(), filename }, userActor(user))
  }
  const filesOf = (m: MediaRow) => [m.file, ...Object.values(JSON.parse(m.variants) as Record<string, { file: string }>).map((v) => v.file)].map((f) => path.join(server.dataDir, 'uploads', f))
  const del = (who: AdminClient, id: number, query = '') => who.call('DELETE', `/wp-json/wp/v2/media/${id}${query}`)

  test('a missing item is rest_post_invalid_id 404', async () => {
    const res = await del(as.editor!, 987654, '?force=true')
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ code: 'rest_post_invalid_id', data: { status: 404 } })
  })

  test('without force=true it is refused with 501 rest_trash_not_supported, and nothing changes', async () => {
    const item = await upload('editor', 'no-trash.jpg')
    const res = await del(as.editor!, item.id)
    expect(res.status).toBe(501)
    expect(await res.json()).toMatchObject({ code: 'rest_trash_not_supported', data: { status: 501 } })
    expect(await server.services.media.get(item.id)).toEqual(item)
    for (const file of filesOf(item)) expect(existsSync(file)).toBe(true)
  })

  test('others’ uploads need delete_others_posts: an author, a contributor and a subscriber get 403; a visitor 401', async () => {
    const item = await upload('editor', 'not-yours.jpg')
    for (const role of ['author', 'contributor', 'subscriber']) {
      const res = await del(as[role]!, item.id, '?force=true')
      expect(res.status, role).toBe(403)
      expect(await res.json()).toMatchObject({ code: 'rest_cannot_delete', data: { status: 403 } })
    }
    // The capability is checked before the missing force, as WordPress's permission callback runs first.
    expect((await del(as.author!, item.id)).status).toBe(403)
    const anonymous = await adminClient(server.url)
    expect((await del(anonymous, item.id, '?force=true')).status).toBe(401)
    expect((await server.services.media.get(item.id)).id).toBe(item.id)
    for (const file of filesOf(item)) expect(existsSync(file)).toBe(true)
  })

  test('an author may delete their own upload (delete_posts)', async () => {
    const item = await upload('author', 'mine.jpg')
    expect((await del(as.author!, item.id)).status).toBe(501)
    const res = await del(as.author!, item.id, '?force=true')
    expect(res.status, await res.clone().text()).toBe(200)
    expect(await res.json()).toMatchObject({ deleted: true, previous: { id: item.id, source_url: expect.stringContaining('/uploads/') } })
  })

  test('with force the row, the file and every size go; posts lose it as featured image; the usage endpoint named them first', async () => {
    const item = await upload('author', 'harbour.jpg')
    expect(filesOf(item).length).toBeGreaterThan(2) // the original, a thumbnail and a medium size
    const editor = await server.services.users.find('editor@example.com')
    const featured = await server.services.posts.create({ title: 'Boats', content: '<p>Text</p>', status: 'publish', featuredMediaId: item.id, authorId: editor.id }, systemActor)
    const inContent = await server.services.posts.create({ title: 'Harbour pictures', content: `<figure class="wp-block-image"><img src="/uploads/${item.file.replace('.jpg', '-300x225.jpg')}" alt="x" class="wp-image-${item.id}"></figure>`, status: 'draft', authorId: editor.id }, systemActor)
    // Similar ids and names are not uses.
    await server.services.posts.create({ title: 'Unrelated', content: `<img class="wp-image-${item.id}0" src="/uploads/${item.file.replace('.jpg', '-2.jpg')}">`, status: 'publish', authorId: editor.id }, systemActor)

    const usage = await as.editor!.call('GET', `/admin/api/media/${item.id}/usage`)
    expect(usage.status).toBe(200)
    expect(await usage.json()).toEqual({
      uses: [
        { id: featured.id, type: 'post', title: 'Boats', status: 'publish', featured: true, inContent: false },
        { id: inContent.id, type: 'post', title: 'Harbour pictures', status: 'draft', featured: false, inContent: true },
      ],
      hidden: 0,
    })
    // The author may not see the editor's draft: it is counted, not named.
    expect(await (await as.author!.call('GET', `/admin/api/media/${item.id}/usage`)).json()).toMatchObject({ uses: [{ id: featured.id }], hidden: 1 })
    expect((await as.contributor!.call('GET', `/admin/api/media/${item.id}/usage`)).status).toBe(403)

    const res = await del(as.editor!, item.id, '?force=true')
    expect(res.status, await res.clone().text()).toBe(200)
    expect(await res.json()).toMatchObject({ deleted: true, previous: { id: item.id } })
    for (const file of filesOf(item)) expect(existsSync(file), file).toBe(false)
    expect((await as.editor!.call('GET', `/wp-json/wp/v2/media/${item.id}`)).status).toBe(404)
    expect((await server.services.posts.get(featured.id, systemActor)).featured_media_id).toBeNull()
    const post = (await (await as.editor!.call('GET', `/wp-json/wp/v2/posts/${featured.id}`)).json()) as { featured_media: number }
    expect(post.featured_media).toBe(0)
    expect((await del(as.editor!, item.id, '?force=true')).status).toBe(404)
  })

  test('the media list filters by upload month (after/before) and the months endpoint lists them', async () => {
    const user = await server.services.users.find('editor@example.com')
    await server.services.media.upload({ data: await photo(), filename: 'old.jpg', createdAt: new Date('2021-02-10T12:00:00Z') }, userActor(user))
    const months = (await (await as.editor!.call('GET', '/admin/api/media-months')).json()) as { month: string; count: number }[]
    expect(months.at(-1)).toEqual({ month: '2021-02', count: 1 })
    expect((await as.contributor!.call('GET', '/admin/api/media-months')).status).toBe(403)
    const list = (await (await as.editor!.call('GET', '/wp-json/wp/v2/media?after=2021-01-31T23:59:59&before=2021-03-01T00:00:00')).json()) as { slug: string }[]
    expect(list.map((m) => m.slug)).toEqual(['old'])
  })
})
