import type { Kysely } from 'kysely'
import type { Migration } from './migration.js'

/**
 * Autosaves, as WordPress keeps them: one per post and person, a row of `post_revisions` marked `autosave = 1`
 * and overwritten by each autosave. They are not revisions (the history lists leave them out), and saving the
 * post for real removes the saver's autosave.
 */
export const autosaves: Migration = {
  name: '0007-autosaves',
  async up(db: Kysely<any>) {
    await db.schema.alterTable('post_revisions').addColumn('autosave', 'integer', (c) => c.notNull().defaultTo(0)).execute()
    await db.schema.createIndex('post_revisions_autosave').on('post_revisions').columns(['post_id', 'autosave', 'author_id']).execute()
  },
}
