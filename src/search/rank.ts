import { type Clause, type CountPattern, type ParsedQuery, patternsOf } from './query.js'
import type { CorpusStats, CountRow } from './search.repo.js'
import { FIELDS, type Field } from './tables.js'

/**
 * BM25 over the four fields, each field saturated on its own and weighted (a headline hit counts most), times a
 * gentle boost for recency. The databases only count occurrences; the arithmetic is done here, so SQLite and
 * PostgreSQL rank the same candidates in exactly the same order.
 */
const K1 = 1.2
const FIELD_WEIGHT: Record<Field, number> = { title: 3, meta: 1.5, lead: 1.2, body: 1 }
const FIELD_B: Record<Field, number> = { title: 0.5, meta: 0.5, lead: 0.75, body: 0.75 }
/** How much a token that merely starts with the typed prefix counts, against the word itself. */
const PREFIX_WEIGHT = 0.5
/** The boost of a post published today; it halves by about six months. */
const RECENCY_BOOST = 0.2
const RECENCY_DAYS = 180
const DAY_MS = 86_400_000

/** One thing to count and how it scores. */
export interface ScoreClause {
  /** Index in the flat pattern list of the exact count, and of the prefix count when there is one. */
  exact: number
  prefix?: number
  overlap?: boolean
  idf: number
  weight: number
}

export interface ScorePlan {
  patterns: CountPattern[]
  clauses: ScoreClause[]
}

export function idf(docs: number, df: number): number {
  return Math.log(1 + (docs - df + 0.5) / (df + 0.5))
}

/**
 * The patterns and weights for a reader's query; `dfOf` gives a stem's document frequency. Exclusions are not
 * here: the full-text index already left out every post holding an excluded word.
 */
export function planForQuery(q: ParsedQuery, docs: number, dfOf: (stem: string) => number): ScorePlan {
  const plan: ScorePlan = { patterns: [], clauses: [] }
  const clauseIdf = (c: Clause) => {
    if (c.kind === 'term') return idf(docs, dfOf(c.stem))
    if (c.kind === 'prefix') return idf(docs, Math.max(dfOf(c.stem), dfOf(c.typed)))
    // A phrase is at least as rare as its rarest word.
    return idf(docs, Math.min(...c.stems.map(dfOf)))
  }
  let total = 0
  for (const c of q.required) {
    const value = clauseIdf(c)
    total += value
    addClause(plan, c, value, 1)
  }
  // Words standing together as typed: a bonus, not a requirement.
  if (q.sequence.length >= 2 && !q.required.some((c) => c.kind === 'phrase' && c.stems.join(' ') === q.sequence.join(' '))) {
    plan.patterns.push({ kind: 'phrase', stems: q.sequence })
    plan.clauses.push({ exact: plan.patterns.length - 1, idf: total / 2, weight: 1 })
  }
  return plan
}

export function addClause(plan: ScorePlan, c: Clause, idfValue: number, weight: number): void {
  const p = patternsOf(c)
  plan.patterns.push(p.exact)
  const clause: ScoreClause = { exact: plan.patterns.length - 1, idf: idfValue, weight }
  if (p.prefix) {
    plan.patterns.push(p.prefix)
    clause.prefix = plan.patterns.length - 1
    clause.overlap = p.overlap
  }
  plan.clauses.push(clause)
}

/**
 * Phrases in the body: the full-text index says which candidates hold each phrase (`holders`, by pattern index);
 * one not found in a short field is counted once in the body.
 */
export function applyPhrases(rows: readonly CountRow[], holders: ReadonlyMap<number, ReadonlySet<number>>): void {
  const body = FIELDS.indexOf('body')
  for (const [pattern, ids] of holders) {
    for (const row of rows) {
      const counts = row.counts[pattern]!
      if (ids.has(row.id) && counts.every((n, f) => f === body || n === 0)) counts[body] = 1
    }
  }
}

/** The text-relevance score of one candidate. */
export function textScore(row: CountRow, plan: ScorePlan, stats: CorpusStats): number {
  let score = 0
  for (const c of plan.clauses) {
    let clauseScore = 0
    for (let f = 0; f < FIELDS.length; f++) {
      const field = FIELDS[f]!
      const exact = row.counts[c.exact]![f]!
      let tf = exact
      if (c.prefix !== undefined) tf += PREFIX_WEIGHT * (row.counts[c.prefix]![f]! - (c.overlap ? exact : 0))
      if (tf <= 0) continue
      const norm = 1 - FIELD_B[field] + (FIELD_B[field] * row.lens[field]) / Math.max(stats.avg[field], 1)
      clauseScore += (FIELD_WEIGHT[field] * tf * (K1 + 1)) / (tf + K1 * norm)
    }
    score += c.weight * c.idf * clauseScore
  }
  return score
}

/** 1 + a boost that fades with age: new stories first among equals, never over a clearly better match. */
export function recencyFactor(publishedAt: string | null, now: Date): number {
  if (!publishedAt) return 1
  const days = Math.max(0, (dayOf(now) - dayOf(new Date(publishedAt))) / DAY_MS)
  return 1 + RECENCY_BOOST / (1 + days / RECENCY_DAYS)
}

/** Whole UTC days, so a ranking does not change from one second to the next. */
const dayOf = (d: Date) => Math.floor(d.getTime() / DAY_MS) * DAY_MS

export interface Ranked {
  id: number
  score: number
}

/** The candidates in result order: an exact title first, then by score, then the newest id. */
export function rankRows(rows: readonly CountRow[], plan: ScorePlan, stats: CorpusStats, now: Date): Ranked[] {
  const scored = rows.map((r) => ({ id: r.id, exact: r.exact_title, score: textScore(r, plan, stats) * recencyFactor(r.published_at, now) }))
  scored.sort((a, b) => b.exact - a.exact || b.score - a.score || b.id - a.id)
  return scored.map(({ id, score }) => ({ id, score }))
}
