import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../../../src/users/index.js'
import { DIALECTS } from '../../helpers/databases.js'
import { openApi, type TestApi } from './helpers.js'

describe.each(DIALECTS)('categories, tags, users, media, comments, search, settings (%s)', (dialect) => {
  let api: TestApi
  let postId: number
  beforeAll(async () => {
    api = await openApi(dialect)
    await api.services.settings.update({ comment_flood_seconds: 0, comment_previously_approved: false }, systemActor)
    postId = (await api.services.posts.create({ title: 'Commentable', status: 'publish', authorId: api.users.author.id }, systemActor)).id
  })
  afterAll(() => api.close())
  const json = async (role: Parameters<TestApi['as']>[0], method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) => {
    const res = await api.as(role, { method, url, payload })
    return { status: res.statusCode, body: res.json(), headers: res.headers }
  }

  test('categories: create, duplicate, child, filter by post, refuse trashing, delete', async () => {
    const parent = await json('editor', 'POST', '/wp-json/wp/v2/categories', { name: 'Sport', description: 'Games' })
    expect(parent.status).toBe(201)
    expect(parent.body).toMatchObject({ name: 'Sport', slug: 'sport', taxonomy: 'category', parent: 0, count: 0, description: 'Games' })
    const dupe = await json('editor', 'POST', '/wp-json/wp/v2/categories', { name: 'Sport' })
    expect(dupe).toMatchObject({ status: 409, body: { code: 'term_exists' } })
    const missing = await json('editor', 'POST', '/wp-json/wp/v2/categories', { slug: 'no-name' })
    expect(missing).toMatchObject({ status: 400, body: { code: 'rest_missing_callback_param', data: { params: ['name'] } } })
    const child = await json('editor', 'POST', '/wp-json/wp/v2/categories', { name: 'Football', parent: parent.body.id })
    expect(child.body.link).toBe(`${api.site.config.siteUrl}/category/sport/football/`)
    const children = await json('anonymous', 'GET', `/wp-json/wp/v2/categories?parent=${parent.body.id}`)
    expect(children.body.map((c: { id: number }) => c.id)).toEqual([child.body.id])
    await api.services.posts.update(postId, { categories: [child.body.id] }, systemActor)
    const ofPost = await json('anonymous', 'GET', `/wp-json/wp/v2/categories?post=${postId}`)
    expect(ofPost.body.map((c: { id: number; count: number }) => [c.id, c.count])).toEqual([[child.body.id, 1]])
    const renamed = await json('editor', 'PUT', `/wp-json/wp/v2/categories/${child.body.id}`, { name: 'Soccer', slug: 'soccer' })
    expect(renamed.body).toMatchObject({ name: 'Soccer', slug: 'soccer' })
    const trash = await json('editor', 'DELETE', `/wp-json/wp/v2/categories/${parent.body.id}`)
    expect(trash).toMatchObject({ status: 501, body: { code: 'rest_trash_not_supported' } })
    const gone = await json('editor', 'DELETE', `/wp-json/wp/v2/categories/${parent.body.id}?force=true`)
    expect(gone.body).toMatchObject({ deleted: true, previous: { id: parent.body.id } })
    expect((await json('anonymous', 'GET', `/wp-json/wp/v2/categories/${child.body.id}`)).body.parent).toBe(0)
    expect((await json('anonymous', 'GET', `/wp-json/wp/v2/tags/${child.body.id}`)).body.code).toBe('rest_term_invalid')
  })

  test('tags: search, slug, hide_empty, orderby, pagination headers', async () => {
    for (const name of ['Apple', 'Banana', 'Cherry']) await api.services.terms.create('post_tag', { name }, systemActor)
    const banana = (await api.services.terms.list('post_tag')).find((t) => t.name === 'Banana')!
    await api.services.posts.update(postId, { tags: [banana.id] }, systemActor)
    expect((await json('anonymous', 'GET', '/wp-json/wp/v2/tags?search=err')).body.map((t: { name: string }) => t.name)).toEqual(['Cherry'])
    expect((await json('anonymous', 'GET', '/wp-json/wp/v2/tags?slug=apple,cherry')).body.map((t: { name: string }) => t.name)).toEqual(['Apple', 'Cherry'])
    expect((await json('anonymous', 'GET', '/wp-json/wp/v2/tags?hide_empty=true')).body.map((t: { name: string }) => t.name)).toEqual(['Banana'])
    expect((await json('anonymous', 'GET', '/wp-json/wp/v2/tags?orderby=count&order=desc')).body[0].name).toBe('Banana')
    const page = await json('anonymous', 'GET', '/wp-json/wp/v2/tags?per_page=2&page=2')
    expect(page.headers).toMatchObject({ 'x-wp-total': '3', 'x-wp-totalpages': '2' })
    expect(page.body.map((t: { name: string }) => t.name)).toEqual(['Cherry'])
    expect((await json('contributor', 'POST', '/wp-json/wp/v2/tags', { name: 'Nope' })).status).toBe(403)
  })

  test('users: readers see authors of published work without emails; administrators see and create all', async () => {
    const anonymous = await json('anonymous', 'GET', '/wp-json/wp/v2/users')
    expect(anonymous.body.map((u: { id: number }) => u.id)).toEqual([api.users.author.id])
    expect(JSON.stringify(anonymous.body)).not.toContain('@example.com')
    expect((await json('anonymous', 'GET', `/wp-json/wp/v2/users/${api.users.subscriber.id}`)).status).toBe(401)
    expect((await json('anonymous', 'GET', '/wp-json/wp/v2/users?context=edit')).status).toBe(401)
    const admin = await json('administrator', 'GET', '/wp-json/wp/v2/users?context=edit&per_page=100')
    expect(admin.body.length).toBe(5)
    expect(admin.body.find((u: { id: number }) => u.id === api.users.subscriber.id)).toMatchObject({ email: 'subscriber@example.com', roles: ['subscriber'] })
    const created = await json('administrator', 'POST', '/wp-json/wp/v2/users', { username: 'reporter', email: 'reporter@example.com', password: 'a long enough password', roles: ['author'], name: 'Rita Reporter' })
    expect(created).toMatchObject({ status: 201, body: { username: 'reporter', name: 'Rita Reporter', roles: ['author'] } })
    expect(created.body.password).toBeUndefined()
    const dupe = await json('administrator', 'POST', '/wp-json/wp/v2/users', { username: 'reporter2', email: 'reporter@example.com', password: 'a long enough password' })
    expect(dupe.body.code).toBe('existing_user_email')
    const promoted = await json('administrator', 'POST', `/wp-json/wp/v2/users/${created.body.id}`, { roles: ['editor'] })
    expect(promoted.body.roles).toEqual(['editor'])
    const renamed = await json('subscriber', 'POST', '/wp-json/wp/v2/users/me', { name: 'New name' })
    expect(renamed).toMatchObject({ status: 200, body: { name: 'New name' } })
    expect((await json('anonymous', 'GET', '/wp-json/wp/v2/users/me')).body.code).toBe('rest_not_logged_in')
  })

  test('media: multipart upload with fields, list, filter, update alt text and caption', async () => {
    const image = await sharp({ create: { width: 320, height: 200, channels: 3, background: '#2a9d8f' } }).png().toBuffer()
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(image)], { type: 'image/png' }), 'sea.png')
    form.append('title', 'The sea')
    form.append('alt_text', 'Calm green sea')
    form.append('caption', 'Taken at dawn')
    const req = new Request('http://x/', { method: 'POST', body: form })
    const res = await api.inject({ method: 'POST', url: '/wp-json/wp/v2/media', headers: { authorization: api.users.author.auth, 'content-type': req.headers.get('content-type')! }, payload: Buffer.from(await req.arrayBuffer()) })
    expect(res.statusCode).toBe(201)
    const media = res.json()
    expect(media).toMatchObject({ title: { raw: 'The sea' }, alt_text: 'Calm green sea', caption: { raw: 'Taken at dawn' }, mime_type: 'image/png', media_details: { width: 320, height: 200 }, author: api.users.author.id })
    expect(media.media_details.sizes.thumbnail).toMatchObject({ width: 150, height: 150, mime_type: 'image/png' })
    const list = await json('anonymous', 'GET', '/wp-json/wp/v2/media?media_type=image&per_page=100')
    expect(list.body.map((m: { id: number }) => m.id)).toContain(media.id)
    expect((await json('anonymous', 'GET', '/wp-json/wp/v2/media?mime_type=application/pdf')).body).toEqual([])
    const edited = await json('author', 'POST', `/wp-json/wp/v2/media/${media.id}`, { alt_text: 'A calm sea', caption: 'At dawn' })
    expect(edited.body).toMatchObject({ alt_text: 'A calm sea', caption: { raw: 'At dawn' } })
    expect((await json('contributor', 'POST', `/wp-json/wp/v2/media/${media.id}`, { alt_text: 'x' })).status).toBe(403)
    expect((await json('anonymous', 'GET', '/wp-json/wp/v2/media/999999')).body.code).toBe('rest_post_invalid_id')
  })

  test('comments: readers post under the discussion rules; moderators change and delete', async () => {
    const missing = await json('anonymous', 'POST', '/wp-json/wp/v2/comments', { post: postId, content: 'No name given' })
    expect(missing).toMatchObject({ status: 400, body: { code: 'rest_comment_author_data_required' } })
    const noPost = await json('anonymous', 'POST', '/wp-json/wp/v2/comments', { content: 'Where?' })
    expect(noPost.body.code).toBe('rest_comment_invalid_post_id')
    const made = await json('anonymous', 'POST', '/wp-json/wp/v2/comments', { post: postId, content: 'First!', author_name: 'Bo', author_email: 'bo@example.com' })
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({ post: postId, author_name: 'Bo', status: 'approved', content: { rendered: expect.stringContaining('First!') } })
    expect(made.body.author_email).toBeUndefined()
    const dupe = await json('anonymous', 'POST', '/wp-json/wp/v2/comments', { post: postId, content: 'First!', author_name: 'Bo', author_email: 'bo@example.com' })
    expect(dupe.body.code).toBe('comment_duplicate')
    const reply = await json('subscriber', 'POST', '/wp-json/wp/v2/comments', { post: postId, parent: made.body.id, content: 'Welcome, Bo.' })
    expect(reply.body).toMatchObject({ parent: made.body.id, author: api.users.subscriber.id })
    const held = await json('editor', 'POST', `/wp-json/wp/v2/comments/${made.body.id}`, { status: 'hold' })
    expect(held.body).toMatchObject({ status: 'hold', author_email: 'bo@example.com' })
    expect((await json('anonymous', 'GET', `/wp-json/wp/v2/comments/${made.body.id}`)).status).toBe(401)
    expect((await json('anonymous', 'GET', `/wp-json/wp/v2/comments?post=${postId}`)).body.map((c: { id: number }) => c.id)).toEqual([reply.body.id])
    expect((await json('editor', 'GET', `/wp-json/wp/v2/comments?status=hold`)).body.map((c: { id: number }) => c.id)).toEqual([made.body.id])
    expect((await json('anonymous', 'GET', '/wp-json/wp/v2/comments?status=hold')).body.code).toBe('rest_forbidden_param')
    const trashed = await json('editor', 'DELETE', `/wp-json/wp/v2/comments/${made.body.id}`)
    expect(trashed.body.status).toBe('trash')
    const deleted = await json('editor', 'DELETE', `/wp-json/wp/v2/comments/${made.body.id}?force=true`)
    expect(deleted.body).toMatchObject({ deleted: true, previous: { id: made.body.id } })
    await api.services.posts.update(postId, { commentStatus: 'closed' }, systemActor)
    const closed = await json('anonymous', 'POST', '/wp-json/wp/v2/comments', { post: postId, content: 'Too late', author_name: 'Cy', author_email: 'cy@example.com' })
    expect(closed).toMatchObject({ status: 403, body: { code: 'rest_comment_closed' } })
    await api.services.posts.update(postId, { commentStatus: 'open' }, systemActor)
  })

  test('search: posts and pages by words, terms by name', async () => {
    await api.services.posts.create({ type: 'page', title: 'Commentable guide', status: 'publish' }, systemActor)
    const hits = await json('anonymous', 'GET', '/wp-json/wp/v2/search?search=commentable')
    // Ranked as the site's search page ranks (the exact title first; stems match: "commentable" finds "comment").
    expect(hits.body.slice(0, 2).map((h: { title: string; subtype: string }) => [h.title, h.subtype])).toEqual([['Commentable', 'post'], ['Commentable guide', 'page']])
    expect(hits.headers['x-wp-total']).toBe(String(hits.body.length))
    const pages = await json('anonymous', 'GET', '/wp-json/wp/v2/search?search=commentable&subtype=page')
    expect(pages.body).toHaveLength(1)
    const terms = await json('anonymous', 'GET', '/wp-json/wp/v2/search?search=cher&type=term')
    expect(terms.body).toMatchObject([{ title: 'Cherry', type: 'term', subtype: 'post_tag' }])
  })

  test('settings: administrators read and change the site’s options; bad values change nothing', async () => {
    expect((await json('editor', 'GET', '/wp-json/wp/v2/settings')).status).toBe(403)
    const read = await json('administrator', 'GET', '/wp-json/wp/v2/settings')
    expect(read.body).toMatchObject({ title: 'Pressroom', description: 'Just another Pressroom site', timezone: 'UTC', posts_per_page: 10, default_comment_status: 'open' })
    const changed = await json('administrator', 'POST', '/wp-json/wp/v2/settings', { title: 'The Daily', posts_per_page: 20 })
    expect(changed.body).toMatchObject({ title: 'The Daily', posts_per_page: 20 })
    const bad = await json('administrator', 'POST', '/wp-json/wp/v2/settings', { title: 'Broken', timezone: 'Mars/Olympus' })
    expect(bad.status).toBe(400)
    expect((await api.services.settings.all()).title).toBe('The Daily')
    expect((await json('anonymous', 'GET', '/wp-json/')).body.name).toBe('The Daily')
  })

  test('registries: types, taxonomies, statuses (readers see only the public status)', async () => {
    expect(Object.keys((await json('anonymous', 'GET', '/wp-json/wp/v2/types')).body)).toEqual(['post', 'page', 'attachment'])
    expect((await json('anonymous', 'GET', '/wp-json/wp/v2/types/nope')).body.code).toBe('rest_type_invalid')
    expect(Object.keys((await json('anonymous', 'GET', '/wp-json/wp/v2/statuses')).body)).toEqual(['publish'])
    expect(Object.keys((await json('contributor', 'GET', '/wp-json/wp/v2/statuses')).body)).toContain('draft')
    expect((await json('anonymous', 'GET', '/wp-json/wp/v2/taxonomies/category')).body).toMatchObject({ slug: 'category', hierarchical: true, rest_base: 'categories' })
  })
})
