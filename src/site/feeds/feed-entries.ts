import { commentBodyHtml } from '../../comments/index.js'
import { autoExcerpt, htmlToText } from '../../content/index.js'
import { texturize } from '../../content/texturize.js'
import type { MediaRow, PostRow } from '../../db/index.js'
import type { Services } from '../../services.js'
import { forReaders, uploadKeysIn } from '../reader-html.js'
import type { FeedEntry } from './feed-render.js'
import type { FeedsRepo, PostHead, PublicComment } from './feeds.repo.js'
import { authorUrl, commentGuid, postGuid, uploadUrl } from './urls.js'

type EntryServices = Pick<Services, 'permalinks' | 'config'>

const PROTECTED = 'There is no excerpt because this is a protected post.'

const EMAIL = /[^\s<>()"',;:@]+@[^\s<>()"',;:@]+\.[^\s<>()"',;:@]+/g

/** A name as feeds show it: someone who typed their email address as their name does not get it published. */
export const publicName = (name: string) => name.replace(EMAIL, (address) => address.slice(0, address.indexOf('@'))).trim()

// Quotes stay as typed so that texturize can curl them: text content needs only these three escaped.

/** A plain-text title with typographic quotes, as the post page shows it. */
export const feedTitle = (title: string) => (title.includes('<') ? title : texturize(title))

/** Site-relative addresses in a body (`/uploads/…`) made absolute: a feed is read far from the site. */
export function absoluteUrls(html: string, siteUrl: string): string {
  return html
    .replace(/(\s(?:src|href|poster)\s*=\s*)(["'])\/(?!\/)/gi, `$1$2${siteUrl}/`)
    .replace(/(\ssrcset\s*=\s*)(["'])([^"']*)\2/gi, (_m, attr: string, quote: string, list: string) => {
      const entries = list.split(',').map((part) => part.trim().replace(/^\/(?!\/)/, `${siteUrl}/`))
      return `${attr}${quote}${entries.join(', ')}${quote}`
    })
}

const dropMarkers = (html: string) => html.replace(/<!--\s*(?:more|nextpage)\b[\s\S]*?-->/g, '')

/**
 * Feed entries for posts, newest first as given. One query per kind of extra data (links, authors, terms, media),
 * whatever the number of posts.
 */
export async function postEntries(services: EntryServices, repo: FeedsRepo, rows: readonly PostRow[], useExcerpt: boolean): Promise<FeedEntry[]> {
  const siteUrl = services.config.siteUrl
  const full = (p: PostRow) => !useExcerpt && p.password === ''
  const files = rows.filter(full).flatMap((p) => memo(`files:${versionOf(p)}`, () => uploadKeysIn(p.content, siteUrl)))
  const featured = rows.map((p) => p.featured_media_id).filter((id): id is number => id !== null)
  const [links, authors, terms, media] = await Promise.all([
    services.permalinks.linksFor(rows),
    repo.authorsByIds(rows.map((p) => p.author_id).filter((id): id is number => id !== null)),
    repo.termsOfPosts(rows.map((p) => p.id)),
    repo.media(featured, files),
  ])
  const authorById = new Map(authors.map((a) => [a.id, a]))
  const mediaById = new Map(media.map((m) => [m.id, m]))
  const mediaByFile = new Map(media.map((m) => [m.file, m]))
  const termsByPost = new Map<number, string[]>()
  // Categories before tags, each by name, as the repo orders them.
  for (const t of terms) termsByPost.set(t.post_id, [...(termsByPost.get(t.post_id) ?? []), t.name])

  return rows.map((post) => {
    const author = post.author_id === null ? undefined : authorById.get(post.author_id)
    const image = post.featured_media_id === null ? undefined : mediaById.get(post.featured_media_id)
    return {
      id: postGuid(siteUrl, post.id),
      title: feedTitle(post.title),
      link: links.get(post.id)!,
      published: new Date(post.published_at ?? post.created_at),
      updated: new Date(post.modified_at),
      authorName: (author && publicName(author.display_name)) || undefined,
      authorUrl: author ? authorUrl(siteUrl, author.login) : undefined,
      categories: termsByPost.get(post.id) ?? [],
      summary: post.password ? PROTECTED : memo(`summary:${versionOf(post)}`, () => texturize(post.excerpt ? htmlToText(post.excerpt) : autoExcerpt(post.content))),
      contentHtml: full(post) ? contentOf(post, mediaByFile, siteUrl) : undefined,
      image: image && isImage(image) ? { url: uploadUrl(siteUrl, image.file), type: image.mime_type, length: image.size } : undefined,
    }
  })
}

const isImage = (m: MediaRow) => m.mime_type.startsWith('image/')

const MEMO_SIZE = 2000
const memos = new Map<string, unknown>()

/** What was computed from one saved version of a post (bounded, oldest first out): feeds repeat the same posts. */
function memo<T>(key: string, compute: () => T): T {
  if (memos.has(key)) return memos.get(key) as T
  const value = compute()
  if (memos.size >= MEMO_SIZE) memos.delete(memos.keys().next().value!)
  memos.set(key, value)
  return value
}

const versionOf = (post: PostRow) => `${post.id}:${post.modified_at}:${post.content.length}:${post.excerpt.length}:${post.password === '' ? 0 : 1}`

/** The body for the feed, made once per saved version of the post and of the images it shows. */
function contentOf(post: PostRow, mediaByFile: ReadonlyMap<string, MediaRow>, siteUrl: string): string {
  const images = memo(`files:${versionOf(post)}`, () => uploadKeysIn(post.content, siteUrl)).map((file) => {
    const m = mediaByFile.get(file)
    return m ? `${m.id}|${m.width}x${m.height}|${m.alt_text}|${m.caption}|${m.variants}` : '-'
  })
  return memo(`content:${siteUrl}:${versionOf(post)}:${images.join('\n')}`, () => absoluteUrls(forReaders(dropMarkers(post.content), mediaByFile, siteUrl), siteUrl))
}

function words(text: string, count: number): string {
  const list = text.split(/\s+/).filter(Boolean)
  return list.length > count ? `${list.slice(0, count).join(' ')}…` : list.join(' ')
}

/** Feed entries for approved comments: the commenter's name only, never their email or address. */
export async function commentEntries(
  services: EntryServices,
  repo: FeedsRepo,
  comments: readonly PublicComment[],
  { useExcerpt, onePost }: { useExcerpt: boolean; onePost: boolean },
): Promise<FeedEntry[]> {
  const siteUrl = services.config.siteUrl
  const posts: PostHead[] = await repo.postHeads(comments.map((c) => c.post_id))
  const links = await services.permalinks.linksFor(posts)
  const postById = new Map(posts.map((p) => [p.id, p]))
  return comments.map((c) => {
    const name = publicName(c.author_name) || 'Anonymous'
    const post = postById.get(c.post_id)
    // The same sanitized body the post page shows (links kept, rel="nofollow ugc").
    const body = commentBodyHtml(c)
    return {
      id: commentGuid(siteUrl, c.post_id, c.id),
      title: onePost ? `By: ${name}` : `Comment on ${feedTitle(post?.title ?? '')} by ${name}`,
      link: `${links.get(c.post_id) ?? postGuid(siteUrl, c.post_id)}#comment-${c.id}`,
      published: new Date(c.created_at),
      updated: new Date(c.modified_at > c.created_at ? c.modified_at : c.created_at),
      authorName: name,
      categories: [],
      summary: texturize(words(htmlToText(body), 55)),
      contentHtml: useExcerpt ? undefined : body,
    }
  })
}
