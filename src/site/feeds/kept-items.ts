import type { PostRow } from '../../db/index.js'
import type { ContentEvent, Events } from '../../shared/events.js'
import type { RenderedItem } from './feed-render.js'

/** Changes that show in every post's feed item (names, terms, images, settings), or that came from elsewhere. */
const DROP_ALL = new Set<ContentEvent['type']>(['term.saved', 'term.deleted', 'user.saved', 'settings.saved', 'media.saved', 'media.deleted', 'external.changed'])

const MAX_POSTS = 2000

/**
 * A saved version of a post as its feed item shows it. Another process's edit moves `modified_at` (and deleting an
 * image it features clears `featured_media_id`), so its items are remade even when no event tells this one.
 */
const versionOf = (p: PostRow) => `${p.modified_at}|${p.content.length}|${p.excerpt.length}|${p.password === '' ? 0 : 1}|${p.featured_media_id}|${p.author_id}`

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
    get(post: PostRow, variant: string): RenderedItem | undefined {
      const kept = byPost.get(post.id)
      return kept && kept.version === versionOf(post) ? kept.items.get(variant) : undefined
    },
    set(post: PostRow, variant: string, item: RenderedItem, since: number): void {
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
