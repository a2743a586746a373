import { slugPath } from '../../content/tree.js'
import { authorSlug } from '../urls.js'

export { authorSlug }

// Addresses of the public archives and their feeds. Archive pages, menus and the SEO head need the same
// builders: this file may move to a shared place in site/ without change.

export const FEED_FORMATS = ['rss', 'atom', 'json'] as const
export type FeedFormat = (typeof FEED_FORMATS)[number]

/** What follows an archive's address for each feed, as WordPress spells it (`feed/rss2/` is also served). */
export const FEED_SUFFIX: Readonly<Record<FeedFormat, string>> = { rss: 'feed/', atom: 'feed/atom/', json: 'feed/json/' }

export interface CategoryNode {
  readonly id: number
  readonly slug: string
  readonly parent_id: number | null
}

const segment = (slug: string) => encodeURIComponent(slug)

/** A category's slugs from the root down (`['world', 'europe']`): its archive lives under all of them. */
export const categorySlugs = (term: CategoryNode, byId: ReadonlyMap<number, CategoryNode>): string[] => slugPath(term, byId)

export const homeUrl = (siteUrl: string) => `${siteUrl}/`

/**
 * Archive addresses under the `category_base` and `tag_base` settings (as `site/urls.ts` builds archive paths).
 * Feeds are routed under the default bases only, so feed addresses leave the base out and get the default.
 */
export const categoryUrl = (siteUrl: string, slugs: readonly string[], base = 'category') => `${siteUrl}/${base}/${slugs.map(segment).join('/')}/`
export const tagUrl = (siteUrl: string, slug: string, base = 'tag') => `${siteUrl}/${base}/${segment(slug)}/`

export const authorUrl = (siteUrl: string, login: string) => `${siteUrl}/author/${segment(authorSlug(login))}/`

/** A post's permanent, opaque id in feeds (WordPress's guid): it survives slug and permalink changes. */
export const postGuid = (siteUrl: string, postId: number) => `${siteUrl}/?p=${postId}`
export const commentGuid = (siteUrl: string, postId: number, commentId: number) => `${siteUrl}/?p=${postId}#comment-${commentId}`

export const feedUrl = (archiveUrl: string, format: FeedFormat) => archiveUrl + FEED_SUFFIX[format]
export const feedUrls = (archiveUrl: string): Record<FeedFormat, string> => ({
  rss: feedUrl(archiveUrl, 'rss'),
  atom: feedUrl(archiveUrl, 'atom'),
  json: feedUrl(archiveUrl, 'json'),
})
export const commentsFeedBase = (siteUrl: string) => `${siteUrl}/comments/`

export const uploadUrl = (siteUrl: string, file: string) => `${siteUrl}/uploads/${file.split('/').map(segment).join('/')}`

export const sitemapIndexUrl = (siteUrl: string) => `${siteUrl}/sitemap.xml`
export const sitemapUrl = (siteUrl: string, name: string) => `${siteUrl}/sitemap-${name}.xml`
