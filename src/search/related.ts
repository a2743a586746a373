import type { PostRow } from '../db/index.js'
import type { SettingsService } from '../settings/index.js'
import { type Clock, toIso } from '../shared/clock.js'
import { createRelatedQueue } from './related-queue.js'
import { scoreRelated } from './related-score.js'
import type { CorpusStats, SearchRepo } from './search.repo.js'
import type { FtsIndex } from './fts.js'
import type { SearchDb } from './tables.js'

/** Kept per post, more than any theme shows, so that one dropping out leaves the list full. */
export const STORED_RELATED = 20
/** Lists kept in memory at most (a few hundred bytes each). */
const MAX_KEPT = 20_000

export interface RelatedDeps {
  db: SearchDb
  repo: SearchRepo
  fts: FtsIndex
  clock: Clock
  settings: SettingsService
  stats: () => Promise<CorpusStats>
  /** Named people, places and organisations of a post, when entity extraction is available. */
  entitiesOf?: (post: PostRow) => Promise<string[]>
  onError: (err: unknown) => void
}

const isPublicPost = (post: Pick<PostRow, 'type' | 'status'> | null | undefined) => post?.type === 'post' && post.status === 'publish'

/**
 * "Read Also": each published post's most related posts, computed when it is published or edited and stored.
 * Its neighbours (the posts it now relates to, and those that listed it) are refreshed in the background; until
 * then a list is computed when first read. Readers never see a post that is no longer published: the stored
 * list is read through the posts table.
 */
export function createRelated(deps: RelatedDeps) {
  const { db, clock, settings } = deps
  const listeners = new Set<(postIds: number[]) => void>()
  const computing = new Map<number, Promise<number[]>>()
  // The background sweep of stale lists (sweepStale), and whether close() has stopped the work.
  let sweep: Promise<void> | null = null
  let sweepAgain = false
  let closed = false
  // Current lists as readers see them (published posts only, best first), kept between reads: a post page and a
  // REST page then ask the database nothing for them. Dropped when a list is marked or computed again, and
  // wholesale when any post is saved (it may have left publication) or the content changed elsewhere.
  const kept = new Map<number, number[]>()
  let keptGeneration = 0
  const forget = (ids?: readonly number[]) => {
    keptGeneration++
    if (ids) for (const id of ids) kept.delete(id)
    else kept.clear()
  }
  const queue = createRelatedQueue({
    compute: (id) => computeOnce(id),
    onError: deps.onError,
  })

  /** Marks lists to compute again (on their next read, or by the background queue). */
  async function markStale(ids: readonly number[]): Promise<void> {
    forget(ids)
    if (ids.length) await db.deleteFrom('related_lists').where('post_id', 'in', ids).execute()
  }

  const listing = async (id: number): Promise<number[]> =>
    (await db.selectFrom('post_related').select('post_id').where('related_id', '=', id).execute()).map((r) => r.post_id)

  /** Keeps the stored lists right after a post was saved (`post`) or deleted (`post` null, `previous` the row). */
  async function postChanged(post: PostRow | null, previous: PostRow | null): Promise<void> {
    const id = (post ?? previous)!.id
    forget()
    const now = isPublicPost(post)
    const was = isPublicPost(previous)
    if (!now && !was) return
    // Inside an outer transaction (an import) nothing may run after it: lists are only marked, and computed when read.
    const background = !db.isTransaction
    if (now) {
      await markStale([id])
      if (background) queue.add(id, true)
    } else {
      // No longer published, or deleted: its own list goes (a deleted post's search document is gone already).
      await db.deleteFrom('post_related').where('post_id', '=', id).execute()
      await db.deleteFrom('related_lists').where('post_id', '=', id).execute()
    }
    if (was) {
      const neighbours = await listing(id)
      if (!now) await db.deleteFrom('post_related').where('related_id', '=', id).execute()
      await markStale(neighbours)
      if (background) for (const n of neighbours) queue.add(n, false)
      if (neighbours.length) notify(neighbours)
    }
  }

  function notify(ids: number[]): void {
    for (const listener of listeners) {
      try {
        listener(ids)
      } catch (err) {
        deps.onError(err)
      }
    }
  }

  /** One computation per post at a time: a page view and the background queue share it. */
  function computeOnce(id: number): Promise<number[]> {
    let running = computing.get(id)
    if (!running) {
      running = compute(id).finally(() => computing.delete(id))
      computing.set(id, running)
    }
    return running
  }

  async function compute(id: number): Promise<number[]> {
    const post = await db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst()
    const doc = await deps.repo.findDoc(id)
    if (!doc) return []
    const ranked = isPublicPost(post) ? await scoreRelated({ ...deps, post: post!, doc, stats: await deps.stats(), now: clock.now() }) : []
    const top = ranked.slice(0, STORED_RELATED)
    const before = (await db.selectFrom('post_related').select('related_id').where('post_id', '=', id).orderBy('rank').execute()).map((r) => r.related_id)
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('post_related').where('post_id', '=', id).execute()
      if (top.length) await trx.insertInto('post_related').values(top.map((r, i) => ({ post_id: id, rank: i + 1, related_id: r.id, score: r.score }))).execute()
      await trx
        .insertInto('related_lists')
        .values({ post_id: id, computed_at: toIso(clock.now()) })
        .onConflict((oc) => oc.column('post_id').doUpdateSet({ computed_at: (eb) => eb.ref('excluded.computed_at') }))
        .execute()
    })
    const ids = top.map((r) => r.id)
    forget([id])
    if (before.join(',') !== ids.join(',')) notify([id])
    return ids
  }

  async function relatedIds(postId: number, limit?: number): Promise<number[]> {
    return (await relatedIdsFor([postId], limit)).get(postId) ?? []
  }

  /**
   * The lists of several posts at once (a REST API page). A list never computed is computed now when one post
   * is asked for (as a post page does), else queued for the background and read as it stands.
   */
  async function relatedIdsFor(postIds: readonly number[], limit?: number): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>(postIds.map((id) => [id, []]))
    const count = Math.min(limit ?? (await settings.get('related_posts_count')), STORED_RELATED)
    if (count <= 0 || !postIds.length) return out
    const reading = db.isTransaction ? [...postIds] : postIds.filter((id) => !kept.has(id))
    for (const id of postIds) if (!reading.includes(id)) out.set(id, kept.get(id)!.slice(0, count))
    if (!reading.length) return out
    const read = await readLists(reading)
    for (const [id, list] of read) out.set(id, list.slice(0, count))
    return out
  }

  /** The lists of these posts as they stand, published posts only; each is kept when it was current. */
  async function readLists(postIds: readonly number[]): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>(postIds.map((id) => [id, []]))
    const generation = keptGeneration
    // A list is to compute when its post is indexed and has no row in related_lists: two lookups by primary key.
    const [docs, computed] = await Promise.all([
      db.selectFrom('search_docs').select('post_id').where('post_id', 'in', postIds).execute(),
      db.selectFrom('related_lists').select('post_id').where('post_id', 'in', postIds).execute(),
    ])
    const done = new Set(computed.map((r) => r.post_id))
    const stale = docs.map((d) => d.post_id).filter((id) => !done.has(id))
    if (!db.isTransaction) {
      if (postIds.length === 1) await Promise.all(stale.map((id) => computeOnce(id)))
      else for (const id of stale) queue.add(id, false)
    }
    // Two lookups by primary key, the published check in code: given a join, PostgreSQL with stale statistics
    // (after an import, before autovacuum's analyze) started from `posts` and walked every published post.
    const stored = await db.selectFrom('post_related').select(['post_id', 'related_id']).where('post_id', 'in', postIds).orderBy('post_id').orderBy('rank').execute()
    if (!stored.length) {
      keep(out, new Set(stale), generation)
      return out
    }
    const named = [...new Set(stored.map((r) => r.related_id))]
    const shown = new Set((await db.selectFrom('posts').select(['id', 'status', 'type']).where('id', 'in', named).execute()).filter(isPublicPost).map((p) => p.id))
    for (const r of stored) if (shown.has(r.related_id)) out.get(r.post_id)!.push(r.related_id)
    keep(out, new Set(stale), generation)
    return out
  }

  /** Keeps the lists read, unless they were stale or anything changed while they were read. */
  function keep(lists: Map<number, number[]>, stale: Set<number>, generation: number): void {
    if (db.isTransaction || generation !== keptGeneration) return
    for (const [id, list] of lists) {
      if (stale.has(id)) continue
      if (kept.size >= MAX_KEPT) kept.delete(kept.keys().next().value!)
      kept.set(id, list)
    }
  }

  async function relatedPosts(postId: number, limit?: number): Promise<PostRow[]> {
    const ids = await relatedIds(postId, limit)
    if (!ids.length) return []
    const rows = await db.selectFrom('posts').selectAll().where('id', 'in', ids).execute()
    const byId = new Map(rows.map((r) => [r.id, r]))
    return ids.map((id) => byId.get(id)).filter((p): p is PostRow => p !== undefined)
  }

  /**
   * Computes every list marked stale, for published posts; returns how many were computed. `pause` runs between
   * two lists (the server's sweep lets requests through there); after close() the loop stops at the next one.
   */
  async function computeStale({ onProgress, pause }: { onProgress?: (done: number) => void; pause?: () => Promise<void> } = {}): Promise<number> {
    let done = 0
    for (let after = 0; ; ) {
      const batch = await db
        .selectFrom('search_docs as d')
        .innerJoin('posts as p', 'p.id', 'd.post_id')
        .leftJoin('related_lists as r', 'r.post_id', 'd.post_id')
        .select('d.post_id')
        .where('r.post_id', 'is', null)
        .where('p.status', '=', 'publish')
        .where('p.type', '=', 'post')
        .where('d.post_id', '>', after)
        .orderBy('d.post_id')
        .limit(200)
        .execute()
      if (!batch.length) return done
      for (const { post_id } of batch) {
        if (pause) await pause()
        if (closed) return done
        await computeOnce(post_id)
        done++
        onProgress?.(done)
      }
      after = batch.at(-1)!.post_id
    }
  }

  /**
   * Computes every stale list in the background (after an import through the admin), one at a time, with a turn
   * of the event loop between two: better-sqlite3 answers synchronously, so without it the sweep would hold the
   * server for its whole length. One sweep at a time; asked again meanwhile, it goes round once more, for lists
   * marked behind it.
   */
  function sweepStale(): void {
    if (sweep) {
      sweepAgain = true
      return
    }
    sweep = (async () => {
      do {
        sweepAgain = false
        await computeStale({ pause: () => new Promise((resolve) => setImmediate(resolve)) })
      } while (sweepAgain && !closed)
    })()
      .catch((err: unknown) => {
        if (!closed) deps.onError(err)
      })
      .finally(() => {
        sweep = null
      })
  }

  return {
    postChanged,
    relatedIds,
    relatedIdsFor,
    relatedPosts,
    computeStale,
    sweepStale,
    /** Drops the kept lists (the content changed where no event of this process said so). */
    forgetKept: () => forget(),
    markAllStale: async () => {
      forget()
      await db.deleteFrom('related_lists').execute()
    },
    onChange: (listener: (postIds: number[]) => void) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    /** Settles when the background queue and any sweep are done. */
    idle: async () => {
      await queue.idle()
      while (sweep) await sweep
    },
    close: async () => {
      closed = true
      await queue.close()
      while (sweep) await sweep
    },
  }
}
