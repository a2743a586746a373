import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { ping } from '../db/index.js'
import type { Services } from '../services.js'
import { BR, chooseEncoding, sendUncachedPage } from '../http/send-page.js'
import { createFeeds, splitPostFeedPath } from './feeds/feeds.js'
import { createPages } from './pages.js'
import { createRenderer, type Renderer } from './render.js'
import { resolvePath } from './resolve.js'
import { matchRoute } from './router.js'
import { type PageResult, type ServePage, serveUncached } from './serve-page.js'
import { createViews, type Views } from './views.js'
import { findImportedPostId } from '../wxr/index.js'

export interface SiteOptions {
  services: Services
  servePage?: ServePage
  views?: Views
  renderer?: Renderer
}

/** The public site: home, archives, posts and pages at their permalinks, search, theme assets, health. */
export const siteRoutes: FastifyPluginAsync<SiteOptions> = async (app, options) => {
  const { services } = options
  const { settings, permalinks, handle } = services
  const servePage = options.servePage ?? serveUncached
  const views = options.views ?? createViews(services)
  const renderer = options.renderer ?? createRenderer(services, views)
  const pages = createPages(services, views, renderer)
  const feeds = createFeeds(services)
  /** Pages only their editors may see: never stored by the page cache or a CDN. */
  const sendPrivate = async (req: FastifyRequest, reply: FastifyReply, produce: () => Promise<PageResult>) => sendUncachedPage(req, reply, await produce(), 'BYPASS')

  app.get('/healthz', async (_req, reply) => {
    try {
      await ping(handle)
      return { status: 'ok' }
    } catch {
      return reply.status(503).send({ status: 'unavailable', message: 'The database does not answer.' })
    }
  })

  app.get('/assets/:theme/*', async (req, reply) => {
    const { theme: name } = req.params as { theme: string }
    const asset = renderer.themes().includes(name) ? renderer.theme(name).asset(req.url.split('?')[0]!) : undefined
    if (!asset) return reply.callNotFound()
    if (req.headers['if-none-match'] === asset.etag) return reply.status(304).send()
    // Names carry a hash of the content: a changed file gets a new name, so browsers may keep these forever.
    reply.type(asset.type).header('cache-control', 'public, max-age=31536000, immutable').header('etag', asset.etag)
    if (!asset.br && !asset.gzip) return reply.send(asset.body)
    reply.header('vary', 'accept-encoding')
    const encoding = chooseEncoding(req.headers['accept-encoding'], !!asset.br, !!asset.gzip)
    if (encoding === 0) return reply.send(asset.body)
    return encoding === BR ? reply.header('content-encoding', 'br').send(asset.br) : reply.header('content-encoding', 'gzip').send(asset.gzip)
  })

  const send = (req: FastifyRequest, reply: FastifyReply, produce: () => Promise<PageResult | null>) =>
    servePage(req, reply, async () => (await produce()) ?? pages.notFound())

  app.get('/', async (req, reply) => {
    if (servePage.sendCached?.(req, reply)) return reply
    const query = req.query as Record<string, string | undefined>
    const byId = query.p ?? query.page_id
    if (byId !== undefined) return byIdRedirect(req, reply, byId, query)
    // `?s=a&s=b` arrives as an array: the last one counts, as in PHP.
    const s = [query.s as string | string[] | undefined].flat().at(-1)
    if (s !== undefined) return send(req, reply, () => pages.search({ kind: 'search', query: s, page: Math.max(1, Number(query.paged) || 1) }, query))
    const front = await staticFrontPage()
    if (front) return send(req, reply, async () => pages.singular(front, await req.actor(), query))
    return send(req, reply, () => pages.home({ kind: 'home', page: 1 }))
  })

  app.get('/*', async (req, reply) => {
    const [path, search = ''] = req.url.split('?') as [string, string?]
    if (path.startsWith('/wp-json/') || path.startsWith('/uploads/')) return reply.callNotFound()
    if (!path.endsWith('/') && !/\.[a-z0-9]{2,5}$/i.test(path)) return reply.redirect(`${path}/${search ? `?${search}` : ''}`, 301)
    // A page in the page cache was made by this route for a reader like this one: send it before reading anything.
    if (servePage.sendCached?.(req, reply)) return reply
    const all = await settings.all()
    const postFeed = splitPostFeedPath(path)
    if (postFeed) {
      const found = await resolvePath(handle.db, all.permalink_structure, postFeed.postPath)
      if (found?.kind === 'post' && found.post.status === 'publish') return send(req, reply, () => feeds.postComments(found.post.id, postFeed.format).catch(() => null))
    }
    const route = matchRoute(path, { category: all.category_base, tag: all.tag_base })
    if (!route) return send(req, reply, async () => null)
    switch (route.kind) {
      case 'home':
        return send(req, reply, () => pages.home(route))
      case 'category':
      case 'tag':
        return send(req, reply, () => pages.termArchive(route))
      case 'author':
        return send(req, reply, () => pages.authorArchive(route))
      case 'date': {
        // A date-shaped path may still be a post when the structure is /%year%/%postname%/-like: try archives first.
        return send(req, reply, () => pages.dateArchive(route))
      }
      case 'search':
        return send(req, reply, () => pages.search(route, req.query as Record<string, unknown>))
      case 'singular':
        return singular(req, reply, path, all.permalink_structure)
    }
  })

  async function singular(req: FastifyRequest, reply: FastifyReply, path: string, structure: string) {
    const found = await resolvePath(handle.db, structure, path)
    const post = found?.kind === 'moved' ? await handle.db.selectFrom('posts').selectAll().where('id', '=', found.postId).executeTakeFirst() : found?.post
    const actor = await req.actor()
    if (!post || !pages.canRead(actor, post)) return send(req, reply, async () => null)
    const canonical = (await permalinks.pathsFor([post])).get(post.id)!
    if (canonical !== path && (!canonical.startsWith('/?') || found?.kind === 'moved')) return reply.redirect(canonical, 301)
    const all = await settings.all()
    // Reading settings: with a static front page, the "posts page" lists the latest posts.
    if (all.show_on_front === 'page' && post.type === 'page' && post.id === all.page_for_posts && post.status === 'publish') return send(req, reply, () => pages.home({ kind: 'home', page: 1 }))
    if (post.status !== 'publish') return sendPrivate(req, reply, () => pages.singular(post, actor, req.query as Record<string, string>))
    return send(req, reply, () => pages.singular(post, actor, req.query as Record<string, string>))
  }

  /** Reading settings: the published page shown at `/` in place of the latest posts, if one is chosen. */
  async function staticFrontPage() {
    const all = await settings.all()
    if (all.show_on_front !== 'page' || !all.page_on_front) return undefined
    return handle.db.selectFrom('posts').selectAll().where('id', '=', all.page_on_front).where('type', '=', 'page').where('status', '=', 'publish').executeTakeFirst()
  }

  /** `?p=ID` and `?page_id=ID`: published posts move to their permalink; previews render for their editors. */
  async function byIdRedirect(req: FastifyRequest, reply: FastifyReply, raw: string, query: Record<string, string | undefined>) {
    const preview = query.preview !== undefined
    // Links of a site moved from WordPress carry its old ids: those win, except for previews (ours, by our ids).
    const imported = preview || !/^\d+$/.test(raw) ? undefined : await findImportedPostId(handle.db, raw)
    const id = imported ?? Number(raw)
    const post = Number.isSafeInteger(id) && id > 0 ? await handle.db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst() : undefined
    const actor = await req.actor()
    if (!post || !pages.canRead(actor, post)) return send(req, reply, async () => null)
    const path = (await permalinks.pathsFor([post])).get(post.id)!
    if (!path.startsWith('/?') && !preview) return reply.redirect(path, 301)
    return sendPrivate(req, reply, () => pages.singular(post, actor, query))
  }

}
