/**
 * What a WXR file holds, as the parser hands it over: strings as WordPress wrote them (ids, dates and flags
 * included), so that the importer decides what each means.
 */

export interface WxrMeta {
  key: string
  value: string
}

export interface WxrChannel {
  title: string
  link: string
  description: string
  language: string
  /** `wp:wxr_version`: 1.0, 1.1 or 1.2. */
  version: string
  baseSiteUrl: string
  baseBlogUrl: string
  /** `<generator>`: WordPress's URL, or Pressroom for its own exports (whose content is HTML already). */
  generator: string
}

export interface WxrAuthor {
  id: string
  login: string
  email: string
  displayName: string
  firstName: string
  lastName: string
}

export interface WxrTerm {
  id: string
  /** `category`, `post_tag`, `nav_menu`, `post_format` or a custom taxonomy. */
  taxonomy: string
  slug: string
  name: string
  /** The parent's slug (WordPress writes slugs, not ids). */
  parent: string
  description: string
  meta: WxrMeta[]
}

/** A `<category domain="…" nicename="…">Name</category>` of an item. */
export interface WxrItemTerm {
  domain: string
  slug: string
  name: string
}

export interface WxrComment {
  id: string
  author: string
  authorEmail: string
  authorUrl: string
  authorIp: string
  date: string
  dateGmt: string
  content: string
  /** `1`, `0`, `spam`, `trash`, `post-trashed`. */
  approved: string
  /** '' or `comment`, `pingback`, `trackback`. */
  type: string
  parent: string
  userId: string
  meta: WxrMeta[]
}

export interface WxrItem {
  title: string
  link: string
  pubDate: string
  creator: string
  guid: string
  description: string
  content: string
  excerpt: string
  id: string
  date: string
  dateGmt: string
  modified: string
  modifiedGmt: string
  commentStatus: string
  pingStatus: string
  name: string
  status: string
  parent: string
  menuOrder: string
  type: string
  password: string
  sticky: string
  attachmentUrl: string
  terms: WxrItemTerm[]
  meta: WxrMeta[]
  comments: WxrComment[]
  /** Where the item starts in the file (1-based), for messages. */
  line: number
  /**
   * The content with WordPress's formatting applied, when the reading thread of a large import could do it
   * ahead (see read-ahead.ts); the importer converts it itself otherwise.
   */
  converted?: string
}

export type WxrRecord =
  | { kind: 'channel'; channel: WxrChannel }
  | { kind: 'author'; author: WxrAuthor }
  | { kind: 'term'; term: WxrTerm }
  | { kind: 'item'; item: WxrItem }

/** An export written by Pressroom: its content is HTML already, with nothing of WordPress's to apply. */
export const isPressroomExport = (channel: WxrChannel): boolean => /^pressroom\b/i.test(channel.generator.trim())

/** How an item is named in messages: its title and old id. */
export function describeItem(item: Pick<WxrItem, 'title' | 'id' | 'line'>): string {
  const title = item.title.length > 60 ? `${item.title.slice(0, 59)}…` : item.title
  // An untitled item (or one cut off before its title) is named by its id and place alone.
  return `item${title ? ` "${title}"` : ''}${item.id ? ` (post_id ${item.id})` : ''}${item.line ? ` at line ${item.line}` : ''}`
}
