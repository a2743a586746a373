import type { Services } from '../../services.js'
import { createKeptLists } from '../kept-lists.js'
import type { PageResult } from '../serve-page.js'
import { xmlText } from './feed-render.js'
import { feedNotFound } from './feeds.js'
import { createFeedsRepo, type SitemapSummary } from './feeds.repo.js'
import { authorUrl, categorySlugs, categoryUrl, homeUrl, sitemapUrl, tagUrl } from './urls.js'

/** Google and Bing read up to 50,000 URLs a file; smaller files are cheaper to build and to cache. */
export const URLS_PER_SITEMAP = 2000

type PostChunk = { chunk: number; lastmod: string; count: number }

export const SITEMAP_TYPE = 'application/xml; charset=utf-8'

export interface SitemapUrl {
  loc: string
  /** ISO date. */
  lastmod?: string | null
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }
const escapeXml = (text: string) => xmlText(text).replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!)

/** W3C datetime in UTC, to the second, as WordPress writes it. */
export const w3cDate = (iso: string) => (STORED_UTC.test(iso) ? iso.slice(0, 19) : new Date(iso).toISOString().slice(0, 19)) + '+00:00'
/** How dates are stored (`toISOString()`): read as they are, thousands per posts sitemap. */
const STORED_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/

function document(root: 'urlset' | 'sitemapindex', child: 'url' | 'sitemap', urls: readonly SitemapUrl[]): string {
  const lines = urls.map(({ loc, lastmod }) => `<${child}><loc>${escapeXml(loc)}</loc>${lastmod ? `<lastmod>${w3cDate(lastmod)}</lastmod>` : ''}</${child}>`)
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${lines.join('\n')}${lines.length ? '\n' : ''}</${root}>\n`
}

export const urlset = (urls: readonly SitemapUrl[]) => document('urlset', 'url', urls)
export const sitemapIndex = (sitemaps: readonly SitemapUrl[]) => document('sitemapindex', 'sitemap', sitemaps)

const newest = (dates: readonly (string | null | undefined)[]): string | null =>
  dates.reduce<string | null>((max, d) => (d && (!max || d > max) ? d : max), null)

const page = (body: string, lastmod: string | null): PageResult => ({
  type: SITEMAP_TYPE,
  body,
  tags: ['lists'],
  lastModified: lastmod ? new Date(lastmod) : undefined,
})

/** sitemaps.org files: an index, published posts by file (newest first), pages, categories, tags and authors. */
export function createSitemaps(services: Pick<Services, 'handle' | 'config' | 'permalinks' | 'settings' | 'events'>, { perFile = URLS_PER_SITEMAP } = {}) {
  const siteUrl = services.config.siteUrl
  const repo = createFeedsRepo(services.handle.db)
  // What sitemap.xml says (counting the posts walks their whole index): kept until a change purges `lists`.
  const summaries = createKeptLists<SitemapSummary>(services.events, 1)

  /** Categories with published posts in them or below them, each dated by the newest change in that subtree. */
  async function categoryLastmods(): Promise<{ slugs: string[]; lastmod: string }[]> {
    const [categories, lastmods] = await Promise.all([repo.terms('category'), repo.termLastmods('category')])
    const byId = new Map(categories.map((c) => [c.id, c]))
    const subtree = new Map<number, string>()
    for (const { id, lastmod } of lastmods) {
      for (let at: number | null = id, guard = 0; at !== null && guard < 50; guard++) {
        const before = subtree.get(at)
        if (!before || lastmod > before) subtree.set(at, lastmod)
        at = byId.get(at)?.parent_id ?? null
      }
    }
    return categories.filter((c) => subtree.has(c.id)).map((c) => ({ slugs: categorySlugs(c, byId), lastmod: subtree.get(c.id)! }))
  }

  /** The last split of the posts into files, and what it was made from: the same count and newest change give the same files. */
  let lastChunks: { key: string; chunks: PostChunk[] } | null = null

  /**
   * The posts sitemap files and the newest change in each. One file needs nothing more than the summary; more
   * need a pass over the index (a window over every published post), made again only when the count or the newest
   * change differ, which any write through the posts service moves.
   */
  async function postChunks(summary: SitemapSummary): Promise<PostChunk[]> {
    if (summary.posts === 0 || !summary.newestPost) return []
    if (summary.posts <= perFile) return [{ chunk: 0, lastmod: summary.newestPost, count: summary.posts }]
    const key = `${summary.posts}|${summary.newestPost}`
    if (lastChunks?.key !== key) lastChunks = { key, chunks: await repo.postChunks(perFile) }
    return lastChunks.chunks
  }

  return {
    async index(): Promise<PageResult> {
      const summary = await summaries.through('', () => repo.sitemapSummary())
      const chunks = await postChunks(summary)
      const maps: SitemapUrl[] = chunks.map((c) => ({ loc: sitemapUrl(siteUrl, `posts-${c.chunk + 1}`), lastmod: c.lastmod }))
      // The home page lists the newest posts: it changes with them.
      maps.push({ loc: sitemapUrl(siteUrl, 'pages'), lastmod: newest([summary.newestPage, summary.newestPost]) })
      // An empty urlset is not valid sitemaps.org XML: files with nothing in them are left out (and still served).
      const optional: [string, string | null][] = [['categories', summary.newestCategory], ['tags', summary.newestTag], ['authors', summary.newestAuthor]]
      for (const [name, lastmod] of optional) if (lastmod) maps.push({ loc: sitemapUrl(siteUrl, name), lastmod })
      return page(sitemapIndex(maps), newest(maps.map((m) => m.lastmod)))
    },

    /** The `n`th file of published posts (from 1): a file past the last is `feed_not_found`. */
    async posts(n: number): Promise<PageResult> {
      if (!Number.isSafeInteger(n) || n < 1) throw feedNotFound('such sitemap')
      const { permalink_structure: structure } = await services.settings.all()
      const rows = await repo.sitemapPosts((n - 1) * perFile, perFile, { withAuthor: structure.includes('%author%') })
      if (!rows.length) throw feedNotFound('such sitemap')
      const links = await services.permalinks.linksFor(rows)
      return page(urlset(rows.map((p) => ({ loc: links.get(p.id)!, lastmod: p.modified_at }))), newest(rows.map((p) => p.modified_at)))
    },

    async pages(): Promise<PageResult> {
      const [rows, newestPost] = await Promise.all([repo.sitemapPages(), repo.newestModified('post')])
      const links = await services.permalinks.linksFor(rows)
      const urls: SitemapUrl[] = [{ loc: homeUrl(siteUrl), lastmod: newestPost }, ...rows.map((p) => ({ loc: links.get(p.id)!, lastmod: p.modified_at }))]
      return page(urlset(urls), newest(urls.map((u) => u.lastmod)))
    },

    async categories(): Promise<PageResult> {
      const [categories, { category_base: base }] = await Promise.all([categoryLastmods(), services.settings.all()])
      const urls = categories.map((c) => ({ loc: categoryUrl(siteUrl, c.slugs, base), lastmod: c.lastmod }))
      return page(urlset(urls), newest(urls.map((u) => u.lastmod)))
    },

    async tags(): Promise<PageResult> {
      const [tags, lastmods, { tag_base: base }] = await Promise.all([repo.terms('post_tag'), repo.termLastmods('post_tag'), services.settings.all()])
      const dated = new Map(lastmods.map((t) => [t.id, t.lastmod]))
      const urls = tags.filter((t) => dated.has(t.id)).map((t) => ({ loc: tagUrl(siteUrl, t.slug, base), lastmod: dated.get(t.id)! }))
      return page(urlset(urls), newest(urls.map((u) => u.lastmod)))
    },

    async authors(): Promise<PageResult> {
      const urls = (await repo.authorLastmods()).map((a) => ({ loc: authorUrl(siteUrl, a.login), lastmod: a.lastmod }))
      return page(urlset(urls), newest(urls.map((u) => u.lastmod)))
    },
  }
}

export type Sitemaps = ReturnType<typeof createSitemaps>

/** robots.txt: everything but the admin may be crawled, and the sitemap says what there is. */
export function robotsTxt(siteUrl: string, discourage = false): PageResult {
  // A site that discourages search engines asks them to stay out altogether, as WordPress does.
  if (discourage) return { type: 'text/plain; charset=utf-8', body: 'User-agent: *\nDisallow: /\n', tags: [] }
  return { type: 'text/plain; charset=utf-8', body: `User-agent: *\nDisallow: /admin/\n\nSitemap: ${siteUrl}/sitemap.xml\n`, tags: [] }
}
