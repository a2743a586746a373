import type { CommentRow, MediaRow, PostRow, TermRow } from '../db/index.js'
import { autoExcerpt, htmlToText, type PostHead } from '../content/index.js'
import { texturize } from '../content/texturize.js'
import type { Variants } from '../media/index.js'
import type { Services } from '../services.js'
import type { MenuItem, Settings } from '../settings/index.js'
import type { NavItemView } from './helpers/navigation.js'
import { forReaders, imageSrcset, uploadKeysIn } from './reader-html.js'
import { authorPath, termPath } from './urls.js'

export interface ImageView {
  id: number
  url: string
  alt: string
  caption: string
  width: number | null
  height: number | null
  srcset: string
  sizes: Record<string, { url: string; width: number; height: number }>
}

export interface TermView {
  id: number
  name: string
  slug: string
  url: string
  description: string
  count: number
}

export interface AuthorView {
  id: number
  name: string
  slug: string
  url: string
  bio: string
  website: string
}

export interface PostView {
  id: number
  type: string
  title: string
  url: string
  slug: string
  date: string | null
  modified: string
  excerpt: string
  author: AuthorView | null
  categories: TermView[]
  tags: TermView[]
  primary_category: TermView | null
  feature_image: ImageView | null
  comment_count: number
  comments_open: boolean
  sticky: boolean
  word_count: number
  /** The body readers see (full views only): sanitized at save, images enhanced, typography applied. */
  content?: string
}

export interface CommentView {
  id: number
  author_name: string
  author_url: string
  date: string
  content: string
  depth: number
  can_reply: boolean
  replies: CommentView[]
  /** The avatar's address (a local identicon from a salted hash), or '' when the site shows no avatars. */
  avatar: string
}

const MAX_RENDERED = 2000
/** Kept list views (a few KB each) and full views (with the body, tens of KB: shared with `rendered`). */
const MAX_LIST_VIEWS = 5000
const MAX_FULL_VIEWS = 1000

/** A post's view without its author (read per request), and who that is. */
interface KeptView {
  readonly view: PostView
  readonly authorId: number | null
}

/** A kept view is current while its post's modified time and comment count are those it was made from. */
const isCurrent = (post: PostHead, entry: KeptView | undefined): entry is KeptView => entry !== undefined && entry.view.modified === post.modified_at && entry.view.comment_count === post.comment_count

/** Turns rows into the plain data templates receive (documented in docs/themes.md). */
export function createViews(services: Services) {
  const { handle, permalinks, media, config } = services
  const { db } = handle
  const rendered = new Map<string, { html: string; words: number }>()
  const excerpts = new Map<string, string>()
  let termsIndex: Promise<Map<number, TermRow>> | null = null
  // Post views kept between requests (list views, and full views with the body), by post id.
  const listViews = new Map<number, KeptView>()
  const fullViews = new Map<number, KeptView>()
  let viewGeneration = 0
  /** The menus with their links resolved (no current page marked), for the settings they were made from. */
  let keptMenus: { settings: Settings; menus: Record<string, NavItemView[]> } | null = null
  // Authors shown in bylines, by user id (null: no such user), kept until a user changes (`user.saved`, sent for
  // every change a view shows, here or, through `external.changed`, in another process).
  const authors = new Map<number, AuthorView | null>()
  let authorGeneration = 0
  // The views as templates get them (with their author), frozen and the same object while nothing changes: kept
  // fragments of the theme (`{{#keep}}`) are found by them.
  let withAuthor = new WeakMap<KeptView, PostView>()
  services.events.on((event) => {
    if (event.type === 'external.changed') forget()
    else if (event.type === 'user.saved') forgetAuthors()
    else if (event.type.startsWith('term.') || event.type.startsWith('post.')) {
      termsIndex = null
      // A post's save changes term counts and lists shown in other posts' views: drop them all (saves are rare).
      forgetViews()
    } else if (event.type === 'settings.saved') {
      // The archive bases are read with the terms.
      termsIndex = null
      forgetViews()
    } else if (event.type === 'media.saved' || event.type === 'media.deleted') forgetViews()
    else if (event.type === 'comment.saved' || event.type === 'comment.deleted') {
      viewGeneration++
      listViews.delete(event.comment.post_id)
      fullViews.delete(event.comment.post_id)
    }
  })
  /** The archive bases (`category_base`, `tag_base`), read with the terms and refreshed when settings change. */
  let archiveBases = { category: 'category', tag: 'tag' }

  function forgetViews(): void {
    viewGeneration++
    keptMenus = null
    listViews.clear()
    fullViews.clear()
  }

  function forgetAuthors(): void {
    authorGeneration++
    authors.clear()
    withAuthor = new WeakMap()
  }

  const allTerms = () =>
    (termsIndex ??= Promise.all([db.selectFrom('terms').selectAll().execute(), services.settings.all()]).then(([rows, settings]) => {
      archiveBases = { category: settings.category_base, tag: settings.tag_base }
      return new Map(rows.map((t) => [t.id, t]))
    }))

  function termView(term: TermRow, byId: Map<number, TermRow>): TermView {
    return { id: term.id, name: texturize(term.name), slug: term.slug, url: config.siteUrl + termPath(term, byId, archiveBases), description: term.description, count: term.count }
  }

  function imageView(item: MediaRow): ImageView {
    const variants = JSON.parse(item.variants || '{}') as Variants
    const sizes: ImageView['sizes'] = {}
    for (const [name, v] of Object.entries(variants)) sizes[name] = { url: `/uploads/${v.file}`, width: v.width, height: v.height }
    // Media imported without its file is shown from where it was (its original URL).
    return { id: item.id, url: item.file ? `/uploads/${item.file}` : item.source_url, alt: item.alt_text, caption: item.caption, width: item.width, height: item.height, srcset: imageSrcset(item), sizes }
  }

  /** The body as readers see it, rendered once per saved version of the post. */
  async function readerContent(post: PostRow): Promise<{ html: string; words: number }> {
    const key = `${post.id}:${post.modified_at}:${post.content.length}`
    const hit = rendered.get(key)
    if (hit) return hit
    const keys = uploadKeysIn(post.content, config.siteUrl)
    const items = await media.byFiles(keys)
    const html = forReaders(post.content, new Map(items.map((m) => [m.file, m])), config.siteUrl)
    const value = { html, words: htmlToText(post.content).split(' ').filter(Boolean).length }
    if (rendered.size >= MAX_RENDERED) rendered.delete(rendered.keys().next().value!)
    rendered.set(key, value)
    return value
  }

  /** A list item's excerpt: the writer's, or the opening words; computed once per saved version. */
  const excerptKey = (post: PostRow) => `${post.id}:${post.modified_at}`

  function excerptOf(post: PostRow): string {
    const key = excerptKey(post)
    let text = excerpts.get(key)
    if (text === undefined) {
      text = texturize(post.excerpt ? htmlToText(post.excerpt) : autoExcerpt(post.content))
      if (excerpts.size >= MAX_RENDERED) excerpts.delete(excerpts.keys().next().value!)
      excerpts.set(key, text)
    }
    return text
  }

  /**
   * Views of many posts: what depends on the post alone (link, terms, image, title, excerpt, body) is kept per
   * post between requests, checked against the row's modified time and comment count, and dropped by the content
   * events that make it stale. Authors are kept too, until a user changes (`user.saved`). Views not kept are built
   * with one query per kind of data.
   */
  async function posts(rows: readonly PostRow[], { full = false, withoutContent = false } = {}): Promise<PostView[]> {
    if (!rows.length) return []
    const kept = full ? fullViews : listViews
    const missing = rows.filter((p) => !isCurrent(p, kept.get(p.id)))
    const built = missing.length ? await buildViews(missing, full, withoutContent) : new Map<number, KeptView>()
    return withAuthors(rows.map((post) => built.get(post.id) ?? kept.get(post.id)!))
  }

  /**
   * List views of the posts a list page found, from what an index holds of them (`posts.listHeads`): rows are read,
   * without their bodies and in one query, only for posts whose kept views are not current. Posts no longer
   * published are left out.
   */
  async function listed(heads: readonly PostHead[]): Promise<PostView[]> {
    if (!heads.length) return []
    const missing = heads.filter((h) => !isCurrent(h, listViews.get(h.id)))
    const rows = missing.length ? await services.posts.listedByIds(missing.map((h) => h.id)) : []
    const built = rows.length ? await buildViews(rows, false, true) : new Map<number, KeptView>()
    return withAuthors(heads.map((h) => built.get(h.id) ?? (isCurrent(h, listViews.get(h.id)) ? listViews.get(h.id) : undefined)).filter((v): v is KeptView => v !== undefined))
  }

  /**
   * List views of published posts by id, in that order (ids not published are left out). Kept views are trusted,
   * since every change to a post drops them; only the others are read.
   */
  async function publishedPostsById(ids: readonly number[]): Promise<PostView[]> {
    if (!ids.length) return []
    const unknown = ids.filter((id) => !listViews.has(id))
    const rows = unknown.length ? await db.selectFrom('posts').selectAll().where('id', 'in', unknown).where('status', '=', 'publish').execute() : []
    const built = rows.length ? await buildViews(rows, false) : new Map<number, KeptView>()
    return withAuthors(ids.map((id) => built.get(id) ?? listViews.get(id)).filter((v): v is KeptView => v !== undefined))
  }

  /**
   * The views with their authors: authors not kept yet are read in one query. A view and its author give the same
   * frozen object each time, until either changes.
   */
  async function withAuthors(entries: readonly KeptView[]): Promise<PostView[]> {
    const unknown = [...new Set(entries.map((e) => e.authorId).filter((id): id is number => id !== null && !authors.has(id)))]
    if (unknown.length) {
      const generation = authorGeneration
      const rows = await db.selectFrom('users').select(['id', 'login', 'display_name', 'description', 'url']).where('id', 'in', unknown).execute()
      const read = new Map<number, AuthorView | null>(unknown.map((id) => [id, null]))
      for (const a of rows) read.set(a.id, { id: a.id, name: a.display_name, slug: a.login, url: config.siteUrl + authorPath(a.login), bio: a.description, website: a.url })
      if (generation === authorGeneration) for (const [id, author] of read) authors.set(id, author)
      else return entries.map((entry) => deepFreeze({ ...entry.view, author: entry.authorId === null ? null : read.get(entry.authorId) ?? authors.get(entry.authorId) ?? null }))
    }
    return entries.map((entry) => {
      const author = entry.authorId === null ? null : authors.get(entry.authorId) ?? null
      const kept = withAuthor.get(entry)
      if (kept !== undefined && kept.author === author) return kept
      const view = deepFreeze({ ...entry.view, author })
      withAuthor.set(entry, view)
      return view
    })
  }

  /** Builds the author-less views of `rows` and keeps those of published posts, unless an event made them stale meanwhile. */
  async function buildViews(rows: readonly PostRow[], full: boolean, withoutContent = false): Promise<Map<number, KeptView>> {
    const generation = viewGeneration
    const ids = rows.map((p) => p.id)
    const mediaIds = [...new Set(rows.map((p) => p.featured_media_id).filter((id): id is number => id !== null))]
    // Rows read without their body: the body only for opening words not made yet.
    const needBodies = withoutContent ? rows.filter((p) => !p.excerpt && !excerpts.has(excerptKey(p))).map((p) => p.id) : []
    const [links, links2terms, images, byId, bodies] = await Promise.all([
      permalinks.linksFor(rows),
      db.selectFrom('post_terms').select(['post_id', 'term_id']).where('post_id', 'in', ids).execute(),
      media.byIds(mediaIds),
      allTerms(),
      needBodies.length ? db.selectFrom('posts').select(['id', 'content']).where('id', 'in', needBodies).execute() : [],
    ])
    const bodyOf = new Map(bodies.map((b) => [b.id, b.content]))
    const imagesById = new Map(images.map((m) => [m.id, m]))
    const termsOf = new Map<number, TermRow[]>()
    for (const { post_id, term_id } of links2terms) {
      const term = byId.get(term_id)
      if (term) termsOf.set(post_id, [...(termsOf.get(post_id) ?? []), term])
    }
    const kept = full ? fullViews : listViews
    const built = new Map<number, KeptView>()
    await Promise.all(rows.map(async (post) => {
      const terms = (termsOf.get(post.id) ?? []).sort((a, b) => a.name.localeCompare(b.name))
      const categories = terms.filter((t) => t.taxonomy === 'category').map((t) => termView(t, byId))
      const image = post.featured_media_id === null ? undefined : imagesById.get(post.featured_media_id)
      const body = full ? await readerContent(post) : null
      const view: PostView = {
        id: post.id,
        type: post.type,
        title: texturize(post.title),
        url: links.get(post.id)!,
        slug: post.slug,
        date: post.published_at,
        modified: post.modified_at,
        excerpt: excerptOf(bodyOf.has(post.id) ? { ...post, content: bodyOf.get(post.id)! } : post),
        author: null,
        categories,
        tags: terms.filter((t) => t.taxonomy === 'post_tag').map((t) => termView(t, byId)),
        primary_category: categories[0] ?? null,
        feature_image: image ? imageView(image) : null,
        comment_count: post.comment_count,
        comments_open: post.comment_status === 'open',
        sticky: post.sticky === 1,
        word_count: body?.words ?? 0,
        ...(body ? { content: body.html } : {}),
      }
      const entry = { view, authorId: post.author_id }
      built.set(post.id, entry)
      // Only published posts are kept (what cacheable pages show); drafts and previews are built each time.
      if (generation === viewGeneration && post.status === 'publish') {
        if (kept.size >= (full ? MAX_FULL_VIEWS : MAX_LIST_VIEWS)) kept.delete(kept.keys().next().value!)
        kept.set(post.id, entry)
      }
    }))
    return built
  }

  /** Approved comments as a thread, replies under their parents, at most `maxDepth` deep. */
  function commentThread(rows: readonly CommentRow[], maxDepth: number, render: (c: CommentRow) => string, avatar: (c: CommentRow) => string = () => ''): CommentView[] {
    const views = new Map<number, CommentView>()
    const roots: CommentView[] = []
    for (const row of rows) views.set(row.id, { id: row.id, author_name: row.author_name || 'Anonymous', author_url: row.author_url, date: row.created_at, content: render(row), depth: 1, can_reply: true, replies: [], avatar: avatar(row) })
    for (const row of rows) {
      const view = views.get(row.id)!
      const parent = row.parent_id === null ? undefined : views.get(row.parent_id)
      if (parent) parent.replies.push(view)
      else roots.push(view)
    }
    const setDepth = (list: CommentView[], depth: number) => {
      for (const c of list) {
        c.depth = depth
        c.can_reply = depth < maxDepth
        setDepth(c.replies, depth + 1)
      }
    }
    setDepth(roots, 1)
    return roots
  }

  /**
   * The navigation menus of the `menus` setting, with links resolved and the current page marked. The resolved
   * menus are kept until a post, term or the settings change (what `forgetViews` hears).
   */
  async function navigation(settings: Settings, currentUrl: string): Promise<Record<string, NavItemView[]>> {
    let menus = keptMenus?.settings === settings ? keptMenus.menus : undefined
    if (!menus) {
      const generation = viewGeneration
      const resolved = await resolveMenus(settings)
      menus = resolved.menus
      // Menus linking pages are resolved each time: another app server may move a page without telling this one.
      if (generation === viewGeneration && !resolved.linksPages) keptMenus = { settings, menus }
    }
    const mark = (items: NavItemView[]): NavItemView[] => items.map((item) => ({ ...item, current: item.url === currentUrl, children: mark(item.children) }))
    const marked: Record<string, NavItemView[]> = {}
    for (const name of Object.keys(menus)) marked[name] = mark(menus[name]!)
    return marked
  }

  async function resolveMenus(settings: Settings): Promise<{ menus: Record<string, NavItemView[]>; linksPages: boolean }> {
    const byId = await allTerms()
    const pageIds = new Set<number>()
    const collect = (items: MenuItem[]) => items.forEach((i) => { if (i.type === 'page' && i.target !== undefined) pageIds.add(Number(i.target)); collect(i.children ?? []) })
    for (const items of Object.values(settings.menus)) collect(items)
    const pages = pageIds.size ? await db.selectFrom('posts').selectAll().where('id', 'in', [...pageIds]).where('status', '=', 'publish').execute() : []
    const pageLinks = await permalinks.linksFor(pages)
    const resolve = (item: MenuItem): string | null => {
      if (item.type === 'home') return `${config.siteUrl}/`
      if (item.type === 'url') return String(item.target ?? '')
      if (item.type === 'page') return pageLinks.get(Number(item.target)) ?? null
      const term = [...byId.values()].find((t) => t.taxonomy === (item.type === 'tag' ? 'post_tag' : 'category') && (t.id === Number(item.target) || t.slug === item.target))
      return term ? config.siteUrl + termPath(term, byId, archiveBases) : null
    }
    const build = (items: MenuItem[]): NavItemView[] =>
      items.flatMap((item) => {
        const url = resolve(item)
        return url ? [{ label: item.label, url, current: false, children: build(item.children ?? []) }] : []
      })
    const menus = Object.fromEntries(Object.entries(settings.menus).map(([name, items]) => [name, build(items)]))
    // A site without a menu still gets one, as WordPress themes fall back: home and the busiest sections.
    if (!menus.primary?.length) {
      const sections = [...byId.values()].filter((t) => t.taxonomy === 'category' && t.parent_id === null && t.count > 0).sort((a, b) => b.count - a.count).slice(0, 7)
      menus.primary = build([{ label: 'Home', type: 'home' }, ...sections.map((t) => ({ label: t.name, type: 'category' as const, target: t.id }))])
    }
    return { menus, linksPages: pageIds.size > 0 }
  }

  /** Forgets what is kept between requests, after another process changed the database. */
  function forget(): void {
    termsIndex = null
    forgetViews()
    forgetAuthors()
    rendered.clear()
    excerpts.clear()
  }

  return { posts, listed, publishedPostsById, commentThread, navigation, allTerms, termView, imageView, readerContent, forget, bases: () => archiveBases }
}

export type Views = ReturnType<typeof createViews>

/** Freezes `value` and everything it holds (views are shared between requests: nothing may change them). */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}
