/** Most posts waiting for a background refresh; past it a list is only marked, and computed when read. */
const MAX_QUEUED = 500

/**
 * Refreshes "Read Also" lists one at a time, after the write that asked for them has answered. `cascade` asks to
 * refresh, in turn, the posts a freshly computed list names (its neighbours), but no further.
 */
export function createRelatedQueue({ compute, onError }: { compute: (id: number) => Promise<number[]>; onError: (err: unknown) => void }) {
  const queued = new Map<number, boolean>()
  let running: Promise<void> | null = null
  let closed = false

  function add(id: number, cascade: boolean): void {
    if (closed) return
    if (!queued.has(id) && queued.size >= MAX_QUEUED) return
    queued.set(id, (queued.get(id) ?? false) || cascade)
    running ??= drain()
  }

  async function drain(): Promise<void> {
    while (queued.size && !closed) {
      // Let the request that queued this work finish first.
      await new Promise((resolve) => setImmediate(resolve))
      const next = queued.entries().next().value
      if (!next || closed) break
      const [id, cascade] = next
      queued.delete(id)
      try {
        const ids = await compute(id)
        if (cascade) for (const neighbour of ids) add(neighbour, false)
      } catch (err) {
        if (!closed) onError(err)
      }
    }
    running = null
  }

  return {
    add,
    /** Settles once nothing is queued or running. */
    idle: async () => {
      while (running) await running
    },
    /** Stops taking work and waits for the refresh under way. */
    close: async () => {
      closed = true
      queued.clear()
      await running
    },
  }
}
