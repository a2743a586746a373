import { sql } from 'kysely'
import { candidatesByTwoMatches, type FtsIndex, type MatchOptions, matchReaders, WRITE_MANY_ROWS } from './fts.js'
import { toFts5, type ParsedQuery } from './query.js'
import type { SearchDb } from './tables.js'

/** The newest matches (ids, and with `columns` those columns of search_docs). */
async function match(db: SearchDb, query: ParsedQuery, { head, any, where, limit }: MatchOptions, columns: readonly string[] | null) {
  const text = any ? query.required.map((c) => toFts5({ required: [c], excluded: [], sequence: [], whole: [] })).join(' OR ') : toFts5(query)
  const extra = columns ? sql`, ${sql.join(columns.map((c) => sql.ref(`d.${c}`)))}` : sql``
  // FTS5 walks its doclists by rowid, newest first, and stops at the limit: no ranking of every match here.
  // CROSS JOIN keeps that order of the loops.
  const { rows } = head
    ? await sql<{ id: number }>`select search_head.rowid as id${extra} from search_head cross join search_docs d on d.post_id = search_head.rowid
        where search_head match ${text} and ${where} order by search_head.rowid desc limit ${limit}`.execute(db)
    : await sql<{ id: number }>`select search_full.rowid as id${extra} from search_full cross join search_docs d on d.post_id = search_full.rowid
        where search_full match ${text} and ${where} order by search_full.rowid desc limit ${limit}`.execute(db)
  return rows
}

/** FTS5: `search_head` (title, meta) and `search_full` (every field), contentless, keyed by post id. */
export function createSqliteFts(): FtsIndex {
  return {
    // Everything lives in the FTS5 tables.
    rowColumns: () => ({}),
    async write(db, postId, fields) {
      await this.remove(db, postId)
      const t = (tokens: string[]) => tokens.join(' ')
      await sql`insert into search_head (rowid, title, meta) values (${postId}, ${t(fields.title)}, ${t(fields.meta)})`.execute(db)
      await sql`insert into search_full (rowid, title, meta, lead, body) values (${postId}, ${t(fields.title)}, ${t(fields.meta)}, ${t(fields.lead)}, ${t(fields.body)})`.execute(db)
    },
    async writeMany(db, docs) {
      const t = (tokens: string[]) => tokens.join(' ')
      for (let i = 0; i < docs.length; i += WRITE_MANY_ROWS) {
        const batch = docs.slice(i, i + WRITE_MANY_ROWS)
        const ids = sql.join(batch.map((d) => d.postId))
        await sql`delete from search_head where rowid in (${ids})`.execute(db)
        await sql`delete from search_full where rowid in (${ids})`.execute(db)
        const head = batch.map(({ postId, fields }) => sql`(${postId}, ${t(fields.title)}, ${t(fields.meta)})`)
        await sql`insert into search_head (rowid, title, meta) values ${sql.join(head)}`.execute(db)
        const full = batch.map(({ postId, fields }) => sql`(${postId}, ${t(fields.title)}, ${t(fields.meta)}, ${t(fields.lead)}, ${t(fields.body)})`)
        await sql`insert into search_full (rowid, title, meta, lead, body) values ${sql.join(full)}`.execute(db)
      }
    },
    async remove(db, postId) {
      await sql`delete from search_head where rowid = ${postId}`.execute(db)
      await sql`delete from search_full where rowid = ${postId}`.execute(db)
    },
    async clear(db) {
      await sql`delete from search_head`.execute(db)
      await sql`delete from search_full`.execute(db)
    },
    ...matchReaders(match),
    matchCandidates(db, query, options) {
      return candidatesByTwoMatches(this, db, query, options)
    },
    async filterIds(db: SearchDb, query: ParsedQuery, ids: readonly number[]) {
      if (!ids.length) return new Set()
      const { rows } = await sql<{ id: number }>`select rowid as id from search_full where search_full match ${toFts5(query)} and rowid in (${sql.join(ids)})`.execute(db)
      return new Set(rows.map((r) => Number(r.id)))
    },
  }
}
