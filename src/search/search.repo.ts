import { type RawBuilder, sql } from 'kysely'
import { inTransaction } from '../db/index.js'
import { fieldText, parseTermFrequencies, phrasePattern, prefixPattern, stems, termFrequencyText, tokenPattern } from './analyzer.js'
import { COUNT_COLUMNS, type CountDoc, FIELD_LIMITS, type FtsIndex } from './fts.js'
import type { CountPattern } from './query.js'
import { FIELDS, type Field, type FieldTokens, type SearchDb, type SearchDocRow } from './tables.js'

export interface CorpusStats {
  docs: number
  /** Average tokens per field. */
  avg: Record<Field, number>
}

/** Per candidate: how often each pattern occurs in each field, the field lengths, and its publication date. */
export interface CountRow {
  id: number
  published_at: string | null
  exact_title: number
  lens: Record<Field, number>
  /** counts[pattern][field] */
  counts: number[][]
}

const SPACE = 32

/**
 * Non-overlapping occurrences of `pattern` in `text`; the pattern begins with a space (`' harbour '`). The rest is
 * looked for, and the space checked before it: a search starting with a space stops at every word of the text.
 */
export function occurrences(text: string, pattern: string): number {
  const rest = pattern.slice(1)
  let n = 0
  for (let at = text.indexOf(rest, 1); at >= 0; ) {
    if (text.charCodeAt(at - 1) === SPACE) {
      n++
      at = text.indexOf(rest, at + rest.length + 1)
    } else at = text.indexOf(rest, at + 1)
  }
  return n
}

/** Where ` ${word}` first stands in `text` (the index of its space), or -1: as text.indexOf, searched as above. */
export function spacedIndexOf(text: string, word: string): number {
  for (let at = text.indexOf(word, 1); at >= 0; at = text.indexOf(word, at + 1)) {
    if (text.charCodeAt(at - 1) === SPACE) return at - 1
  }
  return -1
}

/** The count after ` stem:` in a term-frequency text (`' harbour:12 bridg:7 '`), or 0. */
export function bodyCount(body: string, stem: string): number {
  const key = `${stem}:`
  const at = spacedIndexOf(body, key)
  if (at < 0) return 0
  const start = at + 1 + key.length
  const end = body.indexOf(' ', start)
  return Number.parseInt(body.slice(start, end < 0 ? undefined : end), 10) || 0
}

/**
 * Occurrences of each pattern in each field of the given documents (read by countIn, or by the full-text match
 * itself): short fields by their token strings, the body from its term frequencies. A phrase in the body is not
 * counted here (0): the caller asks the full-text index which candidates hold it.
 */
export function countRows(rows: readonly CountDoc[], patterns: readonly CountPattern[], exactTitle: string): CountRow[] {
  const texts = patterns.map((p) => (p.kind === 'token' ? tokenPattern(p.stem) : p.kind === 'prefix' ? prefixPattern(p.typed) : phrasePattern(p.stems)))
  return rows.map((r) => ({
    id: Number(r.id),
    published_at: r.published_at ?? null,
    exact_title: r.title === exactTitle ? 1 : 0,
    lens: { title: Number(r.title_len), meta: Number(r.meta_len), lead: Number(r.lead_len), body: Number(r.body_len) },
    counts: patterns.map((p, i) => FIELDS.map((f) => (f !== 'body' ? occurrences(r[f], texts[i]!) : p.kind === 'token' ? bodyCount(r.body, p.stem) : p.kind === 'prefix' ? (spacedIndexOf(r.body, p.typed) >= 0 ? 1 : 0) : 0))),
  }))
}

/** Where each write of the index goes: the documents, the full-text index, document frequencies and totals. */
export function createSearchRepo(db: SearchDb, fts: FtsIndex) {
  const tokensOf = (text: string): string[] => (text ? text.trim().split(/\s+/) : [])
  /** A document's stems and how often each occurs, per field. */
  const frequencies = (doc: Pick<SearchDocRow, Field>): Record<Field, Map<string, number>> => {
    const count = (tokens: string[]) => tokens.reduce((m, t) => m.set(t, (m.get(t) ?? 0) + 1), new Map<string, number>())
    return { title: count(tokensOf(doc.title)), meta: count(tokensOf(doc.meta)), lead: count(tokensOf(doc.lead)), body: parseTermFrequencies(doc.body) }
  }
  const uniqueTerms = (doc: Pick<SearchDocRow, Field>): Set<string> => {
    // The stems of title, meta and lead, then of the body: the body's are read from its term-frequency text alone.
    const terms = new Set<string>()
    for (const f of ['title', 'meta', 'lead'] as const) for (const t of tokensOf(doc[f])) terms.add(t)
    for (const t of parseTermFrequencies(doc.body).keys()) terms.add(t)
    return terms
  }

  async function findDoc(postId: number, trx: SearchDb = db): Promise<SearchDocRow | undefined> {
    return trx.selectFrom('search_docs').select(['post_id', 'type', 'status', 'author_id', 'published_at', 'title', 'meta', 'lead', 'body', 'title_len', 'meta_len', 'lead_len', 'body_len', 'indexed_at']).where('post_id', '=', postId).executeTakeFirst()
  }

  /** Writes a post's document, replacing what was there; idempotent (an import may send a post's event twice). */
  async function writeDoc(postId: number, post: Pick<SearchDocRow, 'type' | 'status' | 'author_id' | 'published_at'>, input: FieldTokens, now: string): Promise<void> {
    const fields = Object.fromEntries(FIELDS.map((f) => [f, input[f].slice(0, FIELD_LIMITS[f])])) as FieldTokens
    await inTransaction(db, async (trx) => {
      const t = trx as SearchDb
      const previous = await findDoc(postId, t)
      const row = {
        type: post.type,
        status: post.status,
        author_id: post.author_id,
        published_at: post.published_at,
        title: fieldText(fields.title),
        meta: fieldText(fields.meta),
        lead: fieldText(fields.lead),
        body: termFrequencyText(fields.body),
        title_len: fields.title.length,
        meta_len: fields.meta.length,
        lead_len: fields.lead.length,
        body_len: fields.body.length,
      }
      if (previous && FIELDS.every((f) => previous[f] === row[f])) {
        if (previous.status !== row.status || previous.type !== row.type || previous.author_id !== row.author_id || previous.published_at !== row.published_at) {
          await t.updateTable('search_docs').set({ type: row.type, status: row.status, author_id: row.author_id, published_at: row.published_at }).where('post_id', '=', postId).execute()
        }
        return
      }
      const vectors = fts.rowColumns(fields)
      if (previous) await t.updateTable('search_docs').set({ ...row, ...vectors, indexed_at: now }).where('post_id', '=', postId).execute()
      else await t.insertInto('search_docs').values({ post_id: postId, ...row, ...vectors, indexed_at: now }).execute()
      await fts.write(t, postId, fields)
      await adjustTerms(t, previous ? uniqueTerms(previous) : new Set(), uniqueTerms(row))
      await adjustStats(t, previous ?? null, row)
    })
  }

  /**
   * Writes the documents of posts not indexed yet, many at once (an import): one insert per few hundred rows,
   * and document frequencies and totals moved once for the whole batch. A post indexed already goes through
   * writeDoc.
   */
  async function writeDocs(docs: readonly { postId: number; post: Pick<SearchDocRow, 'type' | 'status' | 'author_id' | 'published_at'>; input: FieldTokens }[], now: string): Promise<void> {
    if (!docs.length) return
    await inTransaction(db, async (trx) => {
      const t = trx as SearchDb
      const ids = docs.map((d) => d.postId)
      const indexed = new Set((await t.selectFrom('search_docs').select('post_id').where('post_id', 'in', ids).execute()).map((r) => r.post_id))
      const fresh: { fields: FieldTokens; row: SearchDocRow }[] = []
      for (const doc of docs) {
        if (indexed.has(doc.postId)) {
          await writeDoc(doc.postId, doc.post, doc.input, now)
          continue
        }
        const fields = Object.fromEntries(FIELDS.map((f) => [f, doc.input[f].slice(0, FIELD_LIMITS[f])])) as FieldTokens
        const { type, status, author_id, published_at } = doc.post
        fresh.push({
          fields,
          row: {
            post_id: doc.postId, type, status, author_id, published_at,
            title: fieldText(fields.title), meta: fieldText(fields.meta), lead: fieldText(fields.lead), body: termFrequencyText(fields.body),
            title_len: fields.title.length, meta_len: fields.meta.length, lead_len: fields.lead.length, body_len: fields.body.length,
            indexed_at: now,
          },
        })
      }
      if (!fresh.length) return
      // A row holds its whole vectors on PostgreSQL: fewer rows a statement there.
      const perInsert = Object.keys(fts.rowColumns(fresh[0]!.fields)).length ? 100 : 200
      for (let i = 0; i < fresh.length; i += perInsert) {
        await t.insertInto('search_docs').values(fresh.slice(i, i + perInsert).map((f) => ({ ...f.row, ...fts.rowColumns(f.fields) }))).execute()
      }
      const df = new Map<string, number>()
      await fts.writeMany(t, fresh.map(({ fields, row }) => ({ postId: row.post_id, fields })))
      for (const { row } of fresh) for (const term of uniqueTerms(row)) df.set(term, (df.get(term) ?? 0) + 1)
      const deltas = [...df].map(([term, n]) => ({ term, df: n })).sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
      for (let i = 0; i < deltas.length; i += 500) {
        await t
          .insertInto('search_terms')
          .values(deltas.slice(i, i + 500))
          .onConflict((oc) => oc.column('term').doUpdateSet({ df: sql`search_terms.df + excluded.df` }))
          .execute()
      }
      const sum = { title_len: 0, meta_len: 0, lead_len: 0, body_len: 0 }
      for (const { row } of fresh) for (const f of FIELDS) sum[`${f}_len`] += row[`${f}_len`]
      await adjustStats(t, null, sum)
      // adjustStats counted one document: the rest of the batch.
      if (fresh.length > 1) await sql`update search_stats set value = value + ${sql.lit(fresh.length - 1)} where name = 'docs'`.execute(t)
    })
  }

  async function removeDoc(postId: number): Promise<boolean> {
    return inTransaction(db, async (trx) => {
      const t = trx as SearchDb
      const previous = await findDoc(postId, t)
      if (!previous) return false
      await fts.remove(t, postId)
      await t.deleteFrom('search_docs').where('post_id', '=', postId).execute()
      await adjustTerms(t, uniqueTerms(previous), new Set())
      await adjustStats(t, previous, null)
      return true
    })
  }

  /** Document frequencies move by one per term that appeared or went; rows in term order, so writers never deadlock. */
  async function adjustTerms(t: SearchDb, before: Set<string>, after: Set<string>): Promise<void> {
    const deltas: { term: string; df: number }[] = []
    for (const term of after) if (!before.has(term)) deltas.push({ term, df: 1 })
    for (const term of before) if (!after.has(term)) deltas.push({ term, df: -1 })
    deltas.sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
    for (let i = 0; i < deltas.length; i += 500) {
      await t
        .insertInto('search_terms')
        .values(deltas.slice(i, i + 500))
        .onConflict((oc) => oc.column('term').doUpdateSet({ df: sql`search_terms.df + excluded.df` }))
        .execute()
    }
  }

  /** The totals move by the document's difference, in one statement. */
  async function adjustStats(t: SearchDb, before: Pick<SearchDocRow, `${Field}_len`> | null, after: Pick<SearchDocRow, `${Field}_len`> | null): Promise<void> {
    const deltas: [string, number][] = [['docs', (after ? 1 : 0) - (before ? 1 : 0)]]
    for (const f of FIELDS) deltas.push([f, (after?.[`${f}_len`] ?? 0) - (before?.[`${f}_len`] ?? 0)])
    const changed = deltas.filter(([, d]) => d !== 0)
    if (!changed.length) return
    const cases = sql.join(changed.map(([name, d]) => sql`when ${name} then ${sql.lit(d)}`), sql` `)
    await sql`update search_stats set value = value + case name ${cases} else 0 end where name in (${sql.join(changed.map(([name]) => name))})`.execute(t)
  }

  async function stats(): Promise<CorpusStats> {
    const rows = await db.selectFrom('search_stats').select(['name', 'value']).execute()
    const value = (name: string) => Number(rows.find((r) => r.name === name)?.value ?? 0)
    const docs = value('docs')
    const avg = Object.fromEntries(FIELDS.map((f) => [f, docs ? value(f) / docs : 0])) as Record<Field, number>
    return { docs, avg }
  }

  async function documentFrequencies(terms: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>()
    for (let i = 0; i < terms.length; i += 500) {
      const rows = await db.selectFrom('search_terms').select(['term', 'df']).where('term', 'in', terms.slice(i, i + 500)).execute()
      for (const r of rows) out.set(r.term, Number(r.df))
    }
    return out
  }

  /**
   * countRows over the given posts' documents. The database only reads the rows; the counting is the same code
   * for both, and a row's text is read once (PostgreSQL would decompress it again for every string function
   * called on it).
   */
  async function countIn(ids: readonly number[], patterns: readonly CountPattern[], exactTitle: string): Promise<CountRow[]> {
    if (!ids.length) return []
    const rows = await db.selectFrom('search_docs').select(['post_id as id', ...COUNT_COLUMNS]).where('post_id', 'in', ids).execute()
    return countRows(rows, patterns, exactTitle)
  }

  /**
   * The index's terms starting with `prefix`, most frequent first, at most `limit`: what a typed prefix stands
   * for. A range of the primary key (byte order on both databases).
   */
  async function completions(prefix: string, limit: number): Promise<string[]> {
    const last = prefix.codePointAt(prefix.length - 1)!
    const upper = prefix.slice(0, -1) + String.fromCodePoint(last + 1)
    const rows = await db
      .selectFrom('search_terms')
      .select('term')
      .where('term', '>=', prefix)
      .where('term', '<', upper)
      .where('df', '>', 0)
      .orderBy('df', 'desc')
      .orderBy('term')
      .limit(limit)
      .execute()
    return rows.map((r) => r.term)
  }

  /**
   * A query's terms in one round trip: the completions of its typed prefix (as `completions` gives them), and the
   * document frequencies of `terms` and of those completions (as `documentFrequencies` gives them).
   */
  async function termsOfQuery(prefix: string | null, limit: number, terms: readonly string[]): Promise<{ completions: string[]; dfs: Map<string, number> }> {
    if (prefix === null) return { completions: [], dfs: await documentFrequencies(terms) }
    if (terms.length > 500) return { completions: await completions(prefix, limit), dfs: await documentFrequencies(terms) }
    const last = prefix.codePointAt(prefix.length - 1)!
    const upper = prefix.slice(0, -1) + String.fromCodePoint(last + 1)
    const completing = sql`select term, df, 1 as completion from (select term, df from search_terms where term >= ${prefix} and term < ${upper} and df > 0
      order by df desc, term limit ${limit}) c`
    const asked = terms.length ? sql` union all select term, df, 0 as completion from search_terms where term in (${sql.join(terms)})` : sql``
    const { rows } = await sql<{ term: string; df: number | string; completion: number | string }>`${completing}${asked} order by completion desc, df desc, term`.execute(db)
    const dfs = new Map<string, number>()
    const found: string[] = []
    for (const r of rows) {
      dfs.set(r.term, Number(r.df))
      if (Number(r.completion) === 1) found.push(r.term)
    }
    return { completions: found, dfs }
  }

  /** Empties the whole index (before a rebuild). */
  async function clear(): Promise<void> {
    await inTransaction(db, async (t) => {
      await fts.clear(t)
      await t.deleteFrom('search_docs').execute()
      await t.deleteFrom('search_terms').execute()
      await t.updateTable('search_stats').set({ value: 0 }).execute()
    })
  }

  /** Documents of posts that are gone or trashed (a listener that failed, a crash between writes). */
  async function removeOrphans(): Promise<number> {
    const rows = await db
      .selectFrom('search_docs as d')
      .leftJoin('posts as p', 'p.id', 'd.post_id')
      .select('d.post_id')
      .where((eb) => eb.or([eb('p.id', 'is', null), eb('p.status', '=', 'trash')]))
      .execute()
    for (const r of rows) await removeDoc(r.post_id)
    return rows.length
  }

  const postsWithTerm = async (termId: number): Promise<number[]> =>
    (await db.selectFrom('post_terms').select('post_id').where('term_id', '=', termId).execute()).map((r) => r.post_id)

  /** Indexed posts by an author (whose name their documents hold). */
  /** The user's posts, and those indexed under their name (posts given to someone else still carry it there). */
  async function postsByAuthor(userId: number): Promise<number[]> {
    const [indexed, owned] = await Promise.all([
      db.selectFrom('search_docs').select('post_id').where('author_id', '=', userId).execute(),
      db.selectFrom('posts').select('id').where('author_id', '=', userId).execute(),
    ])
    return [...new Set([...indexed.map((r) => r.post_id), ...owned.map((r) => r.id)])]
  }

  /** Posts whose terms field holds these words together (a deleted term's posts, its links already gone). */
  async function postsWithMetaWords(name: string): Promise<number[]> {
    const tokens = stems(name)
    if (!tokens.length) return []
    const pattern = phrasePattern(tokens)
    const rows = await db.selectFrom('search_docs').select('post_id').where(sql<boolean>`length(meta) <> length(replace(meta, ${pattern}, ''))`).execute()
    return rows.map((r) => r.post_id)
  }

  return { findDoc, writeDoc, writeDocs, removeDoc, removeOrphans, clear, completions, termsOfQuery, postsWithTerm, postsWithMetaWords, postsByAuthor, stats, documentFrequencies, countIn, countRows, frequencies }
}

export type SearchRepo = ReturnType<typeof createSearchRepo>
