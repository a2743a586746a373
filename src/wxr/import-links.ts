import { systemActor } from '../users/index.js'
import { convertWordPressContent, type MediaItem, rewriteSiteUrls } from './convert/index.js'
import { type ImportContext, int, oldPath } from './import-context.js'
import { newMediaUrl } from './import-media.js'

/**
 * An item's content as Pressroom stores it: WordPress's formatting rules applied, galleries and captions
 * built from the imported media, and links to the old site pointed at the new one. `complete` is false when
 * some old-site link names an item not imported yet (or a page whose address still changes): the post is
 * then fixed once everything is in.
 */
export async function convertContent(ctx: ImportContext, raw: string, oldId: number, converted?: string): Promise<{ html: string; complete: boolean }> {
  if (ctx.contentIsHtml) return rewriteLinks(ctx, raw, false)
  const html = converted ?? convertWordPressContent(raw, {
    resolveMedia: (id) => {
      const info = ctx.mediaByOldId.get(id)
      if (!info) return undefined
      const item: MediaItem = { src: info.url, alt: info.alt, caption: info.caption, width: info.width, height: info.height, file: info.url }
      return item
    },
    listAttachedMedia: (postId) => ctx.attachedTo.get(postId ?? oldId) ?? [],
  })
  return rewriteLinks(ctx, html, false)
}

/** Points links and image sources at the new site; with `final`, whatever is still unknown stays as it is. */
export async function rewriteLinks(ctx: ImportContext, html: string, final: boolean): Promise<{ html: string; complete: boolean }> {
  if (!/\b(?:href|src)\s*=\s*["']?https?:/i.test(html)) return { html, complete: true }
  const urls = new Set<string>()
  rewriteSiteUrls(html, { from: 'http', to: (url) => void urls.add(url) })
  const map = new Map<string, string>()
  let complete = true
  for (const url of urls) {
    const media = newMediaUrl(ctx, url)
    if (media !== undefined) {
      map.set(url, media)
      continue
    }
    const base = ctx.oldBases.find((b) => url.startsWith(b))
    if (!base) continue
    const target = await resolvePostUrl(ctx, url, base, final)
    if (target === null) complete = false
    else if (target !== undefined) map.set(url, target)
  }
  if (!map.size) return { html, complete }
  return { html: rewriteSiteUrls(html, { from: 'http', to: (url) => map.get(url) }), complete }
}

/**
 * The new path of an old-site URL: undefined when it names nothing imported, null when it may once the
 * import is complete.
 */
async function resolvePostUrl(ctx: ImportContext, url: string, base: string, final: boolean): Promise<string | null | undefined> {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }
  const hash = parsed.hash
  const query = parsed.searchParams
  const byQuery = query.get('p') ?? query.get('page_id') ?? query.get('attachment_id')
  if (url.slice(base.length).replace(/[?#].*$/, '') === '' && !byQuery) return `/${hash}`
  let id: number | undefined
  if (byQuery) {
    const old = int(byQuery)
    const media = ctx.mediaByOldId.get(old)
    if (media) return media.url
    id = ctx.postsByOldId.get(old)?.id
  } else {
    id = (await ctx.repo.findByPath('post', ctx.source, oldPath(url)))?.new_id
  }
  if (id === undefined) return final ? undefined : null
  // Most links point at a post imported a moment before (the previous one in a series): its row is still at hand.
  const post = (!final && ctx.recentPosts.get(id)) || (await ctx.services.handle.db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst())
  if (!post) return undefined
  // A page's address includes its parents': wait until every parent is known.
  if (post.type === 'page' && ctx.pendingParents.length && !final) return null
  const path = (await ctx.services.permalinks.pathsFor([post])).get(post.id)
  return path === undefined ? undefined : path + hash
}

/** Rewrites the links of the posts imported before what they link to. */
export async function fixLinks(ctx: ImportContext): Promise<void> {
  for (const id of ctx.needsLinkFixup) {
    const post = await ctx.services.handle.db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst()
    if (!post || post.status === 'trash') continue
    const { html } = await rewriteLinks(ctx, post.content, true)
    if (html !== post.content) await ctx.services.posts.update(id, { content: html, format: 'html', modifiedAt: post.modified_at }, systemActor)
  }
  ctx.needsLinkFixup.clear()
}
