import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Services } from '../../services.js'
import { isDomainError } from '../../shared/errors.js'
import type { PageResult, ServePage } from '../serve-page.js'
import { createFeeds, FeedMoved } from './feeds.js'
import { createSitemaps, robotsTxt, URLS_PER_SITEMAP } from './sitemaps.js'
import type { FeedFormat } from './urls.js'

/** How deep category archives nest in feed addresses (`/category/a/b/c/feed/`); WordPress sites rarely pass three. */
export const MAX_CATEGORY_DEPTH = 6

const FORMATS: readonly [suffix: string, format: FeedFormat][] = [
  ['feed/', 'rss'],
  ['feed/rss2/', 'rss'],
  ['feed/atom/', 'atom'],
  ['feed/json/', 'json'],
]

type Params = Record<string, string>

export interface FeedsRoutesOptions {
  services: Services
  servePage: ServePage
  /** URLs per posts sitemap file; 2,000 unless a test wants small files. */
  urlsPerSitemap?: number
}

/**
 * Feeds (RSS 2.0, Atom, JSON Feed 1.1) of the site, its categories, tags and authors, and of comments; sitemap.xml
 * and its files; robots.txt. Every page goes through `servePage`, so the page cache serves repeats.
 */
export const feedsRoutes: FastifyPluginAsync<FeedsRoutesOptions> = async (app, { services, servePage, urlsPerSitemap = URLS_PER_SITEMAP }) => {
  const feeds = createFeeds(services)
  const sitemaps = createSitemaps(services, { perFile: urlsPerSitemap })

  /** Serves a page; unknown archives get the site's 404 page, a partial category path its canonical address. */
  async function serve(req: FastifyRequest, reply: FastifyReply, produce: () => Promise<PageResult>): Promise<FastifyReply> {
    try {
      return await servePage(req, reply, produce)
    } catch (err) {
      if (err instanceof FeedMoved) return reply.redirect(err.location, 301)
      if (!isDomainError(err) || err.kind !== 'not_found') throw err
      reply.callNotFound()
      return reply
    }
  }

  /** A page at `path` (ending in a slash), and the same address without it redirecting there, as WordPress does. */
  function get(path: string, produce: (params: Params) => Promise<PageResult>): void {
    app.get(path, (req, reply) => serve(req, reply, () => produce(req.params as Params)))
    app.get(path.slice(0, -1), (req, reply) => {
      const [pathname, query] = req.url.split(/\?(.*)/s)
      return reply.redirect(`${pathname}/${query ? `?${query}` : ''}`, 301)
    })
  }

  for (const [suffix, format] of FORMATS) {
    get(`/${suffix}`, () => feeds.site(format))
    get(`/comments/${suffix}`, () => feeds.comments(format))
    get(`/tag/:slug/${suffix}`, (p) => feeds.tag(p.slug!, format))
    get(`/author/:slug/${suffix}`, (p) => feeds.author(p.slug!, format))
    // Parametric routes per depth rather than a wildcard, so that archive pages may own /category/* themselves.
    for (let depth = 1; depth <= MAX_CATEGORY_DEPTH; depth++) {
      const names = Array.from({ length: depth }, (_, i) => `c${i}`)
      get(`/category/${names.map((n) => `:${n}`).join('/')}/${suffix}`, (p) => feeds.category(names.map((n) => p[n]!), format))
    }
  }

  app.get('/sitemap.xml', (req, reply) => serve(req, reply, () => sitemaps.index()))
  app.get('/sitemap-posts-:n(^\\d+).xml', (req, reply) => {
    const { n } = req.params as Params
    // One address per file: `sitemap-posts-01.xml` is not `sitemap-posts-1.xml`.
    if (String(Number(n)) !== n) {
      reply.callNotFound()
      return reply
    }
    return serve(req, reply, () => sitemaps.posts(Number(n)))
  })
  app.get('/sitemap-pages.xml', (req, reply) => serve(req, reply, () => sitemaps.pages()))
  app.get('/sitemap-categories.xml', (req, reply) => serve(req, reply, () => sitemaps.categories()))
  app.get('/sitemap-tags.xml', (req, reply) => serve(req, reply, () => sitemaps.tags()))
  app.get('/sitemap-authors.xml', (req, reply) => serve(req, reply, () => sitemaps.authors()))
  app.get('/robots.txt', (req, reply) => serve(req, reply, async () => robotsTxt(services.config.siteUrl, !(await services.settings.get('blog_public')))))
}
