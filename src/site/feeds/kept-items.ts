import type { PostRow } from '../../db/index.js'
import type { ContentEvent, Events } from '../../shared/events.js'
import type { RenderedItem } from './feed-render.js'

/**
 * Changes that show in every post's feed item (names, terms, images, settings), or that came from elsewhere: an
 * image deleted by another process (which clears the posts' `featured_media_id` without moving their
 * `modified_at`) purges `lists` there, told here as `lists.changed`.
 */
const DROP_ALL = new Set<ContentEvent['type']>(['term.saved', 'term.deleted', 'user.saved', 'settings.saved', 'media.saved', 'media.deleted', 'external.changed', 'lists.changed'])

const MAX_POSTS = 2000

/**
 * A saved version of a post as its feed item shows it: every write through the posts service moves `modified_at`,
 * here or in another process, so a feed finds its kept items from the listing index alone (`feedHeads`).
 */
const versionOf = (p: Pick<PostRow, 'modified_at'>) => p.modified_at

/**
 * Feed items kept per post version and variant (format, excerpt setting), so that a feed renders and reads only
 * what changed. Writes drop the post's items; changes to what every item shows drop them all.
 */
export function createKeptItems(events: Events, max = MAX_POSTS) {
  const byPost = new Map<number, { version: string; items: Map<string, RenderedItem> }>()
  let generation = 0
  events.on((event) => {
    if (event.type === 'post.saved' || event.type === 'post.deleted') {
      generation++
      byPost.delete(event.post.id)
    } else if (DROP_ALL.has(event.type)) {
      generation++
      byPost.clear()
    }
  })
  return {
    /** Moves with every drop: items made from data read before a drop are not kept. */
    get generation() {
      return generation
    },
    get(post: Pick<PostRow, 'id' | 'modified_at'>, variant: string): RenderedItem | undefined {
      const kept = byPost.get(post.id)
      return kept && kept.version === versionOf(post) ? kept.items.get(variant) : undefined
    },
    set(post: Pick<PostRow, 'id' | 'modified_at'>, variant: string, item: RenderedItem, since: number): void {
      if (since !== generation) return
      const version = versionOf(post)
      let kept = byPost.get(post.id)
      if (!kept || kept.version !== version) {
        if (!kept && byPost.size >= max) byPost.delete(byPost.keys().next().value!)
        kept = { version, items: new Map() }
        byPost.set(post.id, kept)
      }
      kept.items.set(variant, item)
    },
  }
}

export type KeptItems = ReturnType<typeof createKeptItems>
