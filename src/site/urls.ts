import { slugify } from '../content/slugs.js'
import { slugPath } from '../content/tree.js'
import type { TermRow } from '../db/index.js'

const enc = (s: string) => encodeURIComponent(s)

/** Path of a category (parents first, as WordPress builds it) or a tag archive. */
export function termPath(term: Pick<TermRow, 'taxonomy' | 'slug' | 'parent_id'>, byId: ReadonlyMap<number, Pick<TermRow, 'slug' | 'parent_id'>>, bases = { category: 'category', tag: 'tag' }): string {
  if (term.taxonomy !== 'category') return `/${bases.tag}/${enc(term.slug)}/`
  return `/${bases.category}/${slugPath(term, byId).map(enc).join('/')}/`
}

/**
 * The slug an author's archive is known by: the login, except that a login which is an email address is never
 * published — it becomes a slug the way WordPress makes `user_nicename`.
 */
export const authorSlug = (login: string): string => (login.includes('@') ? slugify(login.replace(/@/g, '-at-')) || 'author' : login)

export const authorPath = (login: string) => `/author/${enc(authorSlug(login))}/`

/** `/page/N/` appended to an archive's path (page 1 is the archive itself). */
export const pagedPath = (base: string, page: number) => (page <= 1 ? base : `${base.replace(/\/?$/, '/')}page/${page}/`)
