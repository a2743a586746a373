import { request, wp } from '../api'

export type Taxonomy = 'category' | 'post_tag'

/** A term as the REST API answers it in the edit context. */
export interface WpTerm {
  id: number
  count: number
  description: string
  link: string
  name: string
  slug: string
  taxonomy: string
  parent?: number
}

export const TAXONOMY_TEXT = {
  category: { rest: 'categories', plural: 'Categories', one: 'category', One: 'Category' },
  post_tag: { rest: 'tags', plural: 'Tags', one: 'tag', One: 'Tag' },
} as const

/** The default category's slug: posts without a category get it, and it cannot be deleted (as on the server). */
export const DEFAULT_CATEGORY_SLUG = 'uncategorized'

/** Every term of a taxonomy, a hundred at a time (categories are shown as a tree, which needs all of them). */
export async function allTerms(taxonomy: Taxonomy, signal?: AbortSignal): Promise<WpTerm[]> {
  const out: WpTerm[] = []
  for (let page = 1; ; page++) {
    const { data, headers } = await request<WpTerm[]>(wp(`/${TAXONOMY_TEXT[taxonomy].rest}`, { context: 'edit', per_page: 100, page, orderby: 'name' }), { signal })
    out.push(...data)
    if (page >= Number(headers.get('x-wp-totalpages') ?? 1)) return out
  }
}

/** Categories in tree order, each with its depth: parents first, children under them, by name. */
export function treeOrder(terms: WpTerm[]): { term: WpTerm; depth: number }[] {
  const ids = new Set(terms.map((t) => t.id))
  const children = new Map<number, WpTerm[]>()
  for (const t of terms) {
    const parent = t.parent && ids.has(t.parent) ? t.parent : 0
    children.set(parent, [...(children.get(parent) ?? []), t])
  }
  const out: { term: WpTerm; depth: number }[] = []
  const walk = (parent: number, depth: number) => {
    for (const t of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name))) {
      out.push({ term: t, depth })
      if (depth < 50) walk(t.id, depth + 1)
    }
  }
  walk(0, 0)
  return out
}
