import type { Selectable } from 'kysely'
import type { Db, SearchDocsTable } from '../db/index.js'

/** The search module's tables (0005-search) are part of the site's schema (src/db/tables.ts). */
export type SearchDb = Db
/** A document as the module reads it (the vectors, PostgreSQL's alone, are written and never read back). */
export type SearchDocRow = Omit<Selectable<SearchDocsTable>, 'head_tsv' | 'full_tsv' | 'terms_tsv'>

export const withSearchTables = (db: Db): SearchDb => db

/** The four indexed fields, in the order the full-text index holds them. */
export const FIELDS = ['title', 'meta', 'lead', 'body'] as const
export type Field = (typeof FIELDS)[number]
export type FieldTokens = Record<Field, string[]>
