import { MAX_QUERY_CHARS } from '../../search/index.js'
import type { RestContext } from './rest.js'

export type Link = { href: string; embeddable?: boolean; [key: string]: unknown }
export type Links = Record<string, Link[]>

export const CURIES = [{ name: 'wp', href: 'https://api.w.org/{rel}', templated: true }]

export const one = (href: string, extra: Omit<Link, 'href'> = {}): Link[] => [{ ...extra, href }]

/** `Link` header value for a collection page: prev and next keep every other query parameter. */
export function paginationLinks(ctx: RestContext, route: string, page: number, totalPages: number): string | undefined {
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(ctx.request.query)) {
    if (key === 'page' || key === 'rest_route') continue
    if (Array.isArray(value)) for (const v of value) query.append(`${key}[]`, String(v))
    // A search is read up to MAX_QUERY_CHARS: longer ones would only make the header too long for clients.
    else if (typeof value === 'string') query.append(key, key === 'search' ? value.slice(0, MAX_QUERY_CHARS) : value)
  }
  const url = (n: number) => {
    const q = new URLSearchParams(query)
    q.set('page', String(n))
    return `<${ctx.api(route)}?${q.toString()}>`
  }
  const parts: string[] = []
  if (page > 1 && page - 1 <= totalPages) parts.push(`${url(page - 1)}; rel="prev"`)
  if (page < totalPages) parts.push(`${url(page + 1)}; rel="next"`)
  return parts.length ? parts.join(', ') : undefined
}

/** The headers every collection answers with. */
export function collectionHeaders(ctx: RestContext, route: string, total: number, perPage: number, page: number): Record<string, string> {
  const totalPages = total === 0 ? 0 : Math.ceil(total / perPage)
  const headers: Record<string, string> = { 'x-wp-total': String(total), 'x-wp-totalpages': String(totalPages) }
  const link = paginationLinks(ctx, route, page, totalPages)
  if (link) headers.link = link
  return headers
}
