import type { PostRow, TermRow } from '../db/index.js'
import { avatarUrl, commentBodyHtml } from '../comments/index.js'
import { canEditPost, canReadPost } from '../content/index.js'
import type { Services } from '../services.js'
import type { Settings } from '../settings/index.js'
import type { Actor } from '../users/index.js'
import { createKeptLists } from './kept-lists.js'
import type { Renderer } from './render.js'
import { localRange, type Route } from './router.js'
import type { PageResult } from './serve-page.js'
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
  }): Promise<PageResult | null> {
    const all = await settings.all()
    const key = JSON.stringify(input.list)
    const since = totals.generation
    const known = totals.get(key)
    // Without the posts' bodies: list views keep their excerpts (a body is read again only to make one).
    const { posts: rows, total } = await posts.list({ ...input.list, page: input.route.page, perPage: all.posts_per_page, withoutContent: true, total: known }, reader)
    if (known === undefined) totals.set(key, total, since)
    if (input.route.page > 1 && !rows.length) return null
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
      data: { ...input.data, posts: await views.posts(rows, { withoutContent: true }), pagination: paging },
    })
    return { type: HTML, body, tags: ['lists'], lastModified: rows[0] ? new Date(rows[0].modified_at) : undefined }
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
    return listPage({
      route, base, title: `${view.name} – ${(await settings.all()).title}`, description: term.description || `${label}: ${term.name}`,
      context: { kind: route.kind, slug: term.slug, id: term.id },
      data: { term: view, archive: { kind: route.kind, title: view.name, label, description: term.description } },
      list: { termIds },
      breadcrumbs: [{ name: 'Home', url: `${siteUrl}/` }, { name: view.name, url: view.url }],
    })
  }

  async function authorArchive(route: Extract<Route, { kind: 'author' }>): Promise<PageResult | null> {
    const columns = ['id', 'login', 'display_name', 'description', 'url'] as const
    const byLogin = route.login.includes('@') ? undefined : await handle.db.selectFrom('users').select(columns).where('login', '=', route.login).executeTakeFirst()
    // Logins that are email addresses are published only as their slug: find them by it.
    const user = byLogin ?? (await handle.db.selectFrom('users').select(columns).where('login', 'like', '%@%').execute()).find((u) => authorSlug(u.login) === route.login)
    if (!user) return null
    const author = { id: user.id, name: user.display_name, slug: user.login, url: siteUrl + authorPath(user.login), bio: user.description, website: user.url }
    return listPage({
      route, base: authorPath(user.login), title: `${user.display_name} – ${(await settings.all()).title}`, description: user.description || `Articles by ${user.display_name}`,
      context: { kind: 'author', login: user.login, id: user.id },
      data: { author, archive: { kind: 'author', title: user.display_name, label: 'Author', description: user.description } },
      list: { authorId: user.id },
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

  async function search(route: Extract<Route, { kind: 'search' }>): Promise<PageResult | null> {
    const all = await settings.all()
    const q = route.query.trim().slice(0, 200)
    // Ranked by the search module (BM25, phrases, -exclusions, prefixes); snippets are escaped text with <mark> only.
    const found = q ? await services.search.search({ query: q, page: route.page, perPage: all.posts_per_page, snippets: true }, reader) : null
    const total = found?.total ?? 0
    const rows = found?.posts ?? []
    if (route.page > 1 && !rows.length) return null
    const base = `/search/${encodeURIComponent(q)}/`
    const paging = pagination(base, route.page, total, all.posts_per_page, siteUrl)
    const body = await renderer.render({
      context: { kind: 'search' }, url: siteUrl + pagedPath(base, route.page), title: `Search results for “${q}” – ${all.title}`,
      description: `Search results for ${q}`, paged: route.page > 1, head: { noindex: true, prev: paging.prev_url, next: paging.next_url },
      data: { posts: (await views.posts(rows)).map((v) => ({ ...v, snippet: found?.snippets.get(v.id) ?? '' })), pagination: paging, search: { query: q, total, capped: found?.capped ?? false } },
    })
    return { type: HTML, body, tags: ['lists'] }
  }

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

function descendants(id: number, byId: ReadonlyMap<number, TermRow>): number[] {
  const out = [id]
  for (let i = 0; i < out.length; i++) for (const t of byId.values()) if (t.parent_id === out[i] && !out.includes(t.id)) out.push(t.id)
  return out
}

export type Pages = ReturnType<typeof createPages>
