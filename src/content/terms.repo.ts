import { sql } from 'kysely'
import { compiledOnce, type Db, type TermRow } from '../db/index.js'

/** Up to this many ids or rows, the statements a new post runs are compiled once per count (an import's hot path). */
const COMPILED_UP_TO = 8

const termsByIds = compiledOnce<Record<string, number>, TermRow>('terms.findByIds', (db, arg, count) =>
  db.selectFrom('terms').selectAll().where('id', 'in', Array.from({ length: count }, (_, i) => arg(`id${i}`))),
)
const linkPost = compiledOnce<Record<string, number>, never>('terms.addPostTerms', (db, arg, count) =>
  db.insertInto('post_terms').values(Array.from({ length: count }, (_, i) => ({ post_id: arg('post'), term_id: arg(`term${i}`) }))),
)
const byIndex = (prefix: string, values: readonly number[]) => Object.fromEntries(values.map((v, i) => [`${prefix}${i}`, v]))

export function createTermsRepo(db: Db) {
  return {
    findById: (id: number) => db.selectFrom('terms').selectAll().where('id', '=', id).executeTakeFirst(),
    findByIds: (ids: readonly number[]) =>
      !ids.length
        ? Promise.resolve([] as TermRow[])
        : ids.length <= COMPILED_UP_TO
          ? termsByIds(db, byIndex('id', ids), ids.length)
          : db.selectFrom('terms').selectAll().where('id', 'in', ids).execute(),
    findBySlug: (taxonomy: string, slug: string) =>
      db.selectFrom('terms').selectAll().where('taxonomy', '=', taxonomy).where('slug', '=', slug).executeTakeFirst(),
    findByName: (taxonomy: string, name: string) =>
      db
        .selectFrom('terms')
        .selectAll()
        .where('taxonomy', '=', taxonomy)
        .where(sql<string>`lower(name)`, '=', name.toLowerCase())
        .orderBy('id')
        .executeTakeFirst(),
    /** Terms of a taxonomy under one parent whose name is this one in lower case (SQL's `lower`: ASCII letters). */
    withLowerName: (taxonomy: string, lowerName: string, parentId: number | null) => {
      let q = db.selectFrom('terms').selectAll().where('taxonomy', '=', taxonomy).where(sql<string>`lower(name)`, '=', lowerName)
      q = parentId === null ? q.where('parent_id', 'is', null) : q.where('parent_id', '=', parentId)
      return q.execute()
    },
    list: (taxonomy: string) => db.selectFrom('terms').selectAll().where('taxonomy', '=', taxonomy).orderBy('name').orderBy('id').execute(),
    slugTaken: async (taxonomy: string, slug: string, exceptId?: number) => {
      let q = db.selectFrom('terms').select('id').where('taxonomy', '=', taxonomy).where('slug', '=', slug)
      if (exceptId !== undefined) q = q.where('id', '!=', exceptId)
      return !!(await q.executeTakeFirst())
    },
    insert: (row: Omit<TermRow, 'id' | 'count'>) => db.insertInto('terms').values({ ...row, count: 0 }).returningAll().executeTakeFirstOrThrow(),
    update: (id: number, changes: Partial<Omit<TermRow, 'id'>>) =>
      db.updateTable('terms').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow(),
    delete: async (id: number) => {
      await db.deleteFrom('terms').where('id', '=', id).execute()
    },
    reparentChildren: async (id: number, parentId: number | null) => {
      await db.updateTable('terms').set({ parent_id: parentId }).where('parent_id', '=', id).execute()
    },
    termIdsOf: async (postId: number): Promise<number[]> =>
      (await db.selectFrom('post_terms').select('term_id').where('post_id', '=', postId).execute()).map((r) => r.term_id),
    termsOfPosts: (postIds: readonly number[]) =>
      postIds.length
        ? db
            .selectFrom('post_terms')
            .innerJoin('terms', 'terms.id', 'post_terms.term_id')
            .selectAll('terms')
            .select('post_terms.post_id')
            .where('post_terms.post_id', 'in', postIds)
            .orderBy('terms.name')
            .execute()
        : Promise.resolve([]),
    setPostTerms: async (postId: number, termIds: readonly number[]) => {
      await db.deleteFrom('post_terms').where('post_id', '=', postId).execute()
      if (termIds.length) await db.insertInto('post_terms').values(termIds.map((term_id) => ({ post_id: postId, term_id }))).execute()
    },
    /** Links a new post (which has no terms yet) to these terms. */
    addPostTerms: async (postId: number, termIds: readonly number[]) => {
      if (termIds.length && termIds.length <= COMPILED_UP_TO) await linkPost(db, { post: postId, ...byIndex('term', termIds) }, termIds.length)
      else if (termIds.length) await db.insertInto('post_terms').values(termIds.map((term_id) => ({ post_id: postId, term_id }))).execute()
    },
    /** Posts whose only category is this one: deleting it would leave them with none. */
    postsOnlyIn: async (categoryId: number): Promise<number[]> =>
      (
        await db
          .selectFrom('post_terms as pt')
          .select('pt.post_id')
          .where('pt.term_id', '=', categoryId)
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('post_terms as other')
                  .innerJoin('terms as t', 't.id', 'other.term_id')
                  .select('other.term_id')
                  .whereRef('other.post_id', '=', 'pt.post_id')
                  .where('t.taxonomy', '=', 'category')
                  .where('other.term_id', '!=', categoryId),
              ),
            ),
          )
          .execute()
      ).map((r) => r.post_id),
    addPostsTo: async (termId: number, postIds: readonly number[]) => {
      if (postIds.length) await db.insertInto('post_terms').values(postIds.map((post_id) => ({ post_id, term_id: termId }))).execute()
    },
    postIdsOf: async (termId: number): Promise<number[]> =>
      (await db.selectFrom('post_terms').select('post_id').where('term_id', '=', termId).execute()).map((r) => r.post_id),
    /** A term's count is its number of published posts, as WordPress counts. */
    recount: async (termIds: readonly number[]) => {
      if (!termIds.length) return
      await db
        .updateTable('terms')
        .set((eb) => ({
          count: eb
            .selectFrom('post_terms')
            .innerJoin('posts', 'posts.id', 'post_terms.post_id')
            .select(sql<number>`cast(count(*) as integer)`.as('n'))
            .whereRef('post_terms.term_id', '=', 'terms.id')
            .where('posts.status', '=', 'publish'),
        }))
        .where('id', 'in', termIds)
        .execute()
    },
  }
}

export type TermsRepo = ReturnType<typeof createTermsRepo>
