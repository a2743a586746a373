import type { DialectInfo } from '../../db/index.js'
import type { Events } from '../../shared/events.js'
import { tagsForEvent } from './cache-tags.js'
import type { PageCache } from './page-cache.js'
import { createPurgeBroadcast } from './purge-broadcast.js'

export interface CacheInvalidation {
  /** Settles once purges from other processes are heard. */
  readonly ready: Promise<void>
  /** Stops listening to events and to other processes; sends what is still on its way first. */
  close(): Promise<void>
}

export interface CacheInvalidationOptions {
  events: Events
  dialect: Pick<DialectInfo, 'publishChange' | 'watchExternalChanges'>
  /** The page cache to purge; none in a process that only writes (the CLI), which still tells the others. */
  cache?: Pick<PageCache, 'purge'>
  /** Cached settings (`services.settings`): forgotten when another process purges `all`. */
  settings: { forget(): void }
  /** Listen to other processes: false for the CLI. */
  listen?: boolean
  pollMs?: number
  onError?: (err: unknown) => void
}

/**
 * Keeps every cache of the site true to the database: each committed change purges its tags here and is
 * broadcast to the other processes, and their changes purge here. Runs even with the page cache off, since
 * settings are cached in every app server.
 */
export function startCacheInvalidation({ events, dialect, cache, settings, listen, pollMs, onError = () => {} }: CacheInvalidationOptions): CacheInvalidation {
  const broadcast = createPurgeBroadcast({
    dialect,
    listen,
    pollMs,
    onError,
    onPurge: (tags) => {
      cache?.purge(tags)
      if (!tags.includes('all')) {
        // Kept list totals listen for this (the events that made it were told in the other process only).
        if (tags.includes('lists')) void events.emit({ type: 'lists.changed' })
        return
      }
      settings.forget()
      // Other in-memory copies (terms, rendered posts) listen for this.
      void events.emit({ type: 'external.changed' })
    },
  })
  const stop = events.on((event) => {
    const tags = tagsForEvent(event)
    if (tags.length === 0) return
    cache?.purge(tags)
    // Not awaited: the write has committed and its reader is waiting; errors go to onError.
    void broadcast.publish(tags)
  })
  return {
    ready: broadcast.ready,
    close: async () => {
      stop()
      await broadcast.close()
    },
  }
}
