import type { RawBuilder } from 'kysely'
import type { DialectInfo } from '../db/index.js'
import { createPostgresFts } from './postgres-fts.js'
import type { ParsedQuery } from './query.js'
import { createSqliteFts } from './sqlite-fts.js'
import type { FieldTokens, SearchDb, SearchDocRow } from './tables.js'

/** What the ranking reads of a candidate's document (search.repo countRows). */
export const COUNT_COLUMNS = ['published_at', 'title', 'meta', 'lead', 'body', 'title_len', 'meta_len', 'lead_len', 'body_len'] as const
export type CountDoc = { id: number } & Pick<SearchDocRow, (typeof COUNT_COLUMNS)[number]>

export interface MatchOptions {
  head: boolean
  any: boolean
  where: RawBuilder<unknown>
  limit: number
  selective?: boolean
}

/**
 * The full-text index of one database: where the tokens go, and how a query finds candidates. Both kinds index
 * the analyzer's tokens verbatim, so they match the same posts; ranking is done by the search service for both.
 */
export interface FtsIndex {
  /**
   * What the index keeps in the document's own row (PostgreSQL's vectors; nothing on SQLite), written by the
   * same insert or update as the row: written after it, each write left a dead version of the whole row behind
   * (an import's table twice its size, and every scan reading the dead halves' pages).
   */
  rowColumns(fields: FieldTokens): RowColumns
  /**
   * Writes (or rewrites) what the index keeps outside the document's row (SQLite's FTS5 tables). Runs in the
   * caller's transaction, after search_docs is written.
   */
  write(db: SearchDb, postId: number, fields: FieldTokens): Promise<void>
  /**
   * The same for many posts whose documents were just inserted (an import's batch): what `write` does for
   * each, in a few statements instead of two to four per post.
   */
  writeMany(db: SearchDb, docs: readonly { postId: number; fields: FieldTokens }[]): Promise<void>
  remove(db: SearchDb, postId: number): Promise<void>
  /** Removes every entry (before a rebuild). */
  clear(db: SearchDb): Promise<void>
  /**
   * Ids of posts matching the query, newest id first: `head` searches titles and terms only. `where` filters on
   * `d` (search_docs); `limit` bounds the window; `selective` says the query matches few posts (a hint on how
   * to find them, never a change in what is found).
   */
  matchIds(db: SearchDb, query: ParsedQuery, options: MatchOptions): Promise<number[]>
  /**
   * The same matches in the same order, each with what the ranking counts in (COUNT_COLUMNS): read on the way,
   * the rows the match visits anyway, instead of a second query for hundreds of ids.
   */
  matchDocs(db: SearchDb, query: ParsedQuery, options: MatchOptions): Promise<CountDoc[]>
  /**
   * A reader's candidates: the newest `window` matches (`window`), and when there are more, the newest `head`
   * headline matches not among them (`older`; with an exclusion in the query still to be checked over every
   * field). The same as matchDocs for the window, then for the head, minus the window.
   */
  matchCandidates(db: SearchDb, query: ParsedQuery, options: { where: RawBuilder<unknown>; window: number; head: number; selective?: boolean }): Promise<{ window: CountDoc[]; older: CountDoc[] }>
  /** Which of `ids` match the query over every field. */
  filterIds(db: SearchDb, query: ParsedQuery, ids: readonly number[]): Promise<Set<number>>
}

/** The columns of search_docs an index fills (PostgreSQL's tsvectors), as expressions for an insert or update. */
export type RowColumns = Partial<Record<'head_tsv' | 'full_tsv' | 'terms_tsv', RawBuilder<string>>>

export function createFts(dialect: Pick<DialectInfo, 'fullTextSearch'>): FtsIndex {
  return dialect.fullTextSearch === 'tsvector' ? createPostgresFts() : createSqliteFts()
}

/** Where each field's tokens start in a document's positions, one position apart so phrases never cross fields. */
/** Posts per statement of `writeMany`: a post's body can be long, and the statement holds every token. */
export const WRITE_MANY_ROWS = 100

export const FIELD_LIMITS: Record<keyof FieldTokens, number> = { title: 200, meta: 400, lead: 300, body: 15_000 }

/** An index's `matchIds` and `matchDocs`, from its one query that finds matches (with the counting columns, or none). */
export function matchReaders(match: (db: SearchDb, query: ParsedQuery, options: MatchOptions, columns: readonly string[] | null) => Promise<unknown[]>): Pick<FtsIndex, 'matchIds' | 'matchDocs'> {
  return {
    async matchIds(db, query, options) {
      return ((await match(db, query, options, null)) as { id: unknown }[]).map((r) => Number(r.id))
    },
    async matchDocs(db, query, options) {
      const rows = (await match(db, query, options, COUNT_COLUMNS)) as CountDoc[]
      for (const r of rows) r.id = Number(r.id)
      return rows
    },
  }
}

/** matchCandidates as two matches: the window, then (when it is full) the headline matches, minus the window. */
export async function candidatesByTwoMatches(fts: Pick<FtsIndex, 'matchDocs'>, db: SearchDb, query: ParsedQuery, { where, window, head, selective }: { where: RawBuilder<unknown>; window: number; head: number; selective?: boolean }) {
  const windowDocs = await fts.matchDocs(db, query, { head: false, any: false, where, limit: window, selective })
  if (windowDocs.length < window) return { window: windowDocs, older: [] }
  const inWindow = new Set(windowDocs.map((d) => d.id))
  const older = (await fts.matchDocs(db, query, { head: true, any: false, where, limit: head, selective })).filter((d) => !inWindow.has(d.id))
  return { window: windowDocs, older }
}
