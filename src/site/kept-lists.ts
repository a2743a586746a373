import type { ContentEvent, Events } from '../shared/events.js'
import { tagsForEvent } from './cache/cache-tags.js'

/**
 * True for the changes that purge `lists` (home, archives, feeds, sitemaps) from the page cache: here, or in
 * another process (told as `lists.changed`, or `external.changed` when it did not say what).
 */
export function changesLists(event: ContentEvent): boolean {
  if (event.type === 'lists.changed' || event.type === 'external.changed') return true
  return tagsForEvent(event).some((tag) => tag === 'lists' || tag === 'all')
}

export interface KeptLists<T> {
  get(key: string): T | undefined
  /** Where the changes were when a read began: `set` keeps its value only if none came in since. */
  readonly generation: number
  set(key: string, value: T, since: number): void
  /** The kept value, else `read()`'s (kept unless a change came in while reading). */
  through(key: string, read: () => Promise<T>): Promise<T>
}

/**
 * What is known about lists as a whole (how many posts an archive has, what sitemap.xml says), kept between
 * requests: at most `max` keys, dropped by every change that purges `lists` from the page cache, wherever it was
 * made.
 */
export function createKeptLists<T>(events: Events, max: number): KeptLists<T> {
  const kept = new Map<string, T>()
  let generation = 0
  events.on((event) => {
    if (!changesLists(event)) return
    generation++
    kept.clear()
  })
  const set = (key: string, value: T, since: number) => {
    if (since !== generation) return
    if (!kept.has(key) && kept.size >= max) kept.delete(kept.keys().next().value!)
    kept.set(key, value)
  }
  return {
    get: (key) => kept.get(key),
    get generation() {
      return generation
    },
    set,
    async through(key, read) {
      const hit = kept.get(key)
      if (hit !== undefined) return hit
      const since = generation
      const value = await read()
      set(key, value, since)
      return value
    },
  }
}
