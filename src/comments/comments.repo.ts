import { sql } from 'kysely'
import type { CommentRow, Db } from '../db/index.js'

export function createCommentsRepo(db: Db) {
  return {
    findById: (id: number) => db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst(),
    listForPost: (postId: number, statuses: readonly string[]) =>
      db.selectFrom('comments').selectAll().where('post_id', '=', postId).where('status', 'in', statuses).orderBy('created_at').orderBy('id').execute(),
    list: (query: { status?: string; postId?: number; limit?: number; offset?: number }) => {
      let q = db.selectFrom('comments').selectAll()
      if (query.status) q = q.where('status', '=', query.status)
      if (query.postId !== undefined) q = q.where('post_id', '=', query.postId)
      return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit ?? 100).offset(query.offset ?? 0).execute()
    },
    insert: (row: Omit<CommentRow, 'id'>) => db.insertInto('comments').values(row).returningAll().executeTakeFirstOrThrow(),
    update: (id: number, changes: Partial<Omit<CommentRow, 'id'>>) =>
      db.updateTable('comments').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow(),
    delete: async (id: number) => {
      await db.deleteFrom('comments').where('id', '=', id).execute()
    },
    countByStatus: async (): Promise<Record<string, number>> => {
      const rows = await db.selectFrom('comments').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute()
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))
    },
    /** A post's comment_count is its number of approved comments, as WordPress keeps it. */
    recountPost: async (postId: number) => {
      await db
        .updateTable('posts')
        .set((eb) => ({
          comment_count: eb
            .selectFrom('comments')
            .select(sql<number>`cast(count(*) as integer)`.as('n'))
            .where('comments.post_id', '=', postId)
            .where('comments.status', '=', 'approved'),
        }))
        .where('id', '=', postId)
        .execute()
    },
  }
}

export type CommentsRepo = ReturnType<typeof createCommentsRepo>
