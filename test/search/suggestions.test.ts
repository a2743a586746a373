import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { PostRow } from '../../src/db/index.js'
import { extractEntities, isTaggerLoaded } from '../../src/search/entities.js'
import { systemActor } from '../../src/users/index.js'
import { type TestApi, openApi } from '../api/wp-v2/helpers.js'
import { DIALECTS } from '../helpers/databases.js'
import { DIPLOMACY, NO_ENTITIES } from './helpers.js'

const COMMON = /^(the|a|an|we|he|she|it|they|yesterday|monday|officials|nothing|nobody|sanctions|talks|said|not)$/i

describe('entity extraction (compromise, corrected)', () => {
  test('the tagger is loaded on first use, not when the module is imported', async () => {
    expect(isTaggerLoaded()).toBe(false)
    expect((await extractEntities('Antony Blinken flew to Kuwait.')).map((e) => e.name)).toEqual(['Antony Blinken', 'Kuwait'])
    expect(isTaggerLoaded()).toBe(true)
  })

  test('names behind titles, possessives, lists and trailing punctuation', async () => {
    const entities = await extractEntities(DIPLOMACY.replace(/<[^>]+>/g, ' '))
    const byName = Object.fromEntries(entities.map((e) => [e.name, e.kind]))
    expect(byName).toMatchObject({
      'Antony Blinken': 'person', 'Vladimir Putin': 'person', Kuwait: 'place', 'Saudi Arabia': 'place', Brazil: 'place', India: 'place', Japan: 'place',
    })
    // "Blinken" alone is the same person; nothing keeps punctuation or a possessive.
    expect(Object.keys(byName)).not.toContain('Blinken')
    for (const { name } of entities) {
      expect(name).not.toMatch(/[.,;:!?'’"]$|'s$/)
      expect(name).not.toMatch(COMMON)
    }
    expect(entities.find((e) => e.name === 'Antony Blinken')!.count).toBe(2)
  })

  test('a text without names gives nothing', async () => {
    expect(await extractEntities(NO_ENTITIES.replace(/<[^>]+>/g, ' '))).toEqual([])
  })

  test('more titles: Prime Minister, Foreign Minister, Chancellor; organisations stay organisations', async () => {
    const names = (await extractEntities('Foreign Minister Sergey Lavrov met Prime Minister Narendra Modi. Chancellor Olaf Scholz spoke to NATO and the Foreign Ministry.')).map((e) => `${e.name}:${e.kind}`)
    expect(names).toEqual(expect.arrayContaining(['Sergey Lavrov:person', 'Narendra Modi:person', 'Olaf Scholz:person', 'NATO:organization', 'Foreign Ministry:organization']))
  })
})

describe.each(DIALECTS)('tag suggestions on %s', (dialect) => {
  let api: TestApi
  let story: PostRow
  let quiet: PostRow
  let kuwaitTag: number
  let ceasefireTag: number
  const route = (id: number) => `/wp-json/pressroom/v1/posts/${id}/tag-suggestions`

  beforeAll(async () => {
    api = await openApi(dialect)
    const { posts, terms } = api.services
    kuwaitTag = (await terms.create('post_tag', { name: 'Kuwait' }, systemActor)).id
    ceasefireTag = (await terms.create('post_tag', { name: 'Ceasefire' }, systemActor)).id
    await terms.create('post_tag', { name: 'The' }, systemActor)
    story = await posts.create({ title: 'Blinken in the Gulf', content: `${DIPLOMACY}<p>The ceasefire held.</p>`, status: 'publish', authorId: api.users.author.id, tags: ['Diplomacy'] }, systemActor)
    quiet = await posts.create({ title: 'A rainy day', content: NO_ENTITIES, status: 'draft', authorId: api.users.author.id }, systemActor)
  })
  afterAll(() => api.close())

  test('the story\'s people and places, the site\'s tags as a gazetteer, and no common words', async () => {
    const suggestions = await api.services.search.suggestTags(story.id, systemActor)
    const names = suggestions.map((s) => s.name)
    expect(names).toEqual(expect.arrayContaining(['Antony Blinken', 'Vladimir Putin', 'Kuwait', 'Saudi Arabia', 'Brazil', 'India', 'Japan', 'Ceasefire']))
    expect(suggestions.find((s) => s.name === 'Kuwait')).toEqual({ name: 'Kuwait', kind: 'place', tag_id: kuwaitTag })
    expect(suggestions.find((s) => s.name === 'Ceasefire')).toEqual({ name: 'Ceasefire', kind: 'tag', tag_id: ceasefireTag })
    expect(suggestions.find((s) => s.name === 'Antony Blinken')).toEqual({ name: 'Antony Blinken', kind: 'person', tag_id: null })
    for (const name of names) expect(name).not.toMatch(COMMON)
    expect(names).not.toContain('Diplomacy')
    // Nothing else: the city it names is the only other one.
    expect([...names].sort()).toEqual(['Antony Blinken', 'Brazil', 'Ceasefire', 'India', 'Japan', 'Kuwait', 'Riyadh', 'Saudi Arabia', 'Vladimir Putin'])
  })

  test('a story naming nobody gets no suggestions', async () => {
    expect(await api.services.search.suggestTags(quiet.id, systemActor)).toEqual([])
  })

  test('GET /wp-json/pressroom/v1/posts/<id>/tag-suggestions needs the right to edit that post', async () => {
    const ok = await api.as('editor', { method: 'GET', url: route(story.id) })
    expect(ok.statusCode).toBe(200)
    expect(ok.json().map((s: { name: string }) => s.name)).toContain('Antony Blinken')
    expect((await api.as('author', { method: 'GET', url: route(quiet.id) })).json()).toEqual([])
    const anonymous = await api.as('anonymous', { method: 'GET', url: route(story.id) })
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.json()).toMatchObject({ code: 'rest_forbidden', data: { status: 401 } })
    expect((await api.as('subscriber', { method: 'GET', url: route(story.id) })).statusCode).toBe(403)
    // A contributor may not edit someone else's published post, nor see another's draft.
    expect((await api.as('contributor', { method: 'GET', url: route(story.id) })).statusCode).toBe(403)
    expect((await api.as('contributor', { method: 'GET', url: route(quiet.id) })).json()).toMatchObject({ code: 'rest_post_invalid_id', data: { status: 404 } })
    expect((await api.as('editor', { method: 'GET', url: route(999_999) })).statusCode).toBe(404)
    expect((await api.as('editor', { method: 'GET', url: '/wp-json/pressroom/v1/posts/abc/tag-suggestions' })).statusCode).toBe(404)
    const badAuth = await api.request({ method: 'GET', url: route(story.id), headers: { authorization: `Basic ${Buffer.from('nobody:wrong').toString('base64')}` } })
    expect(badAuth.statusCode).toBe(401)
  })

  test('accepting a suggestion reuses the site\'s tag or creates it, and it is suggested no more', async () => {
    const reuse = await api.as('editor', { method: 'POST', url: route(story.id), payload: { name: 'kuwait' } })
    expect(reuse.statusCode).toBe(201)
    expect(reuse.json().tag_id).toBe(kuwaitTag)
    const created = await api.as('editor', { method: 'POST', url: route(story.id), payload: { name: 'Antony Blinken' } })
    const tag = await api.services.terms.get(created.json().tag_id)
    expect(tag).toMatchObject({ taxonomy: 'post_tag', name: 'Antony Blinken' })
    const names = (await api.services.search.suggestTags(story.id, systemActor)).map((s) => s.name)
    expect(names).not.toContain('Kuwait')
    expect(names).not.toContain('Antony Blinken')
    const tags = (await api.services.terms.termsOfPosts([story.id])).filter((t) => t.taxonomy === 'post_tag').map((t) => t.name).sort()
    expect(tags).toEqual(['Antony Blinken', 'Diplomacy', 'Kuwait'])
    expect((await api.as('editor', { method: 'POST', url: route(story.id), payload: { name: '' } })).statusCode).toBe(400)
    for (const payload of [{}, { name: 123 }, { name: ['Kuwait'] }, { name: null }, { name: '   ' }, { name: 'x'.repeat(201) }, { name: '2024' }]) {
      const res = await api.as('editor', { method: 'POST', url: route(story.id), payload })
      expect(res.statusCode, JSON.stringify(payload).slice(0, 40)).toBe(400)
      expect(res.json()).toMatchObject({ code: 'rest_invalid_param', data: { status: 400 } })
    }
    // A name of punctuation alone is its own tag, not whichever other one folds to nothing too.
    const question = (await api.services.terms.create('post_tag', { name: '???' }, systemActor)).id
    const bang = await api.as('editor', { method: 'POST', url: route(story.id), payload: { name: '!!!' } })
    expect(bang.statusCode).toBe(201)
    expect(bang.json().tag_id).not.toBe(question)
    expect((await api.services.terms.get(bang.json().tag_id)).name).toBe('!!!')
    expect((await api.as('subscriber', { method: 'POST', url: route(story.id), payload: { name: 'X' } })).statusCode).toBe(403)
  })
})
