import type { Db, PostRow } from '../db/index.js'
import type { SettingsService } from '../settings/index.js'
import { slugPath } from './tree.js'

const partsCache = new Map<string, Intl.DateTimeFormat>()

type LocalParts = { year: string; month: string; day: string; hour: string; minute: string; second: string }
const recentParts = new Map<string, LocalParts>()

/** Year, month, day… of an instant in the site's time zone, as permalinks and archives use them. */
export function localParts(iso: string, timeZone: string): LocalParts {
  const key = `${timeZone}|${iso}`
  let found = recentParts.get(key)
  if (!found) {
    found = computeLocalParts(iso, timeZone)
    // Intl is slow and every link on a page needs these: keep recent answers.
    if (recentParts.size >= 5000) recentParts.delete(recentParts.keys().next().value!)
    recentParts.set(key, found)
  }
  return found
}

function computeLocalParts(iso: string, timeZone: string): LocalParts {
  let format = partsCache.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    })
    partsCache.set(timeZone, format)
  }
  const parts: Record<string, string> = {}
  for (const p of format.formatToParts(new Date(iso))) parts[p.type] = p.value
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! }
}

export interface PathParts {
  structure: string
  timeZone: string
  /** The post's first category as a path of slugs, parent first (`news/world`), for %category%. */
  category?: string
  /** The author's login, for %author%. */
  author?: string
  /** Slugs of a page's ancestors, root first. */
  ancestors?: string[]
}

const encode = (slug: string) => encodeURIComponent(slug).replace(/%2F/gi, '/')

/**
 * The path of a post or page as WordPress builds it: published posts through the permalink structure, pages
 * under their parents, everything not yet public through `?p=` / `?page_id=`.
 */
export function postPath(post: Pick<PostRow, 'id' | 'type' | 'slug' | 'status' | 'published_at'>, parts: PathParts): string {
  const isPublic = post.status === 'publish' || post.status === 'private'
  if (post.type === 'page') {
    if (!isPublic || !parts.structure) return `/?page_id=${post.id}`
    return `/${[...(parts.ancestors ?? []), post.slug].map(encode).join('/')}/`
  }
  // Plain permalinks (an empty structure, as in WordPress) are ?p=ID for everything.
  if (!isPublic || !post.published_at || !parts.structure) return `/?p=${post.id}`
  const date = localParts(post.published_at, parts.timeZone)
  const values: Record<string, string> = {
    '%year%': date.year,
    '%monthnum%': date.month,
    '%day%': date.day,
    '%hour%': date.hour,
    '%minute%': date.minute,
    '%second%': date.second,
    '%postname%': encode(post.slug),
    '%post_id%': String(post.id),
    '%category%': encode(parts.category ?? 'uncategorized'),
    '%author%': encode(parts.author ?? 'admin'),
  }
  return parts.structure.replace(/%[a-z_]+%/g, (tag) => values[tag] ?? tag)
}

/** Links for many posts at once: one query per kind of extra data the structure needs. */
export function createPermalinks({ db, settings, siteUrl }: { db: Db; settings: SettingsService; siteUrl: string }) {
  /** `structure` overrides the site's, for a preview of a structure not saved yet. */
  async function pathsFor(posts: readonly PostRow[], override?: { structure: string }): Promise<Map<number, string>> {
    const { permalink_structure: saved, timezone: timeZone } = await settings.all()
    const structure = override?.structure ?? saved
    const needsCategory = structure.includes('%category%')
    const needsAuthor = structure.includes('%author%')
    const categories = needsCategory ? await firstCategories(posts.filter((p) => p.type === 'post').map((p) => p.id)) : new Map<number, string>()
    const authors = needsAuthor ? await logins(posts.map((p) => p.author_id).filter((id): id is number => id !== null)) : new Map<number, string>()
    const ancestors = await pageAncestors(posts.filter((p) => p.type === 'page'))
    const out = new Map<number, string>()
    for (const post of posts) {
      out.set(post.id, postPath(post, {
        structure,
        timeZone,
        category: categories.get(post.id),
        author: post.author_id === null ? undefined : authors.get(post.author_id),
        ancestors: ancestors.get(post.id),
      }))
    }
    return out
  }

  async function linksFor(posts: readonly PostRow[], override?: { structure: string }): Promise<Map<number, string>> {
    const paths = await pathsFor(posts, override)
    return new Map([...paths].map(([id, path]) => [id, siteUrl + path]))
  }

  async function firstCategories(postIds: number[]): Promise<Map<number, string>> {
    if (!postIds.length) return new Map()
    const rows = await db
      .selectFrom('post_terms')
      .innerJoin('terms', 'terms.id', 'post_terms.term_id')
      .select(['post_terms.post_id', 'terms.id', 'terms.slug', 'terms.parent_id'])
      .where('terms.taxonomy', '=', 'category')
      .where('post_terms.post_id', 'in', postIds)
      .orderBy('terms.id')
      .execute()
    const all = await db.selectFrom('terms').select(['id', 'slug', 'parent_id']).where('taxonomy', '=', 'category').execute()
    const byId = new Map(all.map((t) => [t.id, t]))
    const out = new Map<number, string>()
    for (const row of rows) {
      if (!out.has(row.post_id)) out.set(row.post_id, slugPath(row, byId).join('/'))
    }
    return out
  }

  async function logins(ids: number[]): Promise<Map<number, string>> {
    if (!ids.length) return new Map()
    const rows = await db.selectFrom('users').select(['id', 'login']).where('id', 'in', [...new Set(ids)]).execute()
    return new Map(rows.map((r) => [r.id, r.login]))
  }

  async function pageAncestors(pages: readonly PostRow[]): Promise<Map<number, string[]>> {
    const out = new Map<number, string[]>()
    if (!pages.some((p) => p.parent_id !== null)) return out
    const all = await db.selectFrom('posts').select(['id', 'slug', 'parent_id']).where('type', '=', 'page').execute()
    const byId = new Map(all.map((p) => [p.id, p]))
    // The page's own slug ends the path: its ancestors are the rest.
    for (const page of pages) out.set(page.id, slugPath(page, byId).slice(0, -1))
    return out
  }

  return {
    pathsFor,
    linksFor,
    linkFor: async (post: PostRow) => (await linksFor([post])).get(post.id)!,
  }
}

export type Permalinks = ReturnType<typeof createPermalinks>
