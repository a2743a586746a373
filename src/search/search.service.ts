import { type RawBuilder, sql } from 'kysely'
import type { Db, DialectInfo, PostRow } from '../db/index.js'
import type { SettingsService } from '../settings/index.js'
import { type Clock, toIso } from '../shared/clock.js'
import type { ContentEvent, Events } from '../shared/events.js'
import { canReadPost } from '../content/index.js'
import type { Actor } from '../users/index.js'
import { documentOf, documentsOf, isIndexable, plainText, textsForSnippet } from './documents.js'
import { extractEntities } from './entities.js'
import { fieldText } from './analyzer.js'
import { whereFor, type SearchFilters } from './filters.js'
import { createFts } from './fts.js'
import { type CountPattern, isEmptyQuery, parseQuery, type ParsedQuery } from './query.js'
import { applyPhrases, planForQuery, rankRows, type Ranked } from './rank.js'
import { createRelated } from './related.js'
import { createSearchRepo, type CorpusStats } from './search.repo.js'
import { snippet } from './snippet.js'
import { acceptTag, suggestTags } from './suggestions.js'
import { withSearchTables } from './tables.js'

export interface SearchInput extends SearchFilters {
  /** What the reader typed; any text at all is a valid query. */
  query: string
  page?: number
  perPage?: number
  /** Highlighted passages for the page's results (HTML: escaped text and `<mark>` only). */
  snippets?: boolean
}

export interface SearchResult {
  posts: PostRow[]
  /** Results that can be paged through. */
  total: number
  /** More posts matched than are ranked: `total` is a floor ("1,000+"). */
  capped: boolean
  /** Post id → snippet HTML, when asked for (empty when only the title matched). */
  snippets: Map<number, string>
}

/** Ranked per query: the newest matches up to this many, plus older headline matches up to HEAD_WINDOW. */
export const MATCH_WINDOW = 500
export const HEAD_WINDOW = 100
/** Terms a typed prefix may stand for: the most frequent ones (rare completions of a short prefix are left out). */
const MAX_COMPLETIONS = 50
const STATS_TTL_MS = 30_000

export interface SearchDeps {
  db: Db
  dialect: Pick<DialectInfo, 'fullTextSearch'>
  clock: Clock
  settings: SettingsService
  events: Events
  /** Background work that failed (refreshing neighbours' related posts). */
  onError?: (err: unknown) => void
}

export function createSearchService({ db, dialect, clock, settings, events, onError = () => {} }: SearchDeps) {
  const sdb = withSearchTables(db)
  const fts = createFts(dialect)
  const repo = createSearchRepo(sdb, fts)
  let cachedStats: { at: number; value: Promise<CorpusStats> } | null = null
  let autoRebuild: Promise<void> | null = null
  const stats = () => {
    const now = Date.now()
    if (!cachedStats || now - cachedStats.at > STATS_TTL_MS) cachedStats = { at: now, value: repo.stats() }
    return cachedStats.value
  }
  const forgetStats = () => {
    cachedStats = null
  }
  const related = createRelated({ db: sdb, repo, fts, clock, settings, stats, onError, entitiesOf: createEntityNames() })
  // Pages showing a changed Read Also list are purged like any other change, on every app server.
  related.onChange((postIds) => void events.emit({ type: 'related.changed', postIds }))

  /** Ranked ids for a query, with no rows loaded: what the search page and the REST API page through. */
  async function rank(input: SearchInput, actor: Actor): Promise<{ ranked: Ranked[]; capped: boolean; parsed: ParsedQuery }> {
    const typed = parseQuery(input.query ?? '')
    if (isEmptyQuery(typed)) return { ranked: [], capped: false, parsed: typed }
    await ensureIndexed()
    const where = whereFor(actor, input)
    const corpus = await stats()
    // The typed prefix as the terms it stands for, and every term's document frequency: one query.
    const prefix = typed.required.find((c) => c.kind === 'prefix')
    const { completions, dfs } = await repo.termsOfQuery(prefix?.typed ?? null, MAX_COMPLETIONS, stemsOf(typed))
    const parsed = withCompletions(typed, completions)
    const selective = isSelective(parsed, dfs, corpus.docs)
    // The candidates come with their documents, read as they are matched.
    // When every match is already in the window, the headline matches are too; older ones are checked whole.
    const { window: windowDocs, older: olderDocs } = await fts.matchCandidates(sdb, parsed, { where, window: MATCH_WINDOW, head: HEAD_WINDOW, selective })
    const window = windowDocs.map((d) => d.id)
    const capped = window.length >= MATCH_WINDOW
    // A headline match holds every required word already; only an exclusion can still rule it out.
    const kept = olderDocs.length && parsed.excluded.length ? await fts.filterIds(sdb, parsed, olderDocs.map((d) => d.id)) : null
    const headDocs = kept ? olderDocs.filter((d) => kept.has(d.id)) : olderDocs
    const head = headDocs.map((d) => d.id)
    if (!window.length && !head.length) return { ranked: [], capped: false, parsed }
    const plan = planForQuery(parsed, corpus.docs, (stem) => dfs.get(stem) ?? 0)
    const rows = repo.countRows([...windowDocs, ...headDocs], plan.patterns, fieldText(parsed.whole))
    applyPhrases(rows, await phraseHolders(parsed, plan.patterns, where, window, head, capped))
    return { ranked: rankRows(rows, plan, corpus, clock.now()), capped, parsed }
  }

  /**
   * Which candidates hold each phrase pattern. The window is the newest matches of the query, so the newest
   * matches of the query and the phrase cover it exactly; the few older headline matches are checked one by one.
   */
  async function phraseHolders(parsed: ParsedQuery, patterns: readonly CountPattern[], where: RawBuilder<unknown>, window: number[], head: number[], capped: boolean) {
    const holders = new Map<number, Set<number>>()
    for (const [i, p] of patterns.entries()) {
      if (p.kind !== 'phrase') continue
      // Every candidate holds a phrase the query requires.
      if (parsed.required.some((c) => c.kind === 'phrase' && c.stems.join(' ') === p.stems.join(' '))) {
        holders.set(i, new Set([...window, ...head]))
        continue
      }
      // Words side by side in the body are a bonus; over a capped window of very common words the headline and
      // the lead, counted already, say enough, and the phrase query would cost more than the rest of the search.
      if (capped) continue
      const withPhrase: ParsedQuery = { ...parsed, required: [...parsed.required, { kind: 'phrase', stems: p.stems }] }
      const found = new Set(window.length ? await fts.matchIds(sdb, withPhrase, { head: false, any: false, where, limit: MATCH_WINDOW }) : [])
      for (const id of await fts.filterIds(sdb, withPhrase, head)) found.add(id)
      holders.set(i, found)
    }
    return holders
  }

  /** The typed prefix as the terms it stands for (a prefix matching no term keeps the native prefix query). */
  function withCompletions(parsed: ParsedQuery, expanded: string[]): ParsedQuery {
    if (!expanded.length) return parsed
    return { ...parsed, required: parsed.required.map((c) => (c.kind === 'prefix' ? { ...c, expanded } : c)) }
  }

  /** A page of results for `actor`: only what they may read (readers: published posts). */
  async function search(input: SearchInput, actor: Actor): Promise<SearchResult> {
    const { ranked, capped, parsed } = await rank(input, actor)
    const perPage = Math.min(Math.max(input.perPage ?? 10, 1), 100)
    const page = Math.max(input.page ?? 1, 1)
    const ids = ranked.slice((page - 1) * perPage, page * perPage).map((r) => r.id)
    const rows = ids.length ? await db.selectFrom('posts').selectAll().where('id', 'in', ids).execute() : []
    // The index's copy of the status decided what matched; the post itself has the last word.
    const byId = new Map(rows.filter((r) => r.status !== 'trash' && canReadPost(actor, r) && (r.status === 'publish' || (input.statuses ?? []).includes(r.status))).map((r) => [r.id, r]))
    const posts = ids.map((id) => byId.get(id)).filter((p): p is PostRow => p !== undefined)
    const snippets = new Map<number, string>()
    if (input.snippets) {
      for (const post of posts) snippets.set(post.id, textsForSnippet(post).map((text) => snippet(text, parsed)).find(Boolean) ?? '')
    }
    return { posts, total: ranked.length, capped, snippets }
  }

  /** Brings one post's document up to date (or out of the index): idempotent, safe to repeat. */
  async function indexPost(post: PostRow): Promise<void> {
    if (isIndexable(post)) await repo.writeDoc(post.id, post, await documentOf(db, post), toIso(clock.now()))
    else await repo.removeDoc(post.id)
    forgetStats()
  }

  /**
   * Brings many posts' documents up to date at once (an import that held back its per-post indexing): posts
   * read and documents written a few hundred at a time; gone or trashed posts leave the index.
   */
  async function indexPosts(ids: readonly number[]): Promise<void> {
    const unique = [...new Set(ids)].sort((a, b) => a - b)
    const now = toIso(clock.now())
    for (let i = 0; i < unique.length; i += 500) {
      const chunk = unique.slice(i, i + 500)
      const rows = await db.selectFrom('posts').selectAll().where('id', 'in', chunk).execute()
      const found = new Set(rows.map((r) => r.id))
      for (const id of chunk) if (!found.has(id)) await repo.removeDoc(id)
      for (const post of rows) if (!isIndexable(post)) await repo.removeDoc(post.id)
      const indexable = rows.filter(isIndexable)
      const inputs = await documentsOf(db, indexable)
      const docs = indexable.map((post) => ({ postId: post.id, post, input: inputs.get(post.id)! }))
      await repo.writeDocs(docs, now)
    }
    forgetStats()
  }

  async function reindex(postId: number): Promise<void> {
    const post = await db.selectFrom('posts').selectAll().where('id', '=', postId).executeTakeFirst()
    if (post) await indexPost(post)
    else await repo.removeDoc(postId)
  }

  /**
   * Rebuilds the whole index from the posts, a post at a time, and marks every "Read Also" list to be computed
   * again (the stored lists keep serving meanwhile). Search answers from what is indexed so far while it runs.
   */
  async function rebuild({ onProgress }: { onProgress?: (done: number, total: number) => void } = {}): Promise<{ indexed: number }> {
    await repo.clear()
    forgetStats()
    const total = Number((await db.selectFrom('posts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
    let done = 0
    let indexed = 0
    for (let after = 0; ; ) {
      const batch = await db.selectFrom('posts').selectAll().where('id', '>', after).orderBy('id').limit(500).execute()
      if (!batch.length) break
      for (const post of batch) {
        await indexPost(post)
        if (isIndexable(post)) indexed++
      }
      after = batch.at(-1)!.id
      done += batch.length
      onProgress?.(done, total)
    }
    await repo.removeOrphans()
    await related.markAllStale()
    // Fresh statistics, or the planner guesses: PostgreSQL would walk every row of a large index for a rare word.
    await sql`analyze search_docs`.execute(db)
    forgetStats()
    return { indexed }
  }

  /** A site upgraded to this version has posts but no index yet: build it once, in the background. */
  async function ensureIndexed(): Promise<void> {
    if (autoRebuild) return
    autoRebuild = (async () => {
      const corpus = await repo.stats()
      if (corpus.docs > 0 || db.isTransaction) return
      const any = await db.selectFrom('posts').select('id').where('status', '!=', 'trash').limit(1).executeTakeFirst()
      if (any) void rebuild().catch(onError)
    })()
    await autoRebuild
  }

  async function onEvent(event: ContentEvent): Promise<void> {
    switch (event.type) {
      case 'post.saved':
        await indexPost(event.post)
        await related.postChanged(event.post, event.previous)
        return
      case 'post.deleted':
        await repo.removeDoc(event.post.id)
        forgetStats()
        await related.postChanged(null, event.post)
        return
      case 'term.saved':
        if (event.previous && event.previous.name !== event.term.name) await reindexMany(await repo.postsWithTerm(event.term.id))
        return
      case 'term.deleted':
        // Its links are gone with it: find the posts by the name their documents still hold.
        await reindexMany(await repo.postsWithMetaWords(event.term.name))
        return
      case 'user.saved':
        if (!event.previous || event.previous.display_name !== event.user.display_name) await reindexMany(await repo.postsByAuthor(event.user.id))
        return
      case 'external.changed':
        forgetStats()
        related.forgetKept()
        return
      default:
    }
  }

  async function reindexMany(ids: readonly number[]): Promise<void> {
    for (const id of ids) await reindex(id)
  }

  events.on(onEvent)

  return {
    search,
    rank,
    indexPost,
    indexPosts,
    reindex,
    rebuild,
    /** Post ids most related to a post, best first (published posts only; computed now if not yet). */
    relatedIds: related.relatedIds,
    /** The lists of several posts, by post id (the REST API's `related`): one query; lists not computed yet are queued. */
    relatedIdsFor: related.relatedIdsFor,
    /** The same as post rows, for themes and the REST API. */
    relatedPosts: related.relatedPosts,
    /** Computes the related posts of every published post that needs it (after an import or a rebuild). */
    computeStaleRelated: related.computeStale,
    /** The same in the background, between requests (after an import through the admin); errors go to onError. */
    computeStaleRelatedInBackground: related.sweepStale,
    /** Called with the ids of posts whose stored related list changed (for page-cache purges). */
    onRelatedChange: related.onChange,
    /** Settles when background refreshes are done (tests, shutdown). */
    idle: related.idle,
    close: related.close,
    /** Tag suggestions for a post the actor may edit: `{name, kind, tag_id|null}`, best first. */
    suggestTags: (postId: number, actor: Actor) => suggestTags(db, postId, actor),
    /** Gives the post the suggested tag (reused or created) through the posts service; returns the tag id. */
    acceptTag: (posts: Parameters<typeof acceptTag>[1], postId: number, name: string, actor: Actor) => acceptTag(db, posts, postId, name, actor),
  }
}

const ENTITY_TEXT = 1500

/** The names a story opens with (title and lead): phrases "Read Also" looks for in other posts; kept per version. */
function createEntityNames() {
  const cache = new Map<string, string[]>()
  return async (post: PostRow): Promise<string[]> => {
    const key = `${post.id}:${post.modified_at}`
    let names = cache.get(key)
    if (!names) {
      const text = `${post.title}.\n${post.password === '' ? plainText(post.content).slice(0, ENTITY_TEXT) : ''}`
      names = (await extractEntities(text)).filter((e) => e.name.includes(' ')).map((e) => e.name)
      if (cache.size >= 1000) cache.delete(cache.keys().next().value!)
      cache.set(key, names)
    }
    return names
  }
}

function stemsOf(q: ParsedQuery): string[] {
  const out = new Set<string>()
  for (const c of q.required) {
    if (c.kind === 'term') out.add(c.stem)
    else if (c.kind === 'prefix') {
      out.add(c.stem)
      out.add(c.typed)
      for (const t of c.expanded ?? []) out.add(t)
    } else for (const s of c.stems) out.add(s)
  }
  return [...out]
}

/**
 * Whether the query matches few posts (from the document frequencies: at most its rarest clause's). The newest
 * matches of a broad query are found by walking posts from the newest, which stops soon; those of a selective
 * one by reading all its matches from the full-text index, which are few — walking would check most posts.
 * The walk checks about limit × docs / matches posts, so the index is read when matches² < limit × docs.
 */
function isSelective(q: ParsedQuery, dfs: ReadonlyMap<string, number>, docs: number): boolean {
  const df = (t: string) => dfs.get(t) ?? 0
  let bound = docs
  for (const c of q.required) {
    const n = c.kind === 'term' ? df(c.stem)
      : c.kind === 'phrase' ? Math.min(...c.stems.map(df))
      : c.expanded ? c.expanded.reduce((sum, t) => sum + df(t), 0) : docs
    bound = Math.min(bound, n)
  }
  return bound * bound < MATCH_WINDOW * docs
}

export type SearchService = ReturnType<typeof createSearchService>
