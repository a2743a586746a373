import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../../../src/users/index.js'
import { DIALECTS } from '../../helpers/databases.js'
import { openApi, type TestApi } from './helpers.js'

/** `posts/<id>/autosaves`: WordPress's autosave, which keeps a live post as it is and makes no revision. */
describe.each(DIALECTS)('autosaves (%s)', (dialect) => {
  let api: TestApi
  let live: number
  let draft: number
  beforeAll(async () => {
    api = await openApi(dialect)
    live = (await api.services.posts.create({ title: 'Council budget', content: '<p>The vote is on Monday.</p>', status: 'publish', authorId: api.users.author.id }, systemActor)).id
    draft = (await api.services.posts.create({ title: 'Harbour draft', content: '<p>First words.</p>', status: 'draft', authorId: api.users.author.id }, systemActor)).id
  })
  afterAll(() => api.close())

  const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) })
  const revisionCount = async (id: number) => (await api.services.posts.revisions(id, systemActor)).length

  test('an autosave of a published post leaves the post, its page and its revisions alone, and replaces the previous autosave', async () => {
    const revisions = await revisionCount(live)
    const first = await api.as('author', { method: 'POST', url: `/wp-json/wp/v2/posts/${live}/autosaves`, ...json({ title: 'Council budget', content: '<p>The vote is on Tuesday.</p>' }) })
    expect(first.statusCode, first.body).toBe(200)
    expect(first.json()).toMatchObject({ parent: live, slug: `${live}-autosave-v1`, content: { raw: '<p>The vote is on Tuesday.</p>' }, author: api.users.author.id })
    const second = await api.as('author', { method: 'POST', url: `/wp-json/wp/v2/posts/${live}/autosaves`, ...json({ title: 'Council budget, revised', content: '<p>The vote is on Wednesday.</p>' }) })
    expect(second.statusCode).toBe(200)

    const post = await api.services.posts.get(live, systemActor)
    expect(post.content).toBe('<p>The vote is on Monday.</p>')
    expect(post.title).toBe('Council budget')
    expect((await api.request(`/wp-json/wp/v2/posts/${live}`)).json().content.rendered).toContain('Monday')
    expect(await revisionCount(live)).toBe(revisions)

    const list = await api.as('author', { method: 'GET', url: `/wp-json/wp/v2/posts/${live}/autosaves` })
    expect(list.statusCode).toBe(200)
    expect(list.json()).toHaveLength(1)
    expect(list.json()[0]).toMatchObject({ title: { raw: 'Council budget, revised' }, content: { raw: '<p>The vote is on Wednesday.</p>' } })
    // Not a revision: the history does not list it.
    const history = (await api.as('author', { method: 'GET', url: `/wp-json/wp/v2/posts/${live}/revisions` })).json() as { content: { rendered: string } }[]
    expect(history.some((r) => r.content.rendered.includes('Wednesday'))).toBe(false)
  })

  test('saving the post for real removes the saver’s autosave', async () => {
    await api.services.posts.update(live, { content: '<p>The vote is on Wednesday.</p>' }, api.users.author.actor)
    expect((await api.as('author', { method: 'GET', url: `/wp-json/wp/v2/posts/${live}/autosaves` })).json()).toEqual([])
  })

  test('the author’s own draft is simply updated, without a revision per autosave', async () => {
    const revisions = await revisionCount(draft)
    const res = await api.as('author', { method: 'POST', url: `/wp-json/wp/v2/posts/${draft}/autosaves`, ...json({ content: '<p>First words, and more.</p>' }) })
    expect(res.statusCode).toBe(200)
    expect((await api.services.posts.get(draft, systemActor)).content).toBe('<p>First words, and more.</p>')
    expect((await api.services.posts.autosaves(draft, systemActor))).toEqual([])
    expect(await revisionCount(draft)).toBe(revisions)
    // Publishing it keeps the autosaved words as a revision, though the post already had them.
    await api.services.posts.update(draft, { status: 'publish' }, api.users.author.actor)
    const [latest] = await api.services.posts.revisions(draft, systemActor)
    expect(latest!.content).toBe('<p>First words, and more.</p>')
    expect(await revisionCount(draft)).toBe(revisions + 1)
  })

  test('refused without the right to edit the post, and bad input changes nothing', async () => {
    expect((await api.as('anonymous', { method: 'POST', url: `/wp-json/wp/v2/posts/${live}/autosaves`, ...json({ content: 'x' }) })).statusCode).toBe(401)
    const contributor = await api.as('contributor', { method: 'POST', url: `/wp-json/wp/v2/posts/${live}/autosaves`, ...json({ content: 'x' }) })
    expect(contributor.statusCode).toBe(403)
    expect(contributor.json()).toMatchObject({ code: expect.any(String), data: { status: 403 } })
    const long = await api.as('editor', { method: 'POST', url: `/wp-json/wp/v2/posts/${live}/autosaves`, ...json({ title: 'x'.repeat(1001) }) })
    expect(long.statusCode).toBe(400)
    expect((await api.services.posts.autosaves(live, systemActor))).toEqual([])
    expect((await api.as('editor', { method: 'GET', url: '/wp-json/wp/v2/posts/999999/autosaves' })).json().code).toBe('rest_post_invalid_parent')
  })
})
