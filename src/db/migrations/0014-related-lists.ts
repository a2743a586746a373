import { type Kysely, sql } from 'kysely'
import type { Migration } from './migration.js'

/**
 * "Read Also": when each list was computed moves from `search_docs.related_at` to a narrow table of its own,
 * `related_lists (post_id, computed_at)`: a row for a list computed, none for a list to compute. Marking a list
 * computed rewrote the post's whole search document; on PostgreSQL that is a new version of a ~2.6 KB row and
 * new entries for its ~200 lexemes in both GIN indexes, so one pass of `pressroom search related` over a site
 * doubled the table and ran its GIN indexes' pending lists over again and again.
 */
export const relatedLists: Migration = {
  name: '0014-related-lists',
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('related_lists')
      .addColumn('post_id', 'integer', (c) => c.primaryKey())
      .addColumn('computed_at', 'text', (c) => c.notNull())
      .execute()
    await sql`insert into related_lists (post_id, computed_at) select post_id, related_at from search_docs where related_at is not null`.execute(db)
    await db.schema.alterTable('search_docs').dropColumn('related_at').execute()
  },
}
