import { type Kysely, sql } from 'kysely'
import type { DialectInfo } from '../dialects/dialect.js'
import type { Migration } from './migration.js'

/**
 * The search module's storage (src/search). Every post is analyzed once in JavaScript (folded, stemmed), and
 * both databases index the resulting tokens verbatim, so they match the same documents:
 * - `search_docs`: per post, its short fields as token strings and its body as term frequencies (what the
 *   ranking counts in), and their lengths;
 * - the full-text index over them: two FTS5 tables on SQLite (`search_head` over title and terms, `search_full`
 *   over every field), `head_tsv`/`full_tsv` tsvector columns with GIN indexes on PostgreSQL;
 * - `search_terms` (how many documents hold each stem) and `search_stats` (document count, field lengths):
 *   what BM25's idf and length normalisation need, kept in step with every write;
 * - `post_related`: each post's "Read Also" list, computed at publish and kept.
 * Existing posts are indexed by the search service after the upgrade (`pressroom search reindex`, or on its own
 * when it finds the index empty).
 */
export const search: Migration = {
  name: '0005-search',
  async up(db: Kysely<any>, dialect: DialectInfo) {
    // No foreign key to posts: a deleted post's document must still be readable to take it out of the counts.
    let docs = db.schema
      .createTable('search_docs')
      .addColumn('post_id', 'integer', (c) => c.primaryKey())
      // What searches filter on, copied from the post and kept first in the row: read without touching the text.
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('author_id', 'integer')
      .addColumn('published_at', 'text')
      .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('meta', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('lead', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('title_len', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('meta_len', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('lead_len', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('body_len', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('indexed_at', 'text', (c) => c.notNull())
      /** When its related posts were last computed; null: to compute again. */
      .addColumn('related_at', 'text')
    if (dialect.fullTextSearch === 'tsvector') {
      const empty = sql`''::tsvector`
      docs = docs.addColumn('head_tsv', sql`tsvector`, (c) => c.notNull().defaultTo(empty)).addColumn('full_tsv', sql`tsvector`, (c) => c.notNull().defaultTo(empty))
    }
    await docs.execute()

    if (dialect.fullTextSearch === 'tsvector') {
      await sql`create index search_docs_head on search_docs using gin (head_tsv)`.execute(db)
      await sql`create index search_docs_full on search_docs using gin (full_tsv)`.execute(db)
      // What a query reads for each candidate stays in the row (compressed); the full vector, read only to check
      // phrases, goes out of line, so that rows stay small and a scan of them reads few pages.
      for (const column of ['title', 'meta', 'lead', 'body', 'head_tsv']) {
        await sql`alter table search_docs alter column ${sql.ref(column)} set storage main`.execute(db)
      }
      await sql`alter table search_docs alter column full_tsv set storage external`.execute(db)
      await sql`alter table search_docs set (toast_tuple_target = 128)`.execute(db)
    } else {
      const tokenize = sql.lit('unicode61 remove_diacritics 2')
      await sql`create virtual table search_head using fts5(title, meta, content='', contentless_delete=1, tokenize=${tokenize})`.execute(db)
      await sql`create virtual table search_full using fts5(title, meta, lead, body, content='', contentless_delete=1, tokenize=${tokenize})`.execute(db)
    }

    // Byte order on PostgreSQL as on SQLite: a prefix is a range of terms, found through the primary key.
    await db.schema
      .createTable('search_terms')
      .addColumn('term', dialect.fullTextSearch === 'tsvector' ? sql`text collate "C"` : 'text', (c) => c.primaryKey())
      .addColumn('df', 'integer', (c) => c.notNull())
      .execute()
    await db.schema
      .createTable('search_stats')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'bigint', (c) => c.notNull())
      .execute()
    await db
      .insertInto('search_stats')
      .values(['docs', 'title', 'meta', 'lead', 'body'].map((name) => ({ name, value: 0 })))
      .execute()

    await db.schema
      .createTable('post_related')
      .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
      .addColumn('rank', 'integer', (c) => c.notNull())
      // No foreign key: a related post deleted for good is dropped by the reading join, and found to refresh.
      .addColumn('related_id', 'integer', (c) => c.notNull())
      .addColumn('score', 'double precision', (c) => c.notNull())
      .addPrimaryKeyConstraint('post_related_pk', ['post_id', 'rank'])
      .execute()
    await db.schema.createIndex('post_related_related').on('post_related').column('related_id').execute()
  },
}
