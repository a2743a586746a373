import type { Kysely } from 'kysely'
import type { Migration } from './migration.js'

/**
 * Sitemaps read addresses and dates without touching post bodies. On SQLite, `status`, `password` and the dates
 * come after `content` in a row, so reading them walks every overflow page of the body (16 KB for an 8 KB post):
 * sitemap.xml cost 37 ms at 2,000 posts. `posts_public_dates` holds what a posts sitemap shows, in its order (an
 * index-only scan); `posts_modified` finds the newest change of a kind of post at once.
 */
export const sitemapIndex: Migration = {
  name: '0012-sitemap-index',
  async up(db: Kysely<any>) {
    await db.schema.createIndex('posts_public_dates').on('posts').columns(['type', 'status', 'password', 'published_at', 'id', 'modified_at', 'slug']).execute()
    await db.schema.createIndex('posts_modified').on('posts').columns(['type', 'status', 'modified_at']).execute()
  },
}
