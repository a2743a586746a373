import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely'
import type { Insertable } from 'kysely'
import { compiledOnce, type Database, type Db, type NewPostRow, type PostRow, type PostUpdate, type RevisionRow } from '../db/index.js'

export interface PostQuery {
  type?: string
  statuses?: readonly string[]
  authorId?: number
  termId?: number
  /** Posts in any of these terms (a category archive includes its subcategories). */
  termIds?: readonly number[]
  /**
   * The terms of `termIds` hold a large share of the posts: the listing is walked newest first, testing each post's
   * terms, instead of collecting every post of the terms first (which costs as much as the archive is large).
   */
  termsDense?: boolean
  /** Published in [from, to), ISO strings. */
  publishedFrom?: string
  publishedTo?: string
  excludeIds?: readonly number[]
  /** Posts whose author may read their own non-public ones as well. */
  orOwnedBy?: { userId: number; statuses: readonly string[] }
  limit?: number
  offset?: number
  orderBy?: 'published_at' | 'modified_at' | 'title' | 'id' | 'menu_order' | 'slug' | 'author_id' | 'parent_id'
  order?: 'asc' | 'desc'
  stickyFirst?: boolean
  /** Words that must appear in the title, excerpt or content (case-insensitive). */
  search?: string
  includeIds?: readonly number[]
  slugs?: readonly string[]
  authorIds?: readonly number[]
  authorExcludeIds?: readonly number[]
  /** Parent ids; 0 means "no parent". */
  parentIds?: readonly number[]
  parentExcludeIds?: readonly number[]
  sticky?: boolean
  /** Pages with this `menu_order`. */
  menuOrder?: number
  /** Posts with at least one term of every group (categories AND tags, as the REST API combines them). */
  termGroups?: readonly (readonly number[])[]
  excludeTermIds?: readonly number[]
  modifiedFrom?: string
  modifiedTo?: string
  /**
   * Rows without their body: `content` and `content_source` come back empty (lists whose excerpts are kept
   * elsewhere need not read tens of KB per post).
   */
  withoutContent?: boolean
}

/** What changes whenever anything a reader sees of a post does: its modified time, and its comment count. */

/** Every column of a post but its body (`content`, `content_source`), for `withoutContent`. */
const LISTED_COLUMNS = ['id', 'type', 'title', 'slug', 'content_format', 'excerpt', 'status', 'author_id', 'parent_id', 'featured_media_id', 'password', 'published_at', 'created_at', 'modified_at', 'comment_status', 'sticky', 'menu_order', 'comment_count'] as const

/** Every column of a new post (its id comes from the database): a nullable one left out is null. */
const INSERTED_COLUMNS = ['type', 'title', 'slug', 'content', 'content_source', 'content_format', 'excerpt', 'status', 'author_id', 'parent_id', 'featured_media_id', 'password', 'published_at', 'created_at', 'modified_at', 'comment_status', 'sticky', 'menu_order', 'comment_count'] as const

// What every new post runs (an import runs them 100,000 times): compiled once.
const insertPost = compiledOnce<Record<string, unknown>, PostRow>('posts.insert', (db, arg) =>
  db.insertInto('posts').values(Object.fromEntries(INSERTED_COLUMNS.map((c) => [c, arg(c)])) as NewPostRow).returningAll(),
)
const findSlug = compiledOnce<{ type: string; slug: string }, { id: number }>('posts.slugTaken', (db, arg) =>
  db.selectFrom('posts').select('id').where('type', '=', arg('type')).where('slug', '=', arg('slug')),
)
const findUser = compiledOnce<{ id: number }, { id: number }>('posts.userExists', (db, arg) =>
  db.selectFrom('users').select('id').where('id', '=', arg('id')),
)

/** What a list page needs of a post to tell whether its kept view is current. */
export type PostHead = Pick<PostRow, 'id' | 'modified_at' | 'comment_count'>

/** The order (and page) `query` asks for, newest first by default. */
function inOrder<O>(q: SelectQueryBuilder<Database, 'posts', O>, query: PostQuery): SelectQueryBuilder<Database, 'posts', O> {
  if (query.stickyFirst) q = q.orderBy('posts.sticky', 'desc')
  const order = query.order ?? 'desc'
  q = q.orderBy(`posts.${query.orderBy ?? 'published_at'}`, order).orderBy('posts.id', order)
  if (query.limit !== undefined) q = q.limit(query.limit).offset(query.offset ?? 0)
  return q
}

export function createPostsRepo(db: Db) {
  function filtered(query: PostQuery) {
    let q = db.selectFrom('posts')
    if (query.type) q = q.where('posts.type', '=', query.type)
    if (query.authorId !== undefined) q = q.where('posts.author_id', '=', query.authorId)
    if (query.termId !== undefined) {
      const termId = query.termId
      q = q.where('posts.id', 'in', (eb) => eb.selectFrom('post_terms').select('post_id').where('term_id', '=', termId))
    }
    const { termIds, publishedFrom, publishedTo, excludeIds } = query
    if (termIds) {
      if (!termIds.length) q = q.where((eb) => eb.lit(false))
      else if (query.termsDense) q = q.where(({ exists, selectFrom }) => exists(selectFrom('post_terms').select('post_terms.term_id').whereRef('post_terms.post_id', '=', 'posts.id').where('post_terms.term_id', 'in', termIds)))
      else q = q.where('posts.id', 'in', (eb) => eb.selectFrom('post_terms').select('post_id').where('term_id', 'in', termIds))
    }
    if (publishedFrom) q = q.where('posts.published_at', '>=', publishedFrom)
    if (publishedTo) q = q.where('posts.published_at', '<', publishedTo)
    if (excludeIds?.length) q = q.where('posts.id', 'not in', excludeIds)
    q = refined(q, query)
    const { statuses, orOwnedBy } = query
    if (statuses) {
      q = q.where((eb) => {
        // An empty IN () is not SQL: an actor who may see none of the statuses sees nothing through them.
        const visible = statuses.length ? eb('posts.status', 'in', statuses) : eb.lit(false)
        if (!orOwnedBy) return visible
        return eb.or([visible, eb.and([eb('posts.author_id', '=', orOwnedBy.userId), eb('posts.status', 'in', orOwnedBy.statuses)])])
      })
    }
    return q
  }

  return {
    findById: (id: number) => db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst(),
    findBySlug: (type: string, slug: string) =>
      db.selectFrom('posts').selectAll().where('type', '=', type).where('slug', '=', slug).executeTakeFirst(),
    slugTaken: async (type: string, slug: string, exceptId?: number) => {
      if (exceptId === undefined) return (await findSlug(db, { type, slug })).length > 0
      let q = db.selectFrom('posts').select('id').where('type', '=', type).where('slug', '=', slug)
      if (exceptId !== undefined) q = q.where('id', '!=', exceptId)
      return !!(await q.executeTakeFirst())
    },
    findOldSlug: async (type: string, slug: string) =>
      (await db.selectFrom('old_slugs').select('post_id').where('type', '=', type).where('slug', '=', slug).executeTakeFirst())?.post_id,
    rememberOldSlug: async (postId: number, type: string, slug: string, at: string) => {
      await db
        .insertInto('old_slugs')
        .values({ post_id: postId, type, slug, created_at: at })
        .onConflict((oc) => oc.columns(['type', 'slug']).doUpdateSet({ post_id: postId, created_at: at }))
        .execute()
    },
    list: (query: PostQuery): Promise<PostRow[]> => {
      const q = query.withoutContent
        ? (filtered(query).select(LISTED_COLUMNS.map((c) => `posts.${c}` as const)).select([sql<string>`''`.as('content'), sql<string>`''`.as('content_source')]) as unknown as SelectQueryBuilder<Database, 'posts', PostRow>)
        : filtered(query).selectAll('posts')
      return inOrder(q, query).execute()
    },
    /** A page of the list as ids, modified times and comment counts: read from the listing indexes alone (migration 0013). */
    listHeads: (query: PostQuery): Promise<PostHead[]> => inOrder(filtered(query).select(['posts.id', 'posts.modified_at', 'posts.comment_count']), query).execute(),
    /** Published posts by id, without their bodies (as `withoutContent` lists them), in no order. */
    findListed: (ids: readonly number[]): Promise<PostRow[]> =>
      ids.length
        ? (db.selectFrom('posts').select(LISTED_COLUMNS).select([sql<string>`''`.as('content'), sql<string>`''`.as('content_source')]).where('id', 'in', ids).where('status', '=', 'publish').execute() as Promise<PostRow[]>)
        : Promise.resolve([]),
    findByIds: (ids: readonly number[]): Promise<PostRow[]> =>
      ids.length ? db.selectFrom('posts').selectAll().where('id', 'in', ids).execute() : Promise.resolve([]),
    count: async (query: PostQuery): Promise<number> =>
      Number((await filtered(query).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    countByStatus: async (type: string): Promise<Record<string, number>> => {
      const rows = await db
        .selectFrom('posts')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('type', '=', type)
        .groupBy('status')
        .execute()
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))
    },
    insert: async (row: NewPostRow): Promise<PostRow> => {
      const values: Record<string, unknown> = row
      const [post] = await insertPost(db, Object.fromEntries(INSERTED_COLUMNS.map((c) => [c, values[c] ?? null])))
      if (!post) throw new Error('The new post was not returned')
      return post
    },
    update: (id: number, changes: PostUpdate): Promise<PostRow> =>
      db.updateTable('posts').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow(),
    delete: async (id: number) => {
      await db.deleteFrom('posts').where('id', '=', id).execute()
    },
    findDue: (nowIso: string) =>
      db.selectFrom('posts').select('id').where('status', '=', 'future').where('published_at', '<=', nowIso).execute(),
    insertRevision: async (row: Insertable<Database['post_revisions']>) => {
      await db.insertInto('post_revisions').values(row).execute()
    },
    findRevisions: (postId: number) =>
      db.selectFrom('post_revisions').selectAll().where('post_id', '=', postId).where('autosave', '=', 0).orderBy('id', 'desc').execute(),
    latestRevision: (postId: number): Promise<RevisionRow | undefined> =>
      db.selectFrom('post_revisions').selectAll().where('post_id', '=', postId).where('autosave', '=', 0).orderBy('id', 'desc').limit(1).executeTakeFirst(),
    deleteRevision: async (postId: number, revisionId: number) => {
      await db.deleteFrom('post_revisions').where('id', '=', revisionId).where('post_id', '=', postId).where('autosave', '=', 0).execute()
    },
    findAutosaves: (postId: number): Promise<RevisionRow[]> =>
      db.selectFrom('post_revisions').selectAll().where('post_id', '=', postId).where('autosave', '=', 1).orderBy('id', 'desc').execute(),
    /** The one autosave of a post by a person: replaced whole by the next. */
    replaceAutosave: async (row: Omit<Insertable<Database['post_revisions']>, 'autosave'>): Promise<RevisionRow> => {
      await db.deleteFrom('post_revisions').where('post_id', '=', row.post_id).where('autosave', '=', 1).where((eb) => (row.author_id == null ? eb('author_id', 'is', null) : eb('author_id', '=', row.author_id))).execute()
      return db.insertInto('post_revisions').values({ ...row, autosave: 1 }).returningAll().executeTakeFirstOrThrow()
    },
    deleteAutosave: async (postId: number, authorId: number | null) => {
      if (authorId === null) return
      await db.deleteFrom('post_revisions').where('post_id', '=', postId).where('autosave', '=', 1).where('author_id', '=', authorId).execute()
    },
    countRevisions: async (postIds: readonly number[]): Promise<Map<number, number>> => {
      if (!postIds.length) return new Map()
      const rows = await db.selectFrom('post_revisions').select(['post_id', (eb) => eb.fn.countAll<number>().as('n')]).where('post_id', 'in', postIds).where('autosave', '=', 0).groupBy('post_id').execute()
      return new Map(rows.map((r) => [r.post_id, Number(r.n)]))
    },
    mediaExists: async (id: number) => !!(await db.selectFrom('media').select('id').where('id', '=', id).executeTakeFirst()),
    userExists: async (id: number) => (await findUser(db, { id })).length > 0,
  }
}

/** The REST API's extra list filters (search, include, slug, parent, sticky, term groups…). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
function refined(q: SelectQueryBuilder<Database, 'posts', {}>, query: PostQuery): SelectQueryBuilder<Database, 'posts', {}> {
  const { includeIds, slugs, authorIds, authorExcludeIds, parentIds, parentExcludeIds, termGroups, excludeTermIds } = query
  const none = (eb: ExpressionBuilder<Database, 'posts'>) => eb.lit(false)
  if (includeIds) q = includeIds.length ? q.where('posts.id', 'in', includeIds) : q.where(none)
  if (slugs) q = slugs.length ? q.where('posts.slug', 'in', slugs) : q.where(none)
  if (authorIds?.length) q = q.where('posts.author_id', 'in', authorIds)
  if (authorExcludeIds?.length) q = q.where((eb: ExpressionBuilder<Database, 'posts'>) => eb.or([eb('posts.author_id', 'is', null), eb('posts.author_id', 'not in', authorExcludeIds)]))
  if (parentIds?.length) {
    const ids = parentIds.filter((id) => id !== 0)
    q = q.where((eb: ExpressionBuilder<Database, 'posts'>) => eb.or([...(ids.length ? [eb('posts.parent_id', 'in', ids)] : []), ...(parentIds.includes(0) ? [eb('posts.parent_id', 'is', null)] : [])]))
  }
  if (parentExcludeIds?.length) q = q.where((eb: ExpressionBuilder<Database, 'posts'>) => eb.or([eb('posts.parent_id', 'is', null), eb('posts.parent_id', 'not in', parentExcludeIds)]))
  if (query.sticky !== undefined) q = q.where('posts.sticky', '=', query.sticky ? 1 : 0)
  if (query.menuOrder !== undefined) q = q.where('posts.menu_order', '=', query.menuOrder)
  for (const group of termGroups ?? []) {
    q = group.length ? q.where('posts.id', 'in', (eb: ExpressionBuilder<Database, 'posts'>) => eb.selectFrom('post_terms').select('post_id').where('term_id', 'in', group)) : q.where(none)
  }
  if (excludeTermIds?.length) q = q.where('posts.id', 'not in', (eb: ExpressionBuilder<Database, 'posts'>) => eb.selectFrom('post_terms').select('post_id').where('term_id', 'in', excludeTermIds))
  if (query.modifiedFrom) q = q.where('posts.modified_at', '>', query.modifiedFrom)
  if (query.modifiedTo) q = q.where('posts.modified_at', '<', query.modifiedTo)
  const words = (query.search ?? '').toLowerCase().split(/\s+/).filter(Boolean).slice(0, 20)
  for (const word of words) {
    const like = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    q = q.where((eb: ExpressionBuilder<Database, 'posts'>) => eb.or(['title', 'excerpt', 'content'].map((col) => sql<boolean>`lower(${sql.ref(`posts.${col}`)}) like ${like} escape '\\'`)))
  }
  return q
}

export type PostsRepo = ReturnType<typeof createPostsRepo>
