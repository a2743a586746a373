import { sql } from 'kysely'
import { candidatesByTwoMatches, COUNT_COLUMNS, type CountDoc, FIELD_LIMITS, type FtsIndex, type MatchOptions, matchReaders } from './fts.js'
import { toTsquery, type ParsedQuery } from './query.js'
import { FIELDS, type FieldTokens, type SearchDb } from './tables.js'

const MAX_POSITION = 16_383
const MAX_POSITIONS_PER_LEXEME = 256

/**
 * tsvector columns on search_docs with GIN indexes: `head_tsv` (title and terms), `terms_tsv` (every field's
 * lexemes, what most matches test, 0010) and `full_tsv` (with positions, for phrases). The vectors are written as tsvector literals, read by the
 * type itself: no text-search parser or dictionary touches the analyzer's tokens, so nothing depends on the
 * database's locale and PostgreSQL holds exactly what SQLite's FTS5 holds.
 */
export function createPostgresFts(): FtsIndex {
  return {
    rowColumns(fields) {
      const head = tsvectorLiteral({ title: fields.title, meta: fields.meta, lead: [], body: [] })
      return {
        head_tsv: sql<string>`cast(${head} as tsvector)`,
        full_tsv: sql<string>`cast(${tsvectorLiteral(fields)} as tsvector)`,
        terms_tsv: sql<string>`cast(${lexemesLiteral(fields)} as tsvector)`,
      }
    },
    // Everything is in the search_docs row: written with it, deleted with it.
    async write() {},
    async writeMany() {},
    async remove() {},
    async clear() {},
    ...matchReaders(match),
    async matchCandidates(db, query, options) {
      // A query with an exclusion: its headline matches may fail it in the body, and are cut before that check.
      if (!options.selective || query.excluded.length) return candidatesByTwoMatches(this, db, query, options)
      // Few matches: every one read once from the GIN index, its headline tested on the way, instead of a second
      // pass over the same rows for the headline matches (a headline match is a match: the title and terms
      // stand at the same positions in both vectors).
      const extra = sql.join(COUNT_COLUMNS.map((c) => sql.ref(`d.${c}`)))
      const { rows } = await sql<CountDoc & { in_window: boolean }>`with m as materialized (
          select d.post_id as id, d.head_tsv @@ cast(${`(${toTsquery(query)})`} as tsquery) as head from search_docs d where ${fullCondition(query)} and ${options.where}),
        w as (select id from m order by id desc limit ${options.window}),
        h as (select id from m where head and (select count(*) from w) >= ${options.window} order by id desc limit ${options.head}),
        n as (select id, true as in_window from w union all select id, false from h where id not in (select id from w))
        select n.id, n.in_window, ${extra} from n join search_docs d on d.post_id = n.id order by n.id desc`.execute(db)
      const window: CountDoc[] = []
      const older: CountDoc[] = []
      for (const { in_window, ...doc } of rows) {
        doc.id = Number(doc.id)
        ;(in_window ? window : older).push(doc)
      }
      return { window, older }
    },
    async filterIds(db: SearchDb, query: ParsedQuery, ids: readonly number[]) {
      if (!ids.length) return new Set()
      const { rows } = await sql<{ id: number }>`select d.post_id as id from search_docs d where ${matchesFull('d', toTsquery(query, { positions: false }), hasPhrase(query) ? toTsquery(query) : null)} and d.post_id in (${sql.join(ids)})`.execute(db)
      return new Set(rows.map((r) => Number(r.id)))
    },
  }
}

/** The newest matches (ids, and with `columns` those columns of search_docs). */
async function match(db: SearchDb, query: ParsedQuery, { head, any, where, limit, selective }: MatchOptions, columns: readonly string[] | null) {
  const ors = any ? query.required.map((c): ParsedQuery => ({ required: [c], excluded: [], sequence: [], whole: [] })) : [query]
  const text = (positions: boolean) => ors.map((q) => `(${toTsquery(q, { positions })})`).join(' | ')
  const condition = head ? sql`d.head_tsv @@ cast(${text(true)} as tsquery)` : matchesFull('d', text(false), hasPhrase(query) ? text(true) : null)
  const extra = columns ? sql`, ${sql.join(columns.map((c) => sql.ref(`d.${c}`)))}` : sql``
  // Few matches: all of them from the GIN index, then the newest (the planner, asked for the newest with a
  // limit, walks the primary key from the end and checks most of the table's vectors on the way). Their
  // columns are read for the newest only.
  if (selective) {
    const newest = sql`with m as materialized (select d.post_id as id from search_docs d where ${condition} and ${where}) select id from m order by id desc limit ${limit}`
    const { rows } = columns
      ? await sql<{ id: number }>`select n.id${extra} from (${newest}) n join search_docs d on d.post_id = n.id order by n.id desc`.execute(db)
      : await sql<{ id: number }>`${newest}`.execute(db)
    return rows
  }
  const { rows } = await sql<{ id: number }>`select d.post_id as id${extra} from search_docs d where ${condition} and ${where} order by d.post_id desc limit ${limit}`.execute(db)
  return rows
}

/** A reader's query over every field, as `match` tests it. */
const fullCondition = (query: ParsedQuery) => matchesFull('d', `(${toTsquery(query, { positions: false })})`, hasPhrase(query) ? `(${toTsquery(query, { positions: true })})` : null)

/**
 * A match over every field: on the lexemes alone (`terms_tsv`, in the row, what the GIN index holds: phrases
 * taken as their words), and for a query with a phrase then on the positions (`full_tsv`, out of line: read
 * only for the posts holding every word).
 */
function matchesFull(alias: string, lexemes: string, positions: string | null) {
  const terms = sql`${sql.ref(`${alias}.terms_tsv`)} @@ cast(${lexemes} as tsquery)`
  return positions === null ? terms : sql`(${terms} and ${sql.ref(`${alias}.full_tsv`)} @@ cast(${positions} as tsquery))`
}

const hasPhrase = (query: ParsedQuery) => [...query.required, ...query.excluded].some((c) => c.kind === 'phrase')

/** Every field's lexemes without positions (`'lexeme' 'other'`): what `strip()` makes of tsvectorLiteral's vector. */
export function lexemesLiteral(fields: FieldTokens): string {
  const lexemes = new Set<string>()
  for (const field of FIELDS) for (const token of fields[field].slice(0, FIELD_LIMITS[field])) lexemes.add(token)
  return [...lexemes].map(quoteLexeme).join(' ')
}

const quoteLexeme = (token: string) => `'${token.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`

/** `'lexeme':1,4 'other':2` with fields one position apart, as FTS5 keeps columns apart for phrases. */
export function tsvectorLiteral(fields: FieldTokens): string {
  const positions = new Map<string, number[]>()
  let position = 0
  for (const field of FIELDS) {
    const tokens = fields[field].slice(0, FIELD_LIMITS[field])
    if (!tokens.length) continue
    position++ // the gap between fields
    for (const token of tokens) {
      position = Math.min(position + 1, MAX_POSITION)
      const list = positions.get(token)
      if (!list) positions.set(token, [position])
      else if (list.length < MAX_POSITIONS_PER_LEXEME) list.push(position)
    }
  }
  const parts: string[] = []
  for (const [token, list] of positions) parts.push(`${quoteLexeme(token)}:${list.join(',')}`)
  return parts.join(' ')
}
