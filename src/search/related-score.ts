import { sql } from 'kysely'
import type { PostRow } from '../db/index.js'
import { STOPWORDS, stems } from './analyzer.js'
import type { FtsIndex } from './fts.js'
import type { Clause, ParsedQuery } from './query.js'
import { addClause, applyPhrases, idf, recencyFactor, type ScorePlan, textScore } from './rank.js'
import type { CorpusStats, SearchRepo } from './search.repo.js'
import { FIELDS, type Field, type SearchDb, type SearchDocRow } from './tables.js'

const FIELD_TF: Record<Field, number> = { title: 3, meta: 2, lead: 1, body: 1 }
/** Terms of the post considered, then kept as its most distinctive. */
const CONSIDERED_TERMS = 60
const DISTINCTIVE_TERMS = 12
const WIDE_TERMS = 5
const ENTITY_PHRASES = 4
const HEAD_CANDIDATES = 300
const WIDE_CANDIDATES = 500
const TAG_CANDIDATES = 300
const CATEGORY_CANDIDATES = 100
/** Posts read beyond the limit when looking for those sharing a term: some fail the filter (drafts, this post). */
const SHARING_SLACK = 20
const TAG_WEIGHT = 1.5
const CATEGORY_WEIGHT = 0.5
/**
 * A post filed under many more tags and categories than this shares some with everything (WordPress's "Edge
 * Case: Many Tags"): what it shares counts for less, as 1/√ of how far past this it goes.
 */
const USUAL_TERMS = 8
/** A candidate sharing no term with the post must come this close to the best text match to be shown. */
const MIN_TEXT_SHARE = 0.25
const RECENCY_WEIGHT = 0.5

interface ScoreInput {
  db: SearchDb
  repo: SearchRepo
  fts: FtsIndex
  post: PostRow
  doc: SearchDocRow
  stats: CorpusStats
  now: Date
  entitiesOf?: (post: PostRow) => Promise<string[]>
}

/**
 * Posts related to `post`, best first: BM25 over its most distinctive terms (and the people, places and
 * organisations it names, as phrases), plus the tags and categories they share, with a gentle lean to the recent.
 */
export async function scoreRelated(input: ScoreInput): Promise<{ id: number; score: number }[]> {
  const { db, repo, fts, post, doc, stats } = input
  const terms = await distinctiveTerms(repo, doc, stats)
  const entities = input.entitiesOf ? (await input.entitiesOf(post)).map(stems).filter((s) => s.length > 1).slice(0, ENTITY_PHRASES) : []
  // The default category says nothing about a story.
  const own = await db.selectFrom('post_terms').innerJoin('terms', 'terms.id', 'post_terms.term_id').select(['terms.id', 'terms.taxonomy', 'terms.count'])
    .where('post_terms.post_id', '=', post.id).where('terms.slug', '!=', 'uncategorized').execute()
  const where = sql`(d.status = 'publish' and d.type = 'post' and d.post_id <> ${post.id})`

  const plan: ScorePlan = { patterns: [], clauses: [] }
  const top = terms[0]?.weight ?? 1
  for (const t of terms) addClause(plan, { kind: 'term', stem: t.stem }, t.idf, t.weight / top)
  for (const e of entities) addClause(plan, { kind: 'phrase', stems: e }, Math.max(...terms.map((t) => t.idf), 1), 1)

  const ids = new Set<number>()
  const termClauses: Clause[] = terms.map((t) => ({ kind: 'term', stem: t.stem }))
  if (termClauses.length) {
    const query = (clauses: Clause[]): ParsedQuery => ({ required: clauses, excluded: [], sequence: [], whole: [] })
    for (const id of await fts.matchIds(db, query(termClauses), { head: true, any: true, where, limit: HEAD_CANDIDATES })) ids.add(id)
    for (const id of await fts.matchIds(db, query(termClauses.slice(0, WIDE_TERMS)), { head: false, any: true, where, limit: WIDE_CANDIDATES })) ids.add(id)
  }
  // The newest posts sharing a term that pass `where`: ids from the index on (term_id, post_id) alone, newest
  // first, then checked a batch at a time. Joined in one query, every post holding the term had its document
  // read before the sort and the limit (6,000 rows for two tags at 100,000 posts: 60 ms).
  const sharing = async (taxonomy: string, limit: number) => {
    const termIds = own.filter((t) => t.taxonomy === taxonomy).map((t) => t.id)
    if (!termIds.length) return
    const batchSize = limit + SHARING_SLACK
    let found = 0
    for (let before: number | null = null; ;) {
      const batch: number[] = (await db.selectFrom('post_terms').select('post_id').distinct().where('term_id', 'in', termIds)
        .$if(before !== null, (qb) => qb.where('post_id', '<', before!)).orderBy('post_id', 'desc').limit(batchSize).execute()).map((r) => Number(r.post_id))
      if (!batch.length) return
      const { rows } = await sql<{ id: number }>`select d.post_id as id from search_docs d where d.post_id in (${sql.join(batch)}) and ${where}`.execute(db)
      const passing = new Set(rows.map((r) => Number(r.id)))
      for (const id of batch) {
        if (!passing.has(id)) continue
        ids.add(id)
        if (++found >= limit) return
      }
      if (batch.length < batchSize) return
      before = batch.at(-1)!
    }
  }
  await sharing('post_tag', TAG_CANDIDATES)
  await sharing('category', CATEGORY_CANDIDATES)
  if (!ids.size) return []

  const candidates = [...ids]
  const rows = await repo.countIn(candidates, plan.patterns, '-')
  const holders = new Map<number, Set<number>>()
  for (const [i, p] of plan.patterns.entries()) {
    if (p.kind === 'phrase') holders.set(i, await fts.filterIds(db, { required: [{ kind: 'phrase', stems: p.stems }], excluded: [], sequence: [], whole: [] }, candidates))
  }
  applyPhrases(rows, holders)
  const shared = own.length
    ? await db.selectFrom('post_terms').select(['post_id', 'term_id']).where('post_id', 'in', candidates).where('term_id', 'in', own.map((t) => t.id)).execute()
    : []
  const termById = new Map(own.map((t) => [t.id, t]))
  const termScore = new Map<number, number>()
  for (const { post_id, term_id } of shared) {
    const term = termById.get(term_id)!
    const weight = (term.taxonomy === 'post_tag' ? TAG_WEIGHT : CATEGORY_WEIGHT) * Math.min(1, idf(stats.docs, term.count) / 5)
    termScore.set(post_id, (termScore.get(post_id) ?? 0) + weight)
  }
  const usual = Math.max(USUAL_TERMS, 2 * own.length)
  const sharers = [...termScore.keys()]
  const termCounts = sharers.length
    ? await db.selectFrom('post_terms').select((eb) => ['post_id', eb.fn.countAll<number>().as('n')]).where('post_id', 'in', sharers).groupBy('post_id').execute()
    : []
  for (const { post_id, n } of termCounts) {
    if (Number(n) > usual) termScore.set(post_id, termScore.get(post_id)! * Math.sqrt(usual / Number(n)))
  }
  const norm = plan.clauses.reduce((sum, c) => sum + c.weight * c.idf, 0) || 1
  const scored = rows.map((row) => ({ id: row.id, text: textScore(row, plan, stats) / norm, terms: termScore.get(row.id) ?? 0, published: row.published_at }))
  const bestText = Math.max(0, ...scored.map((s) => s.text))
  return scored
    .filter((s) => s.terms > 0 || (s.text > 0 && s.text >= MIN_TEXT_SHARE * bestText))
    .map((s) => ({ id: s.id, score: (s.text + s.terms) * (1 + RECENCY_WEIGHT * (recencyFactor(s.published, input.now) - 1)) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || b.id - a.id)
}

/** The post's terms that say most about it: frequent in it, rare in the corpus (TF-IDF), as weighted clauses. */
async function distinctiveTerms(repo: SearchRepo, doc: SearchDocRow, stats: CorpusStats): Promise<{ stem: string; idf: number; weight: number }[]> {
  const tf = new Map<string, number>()
  const byField = repo.frequencies(doc)
  for (const field of FIELDS) {
    for (const [token, n] of byField[field]) {
      if (token.length < 3 || STOPWORDS.has(token) || /^\d+$/.test(token)) continue
      tf.set(token, (tf.get(token) ?? 0) + n * FIELD_TF[field])
    }
  }
  const considered = [...tf].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, CONSIDERED_TERMS)
  const dfs = await repo.documentFrequencies(considered.map(([t]) => t))
  return considered
    .map(([stem, n]) => {
      const df = dfs.get(stem) ?? 1
      const value = idf(stats.docs, df)
      // A term of this post alone relates it to nothing.
      return { stem, idf: value, weight: df > 1 ? (1 + Math.log(n)) * value : 0 }
    })
    .filter((t) => t.weight > 0)
    .sort((a, b) => b.weight - a.weight || (a.stem < b.stem ? -1 : 1))
    .slice(0, DISTINCTIVE_TERMS)
}
