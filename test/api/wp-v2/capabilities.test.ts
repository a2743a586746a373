import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { allRoutes } from '../../../src/api/wp-v2/routes/index.js'
import type { Services } from '../../../src/services.js'
import { ROLES, type Role, systemActor } from '../../../src/users/index.js'
import { DIALECTS } from '../../helpers/databases.js'
import { openApi, type TestApi } from './helpers.js'

type Who = Role | 'anonymous'
const WHO: Who[] = ['anonymous', ...[...ROLES].reverse()]
const RANK: Record<Who, number> = { anonymous: 0, subscriber: 1, contributor: 2, author: 3, editor: 4, administrator: 5 }

interface Case {
  /** The least role allowed; every role above it is allowed too, every one below refused. */
  min: Who
  /** Roles allowed besides the ranking (a user editing their own account). */
  also?: Who[]
  /** Builds what the request needs (fresh for every role: deletes consume their target) and returns the URL. */
  url(api: TestApi, ctx: Fixtures, who: Who): Promise<string> | string
  body?: (who: Who, method: string) => unknown
  raw?: { data: () => Buffer; headers: Record<string, string> }
}

interface Fixtures {
  postByAdmin(): Promise<number>
  pageByAdmin(): Promise<number>
  term(taxonomy: 'category' | 'post_tag'): Promise<number>
  mediaId: number
  commentId(): Promise<number>
  /** A fresh application password of the contributor: its URL. */
  appPassword(api: TestApi): Promise<string>
}

let png: Buffer
const p = (path: string) => `/wp-json${path}`

/** The URL of the first revision of a new post or page by the administrator (`query` appended). */
const firstRevision = (type: 'posts' | 'pages', query = '') => async (api: TestApi, f: Fixtures) => {
  const id = type === 'posts' ? await f.postByAdmin() : await f.pageByAdmin()
  const [rev] = await api.services.posts.revisions(id, systemActor)
  return p(`/wp/v2/${type}/${id}/revisions/${rev!.id}${query}`)
}

/**
 * Every route × method of the API, with who may use it; a route missing here fails the test. PUT and PATCH are run
 * from the POST case of a route that takes them (the same endpoint in WordPress and here), with the same outcome.
 */
const MATRIX: Record<string, Case> = {
  'GET /': { min: 'anonymous', url: () => p('/') },
  'GET /wp/v2': { min: 'anonymous', url: () => p('/wp/v2') },
  'GET /wp/v2/posts': { min: 'anonymous', url: () => p('/wp/v2/posts') },
  'POST /wp/v2/posts': { min: 'contributor', url: () => p('/wp/v2/posts'), body: (who) => ({ title: `By ${who}` }) },
  'GET /wp/v2/posts/(?P<id>[\\d]+)': { min: 'anonymous', url: async (_, f) => p(`/wp/v2/posts/${await f.postByAdmin()}`) },
  'POST /wp/v2/posts/(?P<id>[\\d]+)': { min: 'editor', url: async (_, f) => p(`/wp/v2/posts/${await f.postByAdmin()}`), body: () => ({ title: 'Changed' }) },
  'DELETE /wp/v2/posts/(?P<id>[\\d]+)': { min: 'editor', url: async (_, f) => p(`/wp/v2/posts/${await f.postByAdmin()}`) },
  'GET /wp/v2/posts/(?P<parent>[\\d]+)/revisions': { min: 'editor', url: async (_, f) => p(`/wp/v2/posts/${await f.postByAdmin()}/revisions`) },
  'GET /wp/v2/posts/(?P<parent>[\\d]+)/revisions/(?P<id>[\\d]+)': { min: 'editor', url: firstRevision('posts') },
  'DELETE /wp/v2/posts/(?P<parent>[\\d]+)/revisions/(?P<id>[\\d]+)': { min: 'editor', url: firstRevision('posts', '?force=true') },
  'GET /wp/v2/pages': { min: 'anonymous', url: () => p('/wp/v2/pages') },
  'POST /wp/v2/pages': { min: 'editor', url: () => p('/wp/v2/pages'), body: (who) => ({ title: `Page by ${who}` }) },
  'GET /wp/v2/pages/(?P<id>[\\d]+)': { min: 'anonymous', url: async (_, f) => p(`/wp/v2/pages/${await f.pageByAdmin()}`) },
  'POST /wp/v2/pages/(?P<id>[\\d]+)': { min: 'editor', url: async (_, f) => p(`/wp/v2/pages/${await f.pageByAdmin()}`), body: () => ({ title: 'Changed' }) },
  'DELETE /wp/v2/pages/(?P<id>[\\d]+)': { min: 'editor', url: async (_, f) => p(`/wp/v2/pages/${await f.pageByAdmin()}`) },
  'GET /wp/v2/pages/(?P<parent>[\\d]+)/revisions': { min: 'editor', url: async (_, f) => p(`/wp/v2/pages/${await f.pageByAdmin()}/revisions`) },
  'GET /wp/v2/pages/(?P<parent>[\\d]+)/revisions/(?P<id>[\\d]+)': { min: 'editor', url: firstRevision('pages') },
  'DELETE /wp/v2/pages/(?P<parent>[\\d]+)/revisions/(?P<id>[\\d]+)': { min: 'editor', url: firstRevision('pages', '?force=true') },
  'GET /wp/v2/posts/(?P<id>[\\d]+)/autosaves': { min: 'editor', url: async (_, f) => p(`/wp/v2/posts/${await f.postByAdmin()}/autosaves`) },
  'POST /wp/v2/posts/(?P<id>[\\d]+)/autosaves': { min: 'editor', url: async (_, f) => p(`/wp/v2/posts/${await f.postByAdmin()}/autosaves`), body: () => ({ content: 'Autosaved words' }) },
  'GET /wp/v2/posts/(?P<parent>[\\d]+)/autosaves/(?P<id>[\\d]+)': {
    min: 'editor',
    url: async (api, f) => {
      const id = await f.postByAdmin()
      const autosave = await api.services.posts.autosave(id, { content: 'Autosaved words' }, api.users.administrator.actor)
      return p(`/wp/v2/posts/${id}/autosaves/${autosave.id}`)
    },
  },
  'GET /wp/v2/pages/(?P<id>[\\d]+)/autosaves': { min: 'editor', url: async (_, f) => p(`/wp/v2/pages/${await f.pageByAdmin()}/autosaves`) },
  'POST /wp/v2/pages/(?P<id>[\\d]+)/autosaves': { min: 'editor', url: async (_, f) => p(`/wp/v2/pages/${await f.pageByAdmin()}/autosaves`), body: () => ({ content: 'Autosaved words' }) },
  'GET /wp/v2/pages/(?P<parent>[\\d]+)/autosaves/(?P<id>[\\d]+)': {
    min: 'editor',
    url: async (api, f) => {
      const id = await f.pageByAdmin()
      const autosave = await api.services.posts.autosave(id, { content: 'Autosaved words' }, api.users.administrator.actor)
      return p(`/wp/v2/pages/${id}/autosaves/${autosave.id}`)
    },
  },
  'GET /wp/v2/media': { min: 'anonymous', url: () => p('/wp/v2/media') },
  'POST /wp/v2/media': { min: 'author', url: () => p('/wp/v2/media'), raw: { data: () => png, headers: { 'content-type': 'image/png', 'content-disposition': 'attachment; filename="dot.png"' } } },
  'GET /wp/v2/media/(?P<id>[\\d]+)': { min: 'anonymous', url: (_, f) => p(`/wp/v2/media/${f.mediaId}`) },
  'POST /wp/v2/media/(?P<id>[\\d]+)': { min: 'editor', url: (_, f) => p(`/wp/v2/media/${f.mediaId}`), body: () => ({ alt_text: 'A dot' }) },
  'DELETE /wp/v2/media/(?P<id>[\\d]+)': { min: 'editor', url: async (api) => p(`/wp/v2/media/${(await api.services.media.upload({ data: png, filename: 'gone.png' }, api.users.administrator.actor)).id}?force=true`) },
  'GET /wp/v2/types': { min: 'anonymous', url: () => p('/wp/v2/types') },
  'GET /wp/v2/types/(?P<type>[\\w-]+)': { min: 'anonymous', url: () => p('/wp/v2/types/post') },
  'GET /wp/v2/statuses': { min: 'anonymous', url: () => p('/wp/v2/statuses') },
  'GET /wp/v2/statuses/(?P<status>[\\w-]+)': { min: 'anonymous', url: () => p('/wp/v2/statuses/publish') },
  'GET /wp/v2/taxonomies': { min: 'anonymous', url: () => p('/wp/v2/taxonomies') },
  'GET /wp/v2/taxonomies/(?P<taxonomy>[\\w-]+)': { min: 'anonymous', url: () => p('/wp/v2/taxonomies/category') },
  'GET /wp/v2/categories': { min: 'anonymous', url: () => p('/wp/v2/categories') },
  'POST /wp/v2/categories': { min: 'editor', url: () => p('/wp/v2/categories'), body: (who) => ({ name: `Section of ${who}` }) },
  'GET /wp/v2/categories/(?P<id>[\\d]+)': { min: 'anonymous', url: async (_, f) => p(`/wp/v2/categories/${await f.term('category')}`) },
  'POST /wp/v2/categories/(?P<id>[\\d]+)': { min: 'editor', url: async (_, f) => p(`/wp/v2/categories/${await f.term('category')}`), body: () => ({ description: 'Changed' }) },
  'DELETE /wp/v2/categories/(?P<id>[\\d]+)': { min: 'editor', url: async (_, f) => p(`/wp/v2/categories/${await f.term('category')}?force=true`) },
  'GET /wp/v2/tags': { min: 'anonymous', url: () => p('/wp/v2/tags') },
  'POST /wp/v2/tags': { min: 'editor', url: () => p('/wp/v2/tags'), body: (who) => ({ name: `Tag of ${who}` }) },
  'GET /wp/v2/tags/(?P<id>[\\d]+)': { min: 'anonymous', url: async (_, f) => p(`/wp/v2/tags/${await f.term('post_tag')}`) },
  'POST /wp/v2/tags/(?P<id>[\\d]+)': { min: 'editor', url: async (_, f) => p(`/wp/v2/tags/${await f.term('post_tag')}`), body: () => ({ description: 'Changed' }) },
  'DELETE /wp/v2/tags/(?P<id>[\\d]+)': { min: 'editor', url: async (_, f) => p(`/wp/v2/tags/${await f.term('post_tag')}?force=true`) },
  'GET /wp/v2/users': { min: 'anonymous', url: () => p('/wp/v2/users') },
  'POST /wp/v2/users': { min: 'administrator', url: () => p('/wp/v2/users'), body: (who) => ({ username: `new-${who}`, email: `new-${who}@example.com`, password: 'a long enough password' }) },
  'GET /wp/v2/users/(?P<id>[\\d]+)': { min: 'anonymous', url: (api) => p(`/wp/v2/users/${api.users.author.id}`) },
  'POST /wp/v2/users/(?P<id>[\\d]+)': { min: 'administrator', also: ['contributor'], url: (api) => p(`/wp/v2/users/${api.users.contributor.id}`), body: () => ({ password: 'another long password' }) },
  'GET /wp/v2/users/me': { min: 'subscriber', url: () => p('/wp/v2/users/me') },
  'POST /wp/v2/users/me': { min: 'subscriber', url: () => p('/wp/v2/users/me'), body: () => ({ password: 'my new long password' }) },
  'DELETE /wp/v2/users/(?P<id>[\\d]+)': {
    min: 'administrator',
    url: async (api, _, who) => p(`/wp/v2/users/${(await api.services.users.create({ email: `leaving-${who}-${Date.now()}@example.com`, displayName: 'Leaving', role: 'subscriber' }, systemActor)).id}?force=true&reassign=false`),
  },
  'GET /wp/v2/users/(?P<user_id>(?:[\\d]+|me))/application-passwords': { min: 'administrator', also: ['contributor'], url: (api) => p(`/wp/v2/users/${api.users.contributor.id}/application-passwords`) },
  'POST /wp/v2/users/(?P<user_id>(?:[\\d]+|me))/application-passwords': { min: 'administrator', also: ['contributor'], url: (api) => p(`/wp/v2/users/${api.users.contributor.id}/application-passwords`), body: (who) => ({ name: `App of ${who}` }) },
  // Revoking every password of the contributor would end the test's own credentials: a fresh user is the target.
  'DELETE /wp/v2/users/(?P<user_id>(?:[\\d]+|me))/application-passwords': {
    min: 'administrator',
    url: async (api, _, who) => p(`/wp/v2/users/${(await api.services.users.create({ email: `apps-${who}-${Date.now()}@example.com`, displayName: 'Apps', role: 'subscriber' }, systemActor)).id}/application-passwords`),
  },
  'GET /wp/v2/users/(?P<user_id>(?:[\\d]+|me))/application-passwords/(?P<uuid>[\\w\\-]+)': { min: 'administrator', also: ['contributor'], url: (api, f) => f.appPassword(api) },
  'POST /wp/v2/users/(?P<user_id>(?:[\\d]+|me))/application-passwords/(?P<uuid>[\\w\\-]+)': { min: 'administrator', also: ['contributor'], url: (api, f) => f.appPassword(api), body: (who, method) => ({ name: `Renamed by ${who} with ${method}` }) },
  'DELETE /wp/v2/users/(?P<user_id>(?:[\\d]+|me))/application-passwords/(?P<uuid>[\\w\\-]+)': { min: 'administrator', also: ['contributor'], url: (api, f) => f.appPassword(api) },
  'GET /wp/v2/comments': { min: 'anonymous', url: () => p('/wp/v2/comments') },
  'POST /wp/v2/comments': { min: 'anonymous', url: async (_, f) => p(`/wp/v2/comments?post=${await f.postByAdmin()}`), body: (who) => ({ content: `A comment from ${who}`, author_name: 'Reader', author_email: 'reader@example.com' }) },
  'GET /wp/v2/comments/(?P<id>[\\d]+)': { min: 'anonymous', url: async (_, f) => p(`/wp/v2/comments/${await f.commentId()}`) },
  'POST /wp/v2/comments/(?P<id>[\\d]+)': { min: 'editor', url: async (_, f) => p(`/wp/v2/comments/${await f.commentId()}`), body: () => ({ content: 'Edited' }) },
  'DELETE /wp/v2/comments/(?P<id>[\\d]+)': { min: 'editor', url: async (_, f) => p(`/wp/v2/comments/${await f.commentId()}`) },
  'GET /wp/v2/search': { min: 'anonymous', url: () => p('/wp/v2/search?search=welcome') },
  'GET /wp/v2/settings': { min: 'administrator', url: () => p('/wp/v2/settings') },
  'POST /wp/v2/settings': { min: 'administrator', url: () => p('/wp/v2/settings'), body: () => ({ description: 'Changed tagline' }) },
}

/** The route table's routes and methods, as `METHOD pattern` (building the table uses no service but the events). */
const routeKeys = (services: Services) => allRoutes(services).flatMap((r) => [...new Set(r.endpoints.flatMap((e) => e.methods))].map((m) => `${m} ${r.pattern}`))
const published = routeKeys({ config: { siteUrl: 'http://127.0.0.1' }, events: { on: () => () => {} } } as unknown as Services)

/** The matrix with PUT and PATCH cases made from the POST case of each route that takes them. */
const cases: Record<string, Case> = { ...MATRIX }
for (const key of published) {
  const [method, pattern] = key.split(' ') as [string, string]
  if ((method === 'PUT' || method === 'PATCH') && MATRIX[`POST ${pattern}`]) cases[key] = MATRIX[`POST ${pattern}`]!
}

describe.each(DIALECTS)('capability matrix (%s)', (dialect) => {
  let api: TestApi
  let fixtures: Fixtures
  let counter = 0
  beforeAll(async () => {
    api = await openApi(dialect)
    png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#c00' } }).png().toBuffer()
    await api.services.settings.update({ comment_flood_seconds: 0, comment_rate_per_hour: 0, comment_post_rate_per_minute: 0, comment_previously_approved: false }, systemActor)
    const admin = api.users.administrator.id
    const media = await api.services.media.upload({ data: png, filename: 'admin.png' }, api.users.administrator.actor)
    await api.services.posts.create({ title: 'By the author', status: 'publish', authorId: api.users.author.id }, systemActor)
    fixtures = {
      postByAdmin: async () => (await api.services.posts.create({ title: `Target ${++counter}`, status: 'publish', authorId: admin }, systemActor)).id,
      pageByAdmin: async () => (await api.services.posts.create({ type: 'page', title: `Page ${++counter}`, status: 'publish', authorId: admin }, systemActor)).id,
      term: async (taxonomy) => (await api.services.terms.create(taxonomy, { name: `Term ${++counter}` }, systemActor)).id,
      mediaId: media.id,
      appPassword: async (a) => {
        const { info } = await a.services.appPasswords.create(a.users.contributor.id, `Spare ${++counter}`, systemActor)
        return p(`/wp/v2/users/${a.users.contributor.id}/application-passwords/${info.uuid}`)
      },
      commentId: async () => {
        const post = await fixtures.postByAdmin()
        return (await api.services.comments.create({ postId: post, content: `Comment ${++counter}`, authorName: 'A', authorEmail: 'a@example.com', status: 'approved' }, systemActor)).id
      },
    }
  })
  afterAll(() => api.close())

  test('the matrix covers every route and method the API publishes', () => {
    expect(routeKeys(api.services)).toEqual(published)
    expect(published.filter((key) => !cases[key])).toEqual([])
    expect(Object.keys(cases).filter((key) => !published.includes(key))).toEqual([])
    expect(published.filter((key) => key.startsWith('PATCH ')).length).toBeGreaterThanOrEqual(10)
  })

  for (const [key, c] of Object.entries(cases)) {
    test(`${key}`, async () => {
      const [method] = key.split(' ') as [string]
      const outcomes: Record<string, number> = {}
      const expected: Record<string, string> = {}
      for (const who of WHO) {
        const url = await c.url(api, fixtures, who)
        const headers: Record<string, string> = { ...(c.raw?.headers ?? {}) }
        const res = await api.as(who, { method: method as 'GET', url, headers, payload: c.raw ? c.raw.data() : (c.body?.(who, method) as object | undefined) })
        outcomes[who] = res.statusCode
        const allowed = RANK[who] >= RANK[c.min] || (c.also ?? []).includes(who)
        expected[who] = allowed ? 'allowed' : who === 'anonymous' ? '401' : '403'
        if (allowed && res.statusCode >= 300) expect.fail(`${key} as ${who}: ${res.statusCode} ${res.body}`)
      }
      const seen = Object.fromEntries(Object.entries(outcomes).map(([who, status]) => [who, status < 300 ? 'allowed' : String(status)]))
      expect(seen).toEqual(expected)
    })
  }
})
