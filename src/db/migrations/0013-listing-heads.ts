import type { Kysely } from 'kysely'
import type { Migration } from './migration.js'

/**
 * List pages find their posts from an index alone. On SQLite a post's status, dates and comment count are stored
 * after its body, so reading them from the table walks every overflow page of the body (≈20 µs a post: most of a
 * list query). The listing indexes now also hold what tells whether a kept post view is still current
 * (`modified_at`, `comment_count`) and the author (author archives): a page of a list is an index-only scan, and
 * rows are read, by id, only for posts whose views are not kept. They replace `posts_listing` and
 * `posts_listing_sticky`, whose columns they start with.
 */
export const listingHeads: Migration = {
  name: '0013-listing-heads',
  async up(db: Kysely<any>) {
    await db.schema.createIndex('posts_listing_heads').on('posts').columns(['type', 'status', 'published_at', 'id', 'author_id', 'modified_at', 'comment_count']).execute()
    await db.schema.createIndex('posts_listing_sticky_heads').on('posts').columns(['type', 'status', 'sticky', 'published_at', 'id', 'author_id', 'modified_at', 'comment_count']).execute()
    await db.schema.dropIndex('posts_listing').execute()
    await db.schema.dropIndex('posts_listing_sticky').execute()
  },
}
