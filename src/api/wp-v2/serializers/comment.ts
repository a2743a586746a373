import { commentToHtml, sanitizeComment } from '../../../comments/index.js'
import type { CommentRow, PostRow } from '../../../db/index.js'
import { filterByContext, gmtDate, localDate } from '../fields.js'
import { one } from '../links.js'
import type { Context, RestContext } from '../rest.js'
import { commentSchema } from '../schemas.js'
import { avatarUrls } from './basic.js'

/** Pressroom's comment statuses as WordPress's REST API names them. */
export const WP_COMMENT_STATUS: Record<string, string> = { approved: 'approved', pending: 'hold', spam: 'spam', trash: 'trash' }
/** …and back, accepting WordPress's other spellings (`approve`, `1`, `0`). */
export const OUR_COMMENT_STATUS: Record<string, string> = { approved: 'approved', approve: 'approved', '1': 'approved', hold: 'pending', '0': 'pending', pending: 'pending', spam: 'spam', trash: 'trash' }

/**
 * Comments as WordPress shows them. `moderates(post)` decides who sees the edit context: only a moderator ever
 * gets the commenter's email, IP address and user agent.
 */
export async function serializeComments(
  ctx: RestContext,
  rows: readonly CommentRow[],
  posts: ReadonlyMap<number, PostRow>,
  context: Context,
  moderates: (post: PostRow | undefined) => boolean,
): Promise<Record<string, unknown>[]> {
  const { timezone } = await ctx.services.settings.all()
  const links = await ctx.services.permalinks.linksFor([...posts.values()])
  return rows.map((c) => {
    const post = posts.get(c.post_id)
    const shown: Context = context === 'edit' && moderates(post) ? 'edit' : context === 'edit' ? 'view' : context
    const base = post?.type === 'page' ? 'pages' : 'posts'
    const data: Record<string, unknown> = {
      id: c.id,
      post: c.post_id,
      parent: c.parent_id ?? 0,
      author: c.user_id ?? 0,
      author_name: c.author_name,
      author_email: c.author_email,
      author_url: c.author_url,
      author_ip: c.author_ip,
      author_user_agent: c.author_user_agent,
      date: localDate(c.created_at, timezone),
      date_gmt: gmtDate(c.created_at),
      // A comment stored before bodies were rendered at save (no `content_html`) is rendered from its text, through the same allowlist.
      content: { rendered: c.content_html || commentToHtml(sanitizeComment(c.content)), raw: c.content },
      link: `${links.get(c.post_id) ?? `${ctx.siteUrl}/?p=${c.post_id}`}#comment-${c.id}`,
      status: WP_COMMENT_STATUS[c.status] ?? c.status,
      type: c.type,
      author_avatar_urls: avatarUrls(ctx.siteUrl, c.avatar_hash || null),
      meta: [],
      _links: {
        self: one(ctx.api(`/wp/v2/comments/${c.id}`)),
        collection: one(ctx.api('/wp/v2/comments')),
        ...(c.user_id ? { author: one(ctx.api(`/wp/v2/users/${c.user_id}`), { embeddable: true }) } : {}),
        up: one(ctx.api(`/wp/v2/${base}/${c.post_id}`), { embeddable: true, post_type: post?.type ?? 'post' }),
        ...(c.parent_id ? { 'in-reply-to': one(ctx.api(`/wp/v2/comments/${c.parent_id}`), { embeddable: true }) } : {}),
      },
    }
    return filterByContext(data, commentSchema, shown)
  })
}
