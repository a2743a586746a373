import type { Kysely } from 'kysely'
import type { DialectInfo } from '../dialects/dialect.js'
import type { Migration } from './migration.js'

/**
 * What a WordPress import remembers: which WordPress object each imported row came from (so a second import of
 * the same export changes nothing, and `?p=OLDID` can redirect), and the metadata Pressroom has no column for
 * (custom fields), so an export gives it back.
 */
export const wxr: Migration = {
  name: '0003-wxr',
  async up(db: Kysely<any>, _dialect: DialectInfo) {
    await db.schema
      .createTable('wxr_ids')
      // post (posts and pages), media, comment, term, user
      .addColumn('kind', 'text', (c) => c.notNull())
      // The exporting site (its base blog URL): two WordPress sites can import into one Pressroom.
      .addColumn('source', 'text', (c) => c.notNull())
      // WordPress's id as text (a login for users); `guid:…` for items that had none.
      .addColumn('old_id', 'text', (c) => c.notNull())
      .addColumn('new_id', 'integer', (c) => c.notNull())
      .addColumn('guid', 'text', (c) => c.notNull().defaultTo(''))
      // The item's old permalink (or an attachment's file URL), without scheme and host.
      .addColumn('old_path', 'text', (c) => c.notNull().defaultTo(''))
      .addPrimaryKeyConstraint('wxr_ids_pk', ['kind', 'source', 'old_id'])
      .execute()
    await db.schema.createIndex('wxr_ids_old_id').on('wxr_ids').columns(['kind', 'old_id']).execute()
    await db.schema.createIndex('wxr_ids_new_id').on('wxr_ids').columns(['kind', 'new_id']).execute()
    await db.schema.createIndex('wxr_ids_guid').on('wxr_ids').columns(['kind', 'guid']).execute()
    await db.schema.createIndex('wxr_ids_old_path').on('wxr_ids').columns(['kind', 'old_path']).execute()

    await db.schema
      .createTable('wxr_meta')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('object_id', 'integer', (c) => c.notNull())
      .addColumn('meta_key', 'text', (c) => c.notNull())
      .addColumn('meta_value', 'text', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('wxr_meta_object').on('wxr_meta').columns(['kind', 'object_id']).execute()
  },
}
