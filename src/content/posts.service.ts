import { type Db, inTransaction as withTransaction, type PostRow, type PostUpdate, type RevisionRow } from '../db/index.js'
import type { SettingsService } from '../settings/index.js'
import type { Clock } from '../shared/clock.js'
import { toIso } from '../shared/clock.js'
import { DomainError, invalid } from '../shared/errors.js'
import { createEvents, type Events } from '../shared/events.js'
import { type Actor, actorUserId, can, requireCapability } from '../users/index.js'
import { invalidStatus, invalidTransition, postNotFound } from './errors.js'
import { renderContent } from './markup.js'
import {
  canDeletePost, canEditPost, canReadPost, capabilityFor, isPostStatus, isPostType,
  PUBLISHING_STATUSES, readableStatuses, WRITABLE_STATUSES,
} from './post-rules.js'
import { createPostsRepo, type PostHead, type PostQuery, type PostsRepo } from './posts.repo.js'
import { cleanSlug, slugify, uniqueSlug } from './slugs.js'
import { createTermsRepo, type TermsRepo } from './terms.repo.js'
import type { TermsService } from './terms.service.js'

export interface PostInput {
  type?: string
  title?: string
  content?: string
  format?: string
  excerpt?: string
  status?: string
  slug?: string
  authorId?: number | null
  parentId?: number | null
  featuredMediaId?: number | null
  password?: string
  publishedAt?: Date | string | null
  commentStatus?: string
  sticky?: boolean
  menuOrder?: number
  categories?: readonly (string | number)[]
  tags?: readonly (string | number)[]
  /** When it was first written and last changed (default: now), for importers that bring a post's history. */
  createdAt?: Date | string
  modifiedAt?: Date | string
  /** Leaves the terms' post counts to the caller, who recounts once (`terms.recount`) after a bulk import. */
  deferTermCounts?: boolean
  /** Creates the post without a first revision: an importer's post has no history here (WordPress's importer makes none). */
  noRevision?: boolean
}

export const LIMITS = { title: 1000, excerpt: 20_000, content: 5_000_000, password: 255 } as const

export interface PostListQuery {
  type?: string
  status?: string | readonly string[]
  authorId?: number
  termId?: number
  termIds?: readonly number[]
  /** See `PostQuery.termsDense`: how to find the posts of `termIds`, the same posts either way. */
  termsDense?: boolean
  publishedFrom?: string
  publishedTo?: string
  excludeIds?: readonly number[]
  page?: number
  perPage?: number
  orderBy?: PostQuery['orderBy']
  order?: 'asc' | 'desc'
  stickyFirst?: boolean
  /** Rows without their body (`content` and `content_source` empty): for lists that keep their excerpts. */
  withoutContent?: boolean
  /** Skips this many posts instead of whole pages (the REST API's `offset`). */
  offset?: number
  /** How many posts the query matches, when the caller kept it from an earlier answer: not counted again. */
  total?: number
  /** The REST API's filters, passed to the repository as they are. */
  filters?: Pick<PostQuery, 'search' | 'includeIds' | 'slugs' | 'authorIds' | 'authorExcludeIds' | 'parentIds' | 'parentExcludeIds' | 'sticky' | 'menuOrder' | 'termGroups' | 'excludeTermIds' | 'modifiedFrom' | 'modifiedTo'>
}

export interface PostsDeps {
  db: Db
  clock: Clock
  settings: SettingsService
  terms: TermsService
  events?: Events
}

export function createPostsService({ db, clock, settings, terms, events = createEvents() }: PostsDeps) {
  const posts = createPostsRepo(db)

  /** A write's repositories, bound to one transaction. */
  const inTransaction = <T>(work: (r: { posts: PostsRepo; terms: TermsRepo }) => Promise<T>) =>
    withTransaction(db, (trx) => work({ posts: createPostsRepo(trx), terms: createTermsRepo(trx) }))

  async function get(id: number, actor: Actor): Promise<PostRow> {
    const post = await posts.findById(id)
    // A post the actor may not see looks like a missing one.
    if (!post || !canReadPost(actor, post)) throw postNotFound(id)
    return post
  }

  async function create(input: PostInput, actor: Actor): Promise<PostRow> {
    const type = input.type ?? 'post'
    if (!isPostType(type)) throw invalid('invalid_post_type', `Unknown post type "${type}": use post or page.`, { type })
    requireCapability(actor, capabilityFor(type, 'edit'))
    const now = clock.now()
    const fields = checkFields(input)
    const authorId = await chooseAuthor(input.authorId, actor, type)
    const requested = input.status ?? 'draft'
    if (requested === 'trash') throw invalidTransition('new', 'trash', 'only an existing post can be trashed.')
    const { status, publishedAt } = schedule(requested, input.publishedAt, null, now)
    if (PUBLISHING_STATUSES.includes(status)) requireCapability(actor, capabilityFor(type, 'publish'), `Sorry, you are not allowed to publish ${type}s: submit it for review instead.`)
    if (input.sticky) checkSticky(type, actor)
    await checkRelations(type, input, null)
    const format = input.format ?? 'html'
    const source = input.content ?? ''
    const content = renderContent(source, format, can(actor, 'unfiltered_html'))
    const excerpt = input.excerpt === undefined ? '' : renderContent(input.excerpt, 'html', can(actor, 'unfiltered_html'))
    const defaultCommentStatus = type === 'post' ? await settings.get('default_comment_status') : 'closed'

    const created = await inTransaction(async (r) => {
      const base = (input.slug ? cleanSlug(input.slug) : slugify(fields.title ?? '')) || type
      const slug = await uniqueSlug(base, (s) => r.posts.slugTaken(type, s))
      const post = await r.posts.insert({
        type,
        title: fields.title ?? '',
        slug,
        content,
        content_source: source,
        content_format: format,
        excerpt,
        status,
        author_id: authorId,
        parent_id: input.parentId ?? null,
        featured_media_id: input.featuredMediaId ?? null,
        password: fields.password ?? '',
        published_at: publishedAt,
        created_at: input.createdAt === undefined ? toIso(now) : toDateIso(input.createdAt),
        modified_at: input.modifiedAt === undefined ? toIso(now) : toDateIso(input.modifiedAt),
        comment_status: fields.commentStatus ?? defaultCommentStatus,
        sticky: input.sticky ? 1 : 0,
        menu_order: fields.menuOrder ?? 0,
        comment_count: 0,
      })
      const termIds = await chooseTerms(r.terms, type, null, input, actor)
      await r.terms.addPostTerms(post.id, termIds ?? [])
      if (!input.deferTermCounts) await r.terms.recount(termIds ?? [])
      if (!input.noRevision) await r.posts.insertRevision(revisionOf(post, actorUserId(actor) ?? authorId, now))
      return post
    })
    await events.emit({ type: 'post.saved', post: created, previous: null })
    return created
  }

  async function update(id: number, input: PostInput, actor: Actor, { revision = true }: { revision?: boolean } = {}): Promise<PostRow> {
    const post = await get(id, actor)
    if (!canEditPost(actor, post)) throw new DomainError('forbidden', 'cannot_edit_post', 'Sorry, you are not allowed to edit this post.', { id })
    if (post.status === 'trash') throw invalidTransition('trash', input.status ?? post.status, 'restore it from the trash first.')
    if (input.type !== undefined && input.type !== post.type) throw invalid('invalid_post_type', 'The type of a post cannot change.')
    if (input.status === 'trash') throw invalidTransition(post.status, 'trash', 'trash it instead of setting the status.')
    const now = clock.now()
    const fields = checkFields(input)
    const changes: PostUpdate = {}
    if (input.authorId !== undefined && input.authorId !== post.author_id) changes.author_id = await chooseAuthor(input.authorId, actor, post.type)
    const { status, publishedAt } = schedule(input.status ?? post.status, input.publishedAt, post.published_at, now)
    if (status !== post.status || publishedAt !== post.published_at) {
      if (PUBLISHING_STATUSES.includes(status) && !PUBLISHING_STATUSES.includes(post.status)) {
        requireCapability(actor, capabilityFor(post.type, 'publish'), `Sorry, you are not allowed to publish ${post.type}s: submit it for review instead.`)
      }
      changes.status = status
      changes.published_at = publishedAt
    }
    if (input.sticky !== undefined && (input.sticky ? 1 : 0) !== post.sticky) {
      checkSticky(post.type, actor)
      changes.sticky = input.sticky ? 1 : 0
    }
    await checkRelations(post.type, input, post.id)
    const unfiltered = can(actor, 'unfiltered_html')
    if (fields.title !== undefined) changes.title = fields.title
    if (input.content !== undefined || input.format !== undefined) {
      changes.content_source = input.content ?? post.content_source
      changes.content_format = input.format ?? post.content_format
      changes.content = renderContent(changes.content_source, changes.content_format, unfiltered)
    }
    if (input.excerpt !== undefined) changes.excerpt = renderContent(input.excerpt, 'html', unfiltered)
    if (input.parentId !== undefined) changes.parent_id = input.parentId
    if (input.featuredMediaId !== undefined) changes.featured_media_id = input.featuredMediaId
    if (fields.password !== undefined) changes.password = fields.password
    if (fields.commentStatus !== undefined) changes.comment_status = fields.commentStatus
    if (fields.menuOrder !== undefined) changes.menu_order = fields.menuOrder

    const saved = await inTransaction(async (r) => {
      if (input.slug !== undefined) {
        const slug = cleanSlug(input.slug) || slugify(changes.title ?? post.title) || post.type
        if (slug !== post.slug) {
          changes.slug = await uniqueSlug(slug, (s) => r.posts.slugTaken(post.type, s, post.id))
          // Readers and search engines may know the old address of a published post: remember it for a redirect.
          if (post.status === 'publish') await r.posts.rememberOldSlug(post.id, post.type, post.slug, toIso(now))
        }
      }
      changes.modified_at = input.modifiedAt === undefined ? toIso(now) : toDateIso(input.modifiedAt)
      const updated = await r.posts.update(post.id, changes)
      const oldTermIds = await r.terms.termIdsOf(post.id)
      const newTermIds = await chooseTerms(r.terms, post.type, post.id, input, actor)
      if (newTermIds) await r.terms.setPostTerms(post.id, newTermIds)
      if (newTermIds || updated.status !== post.status) await r.terms.recount([...new Set([...oldTermIds, ...(newTermIds ?? [])])])
      // Compared with the last revision, not the post before: autosaves may have changed the post without one.
      const last = revision ? await r.posts.latestRevision(post.id) : undefined
      if (revision && (!last || updated.title !== last.title || updated.content !== last.content || updated.excerpt !== last.excerpt)) {
        await r.posts.insertRevision(revisionOf(updated, actorUserId(actor) ?? updated.author_id, now))
      }
      // Saved for real: the saver's autosave is history now.
      await r.posts.deleteAutosave(post.id, actorUserId(actor))
      return updated
    })
    await events.emit({ type: 'post.saved', post: saved, previous: post })
    return saved
  }

  const publish = (id: number, actor: Actor) => update(id, { status: 'publish' }, actor)

  async function trash(id: number, actor: Actor): Promise<PostRow> {
    const post = await get(id, actor)
    if (post.status === 'trash') return post
    if (!canDeletePost(actor, post)) throw new DomainError('forbidden', 'cannot_delete_post', 'Sorry, you are not allowed to move this post to the trash.', { id })
    return setStatus(post, 'trash')
  }

  /** Out of the trash as a draft, as WordPress 5.6+ restores. */
  async function restore(id: number, actor: Actor): Promise<PostRow> {
    const post = await get(id, actor)
    if (post.status !== 'trash') throw invalidTransition(post.status, 'draft', 'only a trashed post can be restored.')
    if (!canDeletePost(actor, post)) throw new DomainError('forbidden', 'cannot_delete_post', 'Sorry, you are not allowed to restore this post.', { id })
    return setStatus(post, 'draft')
  }

  async function setStatus(post: PostRow, status: string): Promise<PostRow> {
    const updated = await inTransaction(async (r) => {
      const row = await r.posts.update(post.id, { status, modified_at: toIso(clock.now()) })
      await r.terms.recount(await r.terms.termIdsOf(post.id))
      return row
    })
    await events.emit({ type: 'post.saved', post: updated, previous: post })
    return updated
  }

  /** Deletes for good, with revisions, comments and term links. */
  async function remove(id: number, actor: Actor): Promise<PostRow> {
    const post = await get(id, actor)
    if (!canDeletePost(actor, post)) throw new DomainError('forbidden', 'cannot_delete_post', 'Sorry, you are not allowed to delete this post.', { id })
    await inTransaction(async (r) => {
      const termIds = await r.terms.termIdsOf(post.id)
      await r.posts.delete(post.id)
      await r.terms.recount(termIds)
    })
    await events.emit({ type: 'post.deleted', post })
    return post
  }

  async function list(query: PostListQuery, actor: Actor): Promise<{ posts: PostRow[]; total: number }> {
    const { q, perPage, offset } = listQuery(query, actor)
    const [rows, total] = await Promise.all([posts.list({ ...q, limit: perPage, offset }), query.total ?? posts.count(q)])
    return { posts: rows, total }
  }

  /**
   * A page of the list as `list` finds it, as ids, modified times and comment counts only (read from an index):
   * for pages that keep their posts' views and read rows only for those not kept (`listedByIds`).
   */
  async function listHeads(query: PostListQuery, actor: Actor): Promise<{ heads: PostHead[]; total: number }> {
    const { q, perPage, offset } = listQuery(query, actor)
    const [heads, total] = await Promise.all([posts.listHeads({ ...q, limit: perPage, offset }), query.total ?? posts.count(q)])
    return { heads, total }
  }

  /** What the actor may list of `query`, and the page asked for. */
  function listQuery(query: PostListQuery, actor: Actor): { q: PostQuery; perPage: number; offset: number } {
    const type = query.type ?? 'post'
    const requested = query.status === undefined ? ['publish'] : typeof query.status === 'string' ? [query.status] : [...query.status]
    for (const s of requested) if (!isPostStatus(s)) throw invalidStatus(s)
    const { all, own } = readableStatuses(actor, type)
    const trashAllowed = can(actor, capabilityFor(type, 'delete_others'))
    const statuses = requested.filter((s) => all.includes(s) || (s === 'trash' && trashAllowed))
    const ownStatuses = requested.filter((s) => own.includes(s) || s === 'trash')
    const userId = actorUserId(actor)
    const perPage = Math.min(Math.max(query.perPage ?? 10, 1), 1000)
    const page = Math.max(query.page ?? 1, 1)
    const q: PostQuery = {
      type,
      statuses,
      orOwnedBy: userId !== null && ownStatuses.length ? { userId, statuses: ownStatuses } : undefined,
      authorId: query.authorId,
      termId: query.termId,
      termIds: query.termIds,
      termsDense: query.termsDense,
      publishedFrom: query.publishedFrom,
      publishedTo: query.publishedTo,
      excludeIds: query.excludeIds,
      orderBy: query.orderBy,
      order: query.order,
      stickyFirst: query.stickyFirst,
      withoutContent: query.withoutContent,
      ...query.filters,
    }
    const offset = query.offset !== undefined ? Math.max(query.offset, 0) + (page - 1) * perPage : (page - 1) * perPage
    return { q, perPage, offset }
  }

  async function revisions(id: number, actor: Actor) {
    const post = await get(id, actor)
    if (!canEditPost(actor, post)) throw new DomainError('forbidden', 'cannot_read_revisions', 'Sorry, you are not allowed to see the revisions of this post.', { id })
    return posts.findRevisions(id)
  }

  /** Deletes one saved version of a post, for those who may edit and delete the post (WordPress's `delete_post` on a revision). */
  async function removeRevision(id: number, revisionId: number, actor: Actor): Promise<RevisionRow> {
    const post = await get(id, actor)
    if (!canDeletePost(actor, post)) throw new DomainError('forbidden', 'cannot_delete_post', 'Sorry, you are not allowed to delete revisions of this post.', { id })
    const revision = (await revisions(id, actor)).find((r) => r.id === revisionId)
    if (!revision) throw new DomainError('not_found', 'revision_not_found', `Revision ${revisionId} not found`, { id: revisionId })
    await posts.deleteRevision(id, revisionId)
    return revision
  }

  /**
   * WordPress's autosave: a draft its own author is writing is simply updated; any other post (a published one,
   * or someone else's draft) keeps its words, and the text goes to the person's one autosave of it, replaced by
   * the next. No revision is made and readers see nothing until the post is saved for real.
   */
  async function autosave(id: number, input: Pick<PostInput, 'title' | 'content' | 'excerpt'>, actor: Actor): Promise<RevisionRow> {
    const post = await get(id, actor)
    if (!canEditPost(actor, post)) throw new DomainError('forbidden', 'cannot_edit_post', 'Sorry, you are not allowed to edit this post.', { id })
    if (post.status === 'trash') throw invalidTransition('trash', 'autosave', 'restore it from the trash first.')
    const fields = checkFields(input)
    const userId = actorUserId(actor)
    if (post.status === 'draft' && userId !== null && post.author_id === userId) {
      // As WordPress skips revisions while DOING_AUTOSAVE: a draft's history is its deliberate saves.
      const saved = await update(id, { title: input.title, content: input.content, excerpt: input.excerpt }, actor, { revision: false })
      return { id: saved.id, post_id: saved.id, author_id: saved.author_id, title: saved.title, content: saved.content, content_source: saved.content_source, excerpt: saved.excerpt, created_at: saved.modified_at, autosave: 0 }
    }
    const unfiltered = can(actor, 'unfiltered_html')
    const source = input.content ?? post.content_source
    return posts.replaceAutosave({
      post_id: post.id,
      author_id: userId,
      title: fields.title ?? post.title,
      content: input.content === undefined ? post.content : renderContent(source, post.content_format, unfiltered),
      content_source: source,
      excerpt: input.excerpt === undefined ? post.excerpt : renderContent(input.excerpt, 'html', unfiltered),
      created_at: toIso(clock.now()),
    })
  }

  /** The autosaves of a post, newest first, for those who may edit it. */
  async function autosaves(id: number, actor: Actor): Promise<RevisionRow[]> {
    const post = await get(id, actor)
    if (!canEditPost(actor, post)) throw new DomainError('forbidden', 'cannot_read_revisions', 'Sorry, you are not allowed to see the autosaves of this post.', { id })
    return posts.findAutosaves(id)
  }

  /** Publishes scheduled posts whose time has come; returns their ids. */
  async function publishDue(): Promise<number[]> {
    const due = await posts.findDue(toIso(clock.now()))
    for (const { id } of due) {
      const post = await posts.findById(id)
      if (post?.status === 'future') await setStatus(post, 'publish')
    }
    return due.map((d) => d.id)
  }

  async function chooseAuthor(requested: number | null | undefined, actor: Actor, type: string): Promise<number | null> {
    const self = actorUserId(actor)
    if (requested === undefined || requested === null) {
      if (self !== null) return self
      return (await db.selectFrom('users').select('id').where('role', '=', 'administrator').orderBy('id').executeTakeFirst())?.id ?? null
    }
    if (requested !== self) requireCapability(actor, capabilityFor(type, 'edit_others'), 'Sorry, you are not allowed to write as another user.')
    if (!(await posts.userExists(requested))) throw invalid('invalid_author', `No user with id ${requested} to be the author.`, { author: requested })
    return requested
  }

  async function checkRelations(type: string, input: PostInput, selfId: number | null): Promise<void> {
    if (input.parentId != null) {
      if (type !== 'page') throw invalid('invalid_parent', 'Only pages have parents.')
      for (let id: number | null = input.parentId, depth = 0; id !== null; depth++) {
        if (id === selfId) throw invalid('invalid_parent', 'A page cannot be its own ancestor.', { parent: input.parentId })
        const parent = await posts.findById(id)
        if (!parent || parent.type !== type) throw invalid('invalid_parent', `No page with id ${id} to be the parent.`, { parent: input.parentId })
        if (depth > 100) throw invalid('invalid_parent', 'The page tree is too deep.')
        id = parent.parent_id
      }
    }
    if (input.featuredMediaId != null && !(await posts.mediaExists(input.featuredMediaId))) {
      throw invalid('invalid_featured_media', `No media item with id ${input.featuredMediaId}.`, { featured_media: input.featuredMediaId })
    }
  }

  /** The term ids to store, or null when the input leaves them as they are. Posts always have a category. */
  async function chooseTerms(r: TermsRepo, type: string, postId: number | null, input: PostInput, actor: Actor): Promise<number[] | null> {
    if (type !== 'post') {
      if (input.categories?.length || input.tags?.length) throw invalid('invalid_terms', 'Pages have no categories or tags.')
      return postId === null ? [] : null
    }
    if (postId !== null && input.categories === undefined && input.tags === undefined) return null
    const current = postId === null ? [] : await r.findByIds(await r.termIdsOf(postId))
    const kept = (taxonomy: string) => current.filter((t) => t.taxonomy === taxonomy).map((t) => t.id)
    // Categories and tags given by id are read together.
    const read = await terms.termsById([...(input.categories ?? []), ...(input.tags ?? [])], r)
    const categories = input.categories !== undefined ? await terms.resolve('category', input.categories, actor, r, read) : kept('category')
    const tags = input.tags !== undefined ? await terms.resolve('post_tag', input.tags, actor, r, read) : kept('post_tag')
    return [...(categories.length ? categories : [await defaultCategory(r)]), ...tags]
  }

  async function defaultCategory(r: TermsRepo): Promise<number> {
    const found = await r.findBySlug('category', 'uncategorized')
    return found ? found.id : (await r.insert({ taxonomy: 'category', name: 'Uncategorized', slug: 'uncategorized', description: '', parent_id: null })).id
  }

  return { get, create, update, publish, trash, restore, remove, list, listHeads, listedByIds: (ids: readonly number[]) => posts.findListed(ids), revisions, removeRevision, autosave, autosaves, publishDue, countByStatus: (type: string) => posts.countByStatus(type), revisionCounts: (postIds: readonly number[]) => posts.countRevisions(postIds),
    /** Rows by id, in that order, without checking who may read them (ids from a list the actor was given). */
    getMany: async (ids: readonly number[]): Promise<PostRow[]> => {
      const byId = new Map((await posts.findByIds(ids)).map((r) => [r.id, r]))
      return ids.map((id) => byId.get(id)).filter((r): r is PostRow => r !== undefined)
    },
  }
}

/** Validates the simple fields of an input; undefined means "leave as it is". */
function checkFields(input: PostInput) {
  const title = input.title?.trim()
  if (title !== undefined && title.length > LIMITS.title) {
    throw invalid('title_too_long', `The title has ${title.length} characters; at most ${LIMITS.title} are allowed.`, { length: title.length })
  }
  if ((input.content?.length ?? 0) > LIMITS.content) throw invalid('content_too_long', `The content is longer than ${LIMITS.content} characters.`)
  if ((input.excerpt?.length ?? 0) > LIMITS.excerpt) throw invalid('excerpt_too_long', `The excerpt is longer than ${LIMITS.excerpt} characters.`)
  if (input.password !== undefined && input.password.length > LIMITS.password) throw invalid('password_too_long', `The post password is longer than ${LIMITS.password} characters.`)
  if (input.status !== undefined && !isPostStatus(input.status)) throw invalidStatus(input.status)
  if (input.commentStatus !== undefined && input.commentStatus !== 'open' && input.commentStatus !== 'closed') {
    throw invalid('invalid_comment_status', `Comment status must be open or closed, not "${input.commentStatus}".`)
  }
  if (input.menuOrder !== undefined && !Number.isInteger(input.menuOrder)) throw invalid('invalid_menu_order', 'The menu order must be a whole number.')
  return { title, password: input.password, commentStatus: input.commentStatus, menuOrder: input.menuOrder }
}

function checkSticky(type: string, actor: Actor): void {
  if (type !== 'post') throw invalid('invalid_sticky', 'Only posts can be sticky.')
  requireCapability(actor, 'edit_others_posts', 'Sorry, you are not allowed to make posts sticky.')
}

/**
 * The status and publication date a write ends with: a publish date in the future schedules the post, a
 * scheduled post whose date has passed is published (as WordPress does).
 */
export function schedule(status: string, requested: Date | string | null | undefined, existing: string | null, now: Date): { status: string; publishedAt: string | null } {
  if (!(WRITABLE_STATUSES as readonly string[]).includes(status) && status !== 'trash') throw invalidStatus(status)
  let date = existing
  if (requested !== undefined) date = requested === null ? null : toDateIso(requested)
  if (status === 'publish' || status === 'future') {
    if (!date) {
      if (status === 'future') throw invalidTransition('draft', 'future', 'a scheduled post needs a publication date.')
      date = toIso(now)
    }
    return { status: date > toIso(now) ? 'future' : 'publish', publishedAt: date }
  }
  if (status === 'private' && !date) date = toIso(now)
  return { status, publishedAt: date }
}

function toDateIso(value: Date | string): string {
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) throw invalid('invalid_date', `"${String(value)}" is not a date.`, { date: String(value) })
  return toIso(date)
}

const revisionOf = (post: PostRow, authorId: number | null, now: Date) => ({
  post_id: post.id,
  author_id: authorId,
  title: post.title,
  content: post.content,
  content_source: post.content_source,
  excerpt: post.excerpt,
  created_at: toIso(now),
})

export type PostsService = ReturnType<typeof createPostsService>
