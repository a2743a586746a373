import type { PostRow, TermRow } from '../db/index.js'
import { avatarUrl, commentBodyHtml } from '../comments/index.js'
import { canEditPost, canReadPost } from '../content/index.js'
import type { Services } from '../services.js'
import type { Settings } from '../settings/index.js'
import type { Actor } from '../users/index.js'
import { createKeptLists } from './kept-lists.js'
import type { Renderer } from './render.js'
import { localRange, type Route } from './router.js'
import { descendants, siteSearchFilters } from './search-filters.js'
import type { PageResult } from './serve-page.js'
import { authorUrl, categorySlugs, categoryUrl, FEED_SUFFIX, tagUrl } from './feeds/urls.js'
import { authorPath, authorSlug, pagedPath, termPath } from './urls.js'
import { type CommentView, deepFreeze, type PostView, type Views } from './views.js'

const HTML = 'text/html; charset=utf-8'
const MAX_THREADS_KEPT = 2000
/** List totals kept (one per archive asked for: date archives are many). */
const MAX_TOTALS_KEPT = 1000
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

export interface Pagination {
  page: number
  pages: number
  total: number
  limit: number
  prev: number | null
  next: number | null
  prev_url: string | null
  next_url: string | null
}

function pagination(base: string, page: number, total: number, limit: number, siteUrl: string, query = ''): Pagination {
  const pages = Math.max(1, Math.ceil(total / limit))
  const url = (n: number) => siteUrl + pagedPath(base, n) + query
  return {
    page, pages, total, limit,
    prev: page > 1 ? page - 1 : null,
    next: page < pages ? page + 1 : null,
    prev_url: page > 1 ? url(page - 1) : null,
    next_url: page < pages ? url(page + 1) : null,
  }
}

/** Builds each kind of public page from the domain services, the views and the theme. */
export function createPages(services: Services, views: Views, renderer: Renderer) {
  const { posts, settings, config, handle } = services
  const siteUrl = config.siteUrl
  const reader: Actor = { kind: 'anonymous' }
  const threads = new Map<number, { count: number; thread: CommentView[] }>()
  let threadGeneration = 0
  // How many published posts each list has (its pagination), by its query: counting a large archive walks its
  // whole index.
  const totals = createKeptLists<number>(services.events, MAX_TOTALS_KEPT)
  services.events.on((event) => {
    if (event.type === 'comment.saved' || event.type === 'comment.deleted') {
      threadGeneration++
      threads.delete(event.comment.post_id)
    } else if (event.type === 'settings.saved' || event.type === 'external.changed') {
      threadGeneration++
      threads.clear()
    }
  })

  async function listPage(input: {
    route: Extract<Route, { page: number }>
    base: string
    query?: string
    title: string
    description: string
    data: Record<string, unknown>
    context: Parameters<Renderer['render']>[0]['context']
    list: Omit<Parameters<typeof posts.list>[0], 'page' | 'perPage'>
    breadcrumbs?: { name: string; url: string }[]
    feed?: { title: string; url: string }
    /** For term archives: whether to find the posts down to `depth` by walking the listing (`PostQuery.termsDense`). */
    termsDense?: (depth: number) => boolean
  }): Promise<PageResult | null> {
    const all = await settings.all()
    const key = JSON.stringify(input.list)
    const since = totals.generation
    const known = totals.get(key)
    const termsDense = input.termsDense?.(input.route.page * all.posts_per_page) ?? false
    // What an index holds of the page's posts: their rows are read (without bodies) only when their views are not kept.
    const { heads, total } = await posts.listHeads({ ...input.list, termsDense, page: input.route.page, perPage: all.posts_per_page, total: known }, reader)
    if (known === undefined) totals.set(key, total, since)
    if (input.route.page > 1 && !heads.length) return null
    const paging = pagination(input.base, input.route.page, total, all.posts_per_page, siteUrl, input.query)
    const canonical = siteUrl + pagedPath(input.base, input.route.page) + (input.query ?? '')
    const title = input.route.page > 1 ? `${input.title} – Page ${input.route.page}` : input.title
    const body = await renderer.render({
      context: input.context,
      url: canonical,
      title,
      description: input.description,
      paged: input.route.page > 1,
      head: { prev: paging.prev_url, next: paging.next_url, breadcrumbs: input.breadcrumbs, noindex: input.context.kind === 'search' },
      feed: input.feed,
      data: { ...input.data, posts: await views.listed(heads), pagination: paging },
    })
    return { type: HTML, body, tags: ['lists'], lastModified: heads[0] ? new Date(heads[0].modified_at) : undefined }
  }

  async function home(route: Extract<Route, { kind: 'home' }>): Promise<PageResult | null> {
    const all = await settings.all()
    return listPage({
      route, base: '/', title: route.page > 1 ? all.title : `${all.title} – ${all.tagline}`, description: all.tagline,
      context: { kind: 'home', paged: route.page > 1 }, data: {}, list: { stickyFirst: route.page === 1 },
    })
  }

  async function termArchive(route: Extract<Route, { kind: 'category' | 'tag' }>): Promise<PageResult | null> {
    const byId = await views.allTerms()
    const taxonomy = route.kind === 'category' ? 'category' : 'post_tag'
    const slug = route.kind === 'category' ? route.slugs.at(-1)! : route.slug
    const term = [...byId.values()].find((t) => t.taxonomy === taxonomy && t.slug === slug)
    if (!term) return null
    const base = termPath(term, byId, views.bases())
    // A category archive shows its subcategories' posts too, as WordPress's does.
    const termIds = taxonomy === 'category' ? descendants(term.id, byId) : [term.id]
    const view = views.termView(term, byId)
    const label = route.kind === 'category' ? 'Category' : 'Tag'
    // Feeds are routed under the default bases (see feeds/urls.ts), whatever the archive's own base.
    const archiveFeed = route.kind === 'category' ? categoryUrl(siteUrl, categorySlugs(term, byId)) : tagUrl(siteUrl, term.slug)
    return listPage({
      route, base, title: `${view.name} – ${(await settings.all()).title}`, description: term.description || `${label}: ${term.name}`,
      context: { kind: route.kind, slug: term.slug, id: term.id },
      data: { term: view, archive: { kind: route.kind, title: view.name, label, description: term.description } },
      list: { termIds },
      feed: { title: `${view.name} ${label} Feed`, url: archiveFeed + FEED_SUFFIX.rss },
      breadcrumbs: [{ name: 'Home', url: `${siteUrl}/` }, { name: view.name, url: view.url }],
      termsDense: (depth) => isDense(termIds, depth, byId),
    })
  }

  async function authorArchive(route: Extract<Route, { kind: 'author' }>): Promise<PageResult | null> {
    const user = await authorBySlug(route.login)
    if (!user) return null
    const author = { id: user.id, name: user.display_name, slug: user.login, url: siteUrl + authorPath(user.login), bio: user.description, website: user.url }
    return listPage({
      route, base: authorPath(user.login), title: `${user.display_name} – ${(await settings.all()).title}`, description: user.description || `Articles by ${user.display_name}`,
      context: { kind: 'author', login: user.login, id: user.id },
      data: { author, archive: { kind: 'author', title: user.display_name, label: 'Author', description: user.description } },
      list: { authorId: user.id },
      feed: { title: `Posts by ${user.display_name} Feed`, url: authorUrl(siteUrl, user.login) + FEED_SUFFIX.rss },
    })
  }

  async function dateArchive(route: Extract<Route, { kind: 'date' }>): Promise<PageResult | null> {
    const all = await settings.all()
    const { from, to } = localRange(all.timezone, route.year, route.month, route.day)
    const title = [route.day, route.month ? MONTHS[route.month - 1] : undefined, route.year].filter(Boolean).join(' ')
    const base = `/${route.year}/${route.month ? `${String(route.month).padStart(2, '0')}/` : ''}${route.day ? `${String(route.day).padStart(2, '0')}/` : ''}`
    return listPage({
      route, base, title: `${title} – ${all.title}`, description: `Articles from ${title}`,
      context: { kind: 'date' }, data: { archive: { kind: 'date', title, label: 'Archive', description: '' } },
      list: { publishedFrom: from, publishedTo: to },
    })
  }

  /** A post or page: its content, byline, terms, featured image, related posts and the discussion. */
  async function singular(post: PostRow, actor: Actor, query: Record<string, string | undefined>): Promise<PageResult> {
    const all = await settings.all()
    const [kept] = await views.posts([post], { full: true })
    const protectedContent = post.password !== '' && !canEditPost(actor, post)
    // Views are shared between requests (frozen): a protected post's body is replaced in a copy.
    const view = protectedContent ? { ...kept!, content: '<p class="post-password-required">This content is password protected.</p>' } : kept
    const related = post.type === 'post' ? await relatedPosts(post, all) : []
    const comments = await commentsFor(post, all)
    const replyTo = Number(query.replytocom) || null
    const byId = await views.allTerms()
    const breadcrumbs = [{ name: 'Home', url: `${siteUrl}/` }]
    const category = view!.primary_category ? byId.get(view!.primary_category.id) : undefined
    if (category) breadcrumbs.push({ name: view!.primary_category!.name, url: siteUrl + termPath(category, byId, views.bases()) })
    breadcrumbs.push({ name: view!.title, url: view!.url })
    const body = await renderer.render({
      context: { kind: 'single', type: post.type, slug: post.slug, id: post.id },
      url: view!.url,
      title: `${view!.title} – ${all.title}`,
      description: view!.excerpt,
      head: { post: view, breadcrumbs, noindex: post.status !== 'publish' },
      // A published post's comments have a feed at its address + feed/, as in WordPress (not for ?p= links).
      feed: post.status === 'publish' && view!.url.endsWith('/') && (view!.comments_open || post.comment_count > 0)
        ? { title: `${view!.title} Comments Feed`, url: view!.url + FEED_SUFFIX.rss }
        : undefined,
      data: {
        post: { ...view, related, comments },
        related,
        comments,
        // Open by the post's own setting and the site's rules (closed after N days, protected posts).
        comment_form: !protectedContent && (await services.comments.isOpen(post)) ? commentForm(post, all, replyTo) : null,
      },
    })
    return { type: HTML, body, tags: [`post:${post.id}`, ...related.map((r) => `post:${r.id}`)], lastModified: new Date(post.modified_at) }
  }

  /**
   * "Read Also": the posts the search module found most related to this one (stored at publish; published only;
   * kept in memory by the search module until a list changes or any post is saved).
   */
  async function relatedPosts(post: PostRow, all: Settings): Promise<PostView[]> {
    if (!all.related_posts_count) return []
    const ids = await services.search.relatedIds(post.id, all.related_posts_count)
    return views.publishedPostsById(ids)
  }

  /**
   * The approved comments as a thread, with their bodies rendered: kept per post (published ones) until one of
   * its comments or the settings change. Kept threads are frozen: templates only read them.
   */
  async function commentsFor(post: PostRow, all: Settings): Promise<CommentView[]> {
    if (post.type !== 'post' && post.comment_count === 0) return []
    const kept = threads.get(post.id)
    if (kept !== undefined && kept.count === post.comment_count) return kept.thread
    const generation = threadGeneration
    const rows = await services.comments.approvedFor(post.id)
    const thread = views.commentThread(rows, all.thread_comments ? all.thread_comments_depth : 1, commentBodyHtml, (c) => (all.show_avatars ? avatarUrl(c, siteUrl) : ''))
    if (generation === threadGeneration && post.status === 'publish') {
      if (threads.size >= MAX_THREADS_KEPT) threads.delete(threads.keys().next().value!)
      threads.set(post.id, { count: post.comment_count, thread: deepFreeze(thread) })
    }
    return thread
  }

  function commentForm(post: PostRow, all: Settings, replyTo: number | null) {
    return {
      action: `${siteUrl}/wp-comments-post.php`,
      post_id: post.id,
      parent: replyTo ?? 0,
      replying: replyTo !== null,
      require_name_email: all.require_name_email,
      cancel_url: '#respond',
    }
  }

  /** `query`: the request's query variables; WordPress's filters among them narrow the search (search-filters.ts). */
  async function search(route: Extract<Route, { kind: 'search' }>, query: Record<string, unknown> = {}): Promise<PageResult | null> {
    const all = await settings.all()
    // Cut at 200 UTF-16 units, never inside a surrogate pair (half an emoji cannot be put in a URL).
    const q = route.query.trim().slice(0, 200).replace(/[\uD800-\uDBFF]$/, '')
    const narrowed = await siteSearchFilters(query, { terms: await views.allTerms(), authorBySlug, authorsById, timezone: all.timezone })
    // Ranked by the search module (BM25, phrases, -exclusions, prefixes); snippets are escaped text with <mark> only.
    const found = q && !narrowed.none ? await services.search.search({ ...narrowed.filters, query: q, page: route.page, perPage: all.posts_per_page, snippets: true }, reader) : null
    const total = found?.total ?? 0
    const rows = found?.posts ?? []
    if (route.page > 1 && !rows.length) return null
    const base = `/search/${encodeURIComponent(q)}/`
    const paging = pagination(base, route.page, total, all.posts_per_page, siteUrl, narrowed.query)
    const within = narrowed.within.join(', ')
    const body = await renderer.render({
      context: { kind: 'search' }, url: siteUrl + pagedPath(base, route.page) + narrowed.query,
      title: q ? `Search results for “${q}”${within ? ` ${within}` : ''} – ${all.title}` : `Search – ${all.title}`,
      description: `Search results for ${q}`, paged: route.page > 1, head: { noindex: true, prev: paging.prev_url, next: paging.next_url },
      data: { posts: (await views.posts(rows)).map((v) => ({ ...v, snippet: found?.snippets.get(v.id) ?? '' })), pagination: paging, search: { query: q, within, filtered: narrowed.query !== '', everywhere_url: siteUrl + base, total, capped: found?.capped ?? false } },
    })
    return { type: HTML, body, tags: ['lists'] }
  }

  /** An author by the slug of their archive (`/author/<slug>/`): their login, or the slug made of an email login. */
  async function authorBySlug(slug: string) {
    const columns = ['id', 'login', 'display_name', 'description', 'url'] as const
    const byLogin = slug.includes('@') ? undefined : await handle.db.selectFrom('users').select(columns).where('login', '=', slug).executeTakeFirst()
    // Logins that are email addresses are published only as their slug: find them by it.
    return byLogin ?? (await handle.db.selectFrom('users').select(columns).where('login', 'like', '%@%').execute()).find((u) => authorSlug(u.login) === slug)
  }

  const authorsById = (ids: readonly number[]) => handle.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).orderBy('id').execute()

  async function notFound(status = 404, message = 'Sorry, the page you were looking for could not be found.'): Promise<PageResult> {
    const all = await settings.all()
    const body = await renderer.render({
      context: { kind: 'error', status }, url: `${siteUrl}/`, title: `Page not found – ${all.title}`, description: message,
      head: { noindex: true }, data: { error: { status, message } },
    })
    return { status, type: HTML, body, tags: ['lists'] }
  }

  return {
    home, termArchive, authorArchive, dateArchive, singular, search, notFound,
    canRead: (actor: Actor, post: PostRow) => canReadPost(actor, post) && post.status !== 'trash',
  }
}

/**
 * Whether the posts of `termIds` down to `depth` are found faster by walking the listing newest first, testing each
 * post's terms, than by collecting all their posts first: when that walk (about depth × all / count entries, each
 * an index lookup costing about four times what collecting one post does, measured on SQLite at 10,000 posts) is
 * shorter than a quarter of the archive (`count`). Estimated from the terms' published-post counts (every post
 * has a category).
 */
function isDense(termIds: readonly number[], depth: number, byId: ReadonlyMap<number, TermRow>): boolean {
  let count = 0
  let all = 0
  for (const id of termIds) count += byId.get(id)?.count ?? 0
  for (const t of byId.values()) if (t.taxonomy === 'category') all += t.count
  return 4 * depth * all < count * count
}

export type Pages = ReturnType<typeof createPages>
