import { type Actor, can, requireCapability } from '../users/index.js'

/**
 * Who may moderate the comments on a post: whoever holds `moderate_comments` (editors, administrators, the
 * operator at the command line), and an author for the posts they wrote, as in WordPress.
 */
export function canModerate(actor: Actor, post: { author_id: number | null }): boolean {
  if (can(actor, 'moderate_comments')) return true
  return actor.kind === 'user' && post.author_id !== null && post.author_id === actor.userId && can(actor, 'edit_published_posts')
}

/** Throws the usual not-signed-in or not-allowed error unless `actor` may moderate comments on `post`. */
export function requireModerator(actor: Actor, post: { author_id: number | null }): void {
  if (!canModerate(actor, post)) requireCapability(actor, 'moderate_comments')
}

/** Authors moderate only their own posts' comments: lists are narrowed to those; null means every post. */
export function moderatedAuthor(actor: Actor): number | null {
  if (can(actor, 'moderate_comments')) return null
  if (actor.kind === 'user' && can(actor, 'edit_published_posts')) return actor.userId
  requireCapability(actor, 'moderate_comments')
  return null
}
