import type { PostListQuery } from '../../../content/index.js'
import type { PostRow } from '../../../db/index.js'
import type { Services } from '../../../services.js'
import type { Actor } from '../../../users/index.js'

/** Whether a `posts`/`pages` list is ordered by the search module: WordPress orders a search by relevance by default. */
export const ranksBySearch = (search: unknown, orderby: unknown, orderbySent: boolean): search is string =>
  typeof search === 'string' && search.trim() !== '' && (!orderbySent || orderby === 'relevance')

type ListFilters = NonNullable<PostListQuery['filters']>
/** Filters the search module applies while it finds candidates; any other one is applied to its ranked ids after. */
const RANK_FILTERS = new Set<keyof ListFilters>(['search', 'includeIds', 'authorIds', 'termGroups'])

/**
 * A page of `query` in the order of the site's search page (`services.search.rank`): the same candidates, the same
 * scores. Filters the search module knows narrow its candidates; the others (slug, parent, sticky, dates…) go
 * through the posts service over the ranked ids, which also has the last word on who may read what.
 */
export async function rankedPostList(services: Services, query: PostListQuery, search: string, actor: Actor): Promise<{ posts: PostRow[]; total: number }> {
  const type = query.type ?? 'post'
  const filters = query.filters ?? {}
  const statuses = query.status === undefined ? ['publish'] : typeof query.status === 'string' ? [query.status] : [...query.status]
  const { ranked } = await services.search.rank({
    query: search,
    types: [type],
    statuses,
    includeIds: filters.includeIds,
    excludeIds: query.excludeIds,
    authorIds: filters.authorIds,
    termGroups: filters.termGroups,
  }, actor)
  let ids = ranked.map((r) => r.id)
  const extra = query.publishedFrom !== undefined || query.publishedTo !== undefined ||
    (Object.keys(filters) as (keyof ListFilters)[]).some((k) => !RANK_FILTERS.has(k) && filters[k] !== undefined)
  if (extra && ids.length) {
    const kept = await services.posts.list({ ...query, page: 1, perPage: ids.length, offset: undefined, orderBy: 'id', filters: { ...filters, search: undefined, includeIds: ids } }, actor)
    const keep = new Set(kept.posts.map((p) => p.id))
    ids = ids.filter((id) => keep.has(id))
  }
  const perPage = query.perPage ?? 10
  const skip = Math.max(query.offset ?? 0, 0) + (Math.max(query.page ?? 1, 1) - 1) * perPage
  const pageIds = ids.slice(skip, skip + perPage)
  return { posts: await loadInOrder(services, query, pageIds, actor), total: ids.length }
}

/** The rows of `ids` in that order, through the posts service (a post the actor may not read is left out). */
async function loadInOrder(services: Services, query: PostListQuery, ids: number[], actor: Actor): Promise<PostRow[]> {
  if (!ids.length) return []
  const { posts } = await services.posts.list({ type: query.type, status: query.status, page: 1, perPage: ids.length, filters: { includeIds: ids } }, actor)
  const byId = new Map(posts.map((p) => [p.id, p]))
  return ids.map((id) => byId.get(id)).filter((p): p is PostRow => p !== undefined)
}

/**
 * `/wp/v2/search` over posts and pages: the search page's ranking, paged. Readers get published posts; the
 * endpoint, like WordPress's, lists nothing else.
 */
export async function rankedSearchHits(services: Services, input: { search: string; types: string[]; include?: number[]; exclude?: number[]; page: number; perPage: number }, actor: Actor): Promise<{ posts: PostRow[]; total: number }> {
  if (!input.types.length) return { posts: [], total: 0 }
  const { ranked } = await services.search.rank({ query: input.search, types: input.types, statuses: ['publish'], includeIds: input.include, excludeIds: input.exclude }, actor)
  const ids = ranked.slice((input.page - 1) * input.perPage, input.page * input.perPage).map((r) => r.id)
  const rows = (await Promise.all(input.types.map((type) => loadInOrder(services, { type, status: 'publish' }, ids, actor)))).flat()
  const byId = new Map(rows.map((p) => [p.id, p]))
  return { posts: ids.map((id) => byId.get(id)).filter((p): p is PostRow => p !== undefined), total: ranked.length }
}
