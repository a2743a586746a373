import type { Services } from '../../services.js'
import { DomainError } from '../../shared/errors.js'
import { anonymousActor } from '../../users/index.js'
import type { PageResult } from '../serve-page.js'
import { commentEntries, feedTitle, postEntries } from './feed-entries.js'
import { type FeedChannel, type FeedEntry, newestChange, renderFeed, renderFeedOf, renderItem, type RenderedItem } from './feed-render.js'
import { createFeedsRepo, type FeedFilter } from './feeds.repo.js'
import { createKeptItems } from './kept-items.js'
import {
  authorUrl, categorySlugs, categoryUrl, commentsFeedBase, FEED_SUFFIX, type FeedFormat, feedUrls, homeUrl, tagUrl,
} from './urls.js'

/** The page asked for exists at another address: the route answers with a permanent redirect. */
export class FeedMoved extends Error {
  override name = 'FeedMoved'
  constructor(readonly location: string) {
    super(`Moved to ${location}`)
  }
}

export const feedNotFound = (what: string) => new DomainError('not_found', 'feed_not_found', `There is no ${what}.`, { what })

/** Lists that feed readers poll; unknown archives are `feed_not_found`, and a category asked by a partial path `FeedMoved`. */
export function createFeeds(services: Services) {
  const { settings, config } = services
  const siteUrl = config.siteUrl
  const repo = createFeedsRepo(services.handle.db)

  const kept = createKeptItems(services.events)

  /** `link` is the archive page; `feedBase` where its feeds are routed, when that differs (custom category or tag base). */
  async function postsFeed(format: FeedFormat, query: FeedFilter, about: { title?: string; description?: string; link: string; feedBase?: string }): Promise<PageResult> {
    const all = await settings.all()
    const since = kept.generation
    const channel: FeedChannel = {
      title: about.title ? `${about.title} \u2013 ${all.title}` : all.title,
      description: about.description || all.tagline,
      link: about.link,
      self: feedUrls(about.feedBase ?? about.link),
      language: all.language,
      publisher: { name: all.title, url: homeUrl(siteUrl) },
    }
    if (format === 'json') return page(format, channel, await postEntries(services, repo, await repo.feedPosts(query, all.posts_per_feed), all.feed_use_excerpt), ['lists'])
    // Items rendered for an earlier request are reused: the list comes from an index, and only new or changed
    // posts are read (in one query) and rendered.
    const heads = await repo.feedHeads(query, all.posts_per_feed)
    const variant = `${format}|${all.feed_use_excerpt ? 1 : 0}`
    const items = heads.map((head) => kept.get(head, variant))
    const missing = heads.filter((_, i) => !items[i])
    if (missing.length) {
      const read = new Map((await repo.publishedPosts(missing.map((h) => h.id))).map((row) => [row.id, row]))
      const rows = missing.flatMap((h) => read.get(h.id) ?? [])
      const entries = await postEntries(services, repo, rows, all.feed_use_excerpt)
      const made = new Map(rows.map((row, i) => [row.id, renderItem(format, channel, entries[i]!)]))
      heads.forEach((head, i) => {
        const row = read.get(head.id)
        if (items[i] || !row) return
        items[i] = made.get(row.id)!
        // Kept by the version read with the row (which may be newer than the list's).
        kept.set(row, variant, items[i], since)
      })
    }
    // A post taken down between the two reads is left out.
    const rendered = items.filter((item): item is RenderedItem => item !== undefined)
    const { type, body } = renderFeedOf(format, channel, rendered)
    return { type, body, tags: ['lists'], lastModified: newestChange(rendered) }
  }

  function page(format: FeedFormat, channel: FeedChannel, entries: FeedEntry[], tags: string[]): PageResult {
    const { type, body } = renderFeed(format, channel, entries)
    return { type, body, tags, lastModified: newestChange(entries) }
  }

  return {
    site: (format: FeedFormat) => postsFeed(format, {}, { link: homeUrl(siteUrl) }),

    /** `slugs` is the path under /category/, parent first; a category's feed includes its subcategories' posts. */
    async category(slugs: readonly string[], format: FeedFormat): Promise<PageResult> {
      const categories = await repo.terms('category')
      const byId = new Map(categories.map((c) => [c.id, c]))
      const term = categories.find((c) => c.slug === slugs[slugs.length - 1])
      if (!term) throw feedNotFound('such category')
      const canonical = categorySlugs(term, byId)
      const feedBase = categoryUrl(siteUrl, canonical)
      if (canonical.join('/') !== slugs.join('/')) throw new FeedMoved(new URL(feedBase + FEED_SUFFIX[format]).pathname)
      const termIds = [term.id, ...descendants(term.id, categories)]
      const link = categoryUrl(siteUrl, canonical, (await settings.all()).category_base)
      return postsFeed(format, { termIds }, { title: term.name, description: term.description, link, feedBase })
    },

    async tag(slug: string, format: FeedFormat): Promise<PageResult> {
      const term = await repo.findTermBySlug('post_tag', slug)
      if (!term) throw feedNotFound('such tag')
      const link = tagUrl(siteUrl, term.slug, (await settings.all()).tag_base)
      return postsFeed(format, { termId: term.id }, { title: term.name, description: term.description, link, feedBase: tagUrl(siteUrl, term.slug) })
    },

    async author(slug: string, format: FeedFormat): Promise<PageResult> {
      const author = await repo.findAuthorBySlug(slug)
      if (!author) throw feedNotFound('such author')
      return postsFeed(format, { authorId: author.id }, { title: feedTitle(author.display_name), link: authorUrl(siteUrl, author.login) })
    },

    /** The latest approved comments on public posts. */
    async comments(format: FeedFormat): Promise<PageResult> {
      const all = await settings.all()
      const comments = await repo.latestComments(all.posts_per_feed)
      const entries = await commentEntries(services, repo, comments, { useExcerpt: all.feed_use_excerpt, onePost: false })
      const channel: FeedChannel = {
        title: `Comments for ${all.title}`,
        description: all.tagline,
        link: homeUrl(siteUrl),
        self: feedUrls(commentsFeedBase(siteUrl)),
        language: all.language,
        publisher: { name: all.title, url: homeUrl(siteUrl) },
      }
      // Post titles and links show too, and a post taken down takes its comments out: post changes count.
      return page(format, channel, entries, ['comments-feed', 'lists'])
    },

    /** One post's approved comments (`<permalink>feed/`): for posts readers may open, else `feed_not_found`. */
    async postComments(postId: number, format: FeedFormat): Promise<PageResult> {
      const post = await repo.findPublicPost(postId)
      if (!post) throw feedNotFound('such post')
      const all = await settings.all()
      const [comments, link] = await Promise.all([repo.latestComments(all.posts_per_feed, post.id), services.permalinks.linkFor(post)])
      const entries = await commentEntries(services, repo, comments, { useExcerpt: all.feed_use_excerpt, onePost: true })
      const channel: FeedChannel = {
        title: `Comments on: ${feedTitle(post.title)}`,
        description: all.tagline,
        link,
        self: feedUrls(link),
        language: all.language,
        publisher: { name: all.title, url: homeUrl(siteUrl) },
      }
      return page(format, channel, entries, ['comments-feed', `post:${post.id}`])
    },
  }
}

export type Feeds = ReturnType<typeof createFeeds>

function descendants(rootId: number, terms: readonly { id: number; parent_id: number | null }[]): number[] {
  const out: number[] = []
  const seen = new Set([rootId])
  for (let frontier = [rootId]; frontier.length; ) {
    const next = terms.filter((t) => t.parent_id !== null && frontier.includes(t.parent_id) && !seen.has(t.id)).map((t) => t.id)
    for (const id of next) seen.add(id)
    out.push(...next)
    frontier = next
  }
  return out
}

/** `/2026/01/02/slug/feed/atom/` → the post's path and the format; null for paths that are not a post's feed. */
export function splitPostFeedPath(path: string): { postPath: string; format: FeedFormat } | null {
  const m = /^(\/.+\/)feed\/(?:(rss2|atom|json)\/)?$/.exec(path)
  if (!m) return null
  return { postPath: m[1]!, format: m[2] === 'atom' ? 'atom' : m[2] === 'json' ? 'json' : 'rss' }
}
