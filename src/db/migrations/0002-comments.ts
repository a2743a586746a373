import type { Kysely } from 'kysely'
import type { DialectInfo } from '../dialects/dialect.js'
import type { Migration } from './migration.js'

/**
 * What the comments module needs beyond 0001: the comment as readers see it (rendered once, at save), the
 * salted hash its avatar is drawn from, why it was held, the status to go back to from spam or trash, and
 * indexes for the spam defences (flood and rate limits look up recent comments by address and by author).
 */
export const comments: Migration = {
  name: '0002-comments',
  async up(db: Kysely<any>, _dialect: DialectInfo) {
    await db.schema.alterTable('comments').addColumn('content_html', 'text', (c) => c.notNull().defaultTo('')).execute()
    await db.schema.alterTable('comments').addColumn('avatar_hash', 'text', (c) => c.notNull().defaultTo('')).execute()
    await db.schema.alterTable('comments').addColumn('moderation_reason', 'text', (c) => c.notNull().defaultTo('')).execute()
    await db.schema.alterTable('comments').addColumn('previous_status', 'text', (c) => c.notNull().defaultTo('')).execute()
    await db.schema.createIndex('comments_author_ip').on('comments').columns(['author_ip', 'created_at']).execute()
    await db.schema.createIndex('comments_author_email').on('comments').columns(['author_email', 'status']).execute()
    await db.schema.createIndex('comments_user').on('comments').columns(['user_id', 'status']).execute()
    await db.schema.createIndex('comments_avatar').on('comments').column('avatar_hash').execute()
    await db.schema.createIndex('comments_parent').on('comments').column('parent_id').execute()
  },
}
