import type { PostRow } from '../db/index.js'
import type { Services } from '../services.js'
import type { ImportWxrRepo } from './import.repo.js'

export interface Counts {
  imported: number
  skipped: number
  failed: number
}

const counts = (): Counts => ({ imported: 0, skipped: 0, failed: 0 })

/** What an import did, by kind; what `--json` prints. */
export interface ImportSummary {
  file: string
  dryRun: boolean
  /** The site the export came from. */
  source: string
  wxrVersion: string
  authors: Counts
  terms: Counts
  posts: Counts
  pages: Counts
  attachments: Counts
  comments: Counts
  menus: Counts
  /** Items of kinds Pressroom has no place for (custom post types, revisions, blocks…), by type. */
  ignored: Record<string, number>
  /** Attachments recorded by their original URL because the file was not found under --uploads. */
  missingFiles: string[]
  /** What went wrong with single items, and what was changed to fit (at most 200 kept). */
  warnings: string[]
  seconds: number
}

export const emptySummary = (file: string, dryRun: boolean): ImportSummary => ({
  file, dryRun, source: '', wxrVersion: '',
  authors: counts(), terms: counts(), posts: counts(), pages: counts(), attachments: counts(), comments: counts(), menus: counts(),
  ignored: {}, missingFiles: [], warnings: [], seconds: 0,
})

/** An imported attachment as content conversion needs it. */
export interface MediaInfo {
  id: number
  /** Where it is shown from now: `/uploads/…`, or its original URL when the file is missing. */
  url: string
  /** The file's URL on the old site. */
  oldUrl: string
  alt: string
  caption: string
  width?: number | undefined
  height?: number | undefined
  /** Generated sizes: `WIDTHxHEIGHT` → URL. */
  sizes: Map<string, string>
}

export interface MenuEntry {
  oldId: number
  menu: string
  menuName: string
  order: number
  parentOld: number
  label: string
  itemType: string
  object: string
  objectId: number
  url: string
}

export interface ImportContext {
  services: Services
  repo: ImportWxrRepo
  summary: ImportSummary
  source: string
  /** Prefixes of the old site's addresses (http and https forms). */
  oldBases: string[]
  timeZone: string
  /** The file is Pressroom's own export: its content is HTML already and is not converted again. */
  contentIsHtml: boolean
  uploadsDir: string | undefined
  authorMap: Record<string, string>
  usersByLogin: Map<string, number>
  usersByOldId: Map<string, number>
  /** The file's authors by email (lower case), for comments by registered users in files whose authors have no id. */
  usersByEmail: Map<string, number>
  termsByKey: Map<string, number>
  termsByOldId: Map<string, number>
  mediaByOldId: Map<number, MediaInfo>
  mediaByUrl: Map<string, MediaInfo>
  /** Media created by this import (their parent post is recorded once every post is in). */
  createdMedia: Set<number>
  /** Old parent id → old ids of the attachments under it, in file order. */
  attachedTo: Map<number, number[]>
  postsByOldId: Map<number, { id: number; type: string }>
  /** Pages imported before their parent: new id and the parent's old id. */
  pendingParents: { id: number; parentOld: number; modifiedAt: string }[]
  /**
   * The rows (without their text) of the posts this import created last (a few hundred, until the end, when page parents and
   * links change them), so that a link to one of them needs no query.
   */
  recentPosts: Map<number, PostRow>
  /** Posts whose links could not all be resolved while they were imported. */
  needsLinkFixup: Set<number>
  menuItems: MenuEntry[]
  /** Files this import wrote to the uploads folder: removed again if it rolls back. */
  storedFiles: string[]
  /** Items in the file, counted by the first pass. */
  itemCount: number
}

const MAX_WARNINGS = 200
const RECENT_POSTS = 500

/**
 * Keeps a created post's row at hand for links to it (the oldest is let go), without its text: an address needs
 * none, and 500 posts' text kept a while would outlive V8's young generation and be collected among the old.
 */
export function rememberRecentPost(ctx: ImportContext, post: PostRow): void {
  ctx.recentPosts.set(post.id, { ...post, content: '', content_source: '', excerpt: '' })
  if (ctx.recentPosts.size > RECENT_POSTS) ctx.recentPosts.delete(ctx.recentPosts.keys().next().value!)
}

export function warn(ctx: ImportContext, message: string): void {
  if (ctx.summary.warnings.length < MAX_WARNINGS) ctx.summary.warnings.push(message)
  else if (ctx.summary.warnings.length === MAX_WARNINGS) ctx.summary.warnings.push('… more warnings were left out')
}

/** Integer of a WordPress field, or 0. */
export const int = (value: string): number => {
  const n = Number.parseInt(value.trim(), 10)
  return Number.isSafeInteger(n) ? n : 0
}

/** Path and query of a URL on the old site, as imported rows remember it (`/2013/01/slug/`). */
export function oldPath(url: string): string {
  try {
    const u = new URL(url)
    let path = u.pathname
    try {
      path = decodeURI(path)
    } catch {
      // a malformed escape stays as written
    }
    if (!path.endsWith('/') && !/\.[a-z0-9]{2,5}$/i.test(path)) path += '/'
    return path.toLowerCase() + u.search
  } catch {
    return ''
  }
}
