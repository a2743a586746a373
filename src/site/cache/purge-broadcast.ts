import { randomUUID } from 'node:crypto'
import type { DialectInfo } from '../../db/index.js'

/** PostgreSQL NOTIFY takes payloads under 8,000 bytes; a longer list of tags is sent as `all`. */
const MAX_MESSAGE_BYTES = 7900

export interface PurgeBroadcast {
  /** Settles once purges from other processes are heard (at once where there is nothing to listen to). */
  readonly ready: Promise<void>
  /**
   * Tells every other app server to purge `tags`. Calls made while a message is on its way are merged into the
   * next one, so a burst of writes (an import) costs a few messages, not one per post.
   */
  publish(tags: readonly string[]): Promise<void>
  /** Stops listening, after sending what was published. */
  close(): Promise<void>
}

export interface PurgeBroadcastOptions {
  dialect: Pick<DialectInfo, 'publishChange' | 'watchExternalChanges'>
  /** Purges another process asked for; `all` when the database changed without a word (the CLI wrote to SQLite). */
  onPurge(tags: readonly string[]): void
  /** False for a process that only tells (the CLI): it has no cache to purge. */
  listen?: boolean
  /** How often SQLite's data_version is read; about a second by default. */
  pollMs?: number
  onError?: (err: unknown) => void
}

/**
 * Purges across processes over the database itself, whatever it is: PostgreSQL LISTEN/NOTIFY between app
 * servers, SQLite's data_version for writes by another process on the same file.
 */
export function createPurgeBroadcast({ dialect, onPurge, listen = true, pollMs, onError = () => {} }: PurgeBroadcastOptions): PurgeBroadcast {
  const origin = randomUUID()
  let pending: Set<string> | null = null
  let sending: Promise<void> | null = null
  let closed = false

  function received(message: string | null): void {
    if (message === null) return onPurge(['all'])
    const parsed = parseMessage(message)
    if (parsed === null) {
      onError(new Error(`Unreadable purge message: ${message.slice(0, 200)}`))
      return onPurge(['all']) // maybe from a newer version: safer to forget everything
    }
    if (parsed.origin !== origin && parsed.tags.length > 0) onPurge(parsed.tags)
  }

  const watch = listen && dialect.watchExternalChanges ? dialect.watchExternalChanges({ onChange: received, onError }, { pollMs }) : null

  async function send(tags: string[]): Promise<void> {
    let message = JSON.stringify({ tags, origin })
    if (tags.includes('all') || Buffer.byteLength(message) > MAX_MESSAGE_BYTES) message = JSON.stringify({ tags: ['all'], origin })
    try {
      await dialect.publishChange!(message)
    } catch (err) {
      onError(err)
    }
  }

  async function drain(): Promise<void> {
    try {
      while (pending !== null) {
        const tags = [...pending]
        pending = null
        await send(tags)
      }
    } finally {
      sending = null
    }
  }

  return {
    ready: watch?.ready ?? Promise.resolve(),
    publish(tags) {
      if (closed || tags.length === 0 || !dialect.publishChange) return Promise.resolve()
      pending ??= new Set()
      for (const tag of tags) pending.add(tag)
      sending ??= drain()
      return sending
    },
    async close() {
      closed = true
      await sending
      await watch?.close()
    },
  }
}

function parseMessage(message: string): { tags: string[]; origin: string } | null {
  try {
    const value: unknown = JSON.parse(message)
    if (typeof value !== 'object' || value === null) return null
    const { tags, origin } = value as { tags?: unknown; origin?: unknown }
    if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string') || typeof origin !== 'string') return null
    return { tags, origin }
  } catch {
    return null
  }
}
