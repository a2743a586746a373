import type { WpPost } from '../posts/types'
import { fromGmt } from '../format'

/** The editable state of a post, as the editor holds it between saves. */
export interface Draft {
  title: string
  content: string
  excerpt: string
  slug: string
  /** Whether the person typed the slug; until then it follows the title (drafts only). */
  slugEdited: boolean
  /** `datetime-local` value in the browser's time zone, or '' for "when published". */
  date: string
  categories: number[]
  tags: number[]
  featured_media: number
  sticky: boolean
  comment_status: string
  /** Who wrote it (0: the person saving). */
  author: number
  /** Public, private (signed-in staff only) or protected by a password, as WordPress's Visibility. */
  visibility: 'public' | 'private' | 'password'
  password: string
  /** Pages only: the parent page (0 for none) and the order among its siblings. */
  parent: number
  menu_order: number
}

export const emptyDraft = (): Draft => ({
  title: '',
  content: '',
  excerpt: '',
  slug: '',
  slugEdited: false,
  date: '',
  categories: [],
  tags: [],
  featured_media: 0,
  sticky: false,
  comment_status: 'open',
  author: 0,
  visibility: 'public',
  password: '',
  parent: 0,
  menu_order: 0,
})

const pad = (n: number) => String(n).padStart(2, '0')
export const toLocalInput = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`

export function draftOf(post: WpPost): Draft {
  const dated = post.status === 'publish' || post.status === 'future' || post.status === 'private'
  return {
    title: post.title.raw ?? '',
    content: post.content.raw ?? '',
    excerpt: post.excerpt.raw ?? '',
    slug: post.slug,
    slugEdited: dated,
    date: dated && post.date_gmt ? toLocalInput(fromGmt(post.date_gmt)) : '',
    categories: post.categories ?? [],
    tags: post.tags ?? [],
    featured_media: post.featured_media,
    sticky: post.sticky ?? false,
    comment_status: post.comment_status,
    author: post.author,
    visibility: post.status === 'private' ? 'private' : post.password ? 'password' : 'public',
    password: post.password ?? '',
    parent: post.parent ?? 0,
    menu_order: post.menu_order ?? 0,
  }
}

/** The status a save asks for: a live post is private or public as its visibility says. */
export function statusFor(draft: Draft, status: string): string {
  if (status === 'publish' || status === 'private') return draft.visibility === 'private' ? 'private' : 'publish'
  return status
}

/** What is sent to the REST API for a save. */
export function payloadOf(draft: Draft, status: string, withSticky: boolean, type: 'post' | 'page' = 'post'): Record<string, unknown> {
  return {
    title: draft.title,
    content: draft.content,
    excerpt: draft.excerpt,
    ...(draft.slug ? { slug: draft.slug } : {}),
    status: statusFor(draft, status),
    password: draft.visibility === 'password' ? draft.password : '',
    ...(draft.author ? { author: draft.author } : {}),
    ...(type === 'page' ? { parent: draft.parent, menu_order: draft.menu_order } : {}),
    // Pages have no categories or tags in WordPress.
    ...(type === 'post' ? { categories: draft.categories, tags: draft.tags } : {}),
    featured_media: draft.featured_media,
    comment_status: draft.comment_status,
    ...(withSticky ? { sticky: draft.sticky } : {}),
    ...(draft.date ? { date_gmt: new Date(draft.date).toISOString().slice(0, 19) } : {}),
  }
}

/** The part of a draft whose change needs saving (the slug flag is the editor's own business). */
export const fingerprint = ({ slugEdited: _, ...rest }: Draft) => JSON.stringify(rest)
