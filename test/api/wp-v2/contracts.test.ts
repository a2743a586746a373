import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../../../src/users/index.js'
import { DIALECTS } from '../../helpers/databases.js'
import { fixture, haveFixtures, openApi, shapeOf, type TestApi } from './helpers.js'

const FIXTURES = haveFixtures()

/** Each route's reply compared with WordPress 6.1's own, field by field (names, order, nesting and types). */
describe.runIf(FIXTURES).each(DIALECTS)('contracts against WordPress 6.1 (%s)', (dialect) => {
  let api: TestApi
  beforeAll(async () => {
    api = await openApi(dialect)
    const child = await api.services.terms.create('category', { name: 'Child', parentId: (await api.services.terms.list('category'))[0]!.id }, systemActor)
    const tag = await api.services.terms.create('post_tag', { name: 'Tagged', description: 'A tag' }, systemActor)
    const post = await api.services.posts.create({ title: 'Template: comments', status: 'publish', categories: [child.id], tags: [tag.id], authorId: api.users.author.id }, systemActor)
    const about = await api.services.posts.create({ type: 'page', title: 'About', status: 'publish' }, systemActor)
    await api.services.posts.create({ type: 'page', title: 'Team', status: 'publish', parentId: about.id }, systemActor)
    await api.services.comments.create({ postId: post.id, content: 'This test post needs a comment.', authorName: 'themedemos', authorEmail: 'demo@example.com', authorUrl: 'https://example.com/', status: 'approved' }, systemActor)
  })
  afterAll(() => api.close())

  /** Same keys in the same order, same types; links must offer every relation WordPress's do. */
  function sameShape(ours: Record<string, unknown>, wp: Record<string, unknown>, label: string) {
    expect(Object.keys(ours), label).toEqual(Object.keys(wp))
    const strip = ({ _links: _, ...rest }: Record<string, unknown>) => rest
    expect(shapeOf(strip(ours)), label).toEqual(shapeOf(strip(wp)))
    const wpLinks = (wp._links ?? {}) as Record<string, unknown[]>
    const ourLinks = (ours._links ?? {}) as Record<string, unknown[]>
    for (const rel of Object.keys(wpLinks)) {
      expect(ourLinks[rel], `${label} link ${rel}`).toBeDefined()
      expect(shapeOf(ourLinks[rel]), `${label} link ${rel}`).toEqual(shapeOf(wpLinks[rel]))
    }
  }

  const lists: [string, string, (item: Record<string, unknown>) => boolean][] = [
    ['categories.json', '/wp-json/wp/v2/categories?per_page=100', (c) => c.parent !== 0],
    ['tags.json', '/wp-json/wp/v2/tags', () => true],
    ['users.json', '/wp-json/wp/v2/users', () => true],
    ['comments.json', '/wp-json/wp/v2/comments', () => true],
    ['pages.json', '/wp-json/wp/v2/pages', (p) => p.parent !== 0],
  ]
  for (const [file, url, pick] of lists) {
    test(`${url} is shaped like ${file}`, async () => {
      const res = await api.request(url)
      expect(res.statusCode).toBe(200)
      const ours = (res.json() as Record<string, unknown>[]).find(pick)
      expect(ours, url).toBeDefined()
      const wp = (fixture(file) as Record<string, unknown>[]).find(pick) ?? fixture(file)[0]
      sameShape(ours!, wp, file)
    })
  }

  test('search results are shaped like search.json', async () => {
    const ours = (await api.request('/wp-json/wp/v2/search?search=template&per_page=3')).json()
    expect(ours).toHaveLength(1)
    sameShape(ours[0], fixture('search.json')[0], 'search')
  })

  for (const name of ['types', 'taxonomies', 'statuses'] as const) {
    test(`${name} are shaped like ${name}.json`, async () => {
      const ours = (await api.request(`/wp-json/wp/v2/${name}`)).json() as Record<string, Record<string, unknown>>
      const wp = fixture(`${name}.json`) as Record<string, Record<string, unknown>>
      const common = Object.keys(wp).filter((k) => ours[k])
      expect(common.length).toBeGreaterThan(0)
      for (const key of common) sameShape(ours[key]!, wp[key]!, `${name}.${key}`)
      expect(Object.keys(ours).filter((k) => !wp[k] && name !== 'statuses')).toEqual([])
    })
  }

  test('OPTIONS /wp/v2/posts answers with the same schema as WordPress (properties, types, contexts)', async () => {
    const wp = fixture('options_posts.json')
    const ours = (await api.request({ method: 'OPTIONS', url: '/wp-json/wp/v2/posts' })).json()
    expect(Object.keys(ours)).toEqual(Object.keys(wp))
    expect(ours.methods).toEqual(wp.methods)
    const props = (s: { properties: Record<string, { type: unknown; context: unknown; properties?: Record<string, { context: unknown }> }> }) =>
      Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, { type: v.type, context: v.context, sub: v.properties && Object.keys(v.properties).length ? Object.fromEntries(Object.entries(v.properties).map(([n, x]) => [n, x.context])) : undefined }]))
    // Pressroom's own field, as a plugin's register_rest_field adds one: the "Read Also" posts.
    const { related, ...wordpress } = props(ours.schema)
    expect(wordpress).toEqual(props(wp.schema))
    expect(related).toEqual({ type: 'array', context: ['view', 'edit'], sub: undefined })
    expect(ours.schema.title).toBe(wp.schema.title)
  })

  /**
   * A value checked against a property of WordPress's item schema: its type, and for objects with properties, each
   * property the context shows is there and each one it hides is not. PHP sends an empty object as `[]`.
   */
  function validate(value: unknown, schema: WpSchema, context: string, path: string, problems: string[]) {
    const types = [schema.type].flat()
    const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v)
    const actual = typeOf(value)
    const ok = types.includes(actual) || (actual === 'integer' && types.includes('number')) || (actual === 'array' && Array.isArray(value) && !value.length && types.includes('object'))
    if (!ok) problems.push(`${path}: ${actual} is not ${types.join('|')}`)
    if (schema.properties && actual === 'object') {
      const item = value as Record<string, unknown>
      for (const [name, sub] of Object.entries(schema.properties)) {
        const shown = !sub.context || sub.context.includes(context)
        if (shown && !(name in item)) problems.push(`${path}.${name}: missing in ${context}`)
        if (!shown && name in item) problems.push(`${path}.${name}: shown in ${context}`)
        if (shown && name in item) validate(item[name], sub, context, `${path}.${name}`, problems)
      }
    }
  }
  interface WpSchema { type: string | string[]; context?: string[]; properties?: Record<string, WpSchema> }

  test('posts, single and listed, validate against WordPress’s post schema in the view, embed and edit contexts', async () => {
    const schema = fixture('options_posts.json').schema as WpSchema
    const [post] = (await api.request('/wp-json/wp/v2/posts?slug=template-comments')).json() as { id: number }[]
    const problems: string[] = []
    for (const context of ['view', 'embed', 'edit'] as const) {
      const who = context === 'edit' ? 'editor' : 'anonymous'
      const one = await api.as(who, { method: 'GET', url: `/wp-json/wp/v2/posts/${post!.id}?context=${context}` })
      const list = await api.as(who, { method: 'GET', url: `/wp-json/wp/v2/posts?context=${context}&per_page=100` })
      expect([one.statusCode, list.statusCode], context).toEqual([200, 200])
      validate(one.json(), schema, context, `posts/${post!.id}?context=${context}`, problems)
      for (const item of list.json() as unknown[]) validate(item, schema, context, `posts?context=${context}`, problems)
    }
    // A write answers in the edit context.
    const created = await api.as('editor', { method: 'POST', url: '/wp-json/wp/v2/posts', payload: { title: 'Checked', status: 'draft' } })
    validate(created.json(), schema, 'edit', 'POST posts', problems)
    expect(problems).toEqual([])
  })

  test('_embed=replies embeds the post’s approved comments in the embed context', async () => {
    const [post] = (await api.request('/wp-json/wp/v2/posts?slug=template-comments&_embed=replies')).json() as { _embedded: { replies: Record<string, unknown>[][] } }[]
    const [replies] = post!._embedded.replies
    expect(replies!.map((c) => c.content)).toEqual([{ rendered: expect.stringContaining('This test post needs a comment.') }])
    expect(Object.keys(replies![0]!).sort()).toEqual(['_links', 'author', 'author_avatar_urls', 'author_name', 'author_url', 'content', 'date', 'id', 'link', 'parent', 'type'])
  })

  test('a commenter’s email and IP never reach a reader, in any context', async () => {
    for (const url of ['/wp-json/wp/v2/comments', '/wp-json/wp/v2/comments?context=embed', `/wp-json/wp/v2/posts?_embed=replies&per_page=100`]) {
      const res = await api.request(url)
      expect(res.body).not.toContain('demo@example.com')
      expect(res.body).not.toContain('author_ip')
    }
    expect((await api.request('/wp-json/wp/v2/comments?context=edit')).statusCode).toBe(401)
    for (const role of ['subscriber', 'contributor'] as const) {
      const res = await api.as(role, { method: 'GET', url: '/wp-json/wp/v2/comments?context=edit' })
      expect(res.statusCode, role).toBe(403)
      expect(res.body).not.toContain('demo@example.com')
    }
    const editor = await api.as('editor', { method: 'GET', url: '/wp-json/wp/v2/comments?context=edit' })
    expect(editor.json()[0]).toMatchObject({ author_email: 'demo@example.com', author_ip: expect.any(String), author_user_agent: expect.any(String) })
    const author = await api.as('author', { method: 'GET', url: '/wp-json/wp/v2/comments?context=edit' })
    expect(author.statusCode).toBe(200)
    expect(author.json()[0].author_email).toBe('demo@example.com')
  })
})
