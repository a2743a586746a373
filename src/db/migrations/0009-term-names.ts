import { type Kysely, sql } from 'kysely'
import type { Migration } from './migration.js'

/**
 * Terms found by name without reading them all: creating a term checks that no sibling has its name (in any
 * case), and writers name tags; with tens of thousands of tags (an import) a scan per term was quadratic.
 */
export const termNames: Migration = {
  name: '0009-term-names',
  async up(db: Kysely<any>) {
    await sql`create index terms_taxonomy_lower_name on terms (taxonomy, lower(name))`.execute(db)
  },
}
