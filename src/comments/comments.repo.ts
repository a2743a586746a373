import { sql } from 'kysely'
import type { CommentRow, CommentsTable, Db } from '../db/index.js'
import type { Insertable, Updateable } from 'kysely'

export interface CommentListQuery {
  status?: string
  postId?: number
  /** Only comments on posts this user wrote (what an author may moderate). */
  postAuthorId?: number
  search?: string
  limit?: number
  offset?: number
  order?: 'asc' | 'desc'
}

export function createCommentsRepo(db: Db) {
  return {
    findById: (id: number) => db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst(),
    findByIds: (ids: readonly number[]) => (ids.length ? db.selectFrom('comments').selectAll().where('id', 'in', ids).execute() : Promise.resolve([])),
    listForPost: (postId: number, statuses: readonly string[]) =>
      db.selectFrom('comments').selectAll().where('post_id', '=', postId).where('status', 'in', statuses).orderBy('created_at').orderBy('id').execute(),
    list: (query: CommentListQuery) => {
      let q = db.selectFrom('comments').selectAll('comments')
      if (query.status) q = q.where('comments.status', '=', query.status)
      if (query.postId !== undefined) q = q.where('comments.post_id', '=', query.postId)
      if (query.postAuthorId !== undefined) {
        q = q.where('comments.post_id', 'in', db.selectFrom('posts').select('posts.id').where('posts.author_id', '=', query.postAuthorId))
      }
      if (query.search) {
        const like = `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
        q = q.where((eb) => eb.or([eb('comments.content', 'like', like), eb('comments.author_name', 'like', like), eb('comments.author_email', 'like', like)]))
      }
      const order = query.order ?? 'desc'
      return q.orderBy('comments.created_at', order).orderBy('comments.id', order).limit(query.limit ?? 100).offset(query.offset ?? 0).execute()
    },
    insert: (row: Insertable<CommentsTable>) => db.insertInto('comments').values(row).returningAll().executeTakeFirstOrThrow(),
    update: (id: number, changes: Updateable<CommentsTable>) =>
      db.updateTable('comments').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow(),
    /** Deletes a comment; its replies move up to its parent, as WordPress does, instead of losing their thread. */
    delete: async (comment: Pick<CommentRow, 'id' | 'parent_id'>) => {
      await db.updateTable('comments').set({ parent_id: comment.parent_id }).where('parent_id', '=', comment.id).execute()
      await db.deleteFrom('comments').where('id', '=', comment.id).execute()
    },
    countByStatus: async (filter: { postId?: number; postAuthorId?: number } = {}): Promise<Record<string, number>> => {
      let q = db.selectFrom('comments').select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      if (filter.postId !== undefined) q = q.where('post_id', '=', filter.postId)
      if (filter.postAuthorId !== undefined) q = q.where('post_id', 'in', db.selectFrom('posts').select('posts.id').where('posts.author_id', '=', filter.postAuthorId))
      const rows = await q.groupBy('status').execute()
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
    /**
     * Takes the post's row lock for the rest of the transaction (a write that changes nothing), so that two
     * submissions to one post are checked for duplicates and limits one after the other, on both databases.
     */
    lockPost: async (postId: number) => {
      await db.updateTable('posts').set((eb) => ({ comment_count: eb.ref('comment_count') })).where('id', '=', postId).execute()
    },
    findPost: (id: number) =>
      db.selectFrom('posts').select(['id', 'type', 'status', 'comment_status', 'published_at', 'author_id', 'title', 'password']).where('id', '=', id).executeTakeFirst(),
    findUser: (id: number) => db.selectFrom('users').select(['id', 'email', 'display_name', 'url', 'role']).where('id', '=', id).executeTakeFirst(),
    findDuplicate: (c: { postId: number; parentId: number | null; authorName: string; authorEmail: string; content: string }) => {
      let q = db
        .selectFrom('comments')
        .select('id')
        .where('post_id', '=', c.postId)
        .where('status', '!=', 'trash')
        .where('content', '=', c.content)
        .where('author_name', '=', c.authorName)
      q = c.parentId === null ? q.where('parent_id', 'is', null) : q.where('parent_id', '=', c.parentId)
      if (c.authorEmail) q = q.where('author_email', '=', c.authorEmail)
      return q.limit(1).executeTakeFirst()
    },
    /** When the latest comment from this address, email or user was made, after `since`. */
    latestFrom: async (who: { ip: string; email: string; userId: number | null }, since: string): Promise<string | null> => {
      const row = await db
        .selectFrom('comments')
        .select('created_at')
        .where('created_at', '>', since)
        .where((eb) => {
          const any = []
          if (who.ip) any.push(eb('author_ip', '=', who.ip))
          if (who.email) any.push(eb('author_email', '=', who.email))
          if (who.userId !== null) any.push(eb('user_id', '=', who.userId))
          return any.length ? eb.or(any) : eb.val(false)
        })
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst()
      return row?.created_at ?? null
    },
    /** How many comments came from this address after `since`, and when the oldest of them was made. */
    countFromAddress: (ip: string, since: string) =>
      db.selectFrom('comments').select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.min('created_at').as('oldest')]).where('author_ip', '=', ip).where('created_at', '>', since).executeTakeFirstOrThrow(),
    countOnPost: (postId: number, since: string) =>
      db.selectFrom('comments').select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.min('created_at').as('oldest')]).where('post_id', '=', postId).where('created_at', '>', since).executeTakeFirstOrThrow(),
    /** Whether this commenter has an approved comment: by account when signed in, else by name and email together. */
    hasApproved: async (who: { userId: number | null; name: string; email: string }): Promise<boolean> => {
      let q = db.selectFrom('comments').select('id').where('status', '=', 'approved')
      q = who.userId !== null ? q.where('user_id', '=', who.userId) : q.where('author_email', '=', who.email).where('author_name', '=', who.name)
      return (await q.limit(1).executeTakeFirst()) !== undefined
    },
    /** A post's title and its author's address and role, for notifications. */
    findPostAuthor: async (postId: number) => {
      const post = await db.selectFrom('posts').select(['id', 'title', 'author_id']).where('id', '=', postId).executeTakeFirst()
      if (!post) return undefined
      const author = post.author_id === null ? undefined : await db.selectFrom('users').select(['id', 'email', 'role']).where('id', '=', post.author_id).executeTakeFirst()
      return { ...post, author }
    },
    /** A value kept beside the settings under a key no setting uses (the comments' secret). */
    findHidden: async (key: string) => (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value,
    /** Stores it unless another process already did: the first one stored wins. */
    insertHidden: async (key: string, value: string) => {
      await db.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).execute()
    },
    /** The email behind an avatar hash (for fetching a Gravatar on the reader's behalf), if any comment has it. */
    emailForAvatar: async (hash: string): Promise<string | null> => {
      const row = await db.selectFrom('comments').select('author_email').where('avatar_hash', '=', hash).where('status', '=', 'approved').where('author_email', '!=', '').limit(1).executeTakeFirst()
      return row?.author_email ?? null
    },
  }
}

export type CommentsRepo = ReturnType<typeof createCommentsRepo>
