import { request } from 'node:http'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/server.js'
import type { Services } from '../../src/services.js'
import type { Settings } from '../../src/settings/index.js'
import { createPageCache, createServePage, startCacheInvalidation, type PageCache } from '../../src/site/cache/index.js'
import { systemActor, type Role } from '../../src/users/index.js'
import { usersByRole } from '../helpers/actors.js'
import { type DialectName, openTestSite, type TestSite } from '../helpers/databases.js'
import { freePort } from '../helpers/server.js'

export interface CommentsApp {
  url: string
  site: TestSite
  services: Services
  app: FastifyInstance
  cache: PageCache | null
  users: Awaited<ReturnType<typeof usersByRole>>
  /** A signed-in browser's Cookie header for a user of that role. */
  sessionOf(role: Role): Promise<string>
  set(changes: Partial<Settings>): Promise<void>
  /** A published post by the author, open for comments; its permalink. */
  post(title?: string, extra?: Record<string, unknown>): Promise<{ id: number; link: string; path: string }>
  close(): Promise<void>
}

/**
 * The whole HTTP application on a real port (the site's URL is known before it starts), optionally with the page
 * cache in front of the public pages, as `pressroom serve` runs it.
 */
export async function startCommentsApp(dialect: DialectName, { cache: withCache = false, env = {} }: { cache?: boolean; env?: Record<string, string> } = {}): Promise<CommentsApp> {
  const port = await freePort()
  const site = await openTestSite(dialect, { env: { PORT: String(port), ...env } })
  const { services } = site
  const cache = withCache ? createPageCache() : null
  const invalidation = cache ? startCacheInvalidation({ events: services.events, dialect: services.handle.dialect, cache, settings: services.settings, listen: false }) : null
  const app = await buildApp(services, cache ? { servePage: createServePage({ cache, enabled: true }) } : {})
  await app.listen({ port, host: '127.0.0.1' })
  const users = await usersByRole(services)
  const sessions = new Map<Role, string>()
  return {
    url: `http://127.0.0.1:${port}`,
    site,
    services,
    app,
    cache,
    users,
    async sessionOf(role) {
      let cookie = sessions.get(role)
      if (!cookie) {
        const { token } = await services.sessions.start(users[role].id, { ip: '127.0.0.1', userAgent: 'test', remember: false })
        cookie = `pressroom_session=${token}`
        sessions.set(role, cookie)
      }
      return cookie
    },
    async set(changes) {
      await services.settings.update(changes, users.administrator.actor)
    },
    async post(title = 'Council approves the bridge', extra = {}) {
      const post = await services.posts.create({ title, content: '<p>The vote was 7 to 2.</p>', status: 'publish', authorId: users.author.id, ...extra }, systemActor)
      const link = await services.permalinks.linkFor(post)
      return { id: post.id, link, path: new URL(link).pathname }
    },
    close: async () => {
      await app.close()
      await invalidation?.close()
      await site.close()
    },
  }
}

/**
 * Posts the comment form as a browser without JavaScript does (urlencoded, no redirects followed), from the local
 * address `from` (any of 127.0.0.0/8 reaches the server on Linux), so that tests do not share per-address limits.
 */
export function postComment(base: string, fields: Record<string, string>, headers: Record<string, string> = {}, from = '127.0.0.1'): Promise<Response> {
  return send(`${base}/wp-comments-post.php`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString(), from })
}

/** An HTTP request from a chosen local address, answered as a fetch Response (without following redirects). */
export function send(url: string, { method = 'GET', headers = {}, body, from = '127.0.0.1' }: { method?: string; headers?: Record<string, string>; body?: string; from?: string }): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, localAddress: from }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const out = new Headers()
        for (const [name, value] of Object.entries(res.headers)) for (const v of Array.isArray(value) ? value : [value ?? '']) out.append(name, v)
        resolve(new Response(res.statusCode === 304 ? null : Buffer.concat(chunks), { status: res.statusCode!, headers: out }))
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

let serial = 0

/** The form as a reader fills it in, with words of their own each time. */
export function readerForm(postId: number, extra: Record<string, string> = {}): Record<string, string> {
  serial++
  return {
    comment: `A considered remark about the vote, number ${serial}.`,
    author: 'Rita Reader',
    email: 'rita@example.com',
    url: '',
    comment_post_ID: String(postId),
    comment_parent: '0',
    ...extra,
  }
}
