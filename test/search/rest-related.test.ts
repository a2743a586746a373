import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { PostRow } from '../../src/db/index.js'
import { systemActor } from '../../src/users/index.js'
import { DIALECTS } from '../helpers/databases.js'
import { startTestServer, type TestServer } from '../helpers/server.js'

type WpPost = { id: number; title: { rendered: string }; related?: number[]; _links: Record<string, { href: string; embeddable?: boolean }[]>; _embedded?: Record<string, { id: number; title: { rendered: string } }[]> }

describe.each(DIALECTS)('"Read Also" in the REST API on %s', (dialect) => {
  let server: TestServer
  let drought: PostRow
  let page: PostRow
  const stories: PostRow[] = []
  const get = async <T = WpPost>(path: string) => {
    const res = await fetch(server.url + path)
    expect(res.status, path).toBe(200)
    return (await res.json()) as T
  }

  beforeAll(async () => {
    server = await startTestServer(dialect)
    const { posts } = server.services
    const at = (d: number) => new Date(Date.UTC(2025, 0, d, 12))
    const add = async (title: string, content: string, day: number, extra: Record<string, unknown> = {}) => {
      const post = await posts.create({ title, content: `<p>${content}</p>`, status: 'publish', publishedAt: at(day), categories: ['News'], ...extra }, systemActor)
      stories.push(post)
      return post
    }
    await add('Reservoirs at record low as drought deepens', 'The drought has emptied reservoirs; farmers ration irrigation water.', 1, { tags: ['Drought'] })
    await add('Farmers count the cost of the drought', 'Irrigation bans and dry reservoirs: the drought cost farmers their harvest.', 2)
    await add('Hosepipe ban lifted', 'Rain refilled reservoirs after the long drought.', 3, { tags: ['Drought'] })
    for (let i = 1; i <= 4; i++) await add(`Council meeting ${i}`, `The council discussed parking and the library budget, item ${i}.`, 4 + i)
    await posts.create({ title: 'Drought plans (draft)', content: '<p>Farmers, drought, reservoirs, irrigation and the harvest.</p>', status: 'draft', tags: ['Drought'] }, systemActor)
    drought = await add('Drought: farmers ask for help', 'Farmers say the drought and empty reservoirs threaten irrigation and the harvest.', 10, { tags: ['Drought'] })
    page = await posts.create({ title: 'About the drought desk', content: '<p>We cover the drought, farmers and reservoirs.</p>', status: 'publish', type: 'page' }, systemActor)
    await server.services.search.idle()
  })
  afterAll(() => server.close())

  test('a post lists its Read Also posts as `related`, the same ids as the post page, best first', async () => {
    const expected = await server.services.search.relatedIds(drought.id)
    expect(expected).toHaveLength(4)
    const post = await get(`/wp-json/wp/v2/posts/${drought.id}`)
    expect(post.related).toEqual(expected)
    const titles = new Map(stories.map((s) => [s.id, s.title]))
    expect(expected.slice(0, 3).map((id) => titles.get(id)).sort()).toEqual(['Farmers count the cost of the drought', 'Hosepipe ban lifted', 'Reservoirs at record low as drought deepens'])
    // The post page shows the same posts in the same order.
    const html = await (await fetch(server.url + new URL(await server.services.permalinks.linkFor(drought)).pathname)).text()
    const block = /<aside class="related"[\s\S]*?<\/aside>/.exec(html)![0]
    const shown = expected.map((id) => block.indexOf(titles.get(id)!))
    expect(shown.every((i) => i >= 0)).toBe(true)
    expect([...shown].sort((a, b) => a - b)).toEqual(shown)
    expect(block).not.toContain('(draft)')
  })

  test('lists carry `related` on every post, and follow the related_posts_count setting', async () => {
    const list = await get<WpPost[]>('/wp-json/wp/v2/posts?per_page=100')
    expect(list.length).toBeGreaterThanOrEqual(stories.length)
    for (const item of list) expect(item.related, `post ${item.id}`).toEqual(await server.services.search.relatedIds(item.id))
    await server.services.settings.set('related_posts_count', 2, systemActor)
    try {
      expect((await get(`/wp-json/wp/v2/posts/${drought.id}`)).related).toEqual((await server.services.search.relatedIds(drought.id)).slice(0, 2))
      expect((await get(`/wp-json/wp/v2/posts/${drought.id}`)).related).toHaveLength(2)
    } finally {
      await server.services.settings.set('related_posts_count', 4, systemActor)
    }
  })

  test('_links.related points at each post, and _embed=related embeds them in order', async () => {
    const post = await get(`/wp-json/wp/v2/posts/${drought.id}?_embed=related`)
    expect(post._links.related!.map((l) => l.href)).toEqual(post.related!.map((id) => `${server.url}/wp-json/wp/v2/posts/${id}`))
    expect(post._links.related!.every((l) => l.embeddable)).toBe(true)
    expect(post._embedded!.related!.map((p) => p.id)).toEqual(post.related)
    expect(post._embedded!.related![0]!.title.rendered).toBeTruthy()
    // the embed context carries no `related` of its own (no lists of lists)
    expect(post._embedded!.related![0]).not.toHaveProperty('related')
    // A plain `_embed` leaves them out, as WordPress has no such link (its cost stays WordPress's) …
    const plain = await get(`/wp-json/wp/v2/posts/${drought.id}?_embed`)
    expect(plain._embedded?.related).toBeUndefined()
    expect(plain._links.related!.length).toBeGreaterThan(0)
    // … and in a list they are never embedded: four sub-requests per post would make every embedded list slow.
    const list = await get<WpPost[]>('/wp-json/wp/v2/posts?_embed&per_page=5')
    expect(list.some((p) => p._links.related?.length)).toBe(true)
    for (const item of list) expect(item._embedded?.related).toBeUndefined()
  })

  test('pages have no `related`; `_fields=related` works; the schema describes it', async () => {
    const about = await get(`/wp-json/wp/v2/pages/${page.id}`)
    expect(about).not.toHaveProperty('related')
    expect(about._links).not.toHaveProperty('related')
    expect(await get(`/wp-json/wp/v2/posts/${drought.id}?_fields=id,related`)).toEqual({ id: drought.id, related: await server.services.search.relatedIds(drought.id) })
    const options = await fetch(`${server.url}/wp-json/wp/v2/posts`, { method: 'OPTIONS' })
    const { schema } = (await options.json()) as { schema: { properties: Record<string, unknown> } }
    expect(schema.properties.related).toMatchObject({ type: 'array', items: { type: 'integer' }, readonly: true, context: ['view', 'edit'] })
  })

  test('a post leaving publication leaves `related` at once', async () => {
    const [first] = await server.services.search.relatedIds(drought.id)
    await server.services.posts.update(first!, { status: 'draft' }, systemActor)
    try {
      const post = await get(`/wp-json/wp/v2/posts/${drought.id}`)
      expect(post.related).not.toContain(first)
      expect(post.related).toHaveLength(4)
    } finally {
      await server.services.posts.update(first!, { status: 'publish' }, systemActor)
      await server.services.search.idle()
    }
  })
})
