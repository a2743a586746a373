import { type Kysely, sql } from 'kysely'
import type { DialectInfo } from '../dialects/dialect.js'
import type { Migration } from './migration.js'

/**
 * PostgreSQL: the full-text index matches on `terms_tsv`, each document's lexemes without their positions
 * (`strip(full_tsv)`, a few hundred bytes kept in the row: pglz hardly shrinks them, so they stay as they are), instead of `full_tsv`, which is kept
 * out of line (toasted) and now only read to check phrases. A search for the newest matches of common words
 * walks the posts from the newest and checks each one's vector: reading the toasted vector cost 3 to 9 buffer
 * reads and a copy per post checked, the stripped one costs nothing beyond the row. The GIN index holds the
 * same lexemes (it never held positions). Existing documents are converted here. SQLite's FTS5 is unchanged.
 */
export const searchTermsVector: Migration = {
  name: '0010-search-terms-vector',
  async up(db: Kysely<any>, dialect: DialectInfo) {
    if (dialect.fullTextSearch !== 'tsvector') return
    await sql`alter table search_docs add column terms_tsv tsvector not null default ''::tsvector`.execute(db)
    await sql`alter table search_docs alter column terms_tsv set storage main`.execute(db)
    // The index before the rows: built after an update in the same transaction, it would be unusable until
    // every transaction older than this one ended (its HOT chains broken: pg_index.indcheckxmin).
    await sql`create index search_docs_terms on search_docs using gin (terms_tsv)`.execute(db)
    await sql`update search_docs set terms_tsv = strip(full_tsv)`.execute(db)
    await sql`drop index search_docs_full`.execute(db)
  },
}
