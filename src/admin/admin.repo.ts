import type { Db } from '../db/index.js'

/** The little SQL the admin needs that no domain module offers: dates of recent activity, and first-run adoption. */
export function createAdminRepo(db: Db) {
  return {
    /** The welcome post was written before anyone existed: it becomes the first administrator's. */
    adoptAuthorlessPosts: async (userId: number): Promise<void> => {
      await db.updateTable('posts').set({ author_id: userId }).where('author_id', 'is', null).execute()
    },
    publishedSince: async (since: string): Promise<string[]> =>
      (await db
        .selectFrom('posts')
        .select('published_at')
        .where('type', '=', 'post')
        .where('status', '=', 'publish')
        .where('published_at', '>=', since)
        .execute()).flatMap((r) => (r.published_at ? [r.published_at] : [])),
    commentsSince: async (since: string): Promise<string[]> =>
      (await db
        .selectFrom('comments')
        .select('created_at')
        .where('status', 'in', ['approved', 'pending'])
        .where('created_at', '>=', since)
        .execute()).map((r) => r.created_at),
  }
}

export type AdminRepo = ReturnType<typeof createAdminRepo>
