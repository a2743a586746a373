import type { Db, NewPostRow, PostRow, PostUpdate, RevisionRow } from '../db/index.js'

export interface PostQuery {
  type?: string
  statuses?: readonly string[]
  authorId?: number
  termId?: number
  /** Posts in any of these terms (a category archive includes its subcategories). */
  termIds?: readonly number[]
  /** Published in [from, to), ISO strings. */
  publishedFrom?: string
  publishedTo?: string
  excludeIds?: readonly number[]
  /** Posts whose author may read their own non-public ones as well. */
  orOwnedBy?: { userId: number; statuses: readonly string[] }
  limit?: number
  offset?: number
  orderBy?: 'published_at' | 'modified_at' | 'title' | 'id' | 'menu_order'
  order?: 'asc' | 'desc'
  stickyFirst?: boolean
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
      q = termIds.length
        ? q.where('posts.id', 'in', (eb) => eb.selectFrom('post_terms').select('post_id').where('term_id', 'in', termIds))
        : q.where((eb) => eb.lit(false))
    }
    if (publishedFrom) q = q.where('posts.published_at', '>=', publishedFrom)
    if (publishedTo) q = q.where('posts.published_at', '<', publishedTo)
    if (excludeIds?.length) q = q.where('posts.id', 'not in', excludeIds)
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
      let q = filtered(query).selectAll('posts')
      if (query.stickyFirst) q = q.orderBy('posts.sticky', 'desc')
      const order = query.order ?? 'desc'
      q = q.orderBy(`posts.${query.orderBy ?? 'published_at'}`, order).orderBy('posts.id', order)
      if (query.limit !== undefined) q = q.limit(query.limit).offset(query.offset ?? 0)
      return q.execute()
    },
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
    insert: (row: NewPostRow): Promise<PostRow> => db.insertInto('posts').values(row).returningAll().executeTakeFirstOrThrow(),
    update: (id: number, changes: PostUpdate): Promise<PostRow> =>
      db.updateTable('posts').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow(),
    delete: async (id: number) => {
      await db.deleteFrom('posts').where('id', '=', id).execute()
    },
    findDue: (nowIso: string) =>
      db.selectFrom('posts').select('id').where('status', '=', 'future').where('published_at', '<=', nowIso).execute(),
    insertRevision: async (row: Omit<RevisionRow, 'id'>) => {
      await db.insertInto('post_revisions').values(row).execute()
    },
    findRevisions: (postId: number) =>
      db.selectFrom('post_revisions').selectAll().where('post_id', '=', postId).orderBy('id', 'desc').execute(),
    mediaExists: async (id: number) => !!(await db.selectFrom('media').select('id').where('id', '=', id).executeTakeFirst()),
    userExists: async (id: number) => !!(await db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst()),
  }
}

export type PostsRepo = ReturnType<typeof createPostsRepo>
