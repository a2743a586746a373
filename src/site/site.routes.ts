import type { FastifyPluginAsync } from 'fastify'
import { canReadPost, postNotFound } from '../content/index.js'
import { ping } from '../db/index.js'
import type { PostRow } from '../db/index.js'
import type { Services } from '../services.js'
import { homePage, type ListedPost, singlePage } from './plain-site.js'
import { resolvePath } from './resolve.js'

/** The public site: the home page, posts and pages at their permalinks, `?p=` links, and the health check. */
export const siteRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { posts, settings, permalinks, handle } = services

  async function listed(rows: PostRow[]): Promise<ListedPost[]> {
    const links = await permalinks.linksFor(rows)
    const authorIds = [...new Set(rows.map((p) => p.author_id).filter((id): id is number => id !== null))]
    const authors = authorIds.length ? await handle.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', authorIds).execute() : []
    const names = new Map(authors.map((a) => [a.id, a.display_name]))
    return rows.map((post) => ({ post, link: links.get(post.id)!, authorName: post.author_id === null ? null : (names.get(post.author_id) ?? null) }))
  }

  app.get('/healthz', async (_req, reply) => {
    try {
      await ping(handle)
      return { status: 'ok' }
    } catch {
      return reply.status(503).send({ status: 'unavailable', message: 'The database does not answer.' })
    }
  })

  app.get('/', async (req, reply) => {
    const query = req.query as Record<string, string | undefined>
    const byId = query.p ?? query.page_id
    if (byId !== undefined) {
      const id = Number(byId)
      if (!Number.isInteger(id) || id <= 0) throw postNotFound(byId)
      const post = await posts.get(id, await req.actor())
      const path = (await permalinks.pathsFor([post])).get(post.id)!
      // Published posts have a canonical address; drafts are shown here for those who may see them.
      if (!path.startsWith('/?')) return reply.redirect(path, 301)
      return reply.type('text/html; charset=utf-8').send(singlePage(await settings.all(), (await listed([post]))[0]!))
    }
    const all = await settings.all()
    const { posts: rows } = await posts.list({ perPage: all.posts_per_page, stickyFirst: true }, { kind: 'anonymous' })
    return reply.type('text/html; charset=utf-8').send(homePage(all, await listed(rows)))
  })

  app.get('/*', async (req, reply) => {
    const path = req.url.split('?')[0]!
    const all = await settings.all()
    const found = path.startsWith('/wp-json/') ? null : await resolvePath(handle.db, all.permalink_structure, path)
    if (!found) return reply.callNotFound()
    const post = found.kind === 'moved' ? await posts.get(found.postId, { kind: 'anonymous' }).catch(() => null) : found.post
    if (!post || !canReadPost(await req.actor(), post) || post.status === 'trash') return reply.callNotFound()
    const canonical = (await permalinks.pathsFor([post])).get(post.id)!
    if (canonical !== path && !canonical.startsWith('/?')) return reply.redirect(canonical, 301)
    return reply.type('text/html; charset=utf-8').send(singlePage(all, (await listed([post]))[0]!))
  })
}
