import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { PostRow } from '../../../src/db/index.js'
import { systemActor } from '../../../src/users/index.js'
import { DIALECTS } from '../../helpers/databases.js'
import { openApi, type TestApi } from './helpers.js'

type Json = Record<string, any>

/**
 * Readers' JSON of published posts is kept as written between requests, and so is what `_embed` makes of a post
 * for anonymous readers: each change they show must drop them (a stale kept answer fails these tests).
 */
describe.each(DIALECTS)('REST JSON kept between requests (%s)', (dialect) => {
  let api: TestApi
  let post: PostRow
  let photo: { id: number; file: string }
  let tag: { id: number }
  let authorId: number

  beforeAll(async () => {
    api = await openApi(dialect)
    const { media, posts, terms } = api.services
    authorId = api.users.author.id
    const data = await sharp({ create: { width: 640, height: 360, channels: 3, background: '#1d3557' } }).jpeg().toBuffer()
    photo = await media.upload({ data, filename: 'quay.jpg', altText: 'The quay at dawn' }, systemActor)
    tag = await terms.create('post_tag', { name: 'Harbour' }, systemActor)
    post = await posts.create({
      title: 'Quay reopens',
      content: `<p>First words.</p><p><img src="/uploads/${photo.file}"></p>`,
      status: 'publish',
      authorId,
      featuredMediaId: photo.id,
      tags: [tag.id],
      commentStatus: 'open',
    }, systemActor)
    await posts.create({ title: 'Another story', content: '<p>Other words.</p>', status: 'publish', authorId }, systemActor)
    await api.services.comments.create({ postId: post.id, authorName: 'Ann', authorEmail: 'ann@example.com', content: 'First!', status: 'approved' }, systemActor)
    // Read Also lists are made in the background, and a new one drops a post's kept JSON: made before the tests.
    await api.services.search.computeStaleRelated()
    await api.services.search.idle()
  })
  afterAll(() => api?.close())

  const list = async () => {
    const res = await api.request('/wp-json/wp/v2/posts?per_page=10')
    expect(res.statusCode).toBe(200)
    return { text: res.body, posts: res.json() as Json[] }
  }
  const embedded = async () => {
    const res = await api.request(`/wp-json/wp/v2/posts/${post.id}?_embed`)
    expect(res.statusCode).toBe(200)
    return { text: res.body, post: res.json() as Json }
  }
  const inList = (posts: Json[]) => posts.find((p) => p.id === post.id)!

  test('answer the same bytes as when they were made, with _fields and _envelope still applied', async () => {
    const first = await list()
    expect((await list()).text).toBe(first.text)
    const single = await embedded()
    expect((await embedded()).text).toBe(single.text)
    expect(single.post._embedded.author[0].id).toBe(authorId)
    const fields = (await api.request('/wp-json/wp/v2/posts?per_page=10&_fields=id,title.rendered')).json() as Json[]
    expect(inList(fields)).toEqual({ id: post.id, title: { rendered: 'Quay reopens' } })
    const envelope = (await api.request(`/wp-json/wp/v2/posts/${post.id}?_envelope`)).json() as Json
    expect(envelope).toMatchObject({ status: 200, body: { id: post.id, title: { rendered: 'Quay reopens' } } })
  })

  test('compressed, are the same bytes as sent plain, before and after an edit', async () => {
    const compressed = async (url: string, coding: 'br' | 'gzip') => {
      const res = await api.request({ url, headers: { 'accept-encoding': coding } })
      expect(res.headers['content-encoding']).toBe(coding)
      return (coding === 'br' ? brotliDecompressSync(res.rawPayload) : gunzipSync(res.rawPayload)).toString()
    }
    for (const url of ['/wp-json/wp/v2/posts?per_page=10', `/wp-json/wp/v2/posts/${post.id}?_embed`]) {
      for (const coding of ['br', 'gzip'] as const) {
        const plain = (await api.request(url)).body
        expect(await compressed(url, coding)).toBe(plain)
        expect(await compressed(url, coding)).toBe(plain) // compressed once, then kept
        await api.services.posts.update(post.id, { title: `Quay reopens (${coding} ${url.length})` }, systemActor)
        await api.services.search.idle()
        const edited = await compressed(url, coding)
        expect(edited).toContain(`Quay reopens (${coding} ${url.length})`)
        expect(edited).toBe((await api.request(url)).body)
      }
    }
  })

  test('a list made partly of kept posts is the list made afresh (Read Also links not embeddable in lists)', async () => {
    const { posts, search } = api.services
    const similar: PostRow[] = []
    for (const n of [1, 2, 3]) {
      similar.push(await posts.create({ title: `Harbour bridge works ${n}`, content: `<p>The harbour bridge works go on: lanes, ferries and the harbour bridge, part ${n}.</p>`, status: 'publish', authorId }, systemActor))
    }
    await search.computeStaleRelated()
    await search.idle()
    const related = (await list()).posts.find((p) => p.id === similar[0]!.id)!
    expect(related.related.length).toBeGreaterThan(0)
    expect(related._links.related.every((l: Json) => l.embeddable === false)).toBe(true)
    expect((await api.request(`/wp-json/wp/v2/posts/${similar[0]!.id}`)).json()._links.related[0].embeddable).toBe(true)
    // Changed as another process changes it (no event here): only that post is made again, the others are kept.
    await api.services.handle.db.updateTable('posts').set({ title: 'Harbour bridge works, one', modified_at: new Date(Date.now() + 60_000).toISOString() }).where('id', '=', similar[0]!.id).execute()
    const partly = (await list()).text
    expect(partly).toContain('Harbour bridge works, one')
    await api.services.events.emit({ type: 'external.changed' })
    expect((await list()).text).toBe(partly)
  })

  test('are made again when the post is edited', async () => {
    await list()
    await embedded()
    await api.services.posts.update(post.id, { title: 'Quay reopens at last', content: `<p>Second words.</p><p><img src="/uploads/${photo.file}"></p>` }, systemActor)
    const edited = inList((await list()).posts)
    expect(edited.title.rendered).toBe('Quay reopens at last')
    expect(edited.content.rendered).toContain('Second words.')
    expect((await embedded()).post.title.rendered).toBe('Quay reopens at last')
  })

  test('embeds show a renamed term', async () => {
    expect((await embedded()).post._embedded['wp:term'].flat().map((t: Json) => t.name)).toContain('Harbour')
    await api.services.terms.update(tag.id, { name: 'Old harbour' }, systemActor)
    expect((await embedded()).post._embedded['wp:term'].flat().map((t: Json) => t.name)).toContain('Old harbour')
  })

  test('embeds show a renamed author', async () => {
    expect((await embedded()).post._embedded.author[0].name).not.toBe('Ann Renamed')
    await api.services.users.update(authorId, { displayName: 'Ann Renamed' }, systemActor)
    expect((await embedded()).post._embedded.author[0].name).toBe('Ann Renamed')
  })

  test('a new alt text shows in the featured image embed and in the body', async () => {
    expect((await embedded()).post._embedded['wp:featuredmedia'][0].alt_text).toBe('The quay at dawn')
    expect(inList((await list()).posts).content.rendered).toContain('alt="The quay at dawn"')
    await api.services.media.update(photo.id, { altText: 'The quay at night' }, systemActor)
    expect((await embedded()).post._embedded['wp:featuredmedia'][0].alt_text).toBe('The quay at night')
    expect(inList((await list()).posts).content.rendered).toContain('alt="The quay at night"')
  })

  test('replies show a comment once it is approved', async () => {
    const held = await api.services.comments.create({ postId: post.id, authorName: 'Bob', authorEmail: 'bob@example.com', content: 'Held for now.', status: 'pending' }, systemActor)
    const before = (await embedded()).post._embedded.replies[0] as Json[]
    expect(before.map((c) => c.id)).not.toContain(held.id)
    await api.services.comments.setStatus(held.id, 'approved', systemActor)
    expect(((await embedded()).post._embedded.replies[0] as Json[]).map((c) => c.id)).toContain(held.id)
    // An edit leaves the post's comment count as it was: the comment's event alone drops the embeds.
    await api.services.comments.update(held.id, { content: 'Edited by a moderator.' }, systemActor)
    const edited = ((await embedded()).post._embedded.replies[0] as Json[]).find((c) => c.id === held.id)!
    expect(edited.content.rendered).toContain('Edited by a moderator.')
  })

  test('signed-in readers get their own embeds, not the kept ones', async () => {
    const held = await api.services.comments.create({ postId: post.id, authorName: 'Cy', authorEmail: 'cy@example.com', content: 'Waiting.', status: 'pending' }, systemActor)
    await embedded() // kept for anonymous readers
    const asEditor = (await api.as('editor', { url: `/wp-json/wp/v2/posts/${post.id}?_embed` })).json() as Json
    const anonymous = (await embedded()).post
    // Whatever an editor is shown, it is made for them; the anonymous answer never shows a held comment.
    expect(asEditor._embedded.replies[0]).toBeDefined()
    expect((anonymous._embedded.replies[0] as Json[]).map((c) => c.id)).not.toContain(held.id)
  })

  test('a list counts a post published or unpublished since it was last asked for', async () => {
    const total = async (query = '') => Number((await api.request(`/wp-json/wp/v2/posts?per_page=1${query}`)).headers['x-wp-total'])
    const before = await total()
    const tagged = await total(`&tags=${tag.id}`)
    const added = await api.services.posts.create({ title: 'Late news', content: '<p>Late.</p>', status: 'publish', tags: [tag.id] }, systemActor)
    expect(await total()).toBe(before + 1)
    expect(await total(`&tags=${tag.id}`)).toBe(tagged + 1)
    await api.services.posts.update(added.id, { status: 'draft' }, systemActor)
    expect(await total()).toBe(before)
    expect(await total(`&tags=${tag.id}`)).toBe(tagged)
  })

  test('a post unpublished leaves the list, and its password hides its content', async () => {
    await list()
    await api.services.posts.update(post.id, { password: 'secret' }, systemActor)
    const locked = inList((await list()).posts)
    expect(locked.content).toMatchObject({ rendered: '', protected: true })
    const unlocked = (await api.request(`/wp-json/wp/v2/posts/${post.id}?password=secret`)).json() as Json
    expect(unlocked.content.rendered).toContain('Second words.')
    await api.services.posts.update(post.id, { password: '', status: 'draft' }, systemActor)
    expect((await list()).posts.map((p) => p.id)).not.toContain(post.id)
  })
})
