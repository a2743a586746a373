import { sql } from 'kysely'
import type { Db, PostRow } from '../db/index.js'

export type UsingPost = Pick<PostRow, 'id' | 'type' | 'title' | 'status' | 'author_id' | 'featured_media_id' | 'content'>

export function createMediaRepo(db: Db) {
  return {
    /**
     * Posts and pages that may show a media item: as their featured image, or in their content by its
     * `wp-image-ID` class or its file's address (the caller checks the candidates exactly: LIKE only narrows).
     */
    postsUsing: (id: number, fileStem: string | null): Promise<UsingPost[]> =>
      db
        .selectFrom('posts')
        .select(['id', 'type', 'title', 'status', 'author_id', 'featured_media_id', 'content'])
        .where((eb) =>
          eb.or([
            eb('featured_media_id', '=', id),
            eb('content', 'like', `%wp-image-${id}%`),
            ...(fileStem ? [eb('content', 'like', `%/uploads/${fileStem.replace(/[%_]/g, '_')}%`)] : []),
          ]),
        )
        .orderBy('id')
        .execute(),
    /** Uploads per minute (UTC, `YYYY-MM-DDTHH:MM`): few rows, and exact to fold into months of any time zone. */
    uploadMinutes: async (): Promise<{ minute: string; n: number }[]> => {
      const minute = sql<string>`substr(created_at, 1, 16)`
      const rows = await db.selectFrom('media').select([minute.as('minute'), sql<number>`count(*)`.as('n')]).groupBy(minute).execute()
      return rows.map((r) => ({ minute: r.minute, n: Number(r.n) }))
    },
    clearFeatured: async (id: number): Promise<void> => {
      await db.updateTable('posts').set({ featured_media_id: null }).where('featured_media_id', '=', id).execute()
    },
    delete: async (id: number): Promise<void> => {
      await db.deleteFrom('media').where('id', '=', id).execute()
    },
  }
}
