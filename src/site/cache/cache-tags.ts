import type { ContentEvent } from '../../shared/events.js'

/** What readers can see of a post: only published posts reach the page cache (everyone else bypasses it). */
const isPublic = (post: { status: string } | null | undefined) => post?.status === 'publish'
const isShown = (comment: { status: string } | null | undefined) => comment?.status === 'approved'

/**
 * The cache tags a committed change makes stale. Changes nobody could see (a draft edited, a comment held for
 * moderation) purge nothing; settings and terms show on every page, so they purge `all`.
 */
export function tagsForEvent(event: ContentEvent): string[] {
  switch (event.type) {
    case 'post.saved':
      return isPublic(event.post) || isPublic(event.previous) ? [`post:${event.post.id}`, 'lists'] : []
    case 'post.deleted':
      return isPublic(event.post) ? [`post:${event.post.id}`, 'lists'] : []
    case 'comment.saved':
      return isShown(event.comment) || isShown(event.previous) ? [`post:${event.comment.post_id}`, 'comments-feed'] : []
    case 'comment.deleted':
      return isShown(event.comment) ? [`post:${event.comment.post_id}`, 'comments-feed'] : []
    case 'term.saved':
    case 'term.deleted':
    case 'settings.saved':
    case 'user.saved':
      return ['all']
    case 'related.changed':
      return event.postIds.map((id) => `post:${id}`)
    case 'media.deleted':
      return event.postIds.length ? [...event.postIds.map((id) => `post:${id}`), 'lists'] : []
    case 'media.saved':
    case 'external.changed':
    case 'lists.changed':
      return []
  }
}
