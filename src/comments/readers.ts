import type { CommentRow } from '../db/index.js'
import { commentToHtml, renderCommentHtml, sanitizeComment } from './comment-html.js'
import { isAvatarHash } from './avatars.js'

/**
 * A comment's body as readers see it: the HTML rendered at save, with typography applied. A comment stored before
 * bodies were rendered at save (no `content_html`) is rendered from its text here.
 */
export function commentBodyHtml(comment: Pick<CommentRow, 'content' | 'content_html'>): string {
  return renderCommentHtml(comment.content_html || commentToHtml(sanitizeComment(comment.content)))
}

/** The public address of a comment's avatar: drawn from the salted hash, never from the email itself. */
export function avatarUrl(comment: Pick<CommentRow, 'avatar_hash'>, siteUrl: string): string {
  return `${siteUrl}/avatar/${isAvatarHash(comment.avatar_hash) ? comment.avatar_hash : 'default'}.svg`
}
