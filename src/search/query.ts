import { MAX_WORD, STOPWORDS, words } from './analyzer.js'

/**
 * The reader's query language: words (all required), "quoted phrases", -excluded words or -"phrases", and the last
 * word also matching as a prefix (as you type). Everything else is text: FTS syntax (`*`, `:`, `(`, `NEAR`, `AND`)
 * and SQL mean nothing here, because only analyzed tokens ever reach the databases, each one quoted.
 */
export type Clause =
  | { kind: 'term'; stem: string }
  /**
   * The last word: its stem, or any token starting with what was typed. `expanded` lists those tokens when the
   * search service looked them up (the index's terms with that prefix, most frequent first).
   */
  | { kind: 'prefix'; stem: string; typed: string; expanded?: string[] }
  | { kind: 'phrase'; stems: string[] }

export interface ParsedQuery {
  /** What every result must match. */
  required: Clause[]
  /** What no result may match. */
  excluded: Clause[]
  /** The stems of the query's plain words in order: a result where they stand together ranks higher. */
  sequence: string[]
  /** Every stem the reader asked for, in order (phrases too): a title equal to it is an exact match. */
  whole: string[]
}

export const MAX_QUERY_CHARS = 1000
const MAX_REQUIRED = 12
const MAX_EXCLUDED = 8
const MIN_PREFIX = 3

const PART = /(-?)"([^"]*)(?:"|$)|(-?)([^\s"]+)/g

export function parseQuery(raw: string): ParsedQuery {
  const text = raw.slice(0, MAX_QUERY_CHARS)
  const required: Clause[] = []
  const excluded: Clause[] = []
  const sequence: string[] = []
  const whole: string[] = []
  let last: { clause: Clause; folded: string } | null = null
  for (const m of text.matchAll(PART)) {
    const quoted = m[2] !== undefined
    const negative = (quoted ? m[1] : m[3]) === '-'
    const found = words(quoted ? m[2]! : m[4]!)
    if (!found.length) continue
    const clause: Clause = found.length === 1 ? { kind: 'term', stem: found[0]!.stem } : { kind: 'phrase', stems: found.map((w) => w.stem) }
    if (negative) {
      if (excluded.length < MAX_EXCLUDED) excluded.push(clause)
      last = null
      continue
    }
    if (!quoted) sequence.push(...found.map((w) => w.stem))
    whole.push(...found.map((w) => w.stem))
    required.push(clause)
    last = !quoted && found.length === 1 ? { clause, folded: found[0]!.folded } : null
  }
  if (last && last.folded.length >= MIN_PREFIX && !STOPWORDS.has((last.clause as { stem: string }).stem)) {
    const i = required.lastIndexOf(last.clause)
    required[i] = { kind: 'prefix', stem: (last.clause as { stem: string }).stem, typed: last.folded.slice(0, MAX_WORD) }
  }
  return { required: trimRequired(dedupe(required)), excluded: dedupe(excluded), sequence: sequence.slice(0, MAX_REQUIRED * 2), whole: whole.slice(0, MAX_REQUIRED * 4) }
}

/** Common words add nothing but cost when the query has other words; a query of only common words keeps them. */
function trimRequired(clauses: Clause[]): Clause[] {
  const meaningful = clauses.filter((c) => !(c.kind === 'term' && STOPWORDS.has(c.stem)))
  return (meaningful.length ? meaningful : clauses).slice(0, MAX_REQUIRED)
}

function dedupe(clauses: Clause[]): Clause[] {
  const seen = new Set<string>()
  return clauses.filter((c) => {
    const key = clauseKey(c)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

export const clauseKey = (c: Clause): string =>
  c.kind === 'term' ? `t:${c.stem}` : c.kind === 'prefix' ? `p:${c.stem}:${c.typed}` : `q:${c.stems.join(' ')}`

export const isEmptyQuery = (q: ParsedQuery) => q.required.length === 0

/** FTS5 MATCH text: every token quoted, so nothing the reader typed is FTS syntax. */
export function toFts5(q: ParsedQuery): string {
  const clause = (c: Clause) => {
    if (c.kind === 'term') return quote5(c.stem)
    if (c.kind === 'phrase') return quote5(c.stems.join(' '))
    // Known completions are plain terms FTS5 walks lazily; a native prefix query would merge whole doclists first.
    if (c.expanded) return `(${[c.stem, ...c.expanded.filter((t) => t !== c.stem)].map(quote5).join(' OR ')})`
    return c.stem === c.typed ? `${quote5(c.typed)} *` : `(${quote5(c.stem)} OR ${quote5(c.typed)} *)`
  }
  const positive = q.required.map(clause).join(' AND ')
  if (!q.excluded.length) return positive
  return `(${positive}) NOT (${q.excluded.map(clause).join(' OR ')})`
}

/** The same query as a PostgreSQL tsquery literal (read by the tsquery type itself: no parser, no dictionary). */
export function toTsquery(q: ParsedQuery, { positions = true }: { positions?: boolean } = {}): string {
  const clause = (c: Clause) => {
    if (c.kind === 'term') return quotePg(c.stem)
    if (c.kind === 'phrase') return `(${c.stems.map(quotePg).join(positions ? ' <-> ' : ' & ')})`
    if (c.expanded) return `(${[c.stem, ...c.expanded.filter((t) => t !== c.stem)].map(quotePg).join(' | ')})`
    return c.stem === c.typed ? `${quotePg(c.typed)}:*` : `(${quotePg(c.stem)} | ${quotePg(c.typed)}:*)`
  }
  const positive = q.required.map(clause).join(' & ')
  // Without positions a phrase is only its words: a post holding them all need not hold the phrase it excludes.
  const excluded = positions ? q.excluded : q.excluded.filter((c) => c.kind !== 'phrase')
  if (!excluded.length) return positive
  return `(${positive}) & !(${excluded.map(clause).join(' | ')})`
}

const quote5 = (token: string) => `"${token.replaceAll('"', '""')}"`
const quotePg = (token: string) => `'${token.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`

/** Something the scorer counts in each field of a candidate. */
export type CountPattern =
  | { kind: 'token'; stem: string }
  /** Tokens starting with what was typed. */
  | { kind: 'prefix'; typed: string }
  | { kind: 'phrase'; stems: string[] }

/**
 * What the scorer counts for a clause: whole tokens for a term, a phrase's tokens together, and for the typed
 * prefix both the stem (full weight) and tokens that merely start with the prefix (a partial weight).
 */
export interface CountPatterns {
  exact: CountPattern
  prefix?: CountPattern
  /** Tokens counted by both `exact` and `prefix` (the stem itself starts with the prefix). */
  overlap?: boolean
}

export function patternsOf(c: Clause): CountPatterns {
  if (c.kind === 'term') return { exact: { kind: 'token', stem: c.stem } }
  if (c.kind === 'phrase') return { exact: { kind: 'phrase', stems: c.stems } }
  return { exact: { kind: 'token', stem: c.stem }, prefix: { kind: 'prefix', typed: c.typed }, overlap: c.stem.startsWith(c.typed) }
}

/** The stems and typed prefixes a snippet highlights. */
export function highlightTerms(q: ParsedQuery): { stems: Set<string>; prefixes: string[]; phrases: string[][] } {
  const stems = new Set<string>()
  const prefixes: string[] = []
  const phrases: string[][] = []
  for (const c of q.required) {
    if (c.kind === 'term') stems.add(c.stem)
    else if (c.kind === 'prefix') {
      stems.add(c.stem)
      prefixes.push(c.typed)
    } else phrases.push(c.stems)
  }
  for (const s of q.sequence) if (!STOPWORDS.has(s)) stems.add(s)
  return { stems, prefixes, phrases }
}
