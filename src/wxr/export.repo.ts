import type { Db, PostRow } from '../db/index.js'

export interface ExportFilter {
  types: readonly string[]
  statuses?: readonly string[] | undefined
  /** ISO: posts published (or, without a date, written) from then on. */
  since?: string | undefined
}

/** The reads an export needs, in batches: it never holds the whole site in memory. */
export function createExportRepo(db: Db) {
  function filtered(filter: ExportFilter) {
    let q = db.selectFrom('posts').where('type', 'in', filter.types)
    if (filter.statuses?.length) q = q.where('status', 'in', filter.statuses)
    const since = filter.since
    if (since) q = q.where((eb) => eb.or([eb('published_at', '>=', since), eb.and([eb('published_at', 'is', null), eb('created_at', '>=', since)])]))
    return q
  }
  return {
    /** Posts after `afterId`, by id: keyset pages. */
    posts: (filter: ExportFilter, afterId: number, limit: number): Promise<PostRow[]> =>
      filtered(filter).selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute(),
    authorIds: async (filter: ExportFilter) =>
      (await filtered(filter).select('author_id').distinct().execute()).flatMap((r) => (r.author_id === null ? [] : [r.author_id])),
    users: (ids: readonly number[]) => (ids.length ? db.selectFrom('users').selectAll().where('id', 'in', ids).orderBy('id').execute() : Promise.resolve([])),
    usersById: async (ids: readonly number[]) =>
      new Map((ids.length ? await db.selectFrom('users').select(['id', 'login']).where('id', 'in', [...new Set(ids)]).execute() : []).map((u) => [u.id, u.login])),
    terms: () => db.selectFrom('terms').selectAll().where('taxonomy', 'in', ['category', 'post_tag']).orderBy('id').execute(),
    termsOfPosts: (postIds: readonly number[]) =>
      postIds.length
        ? db.selectFrom('post_terms').innerJoin('terms', 'terms.id', 'post_terms.term_id').select(['post_terms.post_id', 'terms.taxonomy', 'terms.slug', 'terms.name']).where('post_terms.post_id', 'in', postIds).orderBy('terms.name').execute()
        : Promise.resolve([]),
    commentsOf: (postIds: readonly number[]) =>
      postIds.length ? db.selectFrom('comments').selectAll().where('post_id', 'in', postIds).orderBy('id').execute() : Promise.resolve([]),
    /** Media after `afterId` (all of it, or only what `onlyIds` names). */
    media: (afterId: number, limit: number, onlyIds?: readonly number[]) => {
      let q = db.selectFrom('media').selectAll().where('id', '>', afterId)
      if (onlyIds) q = onlyIds.length ? q.where('id', 'in', onlyIds) : q.where((eb) => eb.lit(false))
      return q.orderBy('id').limit(limit).execute()
    },
    featuredMediaIds: async (filter: ExportFilter) =>
      (await filtered(filter).select('featured_media_id').distinct().execute()).flatMap((r) => (r.featured_media_id === null ? [] : [r.featured_media_id])),
    guids: async (postIds: readonly number[]) =>
      new Map((postIds.length ? await db.selectFrom('wxr_ids').select(['new_id', 'guid']).where('kind', '=', 'post').where('new_id', 'in', postIds).where('guid', '!=', '').execute() : []).map((r) => [r.new_id, r.guid])),
    /** Slugs the posts had before (renamed here, or `_wp_old_slug` on import): old addresses that redirect. */
    oldSlugs: (postIds: readonly number[]) =>
      postIds.length ? db.selectFrom('old_slugs').select(['post_id', 'slug']).where('post_id', 'in', postIds).orderBy('created_at').orderBy('slug').execute() : Promise.resolve([]),
    meta: (kind: string, ids: readonly number[]) =>
      ids.length ? db.selectFrom('wxr_meta').select(['object_id', 'meta_key', 'meta_value']).where('kind', '=', kind).where('object_id', 'in', ids).execute() : Promise.resolve([]),
  }
}

export type ExportRepo = ReturnType<typeof createExportRepo>
