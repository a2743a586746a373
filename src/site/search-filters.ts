import type { TermRow } from '../db/index.js'
import type { SearchFilters } from '../search/index.js'
import { localRange } from './router.js'

/** The query variables WordPress narrows a search with (`/?s=harbour&cat=3`), in the order links repeat them. */
const NAMES = ['cat', 'category_name', 'tag', 'tag_id', 'author', 'author_name', 'post_type', 'm', 'year', 'monthnum', 'day'] as const

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

export interface SiteSearchFilters {
  filters: SearchFilters
  /** What the results are narrowed to, for the page's heading: `in City`, `tagged Traffic`, `by Ada`, `from May 2025`. */
  within: string[]
  /** The filters as a query string for this page's links (`?cat=3&year=2025`), or ''. */
  query: string
  /** A filter names something that does not exist (a category, a tag, an author): nothing can match. */
  none: boolean
}

export interface FilterLookups {
  terms: ReadonlyMap<number, TermRow>
  /** The author whose archive slug this is (WordPress's `author_name`, its user_nicename). */
  authorBySlug(slug: string): Promise<{ id: number; display_name: string } | undefined>
  authorsById(ids: readonly number[]): Promise<{ id: number; display_name: string }[]>
  timezone: string
}

type Query = Record<string, unknown>

/**
 * A search page's filters from WordPress's query variables, as WordPress reads them: `cat` (ids, a category's
 * subcategories included, `-3` excludes), `category_name` (slugs, `,` any of them), `tag` (slugs, `,` any, `+`
 * all), `tag_id`, `author` (ids, `-2` excludes), `author_name` (the author's slug), `post_type` (`post`, `page`,
 * `any`), and the date: `m` (`2025`, `202505`, `20250514`) or `year`, `monthnum`, `day`, in the site's time zone.
 * A value that is not one of these (`cat=abc`) is left out; one naming nothing that exists leaves nothing to find.
 */
export async function siteSearchFilters(query: Query, lookups: FilterLookups): Promise<SiteSearchFilters> {
  const value = (name: string): string | undefined => {
    const raw = [query[name]].flat().at(-1)
    return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined
  }
  const kept: [string, string][] = []
  const filters: SearchFilters = {}
  const within: string[] = []
  let none = false
  const groups: number[][] = []
  const excludedTerms: number[] = []
  const terms = [...lookups.terms.values()]
  const bySlug = (taxonomy: string, slug: string) => terms.find((t) => t.taxonomy === taxonomy && t.slug === slug.toLowerCase())
  const names = (ids: number[]) => ids.map((id) => lookups.terms.get(id)!.name).join(' or ')

  const cat = value('cat')
  if (cat !== undefined) {
    const { ids, wanted, unwanted } = signedIds(cat)
    if (ids.length) kept.push(['cat', ids.join(',')])
    if (wanted.length) {
      const found = wanted.filter((id) => lookups.terms.get(id)?.taxonomy === 'category')
      if (found.length < wanted.length) none = true
      else {
        groups.push(found.flatMap((id) => descendants(id, lookups.terms)))
        within.push(`in ${names(found)}`)
      }
    }
    for (const id of unwanted) if (lookups.terms.get(id)?.taxonomy === 'category') excludedTerms.push(...descendants(id, lookups.terms))
  }
  const categoryName = value('category_name')
  if (categoryName !== undefined) {
    // A path (`news/local`) names its last category.
    const slugs = categoryName.split(',').map((s) => s.trim().split('/').filter(Boolean).at(-1) ?? '').filter(Boolean)
    const found = slugs.map((slug) => bySlug('category', slug))
    kept.push(['category_name', categoryName])
    if (!slugs.length || found.some((t) => !t)) none = true
    else {
      groups.push(found.flatMap((t) => descendants(t!.id, lookups.terms)))
      within.push(`in ${found.map((t) => t!.name).join(' or ')}`)
    }
  }
  const tag = value('tag')
  if (tag !== undefined) {
    kept.push(['tag', tag])
    // `tag=a+b` arrives as `a b`: every one of them; `tag=a,b`: any of them.
    const all = /[+ ]/.test(tag)
    const slugs = tag.split(all ? /[+ ]+/ : ',').map((s) => s.trim()).filter(Boolean)
    const found = slugs.map((slug) => bySlug('post_tag', slug))
    if (!slugs.length || (all ? found.some((t) => !t) : found.every((t) => !t))) none = true
    else {
      const tags = found.filter((t): t is TermRow => !!t)
      if (all) for (const t of tags) groups.push([t.id])
      else groups.push(tags.map((t) => t.id))
      within.push(`tagged ${tags.map((t) => t.name).join(all ? ' and ' : ' or ')}`)
    }
  }
  const tagId = value('tag_id')
  // One tag, by id.
  const tagIds = tagId === undefined ? [] : signedIds(tagId).ids
  if (tagIds.length === 1 && tagIds[0]! > 0) {
    const id = tagIds[0]!
    kept.push(['tag_id', String(id)])
    if (lookups.terms.get(id)?.taxonomy !== 'post_tag') none = true
    else {
      groups.push([id])
      within.push(`tagged ${names([id])}`)
    }
  }
  if (groups.length) filters.termGroups = groups
  if (excludedTerms.length) filters.excludeTermIds = excludedTerms

  const author = value('author')
  if (author !== undefined) {
    const { ids, wanted, unwanted } = signedIds(author)
    if (ids.length) kept.push(['author', ids.join(',')])
    if (wanted.length) {
      const found = await lookups.authorsById(wanted)
      if (!found.length) none = true
      else {
        filters.authorIds = found.map((a) => a.id)
        within.push(`by ${found.map((a) => a.display_name).join(' or ')}`)
      }
    }
    if (unwanted.length) filters.excludeAuthorIds = unwanted
  }
  const authorName = value('author_name')
  if (authorName !== undefined) {
    kept.push(['author_name', authorName])
    const found = await lookups.authorBySlug(authorName)
    if (!found) none = true
    else {
      filters.authorIds = filters.authorIds ? filters.authorIds.filter((id) => id === found.id) : [found.id]
      if (!filters.authorIds.length) none = true
      within.push(`by ${found.display_name}`)
    }
  }

  const postType = value('post_type')
  if (postType !== undefined) {
    const types = postType.split(',').map((t) => t.trim()).filter(Boolean)
    kept.push(['post_type', types.join(',')])
    if (!types.includes('any')) {
      if (types.some((t) => t !== 'post' && t !== 'page')) none = true
      else {
        filters.types = types
        if (types.length === 1) within.push(types[0] === 'page' ? 'among pages' : 'among posts')
      }
    }
  }

  const date = dateOf(value)
  if (date) {
    for (const [name, v] of date.kept) kept.push([name, v])
    const { from, to } = localRange(lookups.timezone, date.year, date.month, date.day)
    filters.after = from
    filters.before = to
    within.push(`from ${[date.day, date.month ? MONTHS[date.month - 1] : undefined, date.year].filter(Boolean).join(' ')}`)
  }

  kept.sort((a, b) => NAMES.indexOf(a[0] as (typeof NAMES)[number]) - NAMES.indexOf(b[0] as (typeof NAMES)[number]))
  const search = new URLSearchParams(kept).toString()
  return { filters, within, query: search ? `?${search}` : '', none }
}

/** The ids of a comma list (`3,-5`): `wanted` the positive ones, `unwanted` the negated; anything else is left out. */
function signedIds(text: string): { ids: number[]; wanted: number[]; unwanted: number[] } {
  const ids = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => /^-?\d{1,9}$/.test(s))
    .map(Number)
    .filter((n) => n !== 0)
  return { ids, wanted: ids.filter((id) => id > 0), unwanted: ids.filter((id) => id < 0).map((id) => -id) }
}

/** `m` (YYYY, YYYYMM or YYYYMMDD), or `year` with `monthnum` and `day`: a valid calendar date only. */
function dateOf(value: (name: string) => string | undefined): { year: number; month?: number; day?: number; kept: [string, string][] } | null {
  const m = value('m')
  let year: number | undefined
  let month: number | undefined
  let day: number | undefined
  let kept: [string, string][] = []
  if (m !== undefined && /^\d{4}(\d{2}(\d{2})?)?$/.test(m)) {
    year = Number(m.slice(0, 4))
    month = m.length >= 6 ? Number(m.slice(4, 6)) : undefined
    day = m.length === 8 ? Number(m.slice(6, 8)) : undefined
    kept = [['m', m]]
  } else {
    const y = value('year')
    if (y === undefined || !/^\d{4}$/.test(y)) return null
    year = Number(y)
    kept = [['year', y]]
    const mo = value('monthnum')
    if (mo !== undefined && /^\d{1,2}$/.test(mo)) {
      month = Number(mo)
      kept.push(['monthnum', mo])
      const d = value('day')
      if (d !== undefined && /^\d{1,2}$/.test(d)) {
        day = Number(d)
        kept.push(['day', d])
      }
    }
  }
  if (year < 1000 || (month !== undefined && (month < 1 || month > 12))) return null
  if (day !== undefined && (day < 1 || day > new Date(Date.UTC(year, month!, 0)).getUTCDate())) return null
  return { year, month, day, kept }
}

/** A category and its subcategories, as WordPress's `cat` and `category_name` include them. */
export function descendants(id: number, byId: ReadonlyMap<number, TermRow>): number[] {
  const out = [id]
  for (let i = 0; i < out.length; i++) for (const t of byId.values()) if (t.parent_id === out[i] && !out.includes(t.id)) out.push(t.id)
  return out
}
