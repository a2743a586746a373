import { type RawBuilder, sql } from 'kysely'
import { readableStatuses } from '../content/index.js'
import { type Actor, actorUserId } from '../users/index.js'
import { INDEXED_TYPES } from './documents.js'

/** What a search may be narrowed to. Lists of ids mean "any of these"; the lists themselves all apply. */
export interface SearchFilters {
  /** Default: posts and pages. */
  types?: readonly string[]
  /** Statuses asked for (default: publish), kept to those the actor may read. */
  statuses?: readonly string[]
  categoryIds?: readonly number[]
  tagIds?: readonly number[]
  /** Any of several groups of term ids, every group required (the REST API's categories AND tags). */
  termGroups?: readonly (readonly number[])[]
  authorIds?: readonly number[]
  /** Posts under none of these terms (WordPress's `cat=-3`). */
  excludeTermIds?: readonly number[]
  /** Posts by none of these authors (`author=-2`). */
  excludeAuthorIds?: readonly number[]
  excludeIds?: readonly number[]
  /** Only these posts (the REST API's `include`); an empty list matches nothing. */
  includeIds?: readonly number[]
  /** Published in [after, before), ISO strings. */
  after?: string
  before?: string
}

const none = sql`1 = 0`

/**
 * The condition on `d` (search_docs, which carries each post's type, status, author and date) for a search by `actor`: drafts and private posts only for those who may read
 * them (an author sees their own), and never the trash.
 */
export function whereFor(actor: Actor, filters: SearchFilters): RawBuilder<unknown> {
  const types = (filters.types?.length ? filters.types : INDEXED_TYPES).filter((t) => INDEXED_TYPES.includes(t))
  const wanted = (filters.statuses?.length ? filters.statuses : ['publish']).filter((s) => s !== 'trash')
  const userId = actorUserId(actor)
  const visible = types.map((type) => {
    const { all, own } = readableStatuses(actor, type)
    const shared = wanted.filter((s) => all.includes(s))
    const mine = userId === null ? [] : wanted.filter((s) => own.includes(s) && !shared.includes(s))
    const parts = [
      ...(shared.length ? [sql`d.status in (${sql.join(shared)})`] : []),
      ...(mine.length ? [sql`(d.author_id = ${userId} and d.status in (${sql.join(mine)}))`] : []),
    ]
    return parts.length ? sql`(d.type = ${type} and (${sql.join(parts, sql` or `)}))` : none
  })
  const conditions: RawBuilder<unknown>[] = [visible.length ? sql`(${sql.join(visible, sql` or `)})` : none]
  const groups = [...(filters.termGroups ?? [])]
  if (filters.categoryIds) groups.push(filters.categoryIds)
  if (filters.tagIds) groups.push(filters.tagIds)
  for (const group of groups) {
    conditions.push(group.length ? sql`d.post_id in (select post_id from post_terms where term_id in (${sql.join(group)}))` : none)
  }
  if (filters.excludeTermIds?.length) conditions.push(sql`d.post_id not in (select post_id from post_terms where term_id in (${sql.join(filters.excludeTermIds)}))`)
  if (filters.authorIds?.length) conditions.push(sql`d.author_id in (${sql.join(filters.authorIds)})`)
  if (filters.excludeAuthorIds?.length) conditions.push(sql`(d.author_id is null or d.author_id not in (${sql.join(filters.excludeAuthorIds)}))`)
  if (filters.includeIds) conditions.push(filters.includeIds.length ? sql`d.post_id in (${sql.join(filters.includeIds)})` : none)
  if (filters.excludeIds?.length) conditions.push(sql`d.post_id not in (${sql.join(filters.excludeIds)})`)
  if (filters.after) conditions.push(sql`d.published_at >= ${filters.after}`)
  if (filters.before) conditions.push(sql`d.published_at < ${filters.before}`)
  return sql`(${sql.join(conditions, sql` and `)})`
}
